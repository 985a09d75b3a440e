"""A device's role in words: what the window shows of it at the start (the office's dialogs, in
`common`, come with their first use)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from survey_app.store.trust import FIELD, OFFICE
from survey_app.ui.base.words import QT_TRANSLATE_NOOP

ROLES = {
    OFFICE: QT_TRANSLATE_NOOP("Roles", "办公室"),
    FIELD: QT_TRANSLATE_NOOP("Roles", "入户调查"),
}


def role_text(role: str) -> str:
    """办公室 / 入户调查: what a device may write (only the office: compounds, rosters, rounds)."""
    return QCoreApplication.translate("Roles", ROLES.get(role, ROLES[FIELD]))


def office_only_tip() -> str:
    """Why an action is disabled on a field laptop (the store refuses it with `office_only`)."""
    return QCoreApplication.translate(
        "Roles", "本机是入户调查电脑:小区、名册、征询轮次和设备登记只由办公室电脑录入"
    )
