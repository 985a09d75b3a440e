"""Per-user preferences (language, time zone, window geometry), kept by Qt in the user's
settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from survey_app.core import clock
from survey_app.ui.base.translations import normalise_language


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "survey-app", "gui")


def language() -> str:
    return normalise_language(str(settings().value("language", "zh_CN")))


def set_language(code: str) -> None:
    settings().setValue("language", code)


def time_zone() -> clock.Zone:
    """Beijing time unless the user chose this computer's own time."""
    local = str(settings().value("time_zone", "")) == clock.Zone.LOCAL
    return clock.Zone.LOCAL if local else clock.Zone.BEIJING


def set_time_zone(zone: clock.Zone) -> None:
    """Kept for next time and shown at once: the clock shows every time in `zone`."""
    settings().setValue("time_zone", zone.value)
    clock.choose(zone)


def window_state() -> QByteArray | None:
    value = settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def set_window_state(geometry: QByteArray) -> None:
    settings().setValue("window/geometry", geometry)
