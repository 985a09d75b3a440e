"""Reads an XLSForm workbook into a Form, or says precisely why it cannot be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.errors import UnreadableFile
from survey_app.core.vocabulary import Words, error_words
from survey_app.xlsform.choices import read_choices
from survey_app.xlsform.cleaning import Straightened, collapse_spaces, straighten_quotes
from survey_app.xlsform.columns import SURVEY_COLUMNS, Column, read_header, unknown_column_notice
from survey_app.xlsform.findings import Finding, FormRefused, found
from survey_app.xlsform.languages import Language
from survey_app.xlsform.model import ChoiceList, Form
from survey_app.xlsform.review import review
from survey_app.xlsform.rows import RowView
from survey_app.xlsform.settings import read_settings
from survey_app.xlsform.survey import SurveyBuilder
from survey_app.xlsform.workbook import Sheet, read_workbook

FORM_SHEETS = {"survey", "choices", "external_choices", "settings"}
SURVEY_EXTRA_COLUMNS = {
    "media", "image", "audio", "video", "big-image", "big_image", "bind", "body", "control",
    "instance", "guidance_hint", "save_to",
}  # fmt: skip
EXPRESSION_COLUMNS = {
    "relevant", "constraint", "calculation", "choice_filter", "repeat_count", "required",
    "read_only", "default",
}  # fmt: skip
TRANSLATED = {"label", "hint", "constraint_message", "required_message", "guidance_hint"}


@dataclass
class FormCheck:
    """The outcome of reading a form: the form (possibly partial) and every finding."""

    source: Path
    form: Form | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.form is not None and not any(f.blocks_loading for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.blocks_loading]


def load_form(path: Path | str) -> Form:
    """The form in `path`; raises FormRefused (or UnreadableFile) listing what stops it."""
    result = check_form(path)
    if not result.ok or result.form is None:
        raise FormRefused(Path(path).name, result.findings)
    return result.form


def check_form(path: Path | str) -> FormCheck:
    source = Path(path)
    try:
        sheets = read_workbook(source)
    except UnreadableFile as error:
        said = Words(error_words(error, "zh"), error_words(error, "en"))
        return FormCheck(source, None, [found("error", "unreadable_file", said)])
    findings: list[Finding] = []
    form = _read_form(source, sheets, findings)
    return FormCheck(source, form, findings)


def _read_form(source: Path, sheets: dict[str, Sheet], findings: list[Finding]) -> Form | None:
    survey = sheets.get("survey")
    if survey is None and len(sheets) == 1:
        # As pyxform reads a workbook: its only sheet is the survey, whatever it is named.
        survey = next(iter(sheets.values()))
        detail = Words(
            f"工作簿只有一张工作表 {survey.title},按 survey 表读取",
            f"the only sheet, {survey.title}, is read as the survey sheet",
        )
        findings.append(found("ignored", "survey_sheet", detail, survey.title))
        sheets = {"survey": survey}
    if survey is None:
        names = ", ".join(sheet.title for sheet in sheets.values())
        findings.append(
            found(
                "error",
                "missing_sheet",
                Words(
                    f"没有名为 survey 的工作表(现有工作表:{names});请把问题表命名为 survey",
                    f"no sheet named survey (sheets: {names})",
                ),
            )
        )
        return None
    findings.extend(_formula_findings(sheets))
    findings.extend(_extra_sheet_notices(sheets))
    straightened = [
        cell for key in sorted(FORM_SHEETS & sheets.keys())
        for cell in straighten_quotes(key, sheets[key])
    ]  # fmt: skip
    settings = read_settings(sheets.get("settings"), source, findings)
    if settings.clean_text_values:
        collapse_spaces(survey)
    lists = _choice_lists(sheets, "choices", findings)
    external = _choice_lists(sheets, "external_choices", findings)
    columns = _survey_columns(survey, findings)
    if columns is None:
        return None
    findings.extend(_quote_notices(straightened, columns, survey))
    builder = SurveyBuilder(survey, columns, findings)
    children = builder.build()
    languages = _languages(columns, sheets)
    form = Form(settings, children, lists, languages, external, source=str(source))
    review(form, findings, builder.refused_names)
    form.notices = [finding for finding in findings if not finding.blocks_loading]
    return form


def _formula_findings(sheets: dict[str, Sheet]) -> list[Finding]:
    detail = Words(
        "此单元格是公式,文件里没有保存它的计算结果:请用 Excel 或 WPS 打开文件并保存一次",
        "a formula without a saved result: open and save the file in Excel or WPS",
    )
    return [
        found("error", "uncached_formula", detail, key, None, cell)
        for key, sheet in sheets.items()
        if key in FORM_SHEETS
        for cell in sheet.uncached_formulas
    ]


def _quote_notices(
    straightened: list[Straightened], columns: list[Column], survey: Sheet
) -> list[Finding]:
    """Curly quotes in an expression are listed: `'是’` is the text 是 for ODK, which the
    author may not have meant."""
    expressions = {c.index: c for c in columns if c.base in EXPRESSION_COLUMNS and not c.sub}
    names = {row.number: RowView("survey", row, columns).get("name") for row in survey.rows}
    detail = Words(
        "中文(弯)引号已按半角引号读取;请改用半角引号 ' 或 \"",
        "curly quotes read as plain quotes",
    )
    return [
        found(
            "ignored", "full_width", detail, "survey", cell.row,
            expressions[cell.column].base, names.get(cell.row) or None, cell.written,
        )
        for cell in straightened
        if cell.sheet == "survey" and cell.column in expressions
    ]  # fmt: skip


def _extra_sheet_notices(sheets: dict[str, Sheet]) -> list[Finding]:
    return [
        found(
            "ignored",
            "extra_sheet",
            Words("不是 XLSForm 的工作表,已忽略", "not an XLSForm sheet; ignored"),
            sheet.title,
        )
        for key, sheet in sheets.items()
        if key not in FORM_SHEETS
    ]


def _choice_lists(
    sheets: dict[str, Sheet], key: str, findings: list[Finding]
) -> dict[str, ChoiceList]:
    return read_choices(sheets[key], key, findings) if key in sheets else {}


def _survey_columns(survey: Sheet, findings: list[Finding]) -> list[Column] | None:
    columns, problems = read_header("survey", survey.header)
    findings.extend(problems)
    if not any(column.base == "type" for column in columns):
        findings.append(
            found(
                "error",
                "missing_column",
                Words(
                    "survey 表没有 type 列:请在第 1 行加一个标题为 type 的列,填写每题的题型",
                    "the survey sheet has no type column",
                ),
                "survey",
                1,
            )
        )
        return None
    for column in columns:
        known = column.base in SURVEY_COLUMNS | SURVEY_EXTRA_COLUMNS
        if not known and _has_values(survey, column):
            findings.append(unknown_column_notice("survey", column))
    return columns


def _has_values(sheet: Sheet, column: Column) -> bool:
    return any(column.index < len(row.cells) and row.cells[column.index] for row in sheet.rows)


def _languages(columns: list[Column], sheets: dict[str, Sheet]) -> list[Language]:
    found: dict[str, Language] = {}
    headers = [columns]
    for key in ("choices", "external_choices"):
        if key in sheets:
            headers.append(read_header(key, sheets[key].header)[0])
    for column in (c for group in headers for c in group):
        if column.language is not None and column.base in TRANSLATED:
            found.setdefault(column.language.key, column.language)
    return list(found.values())
