"""The `type` column: question types the app honours, their aliases, and those it cannot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from survey_app.core.vocabulary import Words

QUESTION_TYPES = {
    "text", "integer", "decimal", "date", "time", "datetime", "select_one", "select_multiple",
    "note", "calculate", "acknowledge", "range", "barcode", "image", "geopoint",
}  # fmt: skip
# Filled in by the app, never asked: when the form was started and finished, on which device,
# by whom (the surveyor's profile: name, phone, e-mail), and the navigation audit log.
METADATA_TYPES = {
    "start", "end", "today", "deviceid", "username", "phonenumber", "email", "start-geopoint",
    "audit",
}  # fmt: skip
STRUCTURE = {"begin_group", "end_group", "begin_repeat", "end_repeat"}
ALIASES = {
    "begin group": "begin_group", "end group": "end_group", "begin repeat": "begin_repeat",
    "end repeat": "end_repeat", "begin-group": "begin_group", "end-group": "end_group",
    "begin-repeat": "begin_repeat", "end-repeat": "end_repeat",
    "int": "integer", "add integer prompt": "integer", "add decimal prompt": "decimal",
    "add date prompt": "date", "add time prompt": "time", "add datetime prompt": "datetime",
    "date time": "datetime", "date_time": "datetime", "add text prompt": "text",
    "string": "text", "add note prompt": "note", "trigger": "acknowledge",
    "gps": "geopoint", "location": "geopoint", "add location prompt": "geopoint",
    "photo": "image", "picture": "image", "add image prompt": "image",
    "add barcode prompt": "barcode", "imei": "deviceid", "uri:deviceid": "deviceid",
    "uri:username": "username", "uri:email": "email", "uri:phonenumber": "phonenumber",
    "hidden": "calculate",
}  # fmt: skip
SELECT_WORDS = {
    "select_one": "select_one", "select one": "select_one",
    "select_multiple": "select_multiple", "select multiple": "select_multiple",
    "select all that apply": "select_multiple", "select": "select_multiple",
    "select_one_external": "select_one_external",
}  # fmt: skip
_LOOP = Words("循环(按列表重复)", "loops (repeat over a list)")
_SIM = Words("SIM 卡信息", "SIM card metadata")
_FROM_FILE = Words("从 CSV/XML/GeoJSON 文件读取的选项", "choices read from a CSV/XML/GeoJSON file")
UNSUPPORTED = {
    "audio": Words("录音", "audio recording"), "video": Words("录像", "video recording"),
    "file": Words("文件附件", "file attachments"), "geotrace": Words("地图折线", "map lines"),
    "geoshape": Words("地图区域", "map shapes"),
    "osm": Words("OpenStreetMap 标注", "OpenStreetMap tagging"),
    "rank": Words("排序题", "ranking widgets"),
    "background-audio": Words("后台录音", "background audio recording"),
    "background-geopoint": Words("后台定位", "background location"),
    "xml-external": Words("外部 XML 数据", "external XML data"),
    "csv-external": Words("外部 CSV 数据", "external CSV data"), "simserial": _SIM,
    "subscriberid": _SIM, "include": Words("pyxform 引用(include)", "pyxform includes"),
    "begin_loop": _LOOP, "end_loop": _LOOP, "begin loop": _LOOP, "end loop": _LOOP,
    "select_one_from_file": _FROM_FILE, "select_multiple_from_file": _FROM_FILE,
    "select_multiple_external": Words("外部多选题", "external selects"),
    "entity": Words("ODK 实体", "ODK entities"),
}  # fmt: skip


@dataclass(frozen=True)
class ParsedType:
    kind: str  # a QUESTION_TYPES, METADATA_TYPES or STRUCTURE name
    list_name: str | None = None
    or_other: bool = False
    external: bool = False


class TypeProblem(Exception):
    def __init__(self, words: Words, *, unsupported: bool) -> None:
        super().__init__(words.en)
        self.words = words
        self.detail = words.en
        self.unsupported = unsupported


def _not_supported(feature: Words) -> TypeProblem:
    space = " " if feature.zh[:1].isascii() else ""
    said = Words(f"本应用不支持{space}{feature.zh}", f"{feature.en} are not supported")
    return TypeProblem(said, unsupported=True)


def parse_type(cell: str) -> ParsedType:
    """`select_one yes_no or_other`, `begin group`, `dateTime`, ` end ` ... -> ParsedType."""
    text = " ".join(cell.split())
    lowered = text.lower()
    words = lowered.split(" ")
    for word in (lowered, " ".join(words[:2]), words[0]):
        if word in UNSUPPORTED:
            raise _not_supported(UNSUPPORTED[word])
    kind = ALIASES.get(lowered, lowered)
    if kind in QUESTION_TYPES | METADATA_TYPES | STRUCTURE:
        return ParsedType(kind)
    try:
        return _select_type(text)
    except TypeProblem:
        known = pyxform_types().get(lowered)
        if known is None:
            raise
    if known in UNSUPPORTED:
        raise _not_supported(UNSUPPORTED[known])
    return ParsedType(known)


PRELOADS = {"start": "start", "end": "end", "today": "today", "deviceid": "deviceid",
            "username": "username", "phonenumber": "phonenumber", "email": "email",
            "simserial": "simserial", "subscriberid": "subscriberid"}  # fmt: skip
BIND_TYPES = {"int": "integer", "decimal": "decimal", "date": "date", "time": "time",
              "datetime": "datetime", "geopoint": "geopoint", "geoshape": "geoshape",
              "geotrace": "geotrace", "barcode": "barcode"}  # fmt: skip
MEDIA = {"image": "image", "audio": "audio", "video": "video", "application": "file"}


@lru_cache(maxsize=1)
def pyxform_types() -> dict[str, str]:
    """Every other type name pyxform knows (`q int`, `get start time`, `add audio prompt`,
    `number of days in last month` ...), lower-cased, with the type it means here. Read from
    pyxform's own dictionary, so the names are the ecosystem's; imported only when needed."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    return {
        name.lower(): kind
        for name, entry in QUESTION_TYPE_DICT.items()
        if (kind := _meaning(entry)) is not None
    }


def built_in_constraint(cell: str) -> str | None:
    """The constraint pyxform gives a type of its own (`phone number`: digits only;
    `percentage`: 0 to 100; `number of days in last month`: 0 to 31)."""
    lowered = " ".join(cell.split()).lower()
    kind = ALIASES.get(lowered, lowered)
    if kind in QUESTION_TYPES | METADATA_TYPES | STRUCTURE or lowered.startswith("select"):
        return None  # the usual names: pyxform (slow to import) is not needed
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    entry: dict[str, Any] = next(
        (e for n, e in QUESTION_TYPE_DICT.items() if n.lower() == lowered), {}
    )
    constraint = entry.get("bind", {}).get("constraint")
    return str(constraint) if constraint else None


@lru_cache(maxsize=1)
def pyxform_selects() -> dict[str, str]:
    """pyxform's other words for a select (`q select1`, `add select one prompt using` ...)."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    tags = {"select1": "select_one", "select": "select_multiple"}
    return {
        name.lower(): tags[entry["control"]["tag"]]
        for name, entry in QUESTION_TYPE_DICT.items()
        if entry.get("control", {}).get("tag") in tags
    }


def _meaning(entry: dict[str, Any]) -> str | None:
    bind, control = entry.get("bind", {}), entry.get("control", {})
    params = str(bind.get("jr:preloadParams", "")).removeprefix("uri:")
    if bind.get("jr:preload"):
        return PRELOADS.get(params)
    if control.get("tag") == "trigger":
        return "acknowledge"
    if control.get("tag") == "upload":
        return MEDIA.get(str(control.get("mediatype", "")).split("/")[0])
    if control.get("tag") in ("select", "select1", "odk:rank"):
        return None  # the select words, which need a list name, are read by _select_type
    kind = str(bind.get("type", "")).lower()
    if kind in BIND_TYPES:
        return BIND_TYPES[kind]
    if kind == "string" and bind.get("readonly") == "true()":
        return "note"
    if kind == "string":
        return "text" if control else "calculate"
    return None


def _select_type(text: str) -> ParsedType:
    text = re.sub(r"\s+or specify other$", " or_other", text, flags=re.IGNORECASE)
    text = re.sub(r"^(select one|select all that apply) from ", r"\1 ", text, flags=re.IGNORECASE)
    match = re.fullmatch(r"(.+?)\s+(\S+?)(\s+or_other)?", text, flags=re.IGNORECASE)
    word = match.group(1).lower() if match else ""
    kind = SELECT_WORDS.get(word) or (pyxform_selects().get(word) if match else None)
    if match is None or kind is None:
        said = Words(
            f"未知题型 {text!r};请检查拼写(如 text、integer、select_one 列表名)",
            f"unknown question type {text!r}",
        )
        raise TypeProblem(said, unsupported=False)
    external = kind == "select_one_external"
    return ParsedType(
        "select_one" if external else kind, match.group(2), bool(match.group(3)), external
    )
