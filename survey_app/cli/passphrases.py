"""Where the command line takes a data file's passphrase from: an environment variable, or a
hidden prompt in a terminal (a new file's asked twice). Without a terminal and without the
variable a new file is refused (one line), and an encrypted one is `wrong_passphrase`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from survey_app.core.errors import InvalidInput, UnreadableFile

LAPTOP_VARIABLE = "SURVEY_APP_PASSPHRASE"
CENTRAL_VARIABLE = "SURVEY_APP_CENTRAL_PASSPHRASE"


def _interactive() -> bool:
    return sys.stdin.isatty()


def _is_new(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def for_file(path: Path, variable: str, *, prompt: str, create: bool = True) -> str | None:
    """The passphrase to open or create `path` with (None: a plain file, which needs none)."""
    from survey_app.store.encryption import is_encrypted

    if _is_new(path):
        if not create:
            return None
        return new_passphrase(variable, prompt=prompt)
    if not is_encrypted(path):
        return None
    given = os.environ.get(variable)
    if given is not None:
        return given
    if _interactive():
        return str(click.prompt(f"{prompt} {path}", hide_input=True, err=True))
    raise UnreadableFile(code="wrong_passphrase", path=str(path))


def new_passphrase(variable: str, *, prompt: str) -> str:
    """A new file's passphrase: the variable's, or typed twice in a terminal."""
    given = os.environ.get(variable)
    if given:
        return given
    if not _interactive():
        raise InvalidInput(code="passphrase_needed", variable=variable)
    first = str(click.prompt(f"{prompt}(新文件 new file)", hide_input=True, err=True))
    again = str(click.prompt("再输入一次 Again", hide_input=True, err=True))
    if first != again:
        raise InvalidInput(code="passphrases_differ")
    if not first:
        raise InvalidInput(code="passphrase_needed", variable=variable)
    return first


def laptop(path: Path, *, create: bool = True) -> str | None:
    return for_file(path, LAPTOP_VARIABLE, prompt="本机数据文件的口令 Passphrase of", create=create)


def central(path: Path) -> str | None:
    return for_file(path, CENTRAL_VARIABLE, prompt="中心文件的口令 Passphrase of the central file")


def any_file(path: Path) -> str | None:
    """A file given to read (`--file`, `check-file`): the central file's passphrase if it
    fits, else this laptop's, else asked for."""
    from survey_app.store.encryption import file_key, is_encrypted

    if not is_encrypted(path):
        return None
    for variable in (CENTRAL_VARIABLE, LAPTOP_VARIABLE):
        given = os.environ.get(variable)
        if given is None:
            continue
        try:
            file_key(path, given)
        except UnreadableFile:
            continue
        return given
    if _interactive():
        return str(click.prompt(f"口令 Passphrase of {path}", hide_input=True, err=True))
    raise UnreadableFile(code="wrong_passphrase", path=str(path))
