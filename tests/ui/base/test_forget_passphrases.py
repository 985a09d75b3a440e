"""文件 → 忘记记住的口令 as a person uses it: the file menu opened with Alt+F, the action chosen
with the arrow keys and Enter, the confirmation answered with keys. Forgetting removes what the
keyring remembers (the next start asks again, the file untouched); Enter and Escape keep it;
without a keyring the action is disabled and says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from survey_app.store.database import Store, open_store
from survey_app.store.encryption import file_key
from survey_app.ui.base import passphrases, server_password
from survey_app.ui.base.forget_passphrases import ForgetPassphrasesBox
from survey_app.ui.base.passphrase_dialog import PassphraseDialog
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow
from tests.ui.conftest import fill_store

RIGHT = "Old-locust-tree 2024"
SERVER = "postgresql://office@db.example.org/city"


@pytest.fixture
def encrypted_store(tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "本机.db"
    store = fill_store(open_store(path, passphrase=RIGHT), tmp_path)
    store.remember_central(str(tmp_path / "central.db"))
    passphrases.unlocked(path, RIGHT)  # as the start left it
    yield store
    store.close()


@pytest.fixture
def window(encrypted_store, translations, qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    shown = MainWindow(Workspace(encrypted_store), translations)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.scanner.listening)
    yield shown
    shown.close()
    shown.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    server_password.forget_all()


def open_file_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.file_menu.isVisible)


def choose_forget(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Down arrow to 忘记记住的口令…, then Enter."""
    open_file_menu(qtbot, window)
    menu = window.file_menu
    for _ in menu.actions():
        if menu.activeAction() is window.forget_action:
            break
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is window.forget_action
    qtbot.keyClick(menu, Qt.Key.Key_Return)


def answer_with(qtbot, keys: list[Qt.Key], shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Once the confirmation is up and focused: note what it lists, then press the keys."""

    def answer() -> None:
        box, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if not isinstance(box, ForgetPassphrasesBox) or focus is None:
            QTimer.singleShot(50, answer)
            return
        shown.append(box.informativeText())
        for key in keys:
            qtbot.keyClick(QApplication.focusWidget(), key)

    QTimer.singleShot(100, answer)


def remembered_all(memory_keyring, store: Store) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    passphrases.remember(store.path, RIGHT)
    passphrases.remember(Path(store.central_path), "中心文件的口令-2027")
    return dict(memory_keyring.entries)


def test_forgetting_removes_what_is_remembered_and_the_next_start_asks(
    qtbot, window, encrypted_store, memory_keyring, monkeypatch
):
    remembered_all(memory_keyring, encrypted_store)
    server_password.hold(SERVER, "server secret")
    shown: list[str] = []
    first_focus: list[bool] = []

    def tab_to_forget_then_space() -> None:
        box, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if not isinstance(box, ForgetPassphrasesBox) or focus is None:
            QTimer.singleShot(50, tab_to_forget_then_space)
            return
        shown.append(box.informativeText())
        first_focus.append(focus is box.keep_button)  # noted, not asserted: the box must close
        for _ in range(4):
            if QApplication.focusWidget() is box.forget_button:
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)

    QTimer.singleShot(100, tab_to_forget_then_space)
    choose_forget(qtbot, window)
    assert first_focus == [True]  # the default: Enter would have kept them
    assert len(shown) == 1
    assert str(encrypted_store.path.resolve()) in shown[0]
    assert str(Path(encrypted_store.central_path).resolve()) in shown[0]
    assert "office@db.example.org/city" in shown[0] and "文件本身没有任何改动" in shown[0]
    assert memory_keyring.entries == {} and server_password.held() == []
    message = window.statusBar().currentMessage()
    assert "本机.db" in message and "central.db" in message and "没有任何改动" in message
    path = encrypted_store.path
    assert passphrases.passphrase_of(path) == RIGHT  # this run goes on with the open file
    asked = []
    monkeypatch.setattr(
        PassphraseDialog, "ask",
        classmethod(lambda c, p, asked_path, k="": asked.append(asked_path) or None),
    )  # fmt: skip
    passphrases.lock_all()  # the next start
    assert passphrases.unlock(None, path) is False and asked == [path]
    file_key(path, RIGHT)  # the file still opens with its passphrase


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return], ids=["Escape", "Enter"])
def test_escape_and_enter_keep_what_is_remembered(
    qtbot, window, encrypted_store, memory_keyring, key
):
    before = remembered_all(memory_keyring, encrypted_store)
    shown: list[str] = []
    answer_with(qtbot, [key], shown)
    choose_forget(qtbot, window)
    assert len(shown) == 1 and str(encrypted_store.path.resolve()) in shown[0]
    assert memory_keyring.entries == before and len(before) == 2
    assert "已忘记" not in window.statusBar().currentMessage()


def test_with_nothing_remembered_it_says_so_and_asks_nothing(
    qtbot, window, memory_keyring, monkeypatch
):
    monkeypatch.setattr(ForgetPassphrasesBox, "ask", classmethod(lambda *a: pytest.fail("asked")))
    choose_forget(qtbot, window)
    assert "没有" in window.statusBar().currentMessage()
    assert "记住口令" in window.statusBar().currentMessage()


def test_without_a_keyring_the_action_is_disabled_and_says_why(qtbot, window):
    open_file_menu(qtbot, window)
    assert not window.forget_action.isEnabled()
    assert "钥匙串" in window.forget_action.toolTip()
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Escape)
    window.switch_language("en")
    open_file_menu(qtbot, window)
    assert window.forget_action.text() == "Forget remembered passphrases…"
    assert "keyring" in window.forget_action.toolTip()
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Escape)


def test_the_confirmation_is_in_english_too(qtbot, window, encrypted_store, memory_keyring):
    remembered_all(memory_keyring, encrypted_store)
    window.switch_language("en")
    shown: list[str] = []
    answer_with(qtbot, [Qt.Key.Key_Escape], shown)
    choose_forget(qtbot, window)
    assert len(shown) == 1 and "Central file" in shown[0] and "Nothing in the files" in shown[0]


def test_a_keyring_that_refuses_to_forget_is_named_never_reported_forgotten(
    qtbot, window, encrypted_store, monkeypatch
):
    import keyring
    from keyring.backend import KeyringBackend

    class Stubborn(KeyringBackend):
        priority = 5  # type: ignore[assignment]

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            return RIGHT if username == str(encrypted_store.path.resolve()) else None

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            raise OSError("locked")

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            raise RuntimeError("dbus went away")

    keyring.set_keyring(Stubborn())
    shown: list[str] = []
    answer_with(qtbot, [Qt.Key.Key_Tab, Qt.Key.Key_Space], shown)
    choose_forget(qtbot, window)
    message = window.statusBar().currentMessage()
    assert len(shown) == 1
    assert "未能忘记" in message and "本机.db" in message and "已忘记" not in message


def test_a_keyring_that_cannot_be_read_after_refusing_is_never_reported_forgotten(
    qtbot, window, encrypted_store
):
    """Demonstrates a defect: the keyring answers when the list is made, then refuses both the
    delete and the read that checks it (a locked keyring, a D-Bus session gone); the entry is
    still there, yet the status bar says 已忘记 (a failed read is taken for "not remembered")."""
    import keyring
    from keyring.backend import KeyringBackend

    mine = str(encrypted_store.path.resolve())

    class LockedAfterListing(KeyringBackend):
        priority = 5  # type: ignore[assignment]
        reads = 0

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            LockedAfterListing.reads += 1
            if LockedAfterListing.reads > 3:  # the listing read each known file once
                raise RuntimeError("dbus went away")
            return RIGHT if username == mine else None

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            raise OSError("locked")

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            raise RuntimeError("dbus went away")

    keyring.set_keyring(LockedAfterListing())
    shown: list[str] = []
    answer_with(qtbot, [Qt.Key.Key_Tab, Qt.Key.Key_Space], shown)
    choose_forget(qtbot, window)
    message = window.statusBar().currentMessage()
    assert len(shown) == 1  # listed, then never deleted: still in the keyring
    assert "已忘记" not in message and "本机.db" in message, message
