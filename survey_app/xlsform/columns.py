"""Column headers: the XLSForm columns a sheet has, in any of the spellings seen in the wild."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from survey_app.core.vocabulary import Words
from survey_app.xlsform.findings import Finding, found
from survey_app.xlsform.languages import Language, parse_language

TRANSLATABLE = {"label", "hint", "guidance_hint", "constraint_message", "required_message"}
MEDIA = {"image", "audio", "video", "big-image", "big_image", "media"}
ALIASES = {
    "list name": "list_name",
    "constraint message": "constraint_message",
    "bind::jr:constraintmsg": "constraint_message",
    "required message": "required_message",
    "bind::jr:requiredmsg": "required_message",
    "choice filter": "choice_filter",
    "repeat count": "repeat_count",
    "jr:count": "repeat_count",
    "read only": "read_only",
    "readonly": "read_only",
    "bind::readonly": "read_only",
    "calculate": "calculation",
    "bind::calculate": "calculation",
    "relevance": "relevant",
    "bind::relevant": "relevant",
    "bind::constraint": "constraint",
    "bind::required": "required",
    "caption": "label",
    # more of pyxform's aliases (pyxform.aliases.survey_header / list_header / settings_header)
    "constraining_message": "constraint_message",
    "requiredmsg": "required_message",
    "count": "repeat_count",
    "command": "type",
    "tag": "name",
    "value": "name",
    "set_form_title": "form_title",
    "set_form_id": "form_id",
    "form title": "form_title",
    "title": "form_title",
    "form id": "form_id",
    "default language": "default_language",
}

# Headers pyxform does not read as messages (only bind::jr:constraintMsg): ODK shows none.
UNREAD_MESSAGES = {"jr:constraintmsg": "constraint_message", "jr:requiredmsg": "required_message"}
SURVEY_COLUMNS = {
    "type", "name", "label", "hint", "guidance_hint", "required", "required_message",
    "relevant", "constraint", "constraint_message", "calculation", "default", "read_only",
    "choice_filter", "repeat_count", "appearance", "parameters", "trigger",
}  # fmt: skip
CHOICES_COLUMNS = {"list_name", "name", "label"}
SETTINGS_COLUMNS = {
    "form_id", "id_string", "form_title", "version", "default_language", "clean_text_values",
}  # fmt: skip
KNOWN_BY_SHEET = {
    "survey": SURVEY_COLUMNS,
    "choices": CHOICES_COLUMNS,
    "external_choices": CHOICES_COLUMNS,
    "settings": SETTINGS_COLUMNS,
}


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as written, trimmed
    base: str  # normalised: label, list_name, media, bind ...
    language: Language | None = None
    sub: str = ""  # media::image -> "image"; bind::jr:preload -> "jr:preload"

    @property
    def letter(self) -> str:
        return column_letter(self.index)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_header(index: int, header: str, single_colon: bool = True) -> Column:
    """`single_colon`: whether `label:English` means label::English, which pyxform reads so
    only on a sheet where no header uses `::`."""
    text = " ".join(header.split())
    alias = ALIASES.get(text.lower())
    if alias:
        return Column(index, text, alias)
    if "::" not in text and ":" in text and single_colon:
        text = _single_colon(text)
    base, _, rest = (part.strip() for part in text.partition("::"))
    base = ALIASES.get(base.lower(), base.lower().replace(" ", "_"))
    if base in MEDIA or base in ("bind", "body", "instance", "control"):
        return _prefixed(index, text, base, rest)
    if rest and base in TRANSLATABLE:
        return Column(index, text, base, parse_language(rest))
    return Column(index, text, base if not rest else f"{base}::{rest}")


def _single_colon(text: str) -> str:
    """label:English is label::English, as pyxform reads it (bind:jr:x keeps its own colon)."""
    base, _, rest = text.partition(":")
    known = ALIASES.get(base.strip().lower(), base.strip().lower().replace(" ", "_"))
    if known in TRANSLATABLE or known in MEDIA:
        return f"{base.strip()}::{rest.strip()}"
    return text


def _prefixed(index: int, text: str, base: str, rest: str) -> Column:
    sub, _, language = (part.strip() for part in rest.partition("::"))
    if base not in ("media", "bind", "body", "instance", "control"):
        sub, language = base, rest
    return Column(index, text, base, parse_language(language) if language else None, sub)


def read_header(sheet_key: str, cells: list[str]) -> tuple[list[Column], list[Finding]]:
    single_colon = not any("::" in cell for cell in cells)
    columns = [parse_header(i, cell, single_colon) for i, cell in enumerate(cells) if cell]
    return columns, _duplicates(sheet_key, columns)


def _duplicates(sheet_key: str, columns: list[Column]) -> list[Finding]:
    seen: dict[tuple[str, str | None, str], Column] = {}
    findings = []
    for column in columns:
        identity = (column.base, column.language.key if column.language else None, column.sub)
        if identity in seen:
            first = seen[identity]
            detail = Words(
                f"此列出现了两次({first.letter} 列和 {column.letter} 列);请删去或改名其中一列",
                f"the column appears twice (columns {first.letter} and {column.letter})",
            )
            findings.append(found("error", "duplicate_column", detail, sheet_key, 1, column.header))
        seen.setdefault(identity, column)
    return findings


def unknown_column_notice(sheet_key: str, column: Column) -> Finding:
    known = KNOWN_BY_SHEET.get(sheet_key, set())
    close = difflib.get_close_matches(column.base, sorted(known), n=1, cutoff=0.8)
    hint = Words(f";是否应为 {close[0]}?", f"; did you mean {close[0]}?") if close else None
    detail = Words(
        f"不是 XLSForm 的列,已忽略{hint.zh if hint else ''}",
        f"not an XLSForm column; ignored{hint.en if hint else ''}",
    )
    base, colon, rest = column.header.partition(":")
    unread = next((UNREAD_MESSAGES[m] for m in UNREAD_MESSAGES if column.base.startswith(m)), "")
    if unread:
        detail = Words(
            f"ODK(pyxform)不把 {column.header} 当作提示语读取,Collect 不会显示;已忽略"
            f"(请写 {unread},或 bind::{column.header})",
            f"ODK (pyxform) does not read {column.header} as a message, so Collect shows none; "
            f"ignored (write {unread}, or bind::{column.header})",
        )
    elif colon and _single_colon(column.header) != column.header:
        detail = Words(
            f"这里只有一个冒号,而本表其他标题用两个:ODK(pyxform)不把它读作 {base.strip()};"
            f"已忽略(请写 {base.strip()}::{rest.strip()})",
            f"one colon, and other headers of the sheet use two: ODK (pyxform) does not read "
            f"it as {base.strip()}; ignored (write {base.strip()}::{rest.strip()})",
        )
    return found("ignored", "unknown_column", detail, sheet_key, 1, column.header)
