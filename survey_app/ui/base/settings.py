"""Every setting has one home. What belongs to a data file (this laptop's device name, the
surveyor, the central file it syncs with) is stored in that file, so whichever file is open
shows and saves its own identity. What belongs to the person at the keyboard (the language,
the time display, the window's place, the data file to open at start) is kept by Qt in the
user's settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from survey_app.core import clock
from survey_app.store.database import Store, name_device
from survey_app.ui.base.translations import normalise_language


@dataclass(frozen=True)
class DataFileSettings:
    device_name: str
    surveyor: str
    central_path: str


def of_data_file(store: Store) -> DataFileSettings:
    return DataFileSettings(store.device_name, store.surveyor, store.central_path)


def save_for_data_file(store: Store, chosen: DataFileSettings) -> None:
    """An empty name keeps the one the file has: a laptop is never left unnamed."""
    name_device(store, device_name=chosen.device_name or None, surveyor=chosen.surveyor or None)
    store.remember_central(_without_password(chosen.central_path))


def central_target(text: str) -> Path | str | None:
    """A remembered or typed central: a file's path, or a server's URI kept as typed."""
    from survey_app.sync.server import is_server

    text = text.strip()
    if not text:
        return None
    return text if is_server(text) else Path(text)


def central_path(store: Store) -> Path | str | None:
    """This data file's central file, or server (remembered per database)."""
    return central_target(store.central_path)


def set_central_path(store: Store, path: Path | str) -> None:
    store.remember_central(_without_password(str(path)))


def _without_password(central: str) -> str:
    """A server's address is remembered without a password typed into it; the password is
    held in memory for the session (ui/base/server_password.py), never kept in the file."""
    target = central_target(central)
    if not isinstance(target, str):
        return central
    from survey_app.sync.server.connection import split_password
    from survey_app.ui.base.server_password import hold

    bare, typed = split_password(target)
    if typed is not None:
        hold(bare, typed)
    return bare


# -- per user ------------------------------------------------------------------------------
def user_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "survey-app", "gui")


@contextmanager
def user_settings_kept_in(folder: Path) -> Iterator[None]:
    """For a throwaway run (a screenshot): meanwhile Qt's user settings are read from and
    written to this folder, so the user's own are neither read nor changed."""
    home = Path(user_settings().fileName()).parent.parent  # <home>/survey-app/gui.ini
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    try:
        yield
    finally:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))


def language() -> str:
    return normalise_language(str(user_settings().value("language", "zh_CN")))


def set_language(code: str) -> None:
    user_settings().setValue("language", code)


def time_zone() -> clock.Zone:
    """Beijing time unless the user chose this computer's own time."""
    local = str(user_settings().value("time_zone", "")) == clock.Zone.LOCAL
    return clock.Zone.LOCAL if local else clock.Zone.BEIJING


def set_time_zone(zone: clock.Zone) -> None:
    """Kept for next time and shown at once: the clock shows every time in `zone`."""
    user_settings().setValue("time_zone", zone.value)
    clock.choose(zone)


def window_state() -> QByteArray | None:
    value = user_settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def set_window_state(geometry: QByteArray) -> None:
    user_settings().setValue("window/geometry", geometry)


def data_path() -> Path | None:
    """The data file to open at start, when the user chose one."""
    text = str(user_settings().value("office/data_path", "") or "")
    return Path(text) if text else None


def set_data_path(path: str) -> None:
    user_settings().setValue("office/data_path", path)
