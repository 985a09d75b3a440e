"""Per-user preferences (language, window geometry), kept by Qt in the user's settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from survey_app.ui.base.translations import normalise_language


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "survey-app", "gui")


def language() -> str:
    return normalise_language(str(settings().value("language", "zh_CN")))


def set_language(code: str) -> None:
    settings().setValue("language", code)


def window_state() -> QByteArray | None:
    value = settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def set_window_state(geometry: QByteArray) -> None:
    settings().setValue("window/geometry", geometry)
