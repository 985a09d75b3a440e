"""The union of records with a PostgreSQL server, as with a central file."""

from __future__ import annotations

from server_helpers import server_laptop, sync
from sync_helpers import COMPOUNDS, all_tallies, household

from survey_app.core.votes import Choice
from survey_app.store.votes import record_vote


def server_records(server) -> set[tuple[str, str]]:
    with server.admin() as conn:
        return set(conn.execute("SELECT id, hash FROM records").fetchall())


def laptop_records(store) -> set[tuple[str, str]]:
    return set(store.db.execute("SELECT id, hash FROM records").fetchall())


def test_laptops_and_office_hold_the_same_records_after_syncing(field_batch, server):
    office = field_batch.office
    first = sync(office, server.url)
    assert first.sent > 0 and first.received == 0
    a, a_url = server_laptop(field_batch, server.url, "甲")
    b, b_url = server_laptop(field_batch, server.url, "乙")
    sync(a, a_url)
    sync(b, b_url)
    record_vote(
        store=a,
        household=household(a, COMPOUNDS[0], 0),
        round_no=1,
        choice=Choice.AGREE,
        signer="住户000",
    )
    record_vote(
        store=b,
        household=household(b, COMPOUNDS[0], 1),
        round_no=1,
        choice=Choice.DISAGREE,
        signer="住户001",
    )
    assert sync(a, a_url).sent == 1
    assert sync(b, b_url).sent == 1
    sync(a, a_url)
    sync(office, server.url)
    assert (
        laptop_records(a) == laptop_records(b) == laptop_records(office) == server_records(server)
    )
    assert all_tallies(a) == all_tallies(office)
    again = sync(a, a_url)
    assert (again.sent, again.received) == (0, 0)
