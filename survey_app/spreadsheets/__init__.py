"""Every .xlsx and .csv read and write, and the one atomic-write helper.

- `read`: workbooks (.xlsx, .xlsm, .xls, .ods) by python-calamine, CSV with its encoding found;
- `write`: streamed .xlsx (openpyxl write-only) and CSV, cells written as data, never formulas;
- `atomic`: `write_atomically(path)`, the only write-then-rename in the app.

Imports only `core` and third-party packages.
"""
