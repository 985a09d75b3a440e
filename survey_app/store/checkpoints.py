"""Copying a laptop file's WAL into the file itself, beside the work instead of inside it.

SQLite's own checkpoint runs inside the commit that takes the WAL past 1,000 pages (about
sixty votes of 16 pages): that vote also writes the changed pages into the file and fsyncs it,
and that fsync was the slowest of the vote's path (10 ms median, 120-230 ms p95 on a loaded
machine, against 2-3 ms for the WAL's own). Here the store's connection checkpoints by itself
only past `WAL_BOUND_PAGES`; a thread with a connection of its own runs a PASSIVE checkpoint
shortly after commits. A PASSIVE checkpoint takes no lock a writer waits for and, like any
checkpoint, is safe to interrupt: each commit is already in the WAL, fsynced, before
`transaction()` returns. Once the thread has copied every frame, the next commit starts the WAL
from its beginning; during a burst of back-to-back commits it seldom catches up, and the bound
restarts the WAL (an in-line checkpoint then copies only what the thread has not).

The thread waits for a quiet spell: no commit for the delay. Run 0.5 s after the first commit
of a burst of votes recorded back to back, its checkpoint met a vote's commit, and that vote
was among the slowest of the burst (up to 21 times the median vote). During a longer burst it
checkpoints at the latest `CHECKPOINT_LONGEST_WAIT_S` after the first commit it waits for, so
the WAL seldom reaches the in-line bound.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from survey_app.store import driver

WAL_BOUND_PAGES = 10_000
"""The WAL's size (pages; 40 MB of 4 KiB pages) past which a commit checkpoints in-line."""
CHECKPOINT_DELAY_S = 0.5
"""How long without a commit before the thread checkpoints."""
CHECKPOINT_LONGEST_WAIT_S = 2.0
"""How long at most, after the first commit not yet checkpointed, while commits go on (about
500 back-to-back votes of 16 pages: half the in-line bound)."""


class Checkpointer:
    """Checkpoints the WAL of the file at `path` (`key`: SQLCipher's raw key, None: plain) in a
    thread that runs while commits come and ends one quiet delay after the last checkpoint."""

    def __init__(self, path: Path, key: str | None) -> None:
        # the name the store opened (SQLite finds its -wal by it); mode=rw never makes a file anew
        self._uri = path.absolute().as_uri() + "?mode=rw"
        self._key = key
        self._delay = CHECKPOINT_DELAY_S
        self._longest = max(CHECKPOINT_LONGEST_WAIT_S, self._delay)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._pending = False
        self._first_commit = self._last_commit = 0.0
        """When the first and the last commit not yet checkpointed were made (monotonic)."""
        self._thread: threading.Thread | None = None
        self.checkpoints = 0
        """PASSIVE checkpoints run so far (each copies every page no reader still needs)."""

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None and self._thread.is_alive()

    def committed(self) -> None:
        """A commit was made: checkpoint once the delay passes without another (a thread is
        started if none runs)."""
        with self._lock:
            if self._stopped.is_set():
                return
            now = time.monotonic()
            if not self._pending:
                self._first_commit = now
            self._pending, self._last_commit = True, now
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="wal-checkpoint")
                self._thread.daemon = True
                self._thread.start()

    def stop(self) -> None:
        """End the thread (a checkpoint under way finishes first); later commits start none."""
        with self._lock:
            self._stopped.set()
            thread = self._thread
        if thread is not None:
            thread.join()

    def wait_quiet(self) -> None:
        """Return once the thread has ended: the commits so far are checkpointed, or stopped."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        conn: driver.Connection | None = None
        try:
            while self._take_pending():
                conn = conn or self._connect()
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.checkpoints += 1
        except driver.Error:
            pass  # nothing is lost: the WAL keeps every commit, and the in-line bound applies
        finally:
            with self._lock:
                self._forget_thread()
            if conn is not None:
                conn.close()

    def _take_pending(self) -> bool:
        """Wait for a quiet spell after the commits not yet checkpointed (or the longest wait);
        then True, the commits taken. False when the delay passes with none: the thread ends."""
        wait = self._delay
        while not self._stopped.wait(wait):
            with self._lock:
                if not self._pending:  # ends, in the same locked step that a commit's start
                    self._forget_thread()  # looks at
                    return False
                due = min(self._last_commit + self._delay, self._first_commit + self._longest)
                wait = due - time.monotonic()
                if wait <= 0:
                    self._pending = False
                    return True
        return False

    def _forget_thread(self) -> None:
        """This thread ends (the lock held): the next commit starts another."""
        if self._thread is threading.current_thread():
            self._thread = None

    def _connect(self) -> driver.Connection:
        conn = driver.connect(self._uri, key=self._key, uri=True)
        conn.execute("PRAGMA synchronous = FULL")  # the file is fsynced after each checkpoint
        return conn
