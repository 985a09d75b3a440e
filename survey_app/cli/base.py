"""The click group every command hangs from, and the handling of user errors."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from survey_app.core.errors import SurveyAppError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Each module registers its commands on `main` when imported (see register_commands).
COMMAND_MODULES: list[str] = [
    "survey_app.cli.setup",
    "survey_app.cli.compounds",
    "survey_app.cli.rounds",
    "survey_app.cli.vote_cli",
    "survey_app.cli.household_cli",
    "survey_app.cli.results",
    "survey_app.cli.report_cli",
    "survey_app.cli.forms_cli",
    "survey_app.cli.survey_cli",
    "survey_app.cli.sync_cli",
    "survey_app.cli.device_cli",
    "survey_app.cli.server_cli",
    "survey_app.cli.gui_cli",
]


class SurveyAppGroup(click.Group):
    """Turns a SurveyAppError into one line on stderr and exit code 1, never a traceback.
    Commands are registered as they are needed: `gui` alone loads its own module (the window
    starts without the other commands' imports), any other command or the help loads all."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in ALONE:
            importlib.import_module(ALONE[cmd_name])
        else:
            register_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        register_commands()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SurveyAppError as error:
            click.echo(f"错误 Error: {error.message}", err=True)
            ctx.exit(1)


@click.group(cls=SurveyAppGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SURVEY_APP_DB",
    help="Database file (default: the user's data directory; env SURVEY_APP_DB).",
)
@click.version_option(package_name="survey-app", prog_name="survey-app")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """survey-app: 老旧小区改造入户征询 — needs survey, two consent rounds, sync, tallies.

    Example: survey-app demo && survey-app rank
    """
    ctx.obj = CliState(db_path=db_path)


class CliState:
    def __init__(self, db_path: Path | None) -> None:
        self.db_path = db_path
        self._store: Any = None
        self._told_copied = False

    def store(self, *, writing: bool = True, plain_if_new: bool = False) -> Any:
        """Open (and create when missing: encrypted, see cli/passphrases.py; plain only with
        `plain_if_new`, the sample batch) the local database, once per command. A command
        that writes first says, once, when the file comes from another computer."""
        if self._store is None:
            from survey_app.cli import passphrases
            from survey_app.store.database import default_db_path, open_store

            self._check_exists()
            path = self.db_path or default_db_path()
            passphrase = passphrases.laptop(path, create=not plain_if_new)
            self._store = open_store(path, passphrase=passphrase)
        if writing and not self._told_copied:
            from survey_app.actions.devices import copied_notice

            self._told_copied = True
            notice = copied_notice(store=self._store)
            if notice:
                click.echo(f"注意 Notice: {notice}", err=True)
        return self._store

    def _check_exists(self) -> None:
        """A data file named by --db (or SURVEY_APP_DB) that does not exist may be a typo:
        only `init` and `demo` create one without asking; at a terminal the user is asked,
        in a script the command stops (nothing is created)."""
        path = self.db_path
        if path is None or path.exists() or click.get_current_context().info_name in CREATES:
            return
        from survey_app.core.errors import NotFound

        if _at_terminal() and click.confirm(
            f"找不到数据文件 {path}。要在这里新建一个空的数据文件吗? "
            f"/ {path} does not exist: create an empty data file here?",
            default=False,
            err=True,
        ):
            return
        raise NotFound(code="no_data_file", path=str(path))


CREATES = frozenset({"init", "demo"})
"""The commands that make a data file: a new --db path is what they are for."""


def _at_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _data_file_type() -> click.ParamType:  # type: ignore[type-arg]
    from survey_app.cli.server_access import CentralTarget

    return CentralTarget()


DATA_FILE = click.option(
    "--file",
    "data_file",
    type=_data_file_type(),
    help="Read this data file (e.g. the central file) instead of this laptop's; never changed. "
    "A server (postgresql://…) is read through its local copy, brought up to date first.",
)


def reading_store(data_file: Path | str | None) -> Any:
    """This laptop's database, or the file given by `--file` opened so that no byte of it
    changes (no device record, no journal switch, no migration written into it); a server's
    local copy, brought up to date with it first."""
    if data_file is None:
        return state().store(writing=False)
    from survey_app.actions.sync import open_for_reading
    from survey_app.cli import passphrases

    if isinstance(data_file, str):
        return _server_copy(data_file)

    return open_for_reading(path=data_file, passphrase=passphrases.any_file(data_file))


def _server_copy(url: str) -> Any:
    from survey_app.actions.server import open_server_for_reading, replica_path
    from survey_app.cli import passphrases
    from survey_app.cli.server_access import with_server_password

    passphrase = passphrases.central(replica_path(url))
    return with_server_password(url, lambda password: open_server_for_reading(
        url=url, passphrase=passphrase, password=password))  # fmt: skip


def state(ctx: click.Context | None = None) -> CliState:
    ctx = ctx or click.get_current_context()
    obj = ctx.find_object(CliState)
    assert obj is not None
    return obj


def echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


ALONE = {"gui": "survey_app.cli.gui_cli"}
"""Commands whose module registers them and needs no other."""


def register_commands() -> None:
    for module in COMMAND_MODULES:
        importlib.import_module(module)
