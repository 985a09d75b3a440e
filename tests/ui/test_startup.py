"""Opening the window on a laptop's file loads no analysis library: pandas and numpy (about a
second) come in only with the exports and analyses that use them, pypinyin only as names are
written."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

OPEN_THE_WINDOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from survey_app.ui import app
    from survey_app.store.database import open_store
    from survey_app.ui.base.translations import Translations
    from survey_app.ui.field.workspace import Workspace
    from survey_app.ui.main_window import MainWindow

    qapp = app.start_application()
    window = MainWindow(Workspace(open_store(Path(sys.argv[1]))), Translations())
    window.show()
    qapp.processEvents()
    heavy = {"pandas", "numpy", "sqlite_utils", "pypinyin"} & set(sys.modules)
    print(window.windowTitle() != "", sorted(heavy))
    """
)


def test_opening_the_window_imports_neither_pandas_nor_numpy(db_path: Path) -> None:
    # sqlite-utils imports both as it loads; the store needs it only to migrate an older file.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", OPEN_THE_WINDOW, str(db_path)],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "True []"
