"""Cell text as pyxform hands it to ODK: curly quotes made straight on every form sheet, and on
the survey sheet runs of spaces made one (unless the settings say `clean_text_values = no`).

So a label, a choice name (`don’t_know` is `don't_know`) and an expression (`'是’` is the
text 是) mean in the app what they mean in ODK Collect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from survey_app.xlsform.workbook import Sheet

SMART_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
CURLY = re.compile("[‘’“”]")
SPACES = re.compile(" +")
# Spellings of "no" that turn the cleaning off (pyxform.aliases.yes_no); anything else is yes.
NO = {"no", "No", "NO", "false", "False", "FALSE", "false()"}


@dataclass(frozen=True)
class Straightened:
    """A cell whose curly quotes were made straight, as it was written."""

    sheet: str
    row: int
    column: int
    written: str


def straighten_quotes(key: str, sheet: Sheet) -> list[Straightened]:
    changed = []
    for row in sheet.rows:
        for index, cell in enumerate(row.cells):
            if CURLY.search(cell):
                changed.append(Straightened(key, row.number, index, cell))
                row.cells[index] = cell.translate(SMART_QUOTES)
    return changed


def collapse_spaces(sheet: Sheet) -> None:
    for row in sheet.rows:
        row.cells = [SPACES.sub(" ", cell) if "  " in cell else cell for cell in row.cells]


def cleans_text(setting: str) -> bool:
    return setting not in NO
