"""The passphrase dialogs as a person uses them: typing, Enter, a wrong passphrase and the retry,
Escape; remembering in the OS keyring (tried first, forgotten when wrong), and no keyring at
all (the box disabled, saying why, nothing crashing)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from survey_app.core.errors import UnreadableFile
from survey_app.store.database import open_store
from survey_app.store.encryption import is_encrypted
from survey_app.ui.base import passphrases
from survey_app.ui.base.passphrase_dialog import (
    CENTRAL,
    MIN_LENGTH,
    Answer,
    NewPassphraseDialog,
    PassphraseDialog,
)
from survey_app.ui.base.passphrases import unlock

REAL_ASK = PassphraseDialog.__dict__["ask"]
RIGHT, WRONG = "Old-locust-tree 2024", "Old-locust-tree 2025"
"""Typed as key events, so ASCII (a Chinese passphrase comes through the input method)."""


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "本机.db"
    open_store(path, passphrase=RIGHT, device_name="调查-01").close()
    assert is_encrypted(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def focused(qtbot, dialog: QDialog) -> QLineEdit:  # type: ignore[no-untyped-def]
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit)
    return widget


def type_and_enter(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_a_wrong_passphrase_says_so_in_one_line_and_the_user_retries(
    qtbot, encrypted, translations
):
    before = digest(encrypted)
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    field = focused(qtbot, dialog)
    assert field.echoMode() is QLineEdit.EchoMode.Password
    type_and_enter(qtbot, WRONG)
    assert dialog.isVisible() and dialog.answer is None
    assert dialog.error.text() == "口令不对,请重新输入(文件没有任何改动)"
    assert digest(encrypted) == before
    assert sorted(p.name for p in encrypted.parent.iterdir()) == [encrypted.name]
    assert QApplication.focusWidget() is field and field.selectedText() == WRONG
    qtbot.keyClicks(QApplication.focusWidget(), "x")  # typing clears the error line
    assert dialog.error.text() == ""
    field.selectAll()
    type_and_enter(qtbot, RIGHT)  # the selected wrong text is replaced
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.answer == Answer(RIGHT, remember=False)
    assert digest(encrypted) == before


def test_an_empty_passphrase_is_asked_for(qtbot, encrypted, translations):
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    focused(qtbot, dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == "请输入口令"


def test_show_passphrase_shows_what_was_typed(qtbot, encrypted, translations):
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    field = focused(qtbot, dialog)
    qtbot.keyClicks(field, RIGHT)
    dialog.show_box.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert dialog.show_box.isChecked() and field.echoMode() is QLineEdit.EchoMode.Normal
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert field.echoMode() is QLineEdit.EchoMode.Password


def test_escape_cancels_and_unlock_says_the_user_left(qtbot, encrypted, translations, monkeypatch):
    monkeypatch.setattr(PassphraseDialog, "ask", REAL_ASK)
    before = digest(encrypted)

    def escape() -> None:
        widget = QApplication.activeModalWidget()
        assert isinstance(widget, PassphraseDialog)
        qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_Escape)

    QTimer.singleShot(200, escape)
    assert unlock(None, encrypted) is False
    assert passphrases.passphrase_of(encrypted) is None and digest(encrypted) == before


def test_without_a_keyring_the_box_is_disabled_and_says_why(qtbot, encrypted, translations):
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    assert not dialog.remember_box.isEnabled()
    assert "钥匙串" in dialog.remember_box.toolTip() and "不能记住" in dialog.remember_box.toolTip()
    assert passphrases.remember(encrypted, RIGHT) is False
    assert passphrases.remembered(encrypted) is None
    passphrases.forget(encrypted)  # nothing to forget, nothing raised


def test_a_broken_keyring_never_crashes(qtbot, encrypted, translations, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class Broken(KeyringBackend):
        priority = 5  # type: ignore[assignment]

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            raise RuntimeError("dbus went away")

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            raise OSError("locked")

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            raise RuntimeError("dbus went away")

    keyring.set_keyring(Broken())
    assert passphrases.remembered(encrypted) is None
    assert passphrases.remember(encrypted, RIGHT) is False
    passphrases.forget(encrypted)
    monkeypatch.setattr(
        PassphraseDialog, "ask", classmethod(lambda c, p, path, k="": Answer(RIGHT, True))
    )
    assert unlock(None, encrypted) is True


def test_remember_keeps_it_in_the_keyring_keyed_by_the_files_path(
    qtbot, encrypted, translations, memory_keyring, monkeypatch
):
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    focused(qtbot, dialog)
    assert dialog.remember_box.isEnabled() and "系统账户" in dialog.remember_box.toolTip()
    qtbot.keyClicks(QApplication.focusWidget(), RIGHT)
    dialog.remember_box.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    dialog.fields[0].setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.answer == Answer(RIGHT, remember=True)
    monkeypatch.setattr(
        PassphraseDialog, "ask", classmethod(lambda c, p, path, k="": dialog.answer)
    )
    assert unlock(None, encrypted) is True
    assert memory_keyring.entries == {("survey-app", str(encrypted.resolve())): RIGHT}
    passphrases.lock_all()  # the next start: the keyring is tried first, nothing asked
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(lambda *a: pytest.fail("asked")))
    assert unlock(None, encrypted) is True and passphrases.passphrase_of(encrypted) == RIGHT
    open_store(encrypted, passphrase=passphrases.passphrase_of(encrypted)).close()


def test_a_wrong_remembered_passphrase_is_forgotten_and_asked(
    qtbot, encrypted, translations, memory_keyring, monkeypatch
):
    passphrases.remember(encrypted, WRONG)  # the file's passphrase was changed since
    asked = []
    monkeypatch.setattr(
        PassphraseDialog, "ask",
        classmethod(lambda c, p, path, k="": asked.append(path) or Answer(RIGHT, False)),
    )  # fmt: skip
    assert unlock(None, encrypted) is True
    assert asked == [encrypted] and memory_keyring.entries == {}
    assert passphrases.passphrase_of(encrypted) == RIGHT


def test_a_plain_file_needs_no_passphrase(qtbot, tmp_path, monkeypatch):
    plain = tmp_path / "plain.db"
    open_store(plain).close()
    assert unlock(None, plain) is True and unlock(None, tmp_path / "none.db") is True


def test_a_new_passphrase_is_typed_twice_and_long_enough(qtbot, tmp_path, translations):
    dialog = NewPassphraseDialog(tmp_path / "new.db")
    qtbot.addWidget(dialog)
    first = focused(qtbot, dialog)
    assert "无法找回" in dialog.hint.text() and "中心文件" in dialog.hint.text()
    type_and_enter(qtbot, "short")  # Enter moves on to the second field
    assert QApplication.focusWidget() is dialog.fields[1] and dialog.error.text() == ""
    type_and_enter(qtbot, "short")
    assert dialog.isVisible() and str(MIN_LENGTH) in dialog.error.text()
    assert QApplication.focusWidget() is first
    first.clear()
    dialog.fields[1].clear()
    type_and_enter(qtbot, RIGHT)
    type_and_enter(qtbot, WRONG)
    assert dialog.isVisible() and dialog.error.text() == "两次输入的口令不一样,请重新输入"
    assert dialog.fields[1].text() == ""
    first.clear()
    type_and_enter(qtbot, RIGHT)
    type_and_enter(qtbot, RIGHT)
    assert dialog.answer == Answer(RIGHT, remember=False)
    assert not (tmp_path / "new.db").exists()  # the dialog creates nothing


def test_the_dialogs_follow_the_ui_language(qtbot, encrypted, translations):
    translations.install("en")
    try:
        opening = PassphraseDialog(encrypted)
        central = NewPassphraseDialog(encrypted, CENTRAL)
        for dialog in (opening, central):
            qtbot.addWidget(dialog)
        assert opening.show_box.text() == "Show passphrase"
        assert opening.remember_box.text() == "Remember on this computer"
        assert "cannot be recovered" in central.hint.text()
        assert central.windowTitle() == "Set the central file's passphrase"
    finally:
        translations.install("zh_CN")
    assert opening.show_box.text() == "显示口令"


def test_a_file_that_is_not_ours_says_what_it_is(qtbot, tmp_path, translations):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x01" * 4096)  # looks encrypted, opens with nothing
    dialog = PassphraseDialog(junk)
    qtbot.addWidget(dialog)
    focused(qtbot, dialog)
    type_and_enter(qtbot, RIGHT)
    assert dialog.isVisible() and dialog.error.text()
    with pytest.raises(UnreadableFile):
        open_store(junk, passphrase=RIGHT)
