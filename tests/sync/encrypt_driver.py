"""`survey-app encrypt` of one file in a child process, saying when it starts (the kill test)."""

from __future__ import annotations

import sys
from pathlib import Path

from survey_app.sync.encrypt import encrypt_file

if __name__ == "__main__":
    print("ready", flush=True)
    done = encrypt_file(Path(sys.argv[1]), sys.argv[2])
    print("done", done.records, flush=True)
