"""The data files a user opens: this laptop's database, the sample batch's own file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store, default_data_dir, open_store

if TYPE_CHECKING:
    from survey_app.sync.encrypt import Encrypted

DEMO_FILE_NAME = "demo.db"


def demo_db_path() -> Path:
    """The sample batch lives in its own file, never mixed with real survey data."""
    return default_data_dir() / DEMO_FILE_NAME


def is_demo(*, store: Store) -> bool:
    return store.path.resolve() == demo_db_path().resolve() or store.path.name == DEMO_FILE_NAME


@contextmanager
def opened(path: Path, passphrase: str | None = None) -> Iterator[Store]:
    """The database for one piece of work, closed after it: a worker thread opens its own,
    since SQLite connections stay in the thread that made them (`passphrase`: an encrypted
    file's; its derived key is remembered, so a second opening costs no derivation)."""
    store = open_store(path, passphrase=passphrase)
    try:
        yield store
    finally:
        store.close()


def has_compounds(*, path: Path, passphrase: str | None = None) -> bool:
    """Whether the file exists and holds any compound (opening it would create it)."""
    if not path.is_file():
        return False
    with opened(path, passphrase) as store:
        return bool(list_compounds(store=store))


def encrypt(*, path: Path, passphrase: str) -> Encrypted:
    """Encrypt a plain data file (a laptop's or a central one) in place, atomically."""
    from survey_app.sync.encrypt import encrypt_file  # not at the window's start

    return encrypt_file(path, passphrase)


def check_encryptable(*, path: Path) -> str:
    """Refuse what `encrypt` would refuse, before a passphrase is asked; the file's role
    (`laptop` or `central`) otherwise."""
    from survey_app.sync import encrypt as encrypting

    encrypting.check_encryptable(path)
    return encrypting.role_of(path)
