"""The `type` column: question types the app honours, their aliases, and those it cannot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
UNSUPPORTED = {
    "audio": "audio recording", "video": "video recording", "file": "file attachments",
    "geotrace": "map lines", "geoshape": "map shapes", "osm": "OpenStreetMap tagging",
    "rank": "ranking widgets", "background-audio": "background audio recording",
    "background-geopoint": "background location", "xml-external": "external XML data",
    "csv-external": "external CSV data", "simserial": "SIM card metadata",
    "subscriberid": "SIM card metadata", "include": "pyxform includes",
    "begin_loop": "loops (repeat over a list)", "end_loop": "loops (repeat over a list)",
    "begin loop": "loops (repeat over a list)", "end loop": "loops (repeat over a list)",
    "select_one_from_file": "choices read from a CSV/XML/GeoJSON file",
    "select_multiple_from_file": "choices read from a CSV/XML/GeoJSON file",
    "select_multiple_external": "external selects", "entity": "ODK entities",
}  # fmt: skip


@dataclass(frozen=True)
class ParsedType:
    kind: str  # a QUESTION_TYPES, METADATA_TYPES or STRUCTURE name
    list_name: str | None = None
    or_other: bool = False
    external: bool = False


class TypeProblem(Exception):
    def __init__(self, detail: str, *, unsupported: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.unsupported = unsupported


def parse_type(cell: str) -> ParsedType:
    """`select_one yes_no or_other`, `begin group`, `dateTime`, ` end ` ... -> ParsedType."""
    text = " ".join(cell.split())
    lowered = text.lower()
    words = lowered.split(" ")
    for word in (lowered, " ".join(words[:2]), words[0]):
        if word in UNSUPPORTED:
            raise TypeProblem(f"{UNSUPPORTED[word]} are not supported", unsupported=True)
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
        raise TypeProblem(f"{UNSUPPORTED[known]} are not supported", unsupported=True)
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
        raise TypeProblem(f"unknown question type {text!r}", unsupported=False)
    external = kind == "select_one_external"
    return ParsedType(
        "select_one" if external else kind, match.group(2), bool(match.group(3)), external
    )
