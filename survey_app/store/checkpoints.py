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
"""

from __future__ import annotations

import threading
from pathlib import Path

from survey_app.store import driver

WAL_BOUND_PAGES = 10_000
"""The WAL's size (pages; 40 MB of 4 KiB pages) past which a commit checkpoints in-line."""
CHECKPOINT_DELAY_S = 0.5
"""How long after a commit the thread checkpoints, and how often while commits go on."""


class Checkpointer:
    """Checkpoints the WAL of the file at `path` (`key`: SQLCipher's raw key, None: plain) in a
    thread that runs while commits come and ends one quiet delay after the last."""

    def __init__(self, path: Path, key: str | None) -> None:
        # the name the store opened (SQLite finds its -wal by it); mode=rw never makes a file anew
        self._uri = path.absolute().as_uri() + "?mode=rw"
        self._key = key
        self._delay = CHECKPOINT_DELAY_S
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._pending = False
        self._thread: threading.Thread | None = None
        self.checkpoints = 0
        """PASSIVE checkpoints run so far (each copies every page no reader still needs)."""

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None and self._thread.is_alive()

    def committed(self) -> None:
        """A commit was made: checkpoint after the delay (a thread is started if none runs)."""
        with self._lock:
            if self._stopped.is_set():
                return
            self._pending = True
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
        """Wait the delay; then True if a commit came meanwhile (and it is now taken)."""
        if self._stopped.wait(self._delay):
            return False
        with self._lock:
            pending, self._pending = self._pending, False
            if not pending:  # ends, in the same locked step that a commit's start looks at
                self._forget_thread()
            return pending

    def _forget_thread(self) -> None:
        """This thread ends (the lock held): the next commit starts another."""
        if self._thread is threading.current_thread():
            self._thread = None

    def _connect(self) -> driver.Connection:
        conn = driver.connect(self._uri, key=self._key, uri=True)
        conn.execute("PRAGMA synchronous = FULL")  # the file is fsynced after each checkpoint
        return conn
