"""One spreadsheet row seen through its sheet's columns."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.xlsform.columns import Column
from survey_app.xlsform.workbook import Row


@dataclass
class RowView:
    sheet: str
    row: Row
    columns: list[Column]

    @property
    def number(self) -> int:
        return self.row.number

    def cell(self, column: Column) -> str:
        cells = self.row.cells
        return cells[column.index] if column.index < len(cells) else ""

    def get(self, base: str) -> str:
        """The plain (language-less) column `base`, e.g. name, relevant, list_name."""
        for column in self.columns:
            if column.base == base and column.language is None and not column.sub:
                return self.cell(column)
        return ""

    def texts(self, base: str) -> dict[str, str]:
        """label, hint ... by language key ("" for the column without a language)."""
        found: dict[str, str] = {}
        for column in self.columns:
            if column.base == base and not column.sub and self.cell(column):
                found.setdefault(column.language.key if column.language else "", self.cell(column))
        return found

    def filled(self, bases: set[str] | None = None) -> list[Column]:
        return [
            column
            for column in self.columns
            if self.cell(column) and (bases is None or column.base in bases)
        ]
