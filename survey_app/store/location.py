"""Where a laptop's file lives: the computer and the path it was last opened at to write.

A file copied to another computer (a cloned laptop image, a file carried over on a stick) keeps
its device identity, and two copies that both write collide at the next sync. The file remembers
the computer it is used on (meta `machine_id`, a hash of the operating system's machine id, and
`machine_name` to show) and its path; opened on another computer, it says so once.

A path change on the same computer is not a copy by itself (a moved data folder, a renamed user
folder, a restored backup) and is only remembered; two live copies on one computer, and a cloned
disk image with the same machine id, are told exactly at their sync (`identity_reused`).
"""

from __future__ import annotations

import hashlib
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from survey_app.store.database import Store

MACHINE_ID_KEY = "machine_id"
MACHINE_NAME_KEY = "machine_name"
FILE_PATH_KEY = "file_path"
_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def machine_id() -> str:
    """This computer's identity, hashed (the raw id is meant to stay on the computer)."""
    raw = _os_machine_id() or platform.node()
    return hashlib.sha256(f"survey-app:{raw}".encode()).hexdigest()[:16]


def _os_machine_id() -> str:
    for path in _MACHINE_ID_FILES:
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    if sys.platform == "win32":
        return _windows_machine_guid()
    return ""


def _windows_machine_guid() -> str:
    try:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        key = winreg.OpenKey(  # type: ignore[attr-defined,unused-ignore]
            winreg.HKEY_LOCAL_MACHINE,  # type: ignore[attr-defined,unused-ignore]
            r"SOFTWARE\Microsoft\Cryptography",
        )
        return str(winreg.QueryValueEx(key, "MachineGuid")[0])  # type: ignore[attr-defined,unused-ignore]
    except OSError:
        return ""


@dataclass(frozen=True)
class Arrival:
    """A file last used on another computer: where it was (its name and path there)."""

    machine: str
    path: str


def note_location(store: Store) -> None:
    """Remember this computer and path on a file that knows none yet (a new file, or one from
    before this was kept), and a new path on the same computer; never overwrite the computer
    of a file that came from another one, so that `take_arrival` can say so."""
    here = machine_id()
    known = store.meta(MACHINE_ID_KEY)
    if known is not None and known != here:
        return
    _remember(store, here)


def arrival(store: Store) -> Arrival | None:
    """Where the file was used before, when that was another computer."""
    known = store.meta(MACHINE_ID_KEY)
    if known is None or known == machine_id():
        return None
    return Arrival(store.meta(MACHINE_NAME_KEY) or "?", store.meta(FILE_PATH_KEY) or "?")


def take_arrival(store: Store) -> Arrival | None:
    """`arrival`, said once: the file then belongs to this computer."""
    came = arrival(store)
    if came is not None:
        with store.transaction():
            _remember(store, machine_id())
    return came


def take_copied_notice(store: Store, language: str | None = "zh") -> str | None:
    """The words of `take_arrival`, for the CLI (stderr) and the window (its status bar)."""
    from survey_app.core.vocabulary import COPIED_FILE

    came = take_arrival(store)
    if came is None:
        return None
    return COPIED_FILE.text(language).format(machine=came.machine, path=came.path)


def settle_here(store: Store) -> None:
    """This file is used here from now on (after `device reset` gave it its own identity)."""
    _remember(store, machine_id())


def _remember(store: Store, machine: str) -> None:
    values = {
        MACHINE_ID_KEY: machine,
        MACHINE_NAME_KEY: platform.node(),
        FILE_PATH_KEY: str(store.path.expanduser().absolute()),
    }
    for key, value in values.items():
        if store.meta(key) != value:  # a file opened where it was leaves its bytes unchanged
            store.set_meta(key, value)
