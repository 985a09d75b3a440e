"""The passphrases of the encrypted files this app has open.

They are kept in memory for this process (each worker opens its own connection and needs one),
and, when the user ticked "remember on this computer", in the OS keyring (Windows Credential
Manager, macOS Keychain, the Secret Service on Linux) through `keyring`, one entry per file keyed
by its resolved path. Anyone who can log into this OS account can read a remembered one.

No keyring backend (headless Linux, CI) is a state to show, never an error: every call here
swallows the backend's failure, since a broken keyring must not stop a surveyor at the door.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from survey_app.core.errors import SurveyAppError
from survey_app.store.encryption import file_key, is_encrypted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from survey_app.ui.base.passphrase_dialog import Answer

SERVICE = "survey-app"
LAPTOP, CENTRAL = "laptop", "central"
log = logging.getLogger(__name__)
_unlocked: dict[str, str] = {}


def entry(path: Path) -> str:
    """The keyring entry and memory key of a file: its resolved path."""
    return str(path.resolve())


def passphrase_of(path: Path) -> str | None:
    """The passphrase this process opened `path` with (None: a plain file, or not yet)."""
    return _unlocked.get(entry(path))


def unlocked(path: Path, passphrase: str) -> None:
    _unlocked[entry(path)] = passphrase


def drop(path: Path) -> None:
    """Forget the passphrase held in memory for `path` (it no longer opens the file)."""
    _unlocked.pop(entry(path), None)


def lock_all() -> None:
    """Forget every passphrase held in memory (tests; a new session)."""
    _unlocked.clear()


def keyring_available() -> bool:
    """Whether this computer has a keyring to remember a passphrase in."""
    try:
        import keyring
        from keyring.backends import fail, null

        return not isinstance(keyring.get_keyring(), fail.Keyring | null.Keyring)
    except Exception:
        log.warning("no usable keyring", exc_info=True)
        return False


def remembered(path: Path) -> str | None:
    """The passphrase remembered for `path` on this computer, if any."""
    if not keyring_available():
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, entry(path))
    except Exception:
        log.warning("could not read the keyring", exc_info=True)
        return None


def remember(path: Path, passphrase: str) -> bool:
    """Keep the passphrase in the OS keyring; False when it could not be kept."""
    if not keyring_available():
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, entry(path), passphrase)
        return True
    except Exception:
        log.warning("could not write the keyring", exc_info=True)
        return False


def forget(path: Path) -> bool:
    """Remove a remembered passphrase (a wrong one: the file's passphrase was changed); False
    when the keyring refused (locked, its session gone), True when it is gone or never was."""
    if not keyring_available():
        return True
    try:
        import keyring
        from keyring.errors import PasswordDeleteError
    except Exception:
        return False
    try:
        keyring.delete_password(SERVICE, entry(path))
    except PasswordDeleteError:
        log.info("nothing to forget in the keyring", exc_info=True)
    except Exception:
        log.warning("the keyring refused to forget", exc_info=True)
        return False
    return True


def unlock(parent: QWidget | None, path: Path, kind: str = LAPTOP) -> bool:
    """Make `path` openable in this process: True when it is plain or its passphrase is now
    known (remembered on this computer, or typed), False when the user cancelled. A remembered
    passphrase that no longer opens the file is forgotten and the dialog asks (its module comes
    with it: a plain file's start loads no dialog)."""
    if not path.exists() or not is_encrypted(path) or passphrase_of(path):
        return True
    stored = remembered(path)
    if stored is not None:
        try:
            file_key(path, stored)
        except SurveyAppError:
            forget(path)
        else:
            unlocked(path, stored)
            return True
    from survey_app.ui.base.passphrase_dialog import PassphraseDialog

    answer = PassphraseDialog.ask(parent, path, kind)
    if answer is None:
        return False
    keep(path, answer)
    return True


def keep(path: Path, answer: Answer) -> None:
    """The passphrase for this process, and in the keyring when the user asked for it."""
    unlocked(path, answer.passphrase)
    if answer.remember:
        remember(path, answer.passphrase)
