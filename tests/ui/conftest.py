"""Fixtures for the window tests: an offscreen Qt platform, a small roster, isolated settings."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

from survey_app.core.rules import ConsentRule
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.households import find_household
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.ui.base import passphrases
from survey_app.ui.base.passphrase_dialog import Answer, NewPassphraseDialog, PassphraseDialog
from survey_app.ui.base.style import apply_style
from survey_app.ui.base.translations import Translations
from survey_app.ui.field.leave_vote import LeaveVoteBox
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow

ROSTER = """楼栋,单元,室,户主,电话,建筑面积,性质
1,1,101,张伟,13800000101,80.5,自住
1,1,102,王芳,13800000102,72,自住
1,1,201,李娜,13800000201,72,出租
1,1,202,赵磊,13800000202,80.5,自住
1,2,101,陈静,13800000301,65,自住
1,2,102,张敏,13800000302,65,空置
2,1,101,刘洋,13800000401,90,自住
2,1,102,杨光,13800000402,90,公房
2,1,201,黄丽,13800000403,90,自住
2,1,202,周强,13800000404,90,自住
"""
OTHER_ROSTER = """楼栋,室,户主
1,101,张伟明
1,102,孙红
"""


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SURVEY_APP_DB", raising=False)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )


class MemoryKeyring:
    """An OS keyring in memory (tests never touch the user's real one)."""

    def __init__(self) -> None:
        from keyring.backend import KeyringBackend
        from keyring.errors import PasswordDeleteError

        entries: dict[tuple[str, str], str] = {}
        self.entries = entries

        class Backend(KeyringBackend):
            priority = 10  # type: ignore[assignment]

            def get_password(self, service: str, username: str) -> str | None:
                return entries.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                entries[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                if entries.pop((service, username), None) is None:
                    raise PasswordDeleteError(username)

        self.backend = Backend()


@pytest.fixture(autouse=True)
def no_keyring_and_nothing_unlocked() -> Iterator[None]:
    """No OS keyring (as on CI), and no passphrase kept from another test."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    passphrases.lock_all()
    yield
    passphrases.lock_all()
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    import keyring

    kept = MemoryKeyring()
    keyring.set_keyring(kept.backend)
    return kept


@pytest.fixture(autouse=True)
def no_unexpected_passphrase_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The passphrase dialogs are modal: one a test did not expect fails it, never hangs."""

    def ask(cls: type, parent: object, path: Path, kind: str = "laptop") -> object:
        raise AssertionError(f"unexpected passphrase dialog for {path} ({kind})")

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    monkeypatch.setattr(NewPassphraseDialog, "ask", classmethod(ask))


CENTRAL_PASSPHRASE = "中心文件的口令-2027"


@pytest.fixture
def central_passphrase(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """The office sets (and gives) the central file's passphrase whenever asked; the list
    tells which file was asked about, and whether it was new or to be opened."""
    asked: list[tuple[Path, str]] = []

    def answer(what: str) -> object:
        def ask(cls: type, parent: object, path: Path, kind: str = "laptop") -> object:
            assert kind == "central", f"unexpected passphrase dialog for {path} ({kind})"
            asked.append((path, what))
            return Answer(CENTRAL_PASSPHRASE, remember=False)

        return classmethod(ask)

    monkeypatch.setattr(PassphraseDialog, "ask", answer("open"))
    monkeypatch.setattr(NewPassphraseDialog, "ask", answer("new"))
    return asked


@pytest.fixture(autouse=True)
def no_unexpected_leave_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """The question about an unsaved vote is modal: a test that did not expect it fails
    here instead of waiting forever (tests that expect it monkeypatch `ask` themselves)."""

    def ask(cls: type, parent: object, address: str) -> object:
        raise AssertionError(f"unexpected question about the unsaved vote of {address}")

    monkeypatch.setattr(LeaveVoteBox, "ask", classmethod(ask))


@pytest.fixture
def translations(qapp: object) -> Iterator[Translations]:
    apply_style(qapp)  # type: ignore[arg-type]
    installed = Translations()
    installed.install("zh_CN")
    yield installed
    installed.uninstall()


def write_roster(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def fill_store(store: Store, tmp_path: Path) -> Store:
    save_compound(store=store, code="NH-001", name="东方新村", street="解放街道")
    import_roster(store=store, path=write_roster(tmp_path / "nh1.csv", ROSTER), compound="NH-001")
    save_compound(store=store, code="NH-002", name="和平小区")
    import_roster(
        store=store, path=write_roster(tmp_path / "nh2.csv", OTHER_ROSTER), compound="NH-002"
    )
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    return store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    store = fill_store(open_store(tmp_path / "survey.db"), tmp_path)
    store.close()
    return tmp_path / "survey.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def window(store: Store, translations: Translations, qtbot: object) -> Iterator[MainWindow]:
    shown = MainWindow(Workspace(store), translations)
    qtbot.addWidget(shown)  # type: ignore[attr-defined]
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitUntil(lambda: shown.scanner.listening)  # type: ignore[attr-defined]
    yield shown  # painted: a person sees the window before they type or scan
    shown.close()
    shown.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def household(store: Store, address: str, compound: str = "NH-001") -> object:
    return find_household(store=store, compound=compound, address=address)
