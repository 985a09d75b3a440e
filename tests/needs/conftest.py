"""The needs tests build small workbooks with the XLSForm tests' fixtures."""

from tests.xlsform.conftest import make_form, write_workbook_fixture

__all__ = ["make_form", "write_workbook_fixture"]
