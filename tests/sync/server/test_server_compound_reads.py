"""A laptop's role reads only its compounds' records (row-level security on `records`), and
its receive still checks every device's chain whole from the links of the others."""

from __future__ import annotations

import itertools

import psycopg
import pytest
from server_helpers import server_laptop, sync
from sync_helpers import COMPOUNDS, household

from survey_app.core.errors import IntegrityError, RefusedAction
from survey_app.core.votes import Choice
from survey_app.store.assignments import assign_compounds
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync.server import connection, schema
from survey_app.sync.server.roles import init_server
from survey_app.sync.server.with_file import replicate_server
from survey_app.sync.union import record_hash

MINE, HIDDEN = COMPOUNDS


def vote(store, compound: str, index: int, choice: Choice = Choice.AGREE) -> None:
    record_vote(store=store, household=household(store, compound, index), round_no=1,
                choice=choice, signer=f"住户{index:03d}")  # fmt: skip


def held(store) -> set[tuple[str, str]]:
    return set(store.db.execute("SELECT id, hash FROM records").fetchall())


def readable_on_server(server, device: str, compounds: set[str]) -> set[tuple[str, str]]:
    """What the admin holds that a laptop of `device` and these compounds may read."""
    with server.admin() as admin:
        rows = admin.execute(
            "SELECT id, hash FROM records WHERE compound IS NULL OR device = %s "
            "OR compound = ANY(%s)",
            [device, sorted(compounds)],
        ).fetchall()
    return set(rows)


@pytest.fixture
def city(field_batch, server):
    """An office, a laptop of MINE (甲) and one of every compound (乙) that voted in both."""
    office = field_batch.office
    sync(office, server.url)
    scoped, scoped_url = server_laptop(field_batch, server.url, "甲")
    other, other_url = server_laptop(field_batch, server.url, "乙")
    assign_compounds(store=office, fingerprint=scoped.fingerprint, compounds=[MINE])
    sync(office, server.url)
    sync(scoped, scoped_url), sync(other, other_url)
    vote(other, HIDDEN, 0), vote(other, HIDDEN, 1), vote(other, MINE, 0)
    vote(other, HIDDEN, 2), vote(other, HIDDEN, 3)
    vote(scoped, MINE, 1)
    sync(other, other_url)
    return field_batch, scoped, scoped_url, other, other_url


def test_a_laptop_role_reads_no_record_of_an_unassigned_compound(city, server):
    _, scoped, url, other, _ = city
    sync(scoped, url)
    with psycopg.connect(url, autocommit=True) as conn:
        seen = conn.execute("SELECT * FROM records").fetchall()
        columns = [c.name for c in conn.execute("SELECT * FROM records LIMIT 0").description]
        compound = columns.index("compound")
        assert {row[compound] for row in seen} == {None, MINE}
        visible = {row[columns.index("id")] for row in seen}
        assert conn.execute("SELECT count(*) FROM records WHERE compound = %s",
                            [HIDDEN]).fetchone()[0] == 0  # fmt: skip
        # nothing else the role may read or call carries a record's content
        tables = {t for (t,) in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p', 'f') "
            "AND has_table_privilege(c.oid, 'SELECT')")}  # fmt: skip
        assert tables == {"records", "personal", "sequences", "erasures", "meta",
                          "schema_migrations"}  # fmt: skip
        definers = {f for (f,) in conn.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.prosecdef AND p.prorettype <> 'trigger'::regtype "
            "AND has_function_privilege(p.oid, 'EXECUTE')")}  # fmt: skip
        assert definers == {"survey_own_device", "survey_compounds", "survey_sees_all",
                            "survey_claim_device", "survey_hidden_links",
                            # its own rights, its compounds' roster (migration 5)
                            "survey_may_insert", "survey_placed",
                            "survey_note_receive"}  # fmt: skip
        links = conn.execute(
            "SELECT * FROM survey_hidden_links(%s, %s, %s)",
            [[other.device_id], [0], [True]],
        )
        assert [c.name for c in links.description] == ["device", "seq", "hash", "prev",
                                                       "signature"]  # fmt: skip
        hidden = links.fetchall()
    with server.admin() as admin:
        expected = admin.execute(
            "SELECT device, seq, hash, prev, signature FROM records "
            "WHERE device = %s AND compound = %s ORDER BY seq",
            [other.device_id, HIDDEN],
        ).fetchall()
        payloads = dict(
            admin.execute("SELECT id, payload FROM records WHERE compound = %s", [HIDDEN])
        )
    assert sorted(hidden, key=lambda row: row[1]) == expected and len(expected) >= 4
    assert payloads and not visible & set(payloads)
    assert not any(p in str(row) or i in str(row) for i, p in payloads.items() for row in hidden)


def test_a_scoped_laptop_receives_and_counts_its_compounds_as_before(city, server):
    _, scoped, url, other, other_url = city
    before = held(scoped)
    report = sync(scoped, url)
    expected = readable_on_server(server, scoped.device_id, {MINE})
    assert report.received == len(expected - before) >= 1  # 乙's vote in MINE, not in HIDDEN
    assert held(scoped) == readable_on_server(server, scoped.device_id, {MINE})
    sync(other, other_url)
    assert tally_json(store=scoped, compound=MINE, round_no=1) == tally_json(
        store=other, compound=MINE, round_no=1)  # fmt: skip
    watermarks = dict(scoped.db.execute("SELECT device, considered FROM scope_watermarks"))
    with server.admin() as admin:
        lasts = dict(admin.execute("SELECT device, last_seq FROM sequences"))
    assert watermarks == lasts  # every chain whole: the next sync reads only what is new
    again = sync(scoped, url)
    assert (again.received, again.removed, again.gaps) == (0, 0, [])
    vote(other, HIDDEN, 4), vote(other, MINE, 2)
    sync(other, other_url)
    assert sync(scoped, url).received == 1
    assert held(scoped) == readable_on_server(server, scoped.device_id, {MINE})


def _other_rows(server, device: str) -> list[tuple[str, int, str | None]]:
    with server.admin() as admin:
        return admin.execute(
            "SELECT id, seq, compound FROM records WHERE device = %s ORDER BY seq", [device]
        ).fetchall()


def _a_hidden_one_in_the_middle(server, device: str) -> str:
    """The last record of the hidden compound followed by another (two after the first)."""
    rows = _other_rows(server, device)
    found = [rid for (rid, _, compound), after in itertools.pairwise(rows)
             if compound == HIDDEN and after[2] == HIDDEN]  # fmt: skip
    assert found and found[-1] != rows[1][0]
    return str(found[-1])


def _tamper(server, device: str, how: str) -> None:
    rid = _a_hidden_one_in_the_middle(server, device)
    with server.admin() as admin:  # only the admin may change a record, and does so here
        if how == "signature":  # another record's genuine signature
            admin.execute(
                "UPDATE records SET signature = (SELECT signature FROM records "
                "WHERE device = %s AND seq = 1) WHERE id = %s",
                [device, rid],
            )
        elif how == "prev":
            admin.execute("UPDATE records SET prev = repeat('0', 64) WHERE id = %s", [rid])
        elif how == "removed":
            admin.execute("DELETE FROM personal WHERE record_id = %s", [rid])
            admin.execute("DELETE FROM records WHERE id = %s", [rid])
        elif how == "replayed":  # an older record's link, signature and all, in its place
            admin.execute(
                "UPDATE records r SET hash = o.hash, prev = o.prev, signature = o.signature "
                "FROM records o WHERE r.id = %s AND o.device = r.device AND o.seq = r.seq - 2",
                [rid],
            )
        elif how == "head":  # the newest record (hidden) signed by no one
            admin.execute(
                "UPDATE records SET signature = (SELECT signature FROM records WHERE device = %s "
                "AND seq = 1) WHERE device = %s AND seq = (SELECT max(seq) FROM records "
                "WHERE device = %s)",
                [device, device, device],
            )


@pytest.mark.parametrize(
    ("how", "codes"),
    [
        ("signature", {"bad_signature"}),
        ("prev", {"broken_chain"}),
        ("removed", {"broken_chain"}),
        ("replayed", {"broken_chain"}),
        ("head", {"bad_signature"}),
    ],
)
def test_a_forged_link_of_a_record_the_laptop_may_not_read_stops_its_sync(city, server, how, codes):
    _, scoped, url, other, _ = city
    before = held(scoped)
    watermarks = set(scoped.db.execute("SELECT * FROM scope_watermarks"))
    _tamper(server, other.device_id, how)
    with pytest.raises(IntegrityError) as caught:
        sync(scoped, url)
    assert caught.value.code in codes
    assert "postgresql://" in caught.value.message
    assert held(scoped) == before
    assert set(scoped.db.execute("SELECT * FROM scope_watermarks")) == watermarks


def test_a_link_that_is_not_the_record_the_laptop_holds_stops_its_sync(city, server):
    """The server's link of a number this laptop holds is another record, signed by its
    device (a device that wrote two records under one number): refused."""
    _, scoped, url, other, _ = city
    sync(scoped, url)
    forged = "f" * 64
    with server.admin() as admin:  # the server forgets it gave 甲 MINE; 甲 holds 乙's vote
        admin.execute("UPDATE laptops SET compounds = '{}' WHERE device = %s",
                      [scoped.device_id])  # fmt: skip
        rid, seq = admin.execute("SELECT id, seq FROM records WHERE device = %s AND "
                                 "compound = %s", [other.device_id, MINE]).fetchone()  # fmt: skip
        for table in ("personal p USING records r WHERE r.id = p.record_id AND", "records r WHERE"):
            admin.execute(f"DELETE FROM {table} r.device = %s AND r.seq > %s",
                          [other.device_id, seq])  # fmt: skip
        admin.execute("UPDATE records SET hash = %s, signature = %s WHERE id = %s",
                      [forged, other.signing_key.sign(forged), rid])  # fmt: skip
    scoped.db.execute("DELETE FROM scope_watermarks")  # reads every chain again
    before = held(scoped)
    with pytest.raises(IntegrityError) as caught:
        sync(scoped, url)
    assert caught.value.code == "sequence_reused"
    assert held(scoped) == before


def test_a_compound_given_later_brings_its_records_in_full(city, server):
    batch, scoped, url, other, _ = city
    sync(scoped, url)
    assign_compounds(store=batch.office, fingerprint=scoped.fingerprint, compounds=COMPOUNDS)
    sync(batch.office, server.url)
    report = sync(scoped, url)
    assert report.received >= 4
    assert held(scoped) == readable_on_server(server, scoped.device_id, set(COMPOUNDS))
    assert tally_json(store=scoped, compound=HIDDEN, round_no=1) == tally_json(
        store=other, compound=HIDDEN, round_no=1)  # fmt: skip


def test_a_compound_the_server_does_not_yet_let_it_read_comes_once_it_does(city, server):
    """The laptop holds an assignment the server's role rights do not show yet (an office
    that synced without refreshing them): it takes what it may read, and the rest later."""
    batch, scoped, url, other, _ = city
    assign_compounds(store=batch.office, fingerprint=scoped.fingerprint, compounds=COMPOUNDS)
    sync(batch.office, server.url)
    with server.admin() as admin:
        admin.execute("UPDATE laptops SET compounds = %s WHERE device = %s",
                      [[MINE], scoped.device_id])  # fmt: skip
    sync(scoped, url)
    assert held(scoped) == readable_on_server(server, scoped.device_id, {MINE})
    with server.admin() as admin:
        admin.execute("UPDATE laptops SET compounds = %s WHERE device = %s",
                      [list(COMPOUNDS), scoped.device_id])  # fmt: skip
    report = sync(scoped, url)
    assert report.received >= 4
    assert held(scoped) == readable_on_server(server, scoped.device_id, set(COMPOUNDS))
    assert tally_json(store=scoped, compound=HIDDEN, round_no=1) == tally_json(
        store=other, compound=HIDDEN, round_no=1)  # fmt: skip


def test_a_role_of_some_compounds_may_not_copy_the_whole_server(city, tmp_path):
    _, _, url, _, other_url = city
    with pytest.raises(RefusedAction) as caught:
        replicate_server(path=tmp_path / "copy.db", url=url)
    assert caught.value.code == "server_admin_only"
    copied = replicate_server(path=tmp_path / "all.db", url=other_url)  # 乙 reads every one
    assert copied.received > 0


def test_a_record_read_before_one_it_may_not_read_carries_its_own_signature(city, server):
    """乙's vote in MINE is followed by its records of HIDDEN: their hashes are not recomputed
    by 甲, so the vote's successor does not vouch for it. A vote rewritten on the server, its
    hash recomputed and the next link's `prev` made to match, is refused by its signature."""
    _, scoped, url, other, other_url = city
    vote(other, MINE, 3)  # the newest record, read: its signature vouches for what it follows
    sync(other, other_url)
    with server.admin() as admin:
        row = admin.execute(
            "SELECT id, kind, device, seq, created_at, payload, prev FROM records "
            "WHERE device = %s AND compound = %s AND kind = 'vote' ORDER BY seq LIMIT 1",
            [other.device_id, MINE],
        ).fetchone()
        payload = row[5].replace('"agree"', '"disagree"')
        assert payload != row[5]
        forged = record_hash(*row[:5], payload, row[6])
        admin.execute("UPDATE records SET payload = %s, hash = %s WHERE id = %s",
                      [payload, forged, row[0]])  # fmt: skip
        admin.execute("UPDATE records SET prev = %s WHERE device = %s AND seq = %s",
                      [forged, other.device_id, row[3] + 1])  # fmt: skip
        assert admin.execute("SELECT compound FROM records WHERE device = %s AND seq = %s",
                             [other.device_id, row[3] + 1]).fetchone()[0] == HIDDEN  # fmt: skip
    before = held(scoped)
    with pytest.raises(IntegrityError) as caught:
        sync(scoped, url)
    assert caught.value.code == "bad_signature" and row[0] in caught.value.message
    assert held(scoped) == before


def test_server_init_brings_a_server_of_migration_2_to_compound_reads(
    field_batch, cluster, monkeypatch
):
    """A server initialised before migration 3: its laptop roles read every record, syncs
    are refused until `server init` runs again, and then its roles read their compounds."""
    name = "cityupgraded"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = cluster.url(database=name)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", 2)
    assert init_server(url).applied == [1, 2]
    office = field_batch.office
    sync(office, url)
    scoped, scoped_url = server_laptop(field_batch, url, "甲")
    assign_compounds(store=office, fingerprint=scoped.fingerprint, compounds=[MINE])
    sync(office, url)

    def compounds_read() -> set[str | None]:
        with psycopg.connect(scoped_url, autocommit=True) as conn:
            return {c for (c,) in conn.execute("SELECT DISTINCT compound FROM records")}

    assert compounds_read() == {None, MINE, HIDDEN}
    monkeypatch.undo()
    with pytest.raises(RefusedAction) as caught:
        sync(scoped, scoped_url)
    assert caught.value.code == "server_not_initialised"
    assert init_server(url).applied == [3, 4, 5]
    assert compounds_read() == {None, MINE}
    sync(scoped, scoped_url)
    with psycopg.connect(url, autocommit=True) as admin:
        readable = set(admin.execute(
            "SELECT id, hash FROM records WHERE compound IS NULL OR compound = %s "
            "OR device = %s", [MINE, scoped.device_id]))  # fmt: skip
    assert held(scoped) == readable


def test_a_laptop_role_reads_only_its_compounds_erasures_and_applies_them(city, server):
    from survey_app.actions.erasure import erase_personal_data

    batch, scoped, url, _, _ = city
    office = batch.office
    sync(office, server.url)
    erase_personal_data(store=office, household=household(office, HIDDEN, 0))
    mine = household(office, MINE, 1)
    erase_personal_data(store=office, household=mine)
    sync(office, server.url)
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM erasures").fetchone()[0] == 2
    with psycopg.connect(url, autocommit=True) as conn:
        seen = conn.execute("SELECT household FROM erasures").fetchall()
    assert seen == [(mine.id,)]
    sync(scoped, url)
    assert not scoped.db.execute(
        "SELECT 1 FROM personal p JOIN records r ON r.id = p.record_id "
        "WHERE json_extract(r.payload, '$.household') = ?", [mine.id]).fetchone()  # fmt: skip
    assert scoped.db.execute(
        "SELECT count(*) FROM records WHERE kind = 'erasure'").fetchone()[0] == 1  # fmt: skip
