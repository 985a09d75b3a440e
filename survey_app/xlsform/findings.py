"""What a form check finds: mistakes, features the app cannot honour, and ignored extras.

A form loads when it has no `error` and no `unsupported` finding; `ignored` findings (an
appearance, a media column, an unknown extra column) are listed but change no answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from survey_app.core.errors import InvalidInput
from survey_app.core.vocabulary import Words

Severity = Literal["error", "unsupported", "ignored"]

TITLES = {
    "error": ("错误", "error"),
    "unsupported": ("不支持", "unsupported"),
    "ignored": ("忽略", "ignored"),
}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    detail: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    name: str | None = None
    text: str | None = None
    detail_zh: str = ""
    """The detail in Chinese (`detail` is the English); `found()` builds a finding from Words."""

    @property
    def blocks_loading(self) -> bool:
        return self.severity != "ignored"

    @property
    def words(self) -> Words:
        return Words(self.detail_zh or self.detail, self.detail)

    def said(self, language: str | None = "en") -> str:
        """The detail in `language` (zh..., else English)."""
        return self.words.text(language)

    def place(self, language: str | None = "en") -> str:
        """e.g. `survey row 2 relevant`, in Chinese `survey 第 2 行 relevant`."""
        row = ""
        if self.row:
            row = f"第 {self.row} 行" if _chinese(language) else f"row {self.row}"
        parts = [self.sheet or "", row, self.column or ""]
        return " ".join(part for part in parts if part)

    def message(self, language: str = "en") -> str:
        title = TITLES[self.severity][0 if _chinese(language) else 1]
        subject = f" {self.name}:" if self.name else ""
        text = f" [{self.text}]" if self.text and self.text != self.name else ""
        place = self.place(language)
        return f"{title}{' ' + place if place else ''}:{subject} {self.said(language)}{text}"

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "name": self.name,
            "text": self.text,
            "message": self.detail,
            "message_zh": self.words.zh,
        }


def _chinese(language: str | None) -> bool:
    return (language or "zh").lower().startswith("zh")


def found(
    severity: Severity,
    code: str,
    detail: Words,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    name: str | None = None,
    text: str | None = None,
) -> Finding:
    """A finding whose detail is said in both languages."""
    return Finding(severity, code, detail.en, sheet, row, column, name, text, detail.zh)


class FormRefused(InvalidInput):
    """The form cannot be used; `findings` says why, by sheet, row and name."""

    code = "form_refused"

    def __init__(self, source: str, findings: list[Finding]) -> None:
        blocking = [finding for finding in findings if finding.blocks_loading]
        more = len(blocking) - 3
        shown = Words(
            ";".join(f.message("zh") for f in blocking[:3])
            + (f"(另有 {more} 项)" if more > 0 else ""),
            "; ".join(f.message("en") for f in blocking[:3])
            + (f" (+{more} more)" if more > 0 else ""),
        )
        # the form tools speak English (as the XLSForm tools do); the window words the code
        super().__init__(f"{source}: form refused: {shown.en}", source=source, findings=shown)
        self.findings = findings
