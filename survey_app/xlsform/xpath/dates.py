"""Date functions: date(), date-time(), decimal-date-time(), decimal-time(), format-date()."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from survey_app.xlsform.xpath.scope import Scope
from survey_app.xlsform.xpath.values import (
    Value,
    days_since_epoch,
    first,
    to_date,
    to_number,
    to_string,
)

TIME_TEXT = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*([+-]\d{2}:?\d{2}|Z)?\s*")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _moment(value: Value) -> dt.date | dt.datetime | None:
    value = first(value)
    if isinstance(value, str) and value.strip() and not re.match(r"\s*\d{4}-", value):
        return to_date(to_number(value))
    return to_date(value)


def date_of(args: Sequence[Value], scope: Scope) -> Value:
    moment = _moment(args[0])
    if moment is None:
        return ""
    return moment.date() if isinstance(moment, dt.datetime) else moment


def date_time_of(args: Sequence[Value], scope: Scope) -> Value:
    value = first(args[0])
    if isinstance(value, float) and math.isfinite(value):
        return dt.datetime(1970, 1, 1) + dt.timedelta(days=value)
    moment = _moment(value)
    if moment is None:
        return ""
    return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())


def decimal_date_time(args: Sequence[Value], scope: Scope) -> Value:
    moment = _moment(args[0])
    if isinstance(moment, dt.datetime):
        return days_since_epoch(moment)
    return math.nan if moment is None else to_number(moment)


def decimal_time(args: Sequence[Value], scope: Scope) -> Value:
    match = TIME_TEXT.fullmatch(to_string(args[0]))
    if match is None:
        return math.nan
    hours, minutes, seconds = (int(match.group(i) or 0) for i in (1, 2, 3))
    return (hours * 3600 + minutes * 60 + seconds) / 86400


def format_date(args: Sequence[Value], scope: Scope) -> Value:
    moment = _moment(args[0])
    if moment is None:
        return ""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    return re.sub(r"%(.)", lambda m: _field(moment, m.group(1)), to_string(args[1]))


def _field(moment: dt.datetime, code: str) -> str:
    fields = {
        "Y": f"{moment.year:04d}",
        "y": f"{moment.year % 100:02d}",
        "m": f"{moment.month:02d}",
        "n": str(moment.month),
        "b": MONTHS[moment.month - 1],
        "d": f"{moment.day:02d}",
        "e": str(moment.day),
        "H": f"{moment.hour:02d}",
        "h": str(moment.hour),
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}",
        "a": DAYS[moment.weekday()],
    }
    return fields.get(code, "%" + code)
