"""Importing a roster: preview the file, then import it into a compound in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from survey_app.store import roster_import
from survey_app.store.compounds import find_compound, save_compound
from survey_app.store.database import Store
from survey_app.store.roster_import import ImportReport, RosterTable

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RosterRequest:
    """A roster to import and the compound it belongs to; a name creates or renames it."""

    roster: Path
    code: str
    name: str = ""
    street: str | None = None
    community: str | None = None


def preview_roster(*, path: Path) -> RosterTable:
    """The header row found, how each column is read, and the rows, before importing."""
    return roster_import.read_roster_table(path)


def import_roster(
    *,
    store: Store,
    path: Path,
    compound: str,
    name: str = "",
    street: str | None = None,
    community: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the roster; with a name, the compound is added (or its details updated) in the
    same transaction, so a refused file leaves no empty compound behind. Bad rows are reported
    with their row number and reason; importing the same file again changes nothing."""
    with store.transaction():
        if name.strip():
            _save_details(store, compound, name.strip(), street, community)
        return roster_import.import_roster(
            store=store, path=path, compound=compound, progress=progress
        )


def import_request(
    *, store: Store, request: RosterRequest, progress: Progress | None = None
) -> ImportReport:
    return import_roster(
        store=store,
        path=request.roster,
        compound=request.code,
        name=request.name,
        street=request.street,
        community=request.community,
        progress=progress,
    )


def _save_details(
    store: Store, code: str, name: str, street: str | None, community: str | None
) -> None:
    known = find_compound(store=store, code=code)
    save_compound(
        store=store,
        code=code,
        name=name,
        street=street or (known.street if known else None),
        community=community or (known.community if known else None),
        district=known.district if known else None,
        built=known.built if known else None,
    )
