"""Seeded random XLSForms in the spellings found in the wild, for the structural comparison
with pyxform: header aliases and language headers, type aliases, nesting, yes/no spellings,
Excel booleans, curly quotes and runs of spaces, parameters, or_other, repeat counts,
table-lists, choice lists with extra columns, and settings."""

from __future__ import annotations

import random
from typing import Any

from tests.xlsform.conftest import Rows

LANGUAGES = [
    [""],
    ["", "English (en)"],
    ["中文", "English"],
    ["Chinese (zh)", "English (en)"],
    ["français"],
]
LABEL_WORDS = [
    "住户", "人数", "It’s", "“同意”", "‘是’", "a  b", "water   supply", "Dépôt", "加装电梯",
    "don’t know", "x", "两  个",
]  # fmt: skip
TYPES = [
    "text", "integer", "decimal", "date", "note", "calculate", "acknowledge", "range",
    "select_one {l}", "select_multiple {l}", "select one from {l}", "select_one {l} or_other",
    "phone number", "int", "dateTime", "add text prompt", "string", "barcode", "time",
    "select all that apply from {l}", "trigger",
]  # fmt: skip
REQUIRED = ["", "", "yes", "Yes", "TRUE", "true()", "no", "1", "0", True, False, "yEs"]
APPEARANCES = ["", "", "minimal", "multiline", "quick  minimal", "horizontal-compact"]
PARAMETERS = ["", "end=5", "start=0 end=100 step=10", "Start=1;END=7", "step=2"]


def form_name(seed: int) -> str:
    """generated_<seed>.xlsx, with _zh when the form has Chinese labels."""
    chinese = any(lang in ("中文", "Chinese (zh)") for lang in _languages(seed))
    return f"generated_{seed}{'_zh' if chinese else ''}.xlsx"


def _languages(seed: int) -> list[str]:
    return random.Random(seed).choice(LANGUAGES)


def generated_form(seed: int) -> dict[str, Rows]:
    rng = random.Random(seed)
    languages = rng.choice(LANGUAGES)
    survey = _survey(rng, languages)
    return {"survey": survey, "choices": _choices(rng, languages), **_settings(rng, languages)}


def _headers(base: str, languages: list[str], rng: random.Random) -> list[str]:
    joiner = rng.choice(["::", "::", ":"]) if base == "label" else "::"
    return [base if not lang else f"{base}{joiner}{lang}" for lang in languages]


def _survey(rng: random.Random, languages: list[str]) -> list[list[Any]]:
    labels = _headers("label", languages, rng)
    hints = _headers("hint", languages[:1], rng)
    header = [
        "type", "name", *labels, *hints, rng.choice(["required", "required"]),
        rng.choice(["relevant", "relevance"]), "constraint", "calculation", "appearance",
        rng.choice(["repeat_count", "jr:count"]), "parameters", "default", "read_only",
        *_headers(rng.choice(["constraint_message", "jr:constraintMsg"]), languages, rng),
        rng.choice(["required_message", "requiredMsg"]), "choice_filter", "image",
        "guidance_hint",
    ]  # fmt: skip
    rows: list[list[Any]] = [header]
    numbers: list[str] = []
    open_groups: list[str] = []
    for index in range(rng.randint(4, 14)):
        if open_groups and rng.random() < 0.2:
            rows.append([f"end {open_groups.pop()}"] + [""] * (len(header) - 1))
            continue
        if len(open_groups) < 2 and rng.random() < 0.2:
            kind = rng.choice(["group", "repeat"])
            rows.append(_group_row(rng, kind, index, header, numbers))
            open_groups.append(kind)
            continue
        rows.append(_question_row(rng, index, header, numbers))
    rows += [[f"end {kind}"] + [""] * (len(header) - 1) for kind in reversed(open_groups)]
    return rows


def _cells(header: list[str]) -> dict[str, Any]:
    return dict.fromkeys(header, "")


def _text(rng: random.Random) -> str:
    return " ".join(rng.sample(LABEL_WORDS, rng.randint(1, 3)))


def _group_row(
    rng: random.Random, kind: str, index: int, header: list[str], numbers: list[str]
) -> list[Any]:
    cells = _cells(header)
    cells["type"] = rng.choice([f"begin {kind}", f"begin_{kind}"])
    for column in header[2:]:
        if column.startswith("label"):
            cells[column] = _text(rng)
    if kind == "group":
        cells["appearance"] = rng.choice(["", "field-list", "table-list"])
    else:
        counts = ["", "2", f"${{{numbers[-1]}}}" if numbers else "3"]
        counts.append(f"${{{numbers[-1]}}} + 1" if numbers else "1 + 1")
        cells[next(c for c in header if c in ("repeat_count", "jr:count"))] = rng.choice(counts)
    table = "table" in cells["appearance"]
    cells["name"] = f"{'tablelist' if table else kind}{index}"
    return list(cells.values())


def _question_row(
    rng: random.Random, index: int, header: list[str], numbers: list[str]
) -> list[Any]:
    cells = _cells(header)
    kind = rng.choice(TYPES).format(l=f"list{rng.randint(1, 3)}")
    cells["type"] = kind
    cells["name"] = f"q{index}"
    for column in header[2:]:
        if column.startswith(("label", "hint")) and rng.random() < 0.8:
            cells[column] = _text(rng) if rng.random() < 0.9 else True
    cells[header[header.index("constraint") - 2]] = rng.choice(REQUIRED)
    if numbers and rng.random() < 0.3:
        cells[header[header.index("constraint") - 1]] = rng.choice(
            [f"${{{numbers[-1]}}} > 1", "FALSE", "yes", f"${{{numbers[0]}}}  !=  ‘2’"]
        )
    if kind in ("integer", "int", "decimal") and rng.random() < 0.4:
        cells["constraint"] = rng.choice([". > 0", ". < 100 and . >= 0", "true"])
    if kind == "calculate":
        cells["calculation"] = f"${{{numbers[-1]}}} * 2" if numbers else "1 + 1"
    if kind == "range":
        cells["parameters"] = rng.choice(PARAMETERS)
    cells["appearance"] = rng.choice(APPEARANCES) if kind != "calculate" else ""
    if kind in ("text", "integer") and rng.random() < 0.2:
        cells["default"] = "3" if kind == "integer" else "“x”  y"
    if rng.random() < 0.1:
        cells["read_only"] = rng.choice(["yes", "no", "TRUE"])
    if cells["constraint"]:
        for column in header:
            if column.startswith(("constraint_message", "jr:constraintMsg")):
                cells[column] = _text(rng)
    if cells[header[header.index("constraint") - 2]] not in ("", False) and rng.random() < 0.5:
        cells[next(c for c in header if c in ("required_message", "requiredMsg"))] = "必填  项"
    if kind.startswith("select") and "or_other" not in kind and rng.random() < 0.4:
        cells["choice_filter"] = rng.choice(["category = 'basic'", "category != ‘upgrade’"])
    if rng.random() < 0.1:
        cells["image"], cells["guidance_hint"] = "picture.png", "ask  gently"
    if kind in ("integer", "int"):
        numbers.append(f"q{index}")
    return list(cells.values())


def _choices(rng: random.Random, languages: list[str]) -> list[list[Any]]:
    labels = [f"label::{lang}" if lang else "label" for lang in languages]
    header = [rng.choice(["list_name", "list name"]), "name", *labels, "category"]
    rows: list[list[Any]] = [header]
    for number in (1, 2, 3):
        names = rng.sample(["yes", "no", "don’t_know", "1", "2", "water", "lift", "x_y"], 3)
        for name in names:
            texts = [_text(rng) for _ in labels]
            rows.append([f"list{number}", name, *texts, rng.choice(["", "basic", "upgrade"])])
    return rows


def _settings(rng: random.Random, languages: list[str]) -> dict[str, Rows]:
    choice = rng.randint(0, 3)
    if choice == 0:
        return {}
    if choice == 1:
        return {"settings": [["form_id", "version"], ["gen", rng.randint(1, 2030)]]}
    if choice == 2:
        return {"settings": [["id_string", "title"], ["gen_id", "生成的表"]]}
    default = next((lang for lang in languages if lang), "")
    return {"settings": [["form_title", "default_language", "clean_text_values"],
                         ["G", default, rng.choice(["yes", "no"])]]}  # fmt: skip
