"""One sync with a server in a child process, saying when it starts (kill and concurrency)."""

from __future__ import annotations

import sys
from pathlib import Path

from survey_app.store.database import open_store
from survey_app.sync.server.sync import sync_with_server

if __name__ == "__main__":
    store = open_store(Path(sys.argv[1]))
    print("ready", flush=True)
    report = sync_with_server(store=store, url=sys.argv[2])
    print("done", report.sent, report.received, flush=True)
