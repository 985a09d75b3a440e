"""XPath 1.0 values and their conversions, with dates handled the way ODK Collect does."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

EPOCH = dt.date(1970, 1, 1)
NUMBER_TEXT = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
DATE_TEXT = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+([+-]\d{2}:?\d{2}|Z)?)?\s*")


Scalar = str | float | bool | dt.date | dt.datetime


@dataclass(frozen=True)
class NodeSet:
    """The values of one question across the instances of a repeat (or the instances themselves)."""

    items: tuple[Scalar, ...]


Value = Scalar | NodeSet


def first(value: Value) -> Scalar:
    if isinstance(value, NodeSet):
        return value.items[0] if value.items else ""
    return value


def to_string(value: Value) -> str:
    value = first(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def number_text(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def to_number(value: Value) -> float:
    value = first(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime):
        return _days_since_epoch(value)
    if isinstance(value, dt.date):
        return float((value - EPOCH).days)
    return _text_number(value)


def _days_since_epoch(moment: dt.datetime) -> float:
    if moment.tzinfo is not None:
        return moment.timestamp() / 86400
    return (moment - dt.datetime(1970, 1, 1)).total_seconds() / 86400


def _text_number(text: str) -> float:
    if NUMBER_TEXT.fullmatch(text):
        return float(text)
    moment = to_date(text)
    return to_number(moment) if moment is not None else math.nan


def to_date(value: Value) -> dt.date | dt.datetime | None:
    """A date or date-time from an ISO text, a number of days since 1970, or a date value."""
    value = first(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and not isinstance(value, bool):
        return None if not math.isfinite(value) else EPOCH + dt.timedelta(days=math.floor(value))
    if isinstance(value, str) and DATE_TEXT.fullmatch(value):
        return _parse_iso(value.strip())
    return None


def _parse_iso(text: str) -> dt.date | dt.datetime | None:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def to_boolean(value: Value) -> bool:
    if isinstance(value, NodeSet):
        return bool(value.items)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, dt.date):
        return True
    return value != ""


def is_empty(value: Value) -> bool:
    return to_string(value) == ""
