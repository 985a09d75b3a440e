"""The structure of a form as pyxform reads it and as the reader reads it, in one shape.

Both sides become an outline: every group, repeat and question in document order, keyed by
its path of names, with the fields the app uses; plus every choice list a select uses, and
the settings. Differences in spelling only (pyxform's type names and language keys, its
`default` language, `yes` for true) are mapped here, each mapping with ODK's reason; what
remains is a difference in meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from survey_app.xlsform.columns import parse_header
from survey_app.xlsform.languages import parse_language
from survey_app.xlsform.model import Choice, Expression, Form, Group, Item, Question, Repeat

Outline = dict[str, dict[str, Any]]  # path -> field -> value

# pyxform's type names (after its own aliasing) -> the reader's.
TYPES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select one external": "select_one",
    "select_one_external": "select_one",
    "photo": "image",
    "gps": "geopoint",
    "dateTime": "datetime",
    "trigger": "acknowledge",
    "uri:deviceid": "deviceid",
    "uri:username": "username",
    "uri:email": "email",
    "uri:phonenumber": "phonenumber",
    "imei": "deviceid",
    "phone number": "text",  # pyxform: a string with a digits-only constraint
    "hidden": "calculate",
    "int": "integer",
    "string": "text",
    "add text prompt": "text",
    "add integer prompt": "integer",
    "add decimal prompt": "decimal",
    "add date prompt": "date",
    "add time prompt": "time",
    "add datetime prompt": "datetime",
    "add note prompt": "note",
    "add barcode prompt": "barcode",
    "add location prompt": "geopoint",
    "location": "geopoint",
}
# Values pyxform writes as true() / false() (pyxform.aliases.yes_no); "1" and "0" are the
# XPath numbers, which ODK reads as true and false.
YES_NO = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "true()", "1"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "false()", "0", ""], False),
}
OTHER_RELEVANT = re.compile(r"selected\(\.\./([^,]+), 'other'\)")
BARE_NAME = re.compile(r"[^\W\d][\w.\-]*")
# Filled in by the app or by ODK, never asked: ODK shows no label for them (bodyless).
METADATA = {
    "start", "end", "today", "deviceid", "username", "phonenumber", "email", "simserial",
    "subscriberid", "start-geopoint", "audit",
}  # fmt: skip
# Choice columns that are not extra columns (an extra column is read by a choice_filter, or
# by the app, as `category`).
NOT_EXTRA = {"name", "label", "list_name", "media", "image", "audio", "video", "big-image"}
COMPARED = (
    "kind", "type", "list", "labels", "hints", "constraint_messages", "required_messages",
    "required", "relevant", "constraint", "calculation", "default", "read_only", "appearance",
    "choice_filter", "parameters", "repeat_count",
)  # fmt: skip


@dataclass
class Structure:
    items: Outline
    order: list[str]
    lists: dict[str, list[dict[str, Any]]]  # list name -> choices (name, labels, columns)
    settings: dict[str, str]
    unordered: set[str] = field(default_factory=set)  # compared by name, not by place


@dataclass
class Comparison:
    differences: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    fields: int = 0
    questions: int = 0
    choices: int = 0

    def add(self, where: str, what: str, ours: Any, theirs: Any) -> None:
        self.fields += 1
        if ours != theirs:
            self.differences.append((where, what, ours, theirs))


# --- pyxform's side -------------------------------------------------------------------------


def from_pyxform(data: dict[str, Any]) -> Structure:
    default = str(data.get("default_language") or "default")
    structure = Structure({}, [], {}, _pyxform_settings(data))
    children, moved = _without_meta(data.get("children", []))
    for list_name, choices in (data.get("choices") or {}).items():
        structure.lists[str(list_name)] = [_pyxform_choice(c, default) for c in choices]
    _pyxform_children(children, "", default, structure)
    _pyxform_children(moved, "", default, structure)
    structure.unordered = {str(child["name"]) for child in moved}
    return structure


def _without_meta(children: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """pyxform adds a `meta` group for the submission's ids (instanceID, instanceName), which
    the app keeps as its record ids, and moves an `audit` question into it; the reader keeps
    the audit where its row is. So the meta group is left out and what pyxform moved into it
    is compared by name, not by place."""
    meta = [c for c in children if c["name"] == "meta" and c.get("control", {}).get("bodyless")]
    rest = [c for c in children if not any(c is m for m in meta)]
    generated = {"instanceID", "instanceName"}
    moved = [g for m in meta for g in m.get("children", []) if g["name"] not in generated]
    return rest, moved


def _pyxform_settings(data: dict[str, Any]) -> dict[str, str]:
    language = str(data.get("default_language") or "default")
    return {
        "form_id": str(data.get("id_string", "")),
        "title": str(data.get("title", "")),
        "version": str(data.get("version", "")),
        "default_language": "" if language == "default" else language,
    }


def _pyxform_children(
    children: list[dict[str, Any]],
    prefix: str,
    default: str,
    structure: Structure,
) -> None:
    for child in children:
        path = f"{prefix}/{child['name']}" if prefix else str(child["name"])
        structure.items[path] = _pyxform_item(child, default)
        structure.order.append(path)
        _pyxform_children(child.get("children", []), path, default, structure)


def _pyxform_item(child: dict[str, Any], default: str) -> dict[str, Any]:
    bind, control = child.get("bind", {}), child.get("control", {})
    kind = str(child["type"])
    kind = "group" if kind == "group" else "repeat" if kind == "repeat" else "question"
    written = str(child["type"])
    qtype = TYPES.get(written, written)
    bodyless = qtype in METADATA and qtype != "audit"
    item: dict[str, Any] = {
        "kind": kind,
        "labels": {} if bodyless else pyxform_texts(child.get("label"), default),
        "hints": {} if bodyless else pyxform_texts(child.get("hint"), default),
        "relevant": _relevant(child),
        "appearance": " ".join(str(control.get("appearance", "")).split()),
    }
    if kind == "repeat":
        item["repeat_count"] = str(control.get("jr:count", ""))
    if kind != "question":
        return item
    return item | {
        "type": qtype,
        "list": str(child.get("list_name") or child.get("itemset") or ""),
        "constraint_messages": pyxform_texts(bind.get("jr:constraintMsg"), default),
        "required_messages": pyxform_texts(bind.get("jr:requiredMsg"), default),
        "required": pyxform_flag(bind.get("required", "")),
        "read_only": pyxform_flag(bind.get("readonly", "")),
        "constraint": str(bind.get("constraint") or _type_constraint(written)),
        "calculation": str(bind.get("calculate", "")),
        "default": str(child.get("default", "")),
        "choice_filter": str(child.get("choice_filter", "")),
        "parameters": _pyxform_parameters(child.get("parameters"), child.get("__row", 0)),
    }


def _type_constraint(written: str) -> str:
    """The constraint pyxform's type dictionary gives a type (`phone number`: digits), which it
    adds when it writes the XForm, unless the row has its own."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    return str(QUESTION_TYPE_DICT.get(written, {}).get("bind", {}).get("constraint", ""))


def _relevant(child: dict[str, Any]) -> str:
    """The relevance of the `<name>_other` question pyxform adds for `or_other` names the
    select as `../name`; the reader writes the same sibling as `${name}`."""
    relevant = str(child.get("bind", {}).get("relevant", ""))
    match = OTHER_RELEVANT.fullmatch(relevant)
    if match and str(child["name"]) == f"{match[1]}_other":
        return f"selected(${{{match[1]}}}, 'other')"
    return relevant


def _pyxform_parameters(value: Any, row: int) -> dict[str, str]:
    """pyxform parses the parameters of ranges and selects; of other types it keeps the text,
    which its own parser reads as ODK does."""
    from pyxform.parsing.parameters import parse

    return (
        parse(value, row)
        if isinstance(value, str)
        else {str(k): str(v) for k, v in (value or {}).items()}
    )


def _pyxform_choice(choice: dict[str, Any], default: str) -> dict[str, Any]:
    extra = {k: str(v) for k, v in choice.items() if k not in NOT_EXTRA and v not in (None, "")}
    return {
        "name": str(choice["name"]),
        "labels": pyxform_texts(choice.get("label"), default),
        "columns": extra,
    }


def pyxform_texts(value: Any, default: str) -> dict[str, str]:
    """A label, hint or message by language. pyxform files the plain column under the
    settings' default language (or `default`); every language key is a header suffix, read
    as the reader reads one (`English (en)` -> en). The plain column is "" when the form
    names no default language."""
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        value = {default: value}
    return {
        language_key(str(key)): str(text) for key, text in value.items() if text not in (None, "")
    }


def language_key(suffix: str) -> str:
    return "" if suffix in ("", "default") else parse_language(suffix).key


def pyxform_flag(value: Any) -> bool | str:
    """required / readonly as ODK reads pyxform's value: yes/true/1 are true, no/false/0 and
    blank false; a bare word (`T`) is a path to no node, which ODK evaluates as false."""
    text = str(value).strip()
    if text in YES_NO:
        return YES_NO[text]
    if BARE_NAME.fullmatch(text):
        return False
    return text


# --- the reader's side ----------------------------------------------------------------------


def from_reader(form: Form) -> Structure:
    settings = form.settings
    structure = Structure(
        {},
        [],
        {},
        {
            "form_id": settings.form_id,
            "title": settings.form_title,
            "version": settings.version,
            "default_language": settings.default_language,
        },
    )
    plain = language_key(settings.default_language)
    for choice_list in form.choice_lists.values():
        structure.lists[choice_list.name] = [_reader_choice(c, plain) for c in choice_list.choices]
    for item in form.walk():
        path = "/".join([*(a.name for a in reversed(list(item.ancestors()))), item.name])
        structure.items[path] = _reader_item(item, plain)
        structure.order.append(path)
    return structure


def _reader_item(item: Item, plain: str) -> dict[str, Any]:
    kind = (
        "repeat" if isinstance(item, Repeat) else "group" if isinstance(item, Group) else "question"
    )
    fields: dict[str, Any] = {
        "kind": kind,
        "labels": _texts(item.labels, plain),
        "hints": _texts(item.hints, plain),
        "relevant": _text(item.relevant),
        "appearance": item.appearance,
    }
    if isinstance(item, Repeat):
        fields["repeat_count"] = _text(item.repeat_count)
    if not isinstance(item, Question):
        return fields
    return fields | {
        "type": item.type,
        "list": item.list_name or "",
        "constraint_messages": _texts(item.constraint_messages, plain),
        "required_messages": _texts(item.required_messages, plain),
        "required": _flag(item.required),
        "read_only": _flag(item.read_only),
        "constraint": _text(item.constraint),
        "calculation": _text(item.calculation),
        "default": _text(item.default),
        "choice_filter": _text(item.choice_filter),
        "parameters": dict(item.parameters),
    }


def _reader_choice(choice: Choice, plain: str) -> dict[str, Any]:
    extra = {k: v for k, v in choice.columns.items() if _is_extra(k) and v}
    return {"name": choice.name, "labels": _texts(choice.labels, plain), "columns": extra}


def _texts(texts: dict[str, str], plain: str) -> dict[str, str]:
    return {(key or plain): text for key, text in texts.items()}


def _is_extra(header: str) -> bool:
    return parse_header(0, header).base not in NOT_EXTRA


def _text(value: Expression | str | None) -> str:
    if value is None:
        return ""
    return value.text if isinstance(value, Expression) else value


def _flag(value: bool | Expression) -> bool | str:
    return value if isinstance(value, bool) else value.text


# --- comparing ------------------------------------------------------------------------------


def compare(ours: Structure, theirs: Structure) -> Comparison:
    result = Comparison()
    for key in ("form_id", "title", "version", "default_language"):
        result.add("settings", key, ours.settings[key], theirs.settings[key])
    for path in theirs.order:
        result.add(path, "present", path in ours.items, True)
    for path in (p for p in ours.order if p not in theirs.items):
        result.add(path, "present", True, False)
    common = [p for p in theirs.order if p in ours.items and p not in theirs.unordered]
    mine = [p for p in ours.order if p in theirs.items and p not in theirs.unordered]
    result.add("outline", "order", mine, common)
    for path in (p for p in theirs.order if p in ours.items):
        mine, reference = ours.items[path], theirs.items[path]
        result.questions += reference["kind"] == "question"
        for name in COMPARED:
            if name in reference or name in mine:
                result.add(path, name, mine.get(name), reference.get(name))
    for list_name, reference in theirs.lists.items():
        mine = ours.lists.get(list_name, [])
        result.choices += len(reference)
        result.add(f"choices {list_name}", "names in order", _names(mine), _names(reference))
        for choice, other in zip(reference, mine, strict=False):
            if other["name"] != choice["name"]:
                continue
            where = f"choices {list_name}/{choice['name']}"
            result.add(where, "labels", other["labels"], choice["labels"])
            result.add(where, "columns", other["columns"], choice["columns"])
    return result


def _names(choices: list[dict[str, Any]]) -> list[str]:
    return [choice["name"] for choice in choices]
