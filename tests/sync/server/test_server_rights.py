"""What the server itself refuses a laptop's role, whatever the client does; and the sync's
checks against a tampered server or a tampered laptop file."""

from __future__ import annotations

import json

import psycopg
import pytest
from click.testing import CliRunner
from server_helpers import server_laptop, sync
from sync_helpers import COMPOUNDS, household

from survey_app.cli import main
from survey_app.core.errors import IntegrityError
from survey_app.core.votes import Choice
from survey_app.store.assignments import assign_compounds
from survey_app.store.votes import record_vote
from survey_app.sync.conflicts import current_conflict_count


@pytest.fixture
def laptop(field_batch, server):
    sync(field_batch.office, server.url)
    store, url = server_laptop(field_batch, server.url, "甲")
    sync(store, url)
    record_vote(store=store, household=household(store, COMPOUNDS[0], 0), round_no=1,
                choice=Choice.AGREE, signer="住户000")  # fmt: skip
    sync(store, url)
    return store, url


def test_a_laptop_role_may_not_update_delete_or_write_as_another_device(laptop, server):
    store, url = laptop
    with psycopg.connect(url, autocommit=True) as conn:
        own = conn.execute("SELECT id FROM records WHERE device = %s LIMIT 1",
                           [store.device_id]).fetchone()[0]  # fmt: skip
        other = conn.execute("SELECT id, device, seq FROM records WHERE device <> %s LIMIT 1",
                             [store.device_id]).fetchone()  # fmt: skip
        for statement, params in (
            ("UPDATE records SET payload = '{}' WHERE id = %s", [own]),
            ("DELETE FROM records WHERE id = %s", [own]),
            ("DELETE FROM records WHERE id = %s", [other[0]]),
            ("TRUNCATE records", None),
            ("UPDATE sequences SET record_count = 0", None),
            ("DELETE FROM personal", None),
            ("INSERT INTO records (id, kind, device, seq, created_at, payload, hash) "
             "VALUES ('forged', 'vote', %s, 999999, 'x', '{}', 'h')", [other[1]]),
            ("UPDATE laptops SET device = NULL", None),
        ):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, params)
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM records WHERE id = 'forged'").fetchone()[0] == 0
        admin.execute(f"SET ROLE {url.split('//')[1].split(':')[0]}")  # as the laptop
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute("DELETE FROM records")


def test_a_laptop_of_some_compounds_reads_only_their_personal_rows(field_batch, server):
    office = field_batch.office
    sync(office, server.url)
    store, url = server_laptop(field_batch, server.url, "乙")
    assign_compounds(store=office, fingerprint=store.fingerprint, compounds=[COMPOUNDS[0]])
    sync(office, server.url)
    report = sync(store, url)
    assert report.received > 0
    held = {c for (c,) in store.db.execute(
        "SELECT DISTINCT json_extract(payload, '$.compound') FROM records "
        "WHERE json_extract(payload, '$.compound') IS NOT NULL")}  # fmt: skip
    assert held == {COMPOUNDS[0]}
    with psycopg.connect(url, autocommit=True) as conn:
        seen = {
            c
            for (c,) in conn.execute(
                "SELECT DISTINCT r.compound FROM personal p JOIN records r ON r.id = p.record_id"
            )
        }
    assert seen <= {None, COMPOUNDS[0]} and COMPOUNDS[0] in seen
    with server.admin() as admin:
        everywhere = {
            c
            for (c,) in admin.execute(
                "SELECT DISTINCT r.compound FROM personal p JOIN records r ON r.id = p.record_id"
            )
        }
    assert COMPOUNDS[1] in everywhere


def test_a_record_changed_on_the_server_stops_the_sync(field_batch, server):
    office = field_batch.office
    sync(office, server.url)
    store, url = server_laptop(field_batch, server.url, "丙")
    with server.admin() as admin:  # the admin alone may; a sync then names the record
        admin.execute("UPDATE records SET payload = replace(payload, '解放', '改过') "
                      "WHERE kind = 'compound'")  # fmt: skip
    before = set(store.db.execute("SELECT id FROM records"))
    with pytest.raises(IntegrityError) as caught:
        sync(store, url)
    assert caught.value.code in {"bad_hash", "record_differs", "record_altered"}
    assert "postgresql://" in caught.value.message and "admin-secret" not in caught.value.message
    assert set(store.db.execute("SELECT id FROM records")) == before


def test_a_record_changed_in_the_laptop_file_never_reaches_the_server(laptop, server):
    store, url = laptop
    record_vote(store=store, household=household(store, COMPOUNDS[0], 2), round_no=1,
                choice=Choice.DISAGREE, signer="住户002")  # fmt: skip
    store.db.execute("DROP TRIGGER IF EXISTS records_append_only")
    store.db.execute("UPDATE records SET payload = replace(payload, 'disagree', 'agree') "
                     "WHERE id = (SELECT id FROM records WHERE kind = 'vote' "
                     "ORDER BY rowid DESC LIMIT 1)")  # fmt: skip
    with server.admin() as admin:
        before = admin.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(IntegrityError):
        sync(store, url)
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM records").fetchone()[0] == before


def test_two_laptops_voting_differently_are_a_conflict_everywhere(field_batch, server):
    office = field_batch.office
    sync(office, server.url)
    a, a_url = server_laptop(field_batch, server.url, "甲")
    b, b_url = server_laptop(field_batch, server.url, "乙")
    sync(a, a_url), sync(b, b_url)
    for store, choice in ((a, Choice.AGREE), (b, Choice.DISAGREE)):
        record_vote(store=store, household=household(store, COMPOUNDS[0], 5), round_no=1,
                    choice=choice, signer="住户005")  # fmt: skip
    sync(a, a_url)
    assert sync(b, b_url).conflicts == 1
    assert sync(a, a_url).conflicts == 1
    assert sync(office, server.url).conflicts == 1 == current_conflict_count(store=office)


def test_the_command_line_initialises_enrols_and_syncs(field_batch, server, tmp_path):
    office = field_batch.office
    runner = CliRunner()
    again = runner.invoke(main, ["server", "init", server.url, "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["applied"] == []
    laptop_path = tmp_path / "丁.db"
    made = runner.invoke(main, ["--db", str(laptop_path), "init", "--device", "丁"])
    assert made.exit_code == 0, made.output
    fingerprint = json.loads(runner.invoke(main, ["--db", str(laptop_path), "device", "--json"])
                             .output)["fingerprint"]  # fmt: skip
    office.close()
    enrolled = runner.invoke(main, ["--db", str(office.path), "device", "enroll", "--fingerprint",
                                    fingerprint, "--central", server.url, "--json"])  # fmt: skip
    assert enrolled.exit_code == 0, enrolled.output
    role = json.loads(enrolled.output)["server_role"]
    synced = runner.invoke(main, ["--db", str(laptop_path), "sync", "--central", role["url"],
                                  "--json"], env={"PGPASSWORD": role["password"]})  # fmt: skip
    assert synced.exit_code == 0, synced.output
    assert json.loads(synced.output)["received"] > 0
    wrong = runner.invoke(main, ["--db", str(laptop_path), "sync", "--central", role["url"]],
                          env={"PGPASSWORD": "wrong"})  # fmt: skip
    assert wrong.exit_code == 1 and "拒绝登录" in wrong.output


def test_a_revoked_laptop_may_no_longer_log_in(laptop, server, field_batch):
    from survey_app.actions.devices import revoke

    store, url = laptop
    revoke(store=field_batch.office, fingerprint=store.fingerprint, central=server.url)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url).close()


def test_an_erasure_removes_the_households_personal_rows_from_the_server_for_good(
    field_batch, server
):
    from survey_app.actions.erasure import erase_personal_data

    office = field_batch.office
    sync(office, server.url)
    stale, stale_url = server_laptop(field_batch, server.url, "丁")
    sync(stale, stale_url)
    target = household(stale, COMPOUNDS[0], 3)
    record_vote(store=stale, household=target, round_no=1, choice=Choice.AGREE,
                signer="张秀英")  # fmt: skip
    sync(stale, stale_url)
    sync(office, server.url)

    def rows_of_household() -> int:
        with server.admin() as admin:
            return int(admin.execute(
                "SELECT count(*) FROM personal p JOIN records r ON r.id = p.record_id "
                "WHERE coalesce(r.payload::jsonb ->> 'household', r.payload::jsonb ->> 'id') = %s",
                [target.id]).fetchone()[0])  # fmt: skip

    assert rows_of_household() >= 2  # its roster row and the vote's signer
    erase_personal_data(store=office, household=household(office, COMPOUNDS[0], 3))
    sync(office, server.url)
    assert rows_of_household() == 0
    with server.admin() as admin:  # an old copy offering the rows again is ignored
        admin.execute(
            "INSERT INTO personal (record_id, salt, fields) VALUES "
            "((SELECT id FROM records WHERE kind = 'vote' LIMIT 1), 's', 'f')"
        )
    assert rows_of_household() == 0
    sync(stale, stale_url)
    assert not stale.db.execute(
        "SELECT 1 FROM personal p JOIN records r ON r.id = p.record_id "
        "WHERE json_extract(r.payload, '$.household') = ?", [target.id]).fetchone()  # fmt: skip
    assert rows_of_household() == 0


def test_a_copy_of_a_laptop_writing_as_the_same_device_is_refused(laptop, server, field_batch):
    import shutil

    from survey_app.store.database import open_store

    store, url = laptop
    store.close()
    shutil.copy(store.path, field_batch.root / "copy.db")
    original, copy = open_store(store.path), open_store(field_batch.root / "copy.db")
    field_batch.laptops["甲"] = original
    for each, index in ((original, 4), (copy, 5)):
        record_vote(store=each, household=household(each, COMPOUNDS[0], index), round_no=1,
                    choice=Choice.AGREE)  # fmt: skip
    sync(original, url)
    with server.admin() as admin:
        before = admin.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(IntegrityError) as caught:
        sync(copy, url)
    assert caught.value.code == "identity_reused"
    copy.close()
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM records").fetchone()[0] == before


def test_an_id_the_server_holds_under_another_device_stops_the_send(laptop, server):
    store, url = laptop
    record_vote(store=store, household=household(store, COMPOUNDS[0], 6), round_no=1,
                choice=Choice.AGREE)  # fmt: skip
    newest = store.db.execute("SELECT id FROM records ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    with server.admin() as admin:
        admin.execute(
            "INSERT INTO records (id, kind, device, seq, created_at, payload, hash) "
            "VALUES (%s, 'vote', 'someone-else', 1, '2027-01-01', '{}', %s)",
            [newest, "0" * 64],
        )
        before = admin.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(IntegrityError) as caught:
        sync(store, url)
    assert caught.value.code in {"record_differs", "record_altered"}
    assert caught.value.params["record"] == newest
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM records").fetchone()[0] == before
