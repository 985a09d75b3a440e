"""Which compounds each laptop works in: the office's `assignment` records, in causal order.

An assignment names a laptop by its key fingerprint and the compounds it works in (None: all).
Each names the assignments of that fingerprint in force where it was written (`supersedes`), so
what is in force comes from the records, never from clocks: the heads (counted assignments no
other counted one supersedes) are in force together, and the laptop works in the union of their
compounds (all, when one of them says all). Two office devices assigning without seeing each
other thus never take away a compound either gave, until a later assignment supersedes both.
A laptop that no counted assignment names works in every compound, as before assignments.

A laptop keeps the compounds it was given at its last sync (meta `scope`, absent: all) and, per
device, the sequence number up to which it has considered that device's records in the central
file (`scope_watermarks`): sync/scope.py reads them so that a scoped laptop neither reads the
whole central file at every sync nor takes the records it was not given for missing ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from survey_app.core.errors import InvalidInput, RefusedAction
from survey_app.core.ids import HOUSEHOLD_SEPARATOR
from survey_app.core.keys import normalise_fingerprint
from survey_app.core.records import RecordKind
from survey_app.store import driver
from survey_app.store.trust import OFFICE, Standing, device_fingerprints, read_trust

if TYPE_CHECKING:  # the store checks what it writes against the scope kept here
    from survey_app.store.database import Store

Scope = frozenset[str] | None
"""The compounds a laptop works in; None: all of them."""
SCOPE_KEY = "scope"
CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS scope_watermarks "
    "(device TEXT PRIMARY KEY, considered INTEGER NOT NULL)"
)


def _counted(standing: Standing | None, seq: int) -> bool:
    if standing is None or standing.role != OFFICE:
        return False
    return standing.up_to_seq is None or seq <= standing.up_to_seq


def _heads(
    db: driver.Connection, trust: Mapping[str, Standing], fingerprint: str | None = None
) -> dict[str, list[tuple[str, Scope]]]:
    """Per fingerprint, its assignments in force: (record id, compounds)."""
    where, params = ("", []) if fingerprint is None else (
        " AND json_extract(payload, '$.fingerprint') = ?", [fingerprint])  # fmt: skip
    rows = db.execute(
        f"SELECT id, device, seq, payload FROM records WHERE kind = 'assignment'{where}", params
    ).fetchall()
    counted = [(str(i), json.loads(p)) for i, d, s, p in rows if _counted(trust.get(d), int(s))]
    superseded = {str(old) for _, data in counted for old in data.get("supersedes") or ()}
    heads: dict[str, list[tuple[str, Scope]]] = {}
    for record, data in sorted(counted, key=lambda item: item[0]):
        if record in superseded:
            continue
        compounds = data.get("compounds")
        scope = None if compounds is None else frozenset(str(c) for c in compounds)
        heads.setdefault(str(data.get("fingerprint")), []).append((record, scope))
    return heads


def _union(heads: Iterable[tuple[str, Scope]]) -> Scope:
    found: set[str] = set()
    for _, scope in heads:
        if scope is None:
            return None
        found |= scope
    return frozenset(found)


def assignments_in_force(
    db: driver.Connection, trust: Mapping[str, Standing] | None = None
) -> dict[str, Scope]:
    """Each assigned fingerprint's compounds (fingerprints never assigned are absent: all)."""
    found = _heads(db, read_trust(db) if trust is None else trust)
    return {fingerprint: _union(heads) for fingerprint, heads in found.items()}


def assigned_compounds(
    db: driver.Connection, fingerprint: str, trust: Mapping[str, Standing] | None = None
) -> Scope:
    heads = _heads(db, read_trust(db) if trust is None else trust, fingerprint)
    return _union(heads.get(fingerprint, [("", None)]))


def assign_compounds(*, store: Store, fingerprint: str, compounds: Iterable[str] | None) -> Scope:
    """The office gives a laptop its compounds (None: all); each code must be a compound of
    this file. Returns what the laptop works in from now on."""
    written = normalise_fingerprint(fingerprint)
    codes = None if compounds is None else tuple(sorted({c.strip() for c in compounds if c}))
    known = {str(c) for (c,) in store.db.execute("SELECT code FROM compounds")}
    for code in codes or ():
        if code not in known:
            raise InvalidInput(code="unknown_compound", compound=code)
    from survey_app.core.payloads import AssignmentPayload

    with store.transaction():
        heads = _heads(store.db, read_trust(store.db), written).get(written, [])
        store.append(
            AssignmentPayload(
                fingerprint=written,
                compounds=codes,
                supersedes=tuple(record for record, _ in heads),
            )
        )
    return None if codes is None else frozenset(codes)


def device_names_by_fingerprint(db: driver.Connection) -> dict[str, str]:
    names = dict(db.execute("SELECT id, name FROM devices").fetchall())
    return {fp: str(names.get(d) or "") for d, fp in device_fingerprints(db).items() if fp}


def enrolled_fingerprints(db: driver.Connection) -> dict[str, str]:
    """The role each counted enrolment by key gave a fingerprint (the widest one)."""
    trust = read_trust(db)
    rows = db.execute(
        "SELECT device, seq, json_extract(payload, '$.fingerprint'), "
        "json_extract(payload, '$.role') FROM records WHERE kind = 'enrolment' "
        "AND json_extract(payload, '$.fingerprint') IS NOT NULL ORDER BY device, seq"
    ).fetchall()
    roles: dict[str, str] = {}
    for device, seq, fingerprint, role in rows:
        if _counted(trust.get(device), int(seq)) and roles.get(fingerprint) != OFFICE:
            roles[str(fingerprint)] = OFFICE if role == OFFICE else "field"
    return roles


def parse_compounds(text: str) -> tuple[str, ...] | None:
    """`--compounds NH-001,NH-002`; `all` (or 全部) for every compound."""
    if text.strip().lower() in ("all", "全部", "*"):
        return None
    codes = tuple(c.strip() for c in text.replace(",", ",").split(",") if c.strip())
    if not codes:
        raise InvalidInput(code="no_compounds_given")
    return codes


def held_scope(db: driver.Connection) -> Scope:
    """What this laptop was given at its last sync (None: all, or never told)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [SCOPE_KEY]).fetchone()
    return None if row is None else frozenset(json.loads(row[0]))


def check_assigned(db: driver.Connection, compound: object, name: str) -> None:
    """A laptop writes votes, visits and survey answers only for the compounds it was given."""
    scope = held_scope(db)
    if scope is not None and compound not in scope:
        raise RefusedAction(code="compound_not_assigned", compound=str(compound), name=name)


def household_compound(db: driver.Connection, household: object) -> str:
    """The compound a household is in: its roster row's, else the code its id starts with (a
    laptop holds no row of a compound not given to it). Both are the same for every household
    the app writes (its id is made from the compound it is imported into, core/ids.py); only a
    hand-made roster record moves a household, and then its row decides (a closed round keeps
    the households it froze: `vote_counted_sql`)."""
    row = db.execute("SELECT compound FROM households WHERE id = ?", [str(household)]).fetchone()
    return str(row[0]) if row else str(household).partition(HOUSEHOLD_SEPARATOR)[0]


HOUSEHOLD_KINDS = frozenset({RecordKind.VOTE, RecordKind.SURVEY_ANSWER, RecordKind.VISIT})
"""The records a field laptop writes for a household, each naming the household and its
compound; one naming another compound is refused (`{kind}_wrong_compound`). (A vote's void
copies both from the vote it voids, and stands only on a vote naming the same compound; an
erasure is the office's; a draft is kept on the laptop, never synced.)"""


def home_compound_sql(household: str) -> str:
    """`household_compound` of the household id in the SQL expression `household` (a column):
    its roster row's compound, else its id up to the first separator."""
    prefix = f"instr({household}, '{HOUSEHOLD_SEPARATOR}')"
    return (
        f"coalesce((SELECT hc.compound FROM households hc WHERE hc.id = {household}), "
        f"CASE WHEN {prefix} THEN substr({household}, 1, {prefix} - 1) ELSE {household} END)"
    )


def vote_counted_sql(vote: str) -> str:
    """Whether the vote (an alias of `votes`) counts for the compound it names: its household is
    in that compound now, or was when the vote's round there was closed (`frozen_households`):
    a closed round's result does not move when a later roster record moves a household."""
    return (
        f"(EXISTS (SELECT 1 FROM households hv WHERE hv.id = {vote}.household "
        f"AND hv.compound = {vote}.compound) OR EXISTS (SELECT 1 FROM frozen_households fv "
        f"WHERE fv.round = {vote}.round AND fv.compound = {vote}.compound "
        f"AND fv.household = {vote}.household))"
    )


def check_household_compound(
    db: driver.Connection, payload: Mapping[str, object], kind: str, name: str
) -> None:
    """A vote, survey answer or visit counts only for its household's compound (SPEC §6a):
    the laptop must be given that compound, and the record must name it."""
    home = household_compound(db, payload.get("household"))
    check_assigned(db, home, name)
    if payload.get("compound") != home:
        code = "vote_wrong_compound"
        if kind == RecordKind.VISIT:
            code = "visit_wrong_compound"
        elif kind == RecordKind.SURVEY_ANSWER:
            code = "survey_answer_wrong_compound"
        raise RefusedAction(
            code=code,
            household=str(payload.get("household")),
            compound=str(payload.get("compound")),
            home=home,
        )
