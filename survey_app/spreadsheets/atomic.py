"""Writing a file so that it is either whole or not there: the one home of write-then-rename.

The content goes to a temporary file in the same folder (a rename is atomic only within one
file system), is flushed to the disk, and then takes the file's name in one step. On any failure
the temporary file is removed and the old file, if any, is untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

PRIVATE = 0o600
"""A new file holds names and phone numbers (个人信息): readable by its owner only."""
PRIVATE_FOLDER = 0o700
"""A new folder of such files (the CSV export): only its owner may list or open it."""


@contextlib.contextmanager
def write_atomically(path: Path, *, keep_existing: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write; when the block ends without an error it becomes `path`.

    A new file gets mode 0600; a file replaced keeps the mode it had. With `keep_existing`, a
    file that appeared under `path` meanwhile (another laptop created it) is kept and the
    content written here is dropped.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".writing")
    os.close(descriptor)  # mkstemp made it 0600; writers open it again by name
    temporary = Path(name)
    try:
        _keep_mode_of(path, temporary)
        yield temporary
        _flush_to_disk(temporary)
        if keep_existing:
            _link_unless_exists(temporary, path)
        else:
            os.replace(temporary, path)
        _flush_folder(path.parent)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _keep_mode_of(path: Path, temporary: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))


def _flush_to_disk(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder, nor needs to."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _link_unless_exists(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if the file exists: the file already there stays
    except FileExistsError:
        pass
    except OSError:  # no hard links (FAT on USB sticks): replace only a missing or empty file
        if not path.exists() or path.stat().st_size == 0:
            os.replace(temporary, path)
