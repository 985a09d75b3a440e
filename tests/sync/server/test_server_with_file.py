"""An office's central file and the city server united, both ways, with the sync's checks."""

from __future__ import annotations

import pytest
from server_helpers import server_laptop, sync
from sync_helpers import COMPOUNDS, all_tallies, household, record_set

from survey_app.core.errors import IntegrityError, RefusedAction
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.files import open_for_reading
from survey_app.sync.server.with_file import unite_file_with_server


def server_records(server) -> frozenset[tuple[str, str]]:
    with server.admin() as conn:
        return frozenset(conn.execute("SELECT id, hash FROM records").fetchall())


def test_a_central_file_goes_into_the_server_and_the_server_into_files(field_batch, server):
    office, central = field_batch.office, field_batch.central
    laptop = field_batch.laptop("甲")
    sync_with_central(store=laptop, central=central)
    record_vote(store=laptop, household=household(laptop, COMPOUNDS[0], 0), round_no=1,
                choice=Choice.AGREE, signer="住户000")  # fmt: skip
    sync_with_central(store=laptop, central=central)
    first = unite_file_with_server(path=central, url=server.url)
    assert first.sent == len(record_set(central)) and first.received == 0
    assert server_records(server) == record_set(central)

    online, url = server_laptop(field_batch, server.url, "乙")  # a laptop of the server
    sync(online, url)
    record_vote(store=online, household=household(online, COMPOUNDS[1], 0), round_no=1,
                choice=Choice.DISAGREE, signer="住户000")  # fmt: skip
    sync(online, url)
    second = unite_file_with_server(path=central, url=server.url)
    assert second.received > 0 and record_set(central) == server_records(server)
    again = unite_file_with_server(path=central, url=server.url)
    assert (again.sent, again.received) == (0, 0)

    copy = field_batch.root / "取回.db"
    pulled = unite_file_with_server(path=copy, url=server.url)
    assert pulled.created and record_set(copy) == server_records(server)
    sync_with_central(store=office, central=central)
    reading = open_for_reading(copy)
    assert all_tallies(reading) == all_tallies(office)
    reading.close()


def test_a_tampered_central_file_never_reaches_the_server(field_batch, server):
    central = field_batch.central
    sync_with_central(store=field_batch.office, central=central)
    conn = driver.connect(str(central))
    conn.execute("UPDATE records SET payload = replace(payload, '东方', '西方') "
                 "WHERE kind = 'compound'")  # fmt: skip
    conn.close()
    with pytest.raises(IntegrityError) as caught:
        unite_file_with_server(path=central, url=server.url)
    assert caught.value.code == "bad_hash"
    assert server_records(server) == frozenset()


def test_only_the_admin_unites_a_file_with_the_server(field_batch, server):
    sync(field_batch.office, server.url)
    _, url = server_laptop(field_batch, server.url, "丙")
    with pytest.raises(RefusedAction) as caught:
        unite_file_with_server(path=field_batch.central, url=url)
    assert caught.value.code == "server_admin_only"
    assert not field_batch.central.exists()
