"""The `settings` sheet: form_id (or id_string), form_title (or title), version,
default_language, clean_text_values."""

from __future__ import annotations

from pathlib import Path

from survey_app.core.vocabulary import Words
from survey_app.xlsform.cells import YES
from survey_app.xlsform.cleaning import cleans_text
from survey_app.xlsform.columns import SETTINGS_COLUMNS, read_header, unknown_column_notice
from survey_app.xlsform.findings import Finding, found
from survey_app.xlsform.model import Settings
from survey_app.xlsform.rows import RowView
from survey_app.xlsform.workbook import Sheet

IGNORED_SETTINGS = {
    "instance_name", "style", "public_key", "submission_url", "auto_send", "auto_delete",
    "namespaces", "omit_instanceid", "name", "allow_choice_duplicates",
}  # fmt: skip


def read_settings(sheet: Sheet | None, source: Path, findings: list[Finding]) -> Settings:
    values = _first_row(sheet, findings) if sheet is not None else {}
    form_id = values.get("form_id") or values.get("id_string") or source.stem
    return Settings(
        form_id=form_id,
        form_title=values.get("form_title") or form_id,
        version=values.get("version", ""),
        default_language=values.get("default_language", ""),
        allow_choice_duplicates=values.get("allow_choice_duplicates", "").lower() in YES,
        clean_text_values=cleans_text(values.get("clean_text_values", "yes")),
    )


def _first_row(sheet: Sheet, findings: list[Finding]) -> dict[str, str]:
    columns, problems = read_header("settings", sheet.header)
    findings.extend(problems)
    if not sheet.rows:
        return {}
    view = RowView("settings", sheet.rows[0], columns)
    for column in view.filled():
        if column.base not in SETTINGS_COLUMNS | IGNORED_SETTINGS:
            findings.append(unknown_column_notice("settings", column))
        elif column.base in IGNORED_SETTINGS - {"allow_choice_duplicates"}:
            detail = Words("这项设置在本应用中不起作用", "this setting changes nothing in the app")
            number = view.number
            findings.append(found("ignored", "setting", detail, "settings", number, column.header))
    return {column.base: view.cell(column) for column in columns if view.cell(column)}
