"""Scoped receive from a server, and the order of syncs not mattering."""

from __future__ import annotations

import random

import psycopg
import pytest
from server_helpers import server_laptop, sync
from sync_helpers import COMPOUNDS, all_tallies, household

from survey_app.core.votes import Choice
from survey_app.store.assignments import assign_compounds
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync.server.roles import init_server


def compounds_held(store) -> set[str]:
    rows = store.db.execute("SELECT DISTINCT compound FROM households").fetchall()
    return {str(c) for (c,) in rows}


def records_of(store) -> set[tuple[str, str]]:
    return set(store.db.execute("SELECT id, hash FROM records").fetchall())


def personal_compounds(url: str, device: str) -> set[str | None]:
    """The compounds of the other devices' personal rows this URL's role may read."""
    with psycopg.connect(url, autocommit=True) as conn:
        return {
            c
            for (c,) in conn.execute(
                "SELECT DISTINCT r.compound FROM personal p JOIN records r ON r.id = p.record_id "
                "WHERE r.device <> %s",
                [device],
            )
        }


def vote(store, compound: str, index: int, choice: Choice = Choice.AGREE) -> None:
    record_vote(store=store, household=household(store, compound, index), round_no=1,
                choice=choice, signer=f"住户{index:03d}")  # fmt: skip


def test_a_scoped_laptop_receives_its_compounds_and_follows_reassignment(field_batch, server):
    office = field_batch.office
    sync(office, server.url)
    scoped, scoped_url = server_laptop(field_batch, server.url, "甲")
    other, other_url = server_laptop(field_batch, server.url, "乙")
    assign_compounds(store=office, fingerprint=scoped.fingerprint, compounds=[COMPOUNDS[0]])
    sync(office, server.url)
    sync(scoped, scoped_url), sync(other, other_url)
    assert compounds_held(scoped) == {COMPOUNDS[0]}
    vote(other, COMPOUNDS[0], 0)
    vote(other, COMPOUNDS[1], 0)
    vote(scoped, COMPOUNDS[0], 1)
    sync(other, other_url), sync(scoped, scoped_url), sync(other, other_url)
    assert tally_json(store=scoped, compound=COMPOUNDS[0], round_no=1) == tally_json(
        store=other, compound=COMPOUNDS[0], round_no=1)  # fmt: skip
    assert personal_compounds(scoped_url, scoped.device_id) <= {None, COMPOUNDS[0]}

    assign_compounds(store=office, fingerprint=scoped.fingerprint, compounds=[COMPOUNDS[1]])
    sync(office, server.url)
    report = sync(scoped, scoped_url)
    assert report.removed > 0 and report.received > 0
    assert compounds_held(scoped) == {COMPOUNDS[1]}
    assert tally_json(store=scoped, compound=COMPOUNDS[1], round_no=1) == tally_json(
        store=other, compound=COMPOUNDS[1], round_no=1)  # fmt: skip
    assert COMPOUNDS[1] in personal_compounds(scoped_url, scoped.device_id)
    assert COMPOUNDS[0] not in personal_compounds(scoped_url, scoped.device_id)

    assign_compounds(store=office, fingerprint=scoped.fingerprint, compounds=None)
    sync(office, server.url)
    sync(scoped, scoped_url)
    sync(other, other_url)
    assert records_of(scoped) == records_of(other) == records_of(office)


@pytest.fixture
def second_server(server):
    name = server.database + "b"
    with psycopg.connect(server.cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    made = type(server)(server.cluster, name)  # the conftest's Server, on a second database
    init_server(made.url)
    return made


def test_any_order_of_syncs_gives_the_same_server_and_the_same_tallies(
    field_batch, server, second_server
):
    """Two servers, the same offline work synced in two random orders, each laptop to both."""
    office = field_batch.office
    names = ("甲", "乙", "丙")
    laptops = {}
    for target in (server, second_server):
        sync(office, target.url)
    for name in names:
        store, url = server_laptop(field_batch, server.url, name)
        from server_helpers import laptop_url

        sync(office, second_server.url)
        laptops[name] = (store, url, laptop_url(second_server.url, store))
    for store, url, other_url in laptops.values():
        sync(store, url), sync(store, other_url)
    rng = random.Random(16)
    for step in range(12):  # the same work; the two servers get it in different orders
        name = rng.choice(names)
        vote(laptops[name][0], rng.choice(COMPOUNDS), rng.randrange(8), rng.choice(list(Choice)))
        if step % 3 == 2:
            for index in rng.sample(range(3), 3):
                store, url, _ = laptops[names[index]]
                sync(store, url)
            for index in rng.sample(range(3), 3):
                store, _, other_url = laptops[names[index]]
                sync(store, other_url)
    for _ in range(2):
        for store, url, other_url in laptops.values():
            sync(store, url), sync(store, other_url)
        sync(office, server.url), sync(office, second_server.url)
    with server.admin() as one, second_server.admin() as two:
        held = [set(c.execute("SELECT id, hash FROM records").fetchall()) for c in (one, two)]
        summaries = [set(c.execute("SELECT * FROM sequences").fetchall()) for c in (one, two)]
    assert held[0] == held[1] == records_of(office) and summaries[0] == summaries[1]
    expected = all_tallies(office)
    for store, _, _ in laptops.values():
        assert records_of(store) == held[0]
        assert all_tallies(store) == expected
