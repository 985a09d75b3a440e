"""The laptop's SQLite database: the record log, its projections, and the repositories.

sqlite-utils imports pandas and numpy at import time when they are installed (only to map
their types to column types, which this app never uses). That costs about half a second of
start-up, so they are hidden while sqlite-utils loads; pandas stays importable afterwards.
"""

import sys


def _import_sqlite_utils_without_pandas() -> None:
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_pandas()
