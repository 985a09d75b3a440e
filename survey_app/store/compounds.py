"""Compounds (小区): added and edited by appending records; each names the records it
supersedes, and the one no other supersedes is in force (store/versions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey_app.core.errors import InvalidInput, NotFound
from survey_app.core.ids import CompoundCode, compound_code
from survey_app.store.database import Store, as_dicts
from survey_app.store.versions import COMPOUND, current_versions

if TYPE_CHECKING:
    from survey_app.core.payloads import CompoundPayload


@dataclass(frozen=True)
class Compound:
    code: CompoundCode
    name: str
    district: str | None = None
    street: str | None = None
    community: str | None = None
    built: int | None = None


def save_compound(
    *,
    store: Store,
    code: str,
    name: str,
    district: str | None = None,
    street: str | None = None,
    community: str | None = None,
    built: int | None = None,
) -> Compound:
    """Add a compound, or record new details for an existing one. The record supersedes every
    version in force here, so saving again settles two versions written without seeing each
    other (a conflict) even when the details are unchanged."""
    if not name.strip():
        raise InvalidInput(code="empty_name")
    if built is not None and not 1900 <= built <= 2100:
        raise InvalidInput(code="bad_year", year=built)
    compound = Compound(compound_code(code), name.strip(), district, street, community, built)
    with store.transaction():
        current = current_versions(store=store, kind=COMPOUND, key=compound.code)
        if find_compound(store=store, code=compound.code) != compound or len(current) > 1:
            store.append(_payload(compound, current))
    return compound


def _payload(compound: Compound, supersedes: tuple[str, ...]) -> CompoundPayload:
    from survey_app.core.payloads import CompoundPayload

    return CompoundPayload(
        supersedes=supersedes,
        code=compound.code,
        name=compound.name,
        district=compound.district,
        street=compound.street,
        community=compound.community,
        built=compound.built,
    )


def _from_row(row: dict[str, object]) -> Compound:
    built = row["built"]
    return Compound(
        code=CompoundCode(str(row["code"])),
        name=str(row["name"]),
        district=_text(row["district"]),
        street=_text(row["street"]),
        community=_text(row["community"]),
        built=int(str(built)) if built is not None else None,
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def find_compound(*, store: Store, code: str) -> Compound | None:
    cursor = store.db.execute("SELECT * FROM compounds WHERE code = ?", [code.strip().upper()])
    rows = as_dicts(cursor)
    return _from_row(rows[0]) if rows else None


def get_compound(*, store: Store, code: str) -> Compound:
    compound = find_compound(store=store, code=code)
    if compound is None:
        raise NotFound(code="unknown_compound", compound=code)
    return compound


def list_compounds(*, store: Store) -> list[Compound]:
    return [
        _from_row(r) for r in as_dicts(store.db.execute("SELECT * FROM compounds ORDER BY code"))
    ]
