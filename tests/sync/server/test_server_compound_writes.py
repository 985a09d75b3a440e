"""A laptop's role inserts a record naming a compound only where the app would have let that
laptop write it (schema.py, migration 5): of the compounds the server served it at its last
receive before the record, or gives it now. A forged laptop file's record of another compound
stops the sync, which names it and reports no success; a laptop reassigned while it still holds
records of its old compounds sends them; a server of migration 4 is brought to it."""

from __future__ import annotations

import json
from dataclasses import replace

import psycopg
import pytest
from server_helpers import server_laptop, sync
from sync_helpers import COMPOUNDS, household

from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import VotePayload
from survey_app.core.vocabulary import error_message
from survey_app.core.votes import Choice
from survey_app.store import database
from survey_app.store.assignments import assign_compounds
from survey_app.store.database import Store
from survey_app.store.households import get_household
from survey_app.store.tallies import counts_by_compound
from survey_app.store.votes import record_vote
from survey_app.sync.server import connection, schema
from survey_app.sync.server import sync as server_sync
from survey_app.sync.server.roles import init_server

MINE, OTHER = COMPOUNDS


def vote(store: Store, compound: str, index: int) -> str:
    return record_vote(store=store, household=household(store, compound, index), round_no=1,
                       choice=Choice.AGREE, signer=f"住户{index:03d}").id  # fmt: skip


def forge_vote(
    store: Store, office: Store, compound: str, index: int, monkeypatch, naming: str | None = None
) -> str:
    """A vote the laptop's app would refuse (its compound is not the laptop's, or not the
    household's: `naming`), written past the check as a tampered copy of the app would, for a
    household of `compound` the laptop does not hold."""
    home = household(office, compound, index).id
    forged = VotePayload(household=home, compound=naming or compound,
                         round=1, choice="disagree", signer=None, relation="self",
                         channel="door", note=None, surveyor="李强", signature=None,
                         replaces=())  # fmt: skip
    with monkeypatch.context() as patched, store.transaction():
        patched.setattr(database, "check_household_compound", lambda *args: None)
        return store.append(forged).id


def held(store: Store) -> set[tuple[str, str]]:
    return set(store.db.execute("SELECT id, hash FROM records").fetchall())


def on_server(url: str, device: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute("SELECT id FROM records WHERE device = %s", [device]).fetchall()
    return {str(i) for (i,) in rows}


def given(field_batch, admin_url: str, name: str, compounds):
    """A laptop the office gave these compounds (None: every one), synced once."""
    office = field_batch.office
    store, url = server_laptop(field_batch, admin_url, name)
    if compounds is not None:
        assign_compounds(store=office, fingerprint=store.fingerprint, compounds=compounds)
        sync(office, admin_url)
    sync(store, url)
    return store, url


def insert_as_laptop(url: str, device: str, compound: str | None, home: str = "") -> None:
    """One vote inserted by hand with the laptop's role, for a household of `home` (default: of
    `compound`), rolled back when the server takes it."""
    named = {"compound": compound, "household": f"{home or compound}/1-1-101"} if compound else {}
    payload = json.dumps(named or {"id": device})
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction(force_rollback=True):
        conn.execute(
            "INSERT INTO records (id, kind, device, seq, created_at, payload, hash) "
            "VALUES ('by-hand', 'vote', %s, 999999, 'x', %s, 'beef')",
            [device, payload],
        )


def test_a_laptop_role_may_not_insert_a_record_of_a_compound_not_given_to_it(field_batch, server):
    sync(field_batch.office, server.url)
    scoped, scoped_url = given(field_batch, server.url, "甲", [MINE])
    whole, whole_url = given(field_batch, server.url, "乙", None)
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
        insert_as_laptop(scoped_url, scoped.device_id, OTHER)
    assert "row-level security" in str(refused.value)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # its own, for OTHER's household
        insert_as_laptop(scoped_url, scoped.device_id, MINE, home=OTHER)
    insert_as_laptop(scoped_url, scoped.device_id, MINE)  # its own compound, and none
    insert_as_laptop(scoped_url, scoped.device_id, None)
    insert_as_laptop(whole_url, whole.device_id, OTHER)  # a laptop of every compound
    with psycopg.connect(server.url, autocommit=True) as admin:
        assert admin.execute("SELECT count(*) FROM records WHERE id = 'by-hand'").fetchone()[0] == 0
    with psycopg.connect(scoped_url, autocommit=True) as conn:  # no roster of OTHER by asking
        asked = [household(field_batch.office, MINE, i).id for i in range(3)]
        answers = conn.execute(
            "SELECT survey_placed(%s, 'vote', h, %s) FROM unnest(%s::text[]) h",
            [scoped.device_id, OTHER, asked],
        ).fetchall()
        assert answers == [(True,)] * 3


def test_a_forged_laptop_file_holding_another_compounds_record_does_not_sync(
    field_batch, server, monkeypatch
):
    office = field_batch.office
    sync(office, server.url)
    scoped, url = given(field_batch, server.url, "甲", [MINE])
    sent_before = on_server(server.url, scoped.device_id)
    legitimate = vote(scoped, MINE, 0)
    forged = forge_vote(scoped, office, OTHER, 0, monkeypatch)
    before = held(scoped)
    with pytest.raises(RefusedAction) as refused:
        sync(scoped, url)
    assert refused.value.code == "server_refuses_compound"
    assert forged in refused.value.message and OTHER in refused.value.message
    assert "甲" in refused.value.message and "仍在本机文件中" in refused.value.message
    english = error_message(refused.value.code, refused.value.params, "en")
    assert f"record {forged}" in english and "still in this laptop's file" in english
    assert held(scoped) == before  # nothing of the laptop's lost, nothing of it sent
    assert on_server(server.url, scoped.device_id) == sent_before
    assert legitimate not in sent_before
    with pytest.raises(RefusedAction):  # and again at every sync, never a success
        sync(scoped, url, receive=False)
    assert held(scoped) == before


@pytest.mark.parametrize(
    ("first", "then"),
    [([MINE], [OTHER]), (None, [OTHER])],
    ids=["reassigned", "given-one-after-all"],
)
def test_a_reassigned_laptop_sends_what_it_wrote_before_and_nothing_of_its_old_compounds_after(
    field_batch, server, monkeypatch, first, then
):
    office = field_batch.office
    sync(office, server.url)
    laptop, url = given(field_batch, server.url, "甲", first)
    written = vote(laptop, MINE, 3)  # under its first assignment, not sent yet
    assign_compounds(store=office, fingerprint=laptop.fingerprint, compounds=then)
    sync(office, server.url)  # the server's rights: OTHER only, before the laptop's next sync
    report = sync(laptop, url)
    assert report.sent >= 1 and written in on_server(server.url, laptop.device_id)
    sync(office, server.url)
    assert counts_by_compound(store=office, round_no=1)[MINE].agree == 1
    assert laptop.db.execute(
        "SELECT count(*) FROM households WHERE compound = ?", [MINE]
    ).fetchone() == (0,)  # its receive took MINE away
    vote(laptop, OTHER, 4)
    sync(laptop, url)  # what it writes for OTHER now goes
    forged = forge_vote(laptop, office, MINE, 5, monkeypatch)
    with pytest.raises(RefusedAction) as refused:
        sync(laptop, url)
    assert refused.value.code == "server_refuses_compound" and forged in refused.value.message
    assert forged not in on_server(server.url, laptop.device_id)


def test_server_init_brings_a_server_of_migration_4_to_compound_writes(
    field_batch, cluster, monkeypatch
):
    """A server initialised before migration 5, a laptop of MINE holding a vote not sent yet
    when the office gives it OTHER instead: once `server init` ran again the vote goes, and
    the laptop may then write for OTHER only."""
    name = "citybefore5"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = cluster.url(database=name)
    with monkeypatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        old.setattr(connection, "SCHEMA_VERSION", 4)
        old.setattr(server_sync, "note_served", lambda *args: None, raising=False)  # 4 did not
        assert init_server(url).applied == [1, 2, 3, 4]
        office = field_batch.office
        sync(office, url)
        laptop, laptop_url = given(field_batch, url, "甲", [MINE])
        written = vote(laptop, MINE, 1)
        assign_compounds(store=office, fingerprint=laptop.fingerprint, compounds=[OTHER])
    assert init_server(url).applied == [5]
    sync(office, url)
    sync(laptop, laptop_url)
    assert written in on_server(url, laptop.device_id)
    vote(laptop, OTHER, 2)
    sync(laptop, laptop_url)
    forged = forge_vote(laptop, office, MINE, 6, monkeypatch)
    with pytest.raises(RefusedAction) as refused:
        sync(laptop, laptop_url)
    assert refused.value.code == "server_refuses_compound" and forged in refused.value.message


def test_a_vote_must_name_a_compound_its_household_was_ever_in(field_batch, server, monkeypatch):
    """A laptop of MINE may vote for a household a roster record moved into MINE; a forged vote
    naming MINE for a household of OTHER (counted nowhere) is refused, and the sync says so."""
    office = field_batch.office
    sync(office, server.url)
    moved = household(office, OTHER, 7)
    (current,) = office.db.execute("SELECT record_id FROM households WHERE id = ?", [moved.id])
    with office.transaction():
        office.append(replace(moved, compound=MINE).payload(supersedes=(current[0],)))
    laptop, url = given(field_batch, server.url, "甲", [MINE])
    there = get_household(store=laptop, id=moved.id)
    assert there is not None and there.compound == MINE
    written = record_vote(store=laptop, household=there, round_no=1, choice=Choice.AGREE).id
    sync(laptop, url)
    assert written in on_server(server.url, laptop.device_id)
    before = held(laptop)
    forged = forge_vote(laptop, office, OTHER, 8, monkeypatch, naming=MINE)
    with pytest.raises(RefusedAction) as refused:
        sync(laptop, url)
    assert refused.value.code == "server_refuses_wrong_compound"
    assert forged in refused.value.message
    assert household(office, OTHER, 8).id in refused.value.message
    english = error_message(refused.value.code, refused.value.params, "en")
    assert "a compound it was never in" in english and "still in this laptop's file" in english
    assert held(laptop) == before | {(forged, laptop.db.execute(
        "SELECT hash FROM records WHERE id = ?", [forged]).fetchone()[0])}  # fmt: skip
    assert forged not in on_server(server.url, laptop.device_id)
