"""One answer checked against its question's type, in the canonical form stored as JSON.

integer -> int; decimal -> float; range -> int or float; date -> "YYYY-MM-DD";
time -> "HH:MM:SS"; datetime -> ISO text; select_one -> choice name; select_multiple -> list of
choice names; geopoint -> "lat lon [alt [accuracy]]"; acknowledge -> "OK"; image -> file name;
text and barcode -> text. Empty answers (None, "", []) become None.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

from survey_app.xlsform.model import Question
from survey_app.xlsform.qtypes import METADATA_TYPES

NOT_ANSWERED = {"note", "calculate"} | METADATA_TYPES
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"}
INTEGER_TEXT = re.compile(r"\s*[-+]?\d+\s*")
DECIMAL_TEXT = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")
Answer = str | int | float | list[str] | None


CHINESE = {
    "expected text": "应填文字",
    "expected a whole number": "应填整数",
    "expected a number": "应填数字",
    "range needs numeric start, end and a non-zero step": "range 参数应为数字,步长不为 0",
    "expected a date written YYYY-MM-DD": "日期应写作 YYYY-MM-DD",
    "expected a time written HH:MM": "时间应写作 HH:MM",
    "expected a date and time written YYYY-MM-DDTHH:MM": "日期时间应写作 YYYY-MM-DDTHH:MM",
    "expected the name of one choice": "应填一个选项的名称",
    "expected a list of choice names": "应填选项名称的列表",
    "a choice is chosen twice": "同一选项选了两次",
    "expected 'latitude longitude [altitude [accuracy]]'": "坐标应写作“纬度 经度”",
    "latitude must be within ±90 and longitude within ±180": "纬度应在 ±90、经度应在 ±180 以内",
    "expected OK (or true)": "应填 OK",
    "expected the file name of a photo": "应填照片文件名",
    "expected a photo file (.jpg, .png ...)": "应为照片文件(.jpg、.png 等)",
    "the form calculates this answer": "此项由表单计算,不能填写",
}


class AnswerError(ValueError):
    """The value does not fit the question: `code` names why (type, choice, range...)."""

    def __init__(self, code: str, detail: str, zh: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.zh = zh or CHINESE.get(detail, detail)

    def text(self, language: str | None) -> str:
        return self.zh if (language or "zh").lower().startswith("zh") else self.detail


def normalise(question: Question, value: object) -> Answer:
    if _is_empty(value):
        return None
    if question.type in NOT_ANSWERED:
        detail = f"{question.type} questions are filled in by the form"
        raise AnswerError("not_answerable", detail, f"{question.type} 由表单自动填写")
    reader = READERS.get(question.type, _text)
    return reader(question, value)


def _is_empty(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


def _text(question: Question, value: object) -> Answer:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise AnswerError("type", "expected text")
    return value if isinstance(value, str) else _plain_number(value)


def _plain_number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _integer(question: Question, value: object) -> Answer:
    if isinstance(value, bool):
        raise AnswerError("type", "expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER_TEXT.fullmatch(value):
        return int(value)
    raise AnswerError("type", "expected a whole number")


def _decimal(question: Question, value: object) -> Answer:
    number = _number(value)
    if number is None:
        raise AnswerError("type", "expected a number")
    return number


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and DECIMAL_TEXT.fullmatch(value):
        return float(value)
    return None


def _range(question: Question, value: object) -> Answer:
    number = _number(value)
    start, end, step = range_bounds(question)
    if number is None:
        raise AnswerError("type", "expected a number")
    low, high = min(start, end), max(start, end)
    if not low <= number <= high or not _on_step(number - start, step):
        bounds = (_n(start), _n(end), _n(step))
        detail = "expected a number from {} to {} in steps of {}".format(*bounds)
        raise AnswerError("range", detail, "应为 {} 到 {} 之间、步长 {} 的数".format(*bounds))
    whole = all(float(x).is_integer() for x in (start, step))
    return int(number) if whole and number.is_integer() else number


def range_bounds(question: Question) -> tuple[float, float, float]:
    """start, end and step of a range question (ODK defaults 1, 10, 1)."""
    parameters = question.parameters
    values = (
        parameters.get("start", "1"),
        parameters.get("end", "10"),
        parameters.get("step", "1"),
    )
    numbers = [_number(text) for text in values]
    if any(number is None for number in numbers) or numbers[2] == 0:
        raise AnswerError("parameters", "range needs numeric start, end and a non-zero step")
    return numbers[0] or 0.0, numbers[1] or 0.0, numbers[2] or 1.0


def _on_step(offset: float, step: float) -> bool:
    try:
        return (Decimal(repr(offset)) % Decimal(repr(abs(step)))) == 0
    except InvalidOperation:
        return False


def _n(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _date(question: Question, value: object) -> Answer:
    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise AnswerError("type", "expected a date written YYYY-MM-DD")


def _time(question: Question, value: object) -> Answer:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", str(value))
    if (
        match is None
        or int(match.group(1)) > 23
        or int(match.group(2)) > 59
        or int(match.group(3) or 0) > 59
    ):
        raise AnswerError("type", "expected a time written HH:MM")
    return f"{int(match.group(1)):02d}:{match.group(2)}:{match.group(3) or '00'}"


def _datetime(question: Question, value: object) -> Answer:
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).isoformat()
    except ValueError as error:
        raise AnswerError("type", "expected a date and time written YYYY-MM-DDTHH:MM") from error


def _select_one(question: Question, value: object) -> Answer:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise AnswerError("type", "expected the name of one choice")
    return value.strip() if isinstance(value, str) else _plain_number(value)


def _select_multiple(question: Question, value: object) -> Answer:
    items = value.split() if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(i, str | int) and not isinstance(i, bool) for i in items
    ):
        raise AnswerError("type", "expected a list of choice names")
    names = [str(item).strip() for item in items]
    if len(set(names)) != len(names):
        raise AnswerError("type", "a choice is chosen twice")
    return names or None


def _geopoint(question: Question, value: object) -> Answer:
    parts = value.split() if isinstance(value, str) else value
    numbers = [_number(p) for p in parts] if isinstance(parts, list) else []
    if not 2 <= len(numbers) <= 4 or any(n is None for n in numbers):
        raise AnswerError("type", "expected 'latitude longitude [altitude [accuracy]]'")
    latitude, longitude = numbers[0] or 0.0, numbers[1] or 0.0
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise AnswerError("type", "latitude must be within ±90 and longitude within ±180")
    return " ".join(_plain_number(n or 0.0) for n in numbers)


def _acknowledge(question: Question, value: object) -> Answer:
    if value is True or (isinstance(value, str) and value.strip().lower() in ("ok", "yes", "true")):
        return "OK"
    if value is False:
        return None
    raise AnswerError("type", "expected OK (or true)")


def _image(question: Question, value: object) -> Answer:
    if not isinstance(value, str):
        raise AnswerError("type", "expected the file name of a photo")
    suffix = "." + value.rsplit(".", 1)[-1].lower() if "." in value else ""
    if suffix not in IMAGE_SUFFIXES:
        raise AnswerError("type", "expected a photo file (.jpg, .png ...)")
    return value.strip()


READERS = {
    "text": _text,
    "barcode": _text,
    "integer": _integer,
    "decimal": _decimal,
    "range": _range,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "select_one": _select_one,
    "select_multiple": _select_multiple,
    "geopoint": _geopoint,
    "acknowledge": _acknowledge,
    "image": _image,
}
