"""The window's words for the core's codes: choices, relations, channels, states, errors.

The words themselves are in `survey_app.core.vocabulary`, shared with print, export and the
CLI; these functions pick the language the window runs in (`translations.current_language`).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from survey_app.core import vocabulary
from survey_app.core.errors import SurveyAppError
from survey_app.core.ranking import Standing
from survey_app.core.roster import RowError, Tenure
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import RoundStatus
from survey_app.core.visits import VisitOutcome
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.clock_check import ClockWarning
from survey_app.store.households import Household
from survey_app.ui.base.translations import current_language

SYMBOLS = vocabulary.OUTCOME_SYMBOLS


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks a string for translation in `context`; it is translated where it is shown."""
    return text


def tr(text: str, context: str) -> str:
    return QCoreApplication.translate(context, text)


def listed(items: Iterable[str]) -> str:
    """Items one after another in the window's language: `NH-001、NH-002` / `NH-001, NH-002`."""
    return vocabulary.listed(items, current_language())


def choice_text(choice: Choice) -> str:
    return vocabulary.word(choice, current_language())


def outcome_text(kind: str) -> str:
    return vocabulary.outcome_words(kind, current_language())


def outcome_label(kind: str) -> str:
    """Symbol and word, readable in black and white: `✓ 同意`."""
    return f"{SYMBOLS[kind]} {outcome_text(kind)}"


def visit_text(outcome: VisitOutcome | str | None) -> str:
    """无人在家, 改日再访 …: a visit that gave no opinion."""
    return vocabulary.word_of(VisitOutcome, outcome, current_language())


def relation_text(relation: Relation | str | None) -> str:
    return vocabulary.word_of(Relation, relation, current_language())


def channel_text(channel: Channel | str | None) -> str:
    return vocabulary.word_of(Channel, channel, current_language())


def round_state_text(status: RoundStatus) -> str:
    return vocabulary.word(status, current_language())


def tenure_text(tenure: str | None) -> str:
    return vocabulary.word_of(Tenure, tenure, current_language())


def standing_label(standing: Standing) -> str:
    """`✓ 通过`, `征询中`, `✗ 暂缓改造`."""
    symbol = vocabulary.STANDING_SYMBOLS.get(standing)
    text = vocabulary.word(standing, current_language())
    return f"{symbol} {text}" if symbol else text


def round_name(round_no: int) -> str:
    return vocabulary.round_name(round_no, current_language())


def round_topic(round_no: int) -> str:
    return vocabulary.round_topic(round_no, current_language())


def error_text(error: SurveyAppError) -> str:
    """The error in the window's language, from its code's template."""
    return vocabulary.error_words(error, current_language())


def refusal_text(error: SurveyAppError) -> str:
    """A refused sync: the central file's problem in plain words."""
    return vocabulary.refusal_words(error, current_language())


def row_reason(error: RowError) -> str:
    """Why a roster row was not imported, in the window's language."""
    return error_text(error.error) if error.error else error.reason


def rule_text(rule: ConsentRule) -> str:
    return vocabulary.rule_words(rule, current_language())


def address_words(household: Household) -> str:
    """`3号楼 2单元 501室` / `Building 3, unit 2, room 501`."""
    return vocabulary.address_words(
        household.building, household.unit, household.room, current_language()
    )


def clock_warning_text(warning: ClockWarning) -> str:
    return vocabulary.clock_warning_words(
        warning.code,
        device=warning.device,
        newest=warning.newest,
        days=warning.days,
        language=current_language(),
    )


def version_text(says: dict[str, object], differs: tuple[str, ...]) -> str:
    """What one of two competing office records says where they differ."""
    return vocabulary.version_words(says, differs, current_language())
