"""XPath 1.0 values and their conversions, with dates handled the way ODK Collect does."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from survey_app.core.vocabulary import Words

EPOCH = dt.date(1970, 1, 1)
NUMBER_TEXT = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
TINY = 1.0e-12  # JavaRosa treats numbers this close to zero (or to a whole number) as exact
DATE_TEXT = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+([+-]\d{2}:?\d{2}|Z)?)?\s*")


Scalar = str | float | bool | dt.date | dt.datetime


@dataclass(frozen=True)
class NodeSet:
    """The values of one question across the instances of a repeat (or the instances themselves)."""

    items: tuple[Scalar, ...]


Value = Scalar | NodeSet


class RepeatedValue(ValueError):
    """A single value was wanted from a question answered in several repeat instances."""

    words = Words(
        "引用的题目在重复组中有多个答案,这里只能用一个;请用 indexed-repeat() 指明取哪一组",
        "this question is repeated; use indexed-repeat() to pick one",
    )


def first(value: Value) -> Scalar:
    """The one value of `value`; as in ODK Collect, several values are an error there."""
    if isinstance(value, NodeSet):
        if len(value.items) > 1:
            raise RepeatedValue(RepeatedValue.words.en)
        return value.items[0] if value.items else ""
    return value


def to_string(value: Value) -> str:
    value = first(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()  # as JavaRosa writes a date-time as text: its date
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def number_text(number: float) -> str:
    """A number as text, the way ODK Collect (JavaRosa) writes it: 3, 2.5, 1.0E10, 1.0E-4."""
    if math.isnan(number):
        return "NaN"
    if abs(number) < TINY:
        return "0"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    whole = _java_int(number)
    if abs(number - whole) < TINY:
        return str(whole)
    return java_double_text(number)


def _java_int(number: float) -> int:
    """Java's (int) cast: toward zero, saturating at the 32-bit limits."""
    return max(-(2**31), min(2**31 - 1, math.trunc(number)))


def java_double_text(number: float) -> str:
    """Java's Double.toString: plain between 10^-3 and 10^7, else computerized scientific."""
    if 1e-3 <= abs(number) < 1e7:
        text = repr(number)
        return text if "." in text else text + ".0"
    shortest = Decimal(repr(abs(number))).normalize()
    digits = "".join(str(d) for d in shortest.as_tuple().digits)
    sign = "-" if number < 0 else ""
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{shortest.adjusted()}"


def to_number(value: Value) -> float:
    value = first(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime):
        return float(math.floor(days_since_epoch(value)))  # whole days, as in JavaRosa
    if isinstance(value, dt.date):
        return float((value - EPOCH).days)
    return _text_number(value)


def days_since_epoch(moment: dt.datetime) -> float:
    """Fractional days since 1970-01-01 (decimal-date-time(); number() takes whole days)."""
    if moment.tzinfo is not None:
        return moment.timestamp() / 86400
    return (moment - dt.datetime(1970, 1, 1)).total_seconds() / 86400


def _text_number(text: str) -> float:
    if NUMBER_TEXT.fullmatch(text.replace(",", ".")):
        return float(text.replace(",", "."))
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
        return abs(value) > TINY and not math.isnan(value)
    if isinstance(value, dt.date):
        return True
    return value != ""


def is_empty(value: Value) -> bool:
    return to_string(value) == ""
