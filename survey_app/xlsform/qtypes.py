"""The `type` column: question types the app honours, their aliases, and those it cannot."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    "hidden": "calculate", "phone number": "text", "percentage": "integer",
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
    return _select_type(text)


def _select_type(text: str) -> ParsedType:
    text = re.sub(r"\s+or specify other$", " or_other", text, flags=re.IGNORECASE)
    text = re.sub(r"^(select one|select all that apply) from ", r"\1 ", text, flags=re.IGNORECASE)
    match = re.fullmatch(r"(.+?)\s+(\S+?)(\s+or_other)?", text, flags=re.IGNORECASE)
    word = match.group(1).lower() if match else ""
    if match is None or word not in SELECT_WORDS:
        raise TypeProblem(f"unknown question type {text!r}", unsupported=False)
    kind = SELECT_WORDS[word]
    external = kind == "select_one_external"
    return ParsedType(
        "select_one" if external else kind, match.group(2), bool(match.group(3)), external
    )
