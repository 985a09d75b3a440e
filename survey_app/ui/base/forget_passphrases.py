"""忘记记住的口令: what this computer remembers for the app, listed, confirmed, then forgotten.

`keyring` cannot list a backend's entries portably, so the keyring is asked about the files the
app knows it may have remembered: the open data file, the one opened at start, and the open
file's central file. A server's password is never in the keyring; the ones typed this session
are listed and dropped too. The files themselves are never touched: the passphrases held in
memory keep working until the app closes, and the next start asks again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from survey_app.store.database import Store, default_db_path
from survey_app.ui.base import passphrases, server_password, settings
from survey_app.ui.base.passphrases import CENTRAL, LAPTOP

SERVER = "server"


@dataclass(frozen=True)
class Remembered:
    kind: str
    """LAPTOP or CENTRAL (a file's passphrase in the keyring), SERVER (a password in memory)."""
    name: str
    """The file's resolved path (its keyring entry), or the server as user@host/db."""


def known_files(store: Store) -> list[tuple[str, Path]]:
    """The files whose passphrase the app may have remembered here, each once."""
    files = [(LAPTOP, store.path), (LAPTOP, settings.data_path() or default_db_path())]
    central = settings.central_path(store)
    if isinstance(central, Path):
        files.append((CENTRAL, central))
    unique: dict[str, tuple[str, Path]] = {}
    for kind, path in files:
        unique.setdefault(passphrases.entry(path), (kind, path))
    return list(unique.values())


def anything_to_forget() -> bool:
    """Whether the action can do anything: a keyring to forget in, or a server password held."""
    return passphrases.keyring_available() or bool(server_password.held())


def remembered_here(store: Store) -> list[Remembered]:
    """What this computer remembers for the app now, as far as the app can know."""
    found = [
        Remembered(kind, passphrases.entry(path))
        for kind, path in known_files(store)
        if passphrases.remembered(path) is not None
    ]
    return found + [Remembered(SERVER, server) for server in server_password.held()]


def forget(items: list[Remembered]) -> list[Remembered]:
    """Forget each of them; return those still remembered afterwards (the keyring refused)."""
    left = []
    for item in items:
        if item.kind == SERVER:
            server_password.forget(item.name)
            continue
        path = Path(item.name)
        if not passphrases.forget(path) or passphrases.remembered(path) is not None:
            left.append(item)  # refused, or still there: never reported forgotten
    return left


def short_name(item: Remembered) -> str:
    """How the status bar names it: a file by its name, a server as user@host/db."""
    return item.name if item.kind == SERVER else Path(item.name).name


class ForgetPassphrasesBox(QMessageBox):
    """Lists what is remembered and asks; Enter and Escape keep everything (the default)."""

    def __init__(self, items: list[Remembered], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("忘记记住的口令"))
        self.setText(self.tr("这台电脑为本程序记住了:"))
        lines = "\n".join(f"• {self.label(item)}" for item in items)
        self.setInformativeText(
            lines
            + "\n\n"
            + self.tr(
                "忘记后,下次启动或同步时会重新询问口令;本次运行中已打开的文件仍可继续使用。"
                "文件本身没有任何改动。"
            )
        )
        self.forget_button = self.addButton(
            self.tr("忘记这些口令"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.keep_button = self.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)

    def label(self, item: Remembered) -> str:
        if item.kind == SERVER:
            return self.tr("服务器 {server} 的密码(只在本次运行中记住)").format(server=item.name)
        if item.kind == CENTRAL:
            return self.tr("中心文件 {path} 的口令").format(path=item.name)
        return self.tr("数据文件 {path} 的口令").format(path=item.name)

    @classmethod
    def ask(cls, parent: QWidget | None, items: list[Remembered]) -> bool:
        """True when the user chose to forget them."""
        box = cls(items, parent)
        box.exec()
        return box.clickedButton() is box.forget_button
