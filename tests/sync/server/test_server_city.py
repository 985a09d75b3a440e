"""A city of several street offices on one server: the city's office file is the batch's
authority and enrols each street office's computer as an office device; each street office
syncs with its own login, sets up its compounds and enrols its laptops; the admin gives the
laptops their logins. Street offices and laptops then sync into the server at once, each in
its own process, and every file holds what it should: a laptop its compounds, a street office
the whole city, the city's rank every compound with the votes its laptops recorded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from server_helpers import laptop_url
from sync_helpers import write_roster

from survey_app.actions.server import open_server_for_reading
from survey_app.core.errors import RefusedAction
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.store.assignments import assign_compounds
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import households_of
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.tallies import ranking_json, tally_json
from survey_app.store.trust import OFFICE
from survey_app.store.votes import record_vote
from survey_app.sync.server.sync import sync_with_server

DRIVER = Path(__file__).with_name("server_driver.py")
STREETS = {"解放街道": ("JF-001", "JF-002"), "湖滨街道": ("HB-001", "HB-002")}


def held_compounds(store: Store) -> set[str]:
    return {str(c) for (c,) in store.db.execute("SELECT DISTINCT compound FROM households")}


def agree_in(store: Store, compound: str, households: int) -> None:
    for home in households_of(store=store, compound=compound)[:households]:
        record_vote(store=store, household=home, round_no=1, choice=Choice.AGREE,
                    signer=home.head)  # fmt: skip


def syncing_at_once(runs: list[tuple[Path, str]]) -> None:
    """Every file syncs both ways from its own process, all started together."""
    children = [subprocess.Popen([sys.executable, str(DRIVER), str(path), url],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for path, url in runs]  # fmt: skip
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:
        _, errors = child.communicate(timeout=300)
        assert child.returncode == 0, errors


@pytest.fixture
def city(server, tmp_path: Path) -> dict[str, object]:
    """The city's office, two street offices each with two laptops (one per compound)."""
    roster = write_roster(tmp_path / "roster.csv", 12)
    city = open_store(tmp_path / "city.db", device_name="市住建局", role=OFFICE)
    sync_with_server(store=city, url=server.url)
    offices: dict[str, tuple[Store, str]] = {}
    laptops: dict[str, tuple[Store, str, str]] = {}
    for street, compounds in STREETS.items():
        office = open_store(tmp_path / f"{street}.db", device_name=street, role="field")
        enrol_device(store=city, fingerprint=office.fingerprint, role=OFFICE)
        sync_with_server(store=city, url=server.url)
        office_url = laptop_url(server.url, office)  # its own login, not the admin's
        sync_with_server(store=office, url=office_url)
        assert office.authority == city.fingerprint and office.role == OFFICE
        for code in compounds:
            save_compound(store=office, code=code, name=f"{street}{code}", street=street)
            import_roster(store=office, path=roster, compound=code)
            open_round(store=office, compound=code, round_no=1, rule=ConsentRule())
        for code in compounds:
            laptop = open_store(tmp_path / f"{code}.db", device_name=f"{street}-{code}",
                                role="field")  # fmt: skip
            enrol_device(store=office, fingerprint=laptop.fingerprint)
            assign_compounds(store=office, fingerprint=laptop.fingerprint, compounds=[code])
            laptops[code] = (laptop, laptop_url(server.url, laptop), street)
        sync_with_server(store=office, url=office_url)
        offices[street] = (office, office_url)
    sync_with_server(store=city, url=server.url)  # the street offices' decisions, as rights
    with server.admin() as admin:
        rights = dict(admin.execute("SELECT fingerprint, compounds FROM laptops").fetchall())
    for code, (laptop, _url, _street) in laptops.items():
        assert rights[laptop.fingerprint] == [code]  # the database itself scopes each laptop
    for office, _url in offices.values():
        assert rights[office.fingerprint] is None  # a street office reads the whole city
    for laptop, url, _street in laptops.values():
        sync_with_server(store=laptop, url=url)
    yield {"city": city, "offices": offices, "laptops": laptops}
    for store in [city, *(o for o, _ in offices.values()), *(la for la, _, _ in laptops.values())]:
        store.close()


def test_street_offices_and_their_laptops_sync_into_one_city_server(city, server, tmp_path: Path):
    laptops = city["laptops"]
    offices = city["offices"]
    for code, (laptop, _url, _street) in laptops.items():
        assert held_compounds(laptop) == {code}, code
        agree_in(laptop, code, 1 + list(laptops).index(code))
    for laptop, _url, _street in laptops.values():
        laptop.close()
    for office, _url in offices.values():
        office.close()
    city["city"].close()
    runs = [(tmp_path / f"{code}.db", url) for code, (_l, url, _s) in laptops.items()]
    runs += [(tmp_path / f"{street}.db", url) for street, (_o, url) in offices.items()]
    syncing_at_once(runs)
    syncing_at_once(runs)  # the street offices now hold every laptop's votes
    city_store = open_store(tmp_path / "city.db")
    city["city"] = city_store
    sync_with_server(store=city_store, url=server.url)
    expected = {code: 1 + i for i, code in enumerate(laptops)}
    ranked = {row["compound"]: row["agree"] for row in ranking_json(store=city_store)}
    assert ranked == expected
    reread = open_server_for_reading(url=server.url)
    try:
        assert {row["compound"]: row["agree"] for row in ranking_json(store=reread)} == expected
    finally:
        reread.close()
    for street in offices:
        office = open_store(tmp_path / f"{street}.db")
        offices[street] = (office, offices[street][1])
        assert held_compounds(office) == set(expected)  # a street office sees the whole city
        for code in expected:
            assert tally_json(store=office, compound=code, round_no=1) == tally_json(
                store=city_store, compound=code, round_no=1
            )
    for code in laptops:
        laptop = open_store(tmp_path / f"{code}.db")
        laptops[code] = (laptop, *laptops[code][1:])
        assert held_compounds(laptop) == {code}
        assert tally_json(store=laptop, compound=code, round_no=1)["agree"] == expected[code]


def test_a_street_office_with_a_batch_of_its_own_cannot_join(city, server, tmp_path):
    own = open_store(tmp_path / "own.db", device_name="西湖街道", role=OFFICE)
    save_compound(store=own, code="XH-001", name="西湖新村", street="西湖街道")
    with pytest.raises(RefusedAction) as refused:
        sync_with_server(store=own, url=server.url)
    assert refused.value.code == "other_authority"
    from survey_app.actions.server import unite_file_with_server
    from survey_app.sync.central import sync_with_central

    carried = tmp_path / "own-central.db"
    sync_with_central(store=own, central=carried, central_passphrase="own-central-passphrase")
    with server.admin() as admin:
        before = admin.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(RefusedAction) as refused:
        unite_file_with_server(path=carried, url=server.url,
                               passphrase="own-central-passphrase")  # fmt: skip
    assert refused.value.code == "other_authority"
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM records").fetchone()[0] == before
    own.close()


def test_the_admin_gives_a_street_offices_laptop_its_login(city, server, tmp_path):
    import json

    import psycopg
    from click.testing import CliRunner

    from survey_app.cli import main

    office, office_url = city["offices"]["解放街道"]
    laptop = open_store(tmp_path / "late.db", device_name="解放街道-09", role="field")
    enrolled = CliRunner().invoke(main, ["--db", str(office.path), "device", "enroll",
                                         "--fingerprint", laptop.fingerprint, "--central",
                                         office_url])  # fmt: skip
    assert enrolled.exit_code == 0, enrolled.output
    assert "服务器登录未创建" in enrolled.output and "server login" in enrolled.output
    assert office_url not in enrolled.output  # the street office's password is not printed
    refused = CliRunner().invoke(main, ["server", "login", office_url, "--fingerprint",
                                        laptop.fingerprint])  # fmt: skip
    assert refused.exit_code == 1 and "只有服务器" in refused.output and "管理员" in refused.output
    made = CliRunner().invoke(main, ["server", "login", server.url, "--fingerprint",
                                     laptop.fingerprint, "--json"])  # fmt: skip
    assert made.exit_code == 0, made.output
    role = json.loads(made.output)
    assert role["fingerprint"] == laptop.fingerprint
    user, rest = role["url"].removeprefix("postgresql://").split("@", 1)
    from urllib.parse import quote

    url = f"postgresql://{user}:{quote(role['password'])}@{rest}"
    sync_with_server(store=laptop, url=url)
    assert laptop.authority == city["city"].fingerprint
    with psycopg.connect(url) as conn:
        assert conn.info.user == user
    laptop.close()


def test_enrolling_against_a_server_without_a_password_writes_nothing(
    server, tmp_path, monkeypatch
):
    from click.testing import CliRunner

    from survey_app.cli import main
    from survey_app.store.assignments import enrolled_fingerprints

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    office = open_store(tmp_path / "office.db", device_name="市住建局", role=OFFICE)
    sync_with_server(store=office, url=server.url)
    laptop = open_store(tmp_path / "laptop.db", role="field")
    bare = server.cluster.url(password=None, database=server.database)
    args = ["--db", str(office.path), "device", "enroll", "--fingerprint", laptop.fingerprint,
            "--central", bare]  # fmt: skip
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "需要密码" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert laptop.fingerprint not in enrolled_fingerprints(office.db)  # nothing written
    monkeypatch.setenv("PGPASSWORD", "admin-secret")
    made = CliRunner().invoke(main, args)
    assert made.exit_code == 0, made.output
    assert "服务器登录(只显示这一次" in made.output
    assert laptop.fingerprint in enrolled_fingerprints(office.db)
    revoke = ["--db", str(office.path), "device", "revoke", "--fingerprint", laptop.fingerprint,
              "--central", bare]  # fmt: skip
    revoked = CliRunner().invoke(main, revoke)
    assert revoked.exit_code == 0, revoked.output
    with server.admin() as admin:
        assert admin.execute("SELECT rolcanlogin FROM pg_roles r JOIN laptops l ON "
                             "l.role = r.rolname").fetchone() == (False,)  # fmt: skip
    laptop.close()
    office.close()
