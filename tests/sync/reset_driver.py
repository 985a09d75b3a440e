"""One `device reset` in a child process, saying when it starts: the kill test runs it."""

from __future__ import annotations

import sys
from pathlib import Path

from survey_app.store.database import open_store
from survey_app.sync.identity_reset import reset_identity

if __name__ == "__main__":
    store = open_store(Path(sys.argv[1]))
    print("ready", flush=True)
    report = reset_identity(store=store, central=Path(sys.argv[2]))
    print("done", report.reissued, flush=True)
