"""One sync in a child process, saying when it starts: the kill and concurrency tests run it."""

from __future__ import annotations

import sys
from pathlib import Path

from survey_app.store.database import open_store
from survey_app.sync.central import sync_with_central

if __name__ == "__main__":
    store = open_store(Path(sys.argv[1]))
    print("ready", flush=True)
    report = sync_with_central(store=store, central=Path(sys.argv[2]))
    print("done", report.sent, report.received, flush=True)
