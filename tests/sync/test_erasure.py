"""Issue 14, erasure: the office erases one household's personal data; after each copy's next
sync its name, phone, signer, notes, signature image and free answers are in no file (raw
bytes, WAL and journal included), while every check passes and the tally is unchanged."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from sync_helpers import Field, all_tallies, household

from survey_app.actions.erasure import erase_personal_data
from survey_app.core.errors import IntegrityError
from survey_app.core.payloads import ErasurePayload
from survey_app.core.privacy import ERASED_NAME
from survey_app.core.visits import VisitOutcome
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import Store
from survey_app.store.drafts import load_draft, save_draft
from survey_app.store.households import get_household, households_of
from survey_app.store.personal import truncate_wal
from survey_app.store.roster_import import import_roster
from survey_app.store.survey_answers import current_survey_answer, record_survey_answer
from survey_app.store.tallies import ranking_json
from survey_app.store.visits import record_visit
from survey_app.store.votes import record_vote, signature_png, vote_rows
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file

SIGNER = "张秀英"
NOTE = "身份证号110101199001011234"
SIGNATURE = b"\x89PNG\r\n\x1a\nSIGNATURE-OF-ZHANG-XIUYING"
FREE_TEXT = "家里有卧床老人王阿姨"
STALE_TEXT = "丙电脑写的备注李大爷"
OTHER_TEXT = "别的住户的备注"
VISIT_NOTE = "女儿说周末回来陈阿婆"


HEAD, PHONE = "欧阳娜娜", "13912345678"


def secrets_of(batch: Field) -> list[bytes]:
    return [
        text.encode("utf-8")
        for text in (HEAD, PHONE, SIGNER, NOTE, FREE_TEXT, STALE_TEXT,
                     base64.b64encode(SIGNATURE).decode(), VISIT_NOTE)
    ]  # fmt: skip


def give_household_0_a_name_of_its_own(batch: Field) -> None:
    """The same roster is in both compounds: NH-001's first household gets a name and a phone
    no other has (a new roster row superseding the first)."""
    lines = (batch.root / "名册.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3], cells[4] = HEAD, PHONE
    lines[1] = ",".join(cells)
    changed = batch.root / "名册2.csv"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_roster(store=batch.office, path=changed, compound="NH-001")
    assert household(batch.office, "NH-001", 0).head == HEAD


def found_in(path: Path, needles: list[bytes]) -> set[bytes]:
    """The needles in the file's raw bytes, its WAL and its journal (as `strings` would)."""
    found = set()
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        if part.exists():
            data = part.read_bytes()
            found |= {n for n in needles if n in data}
    return found


def indexed(path: Path, terms: list[str]) -> set[str]:
    """The terms the file's search index (store/search_index.py) still holds."""
    conn = driver.connect(str(path))
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, household_search, row)")
        rows = conn.execute("SELECT term FROM temp.terms WHERE term IN (SELECT value FROM "
                            "json_each(?))", [json.dumps(terms)]).fetchall()  # fmt: skip
        return {str(term) for (term,) in rows}
    finally:
        conn.close()


def searched_in_the_central(path: Path, text: str) -> None:
    """A search of the central file, which indexes what its collections left waiting
    (store/search_index.py)."""
    from survey_app.store.search import search_households
    from survey_app.sync.files import connect_central

    store = Store(connect_central(path), path)
    try:
        assert search_households(store=store, text=text)
    finally:
        store.db.close()


def head_trigrams() -> list[str]:
    return [HEAD[i : i + 3] for i in range(len(HEAD) - 2)] + [PHONE[:3], PHONE[-3:]]


def survey(store: Store, index: int, text: str) -> None:
    record_survey_answer(
        store=store, household=household(store, "NH-001", index), form_id="needs",
        form_version="1", answers={"roof": "leak", "remark": text},
        metadata={"username": "调查员", "deviceid": store.device_id},
        free_answers=frozenset({"remark"}),
    )  # fmt: skip


def everyone_votes_and_surveys(batch: Field) -> tuple[Store, Store, Store]:
    """Two laptops vote and survey and sync; a third surveys household 0 and does not sync."""
    give_household_0_a_name_of_its_own(batch)
    sync_with_central(store=batch.office, central=batch.central)
    a, b, c = batch.laptop("甲", "王芳"), batch.laptop("乙", "李强"), batch.laptop("丙", "赵敏")
    for store in (a, b, c):
        sync_with_central(store=store, central=batch.central)
    record_vote(store=a, household=household(a, "NH-001", 0), round_no=1, choice=Choice.AGREE,
                signer=SIGNER, note=NOTE, signature_png=SIGNATURE)  # fmt: skip
    for index in range(1, 8):
        choice = Choice.AGREE if index % 3 else Choice.DISAGREE
        record_vote(store=a, household=household(a, "NH-001", index), round_no=1,
                    choice=choice, signer=f"签名人{index}")  # fmt: skip
    survey(b, 0, FREE_TEXT)
    record_visit(store=b, household=household(b, "NH-001", 0), outcome=VisitOutcome.NOT_HOME,
                 note=VISIT_NOTE)  # fmt: skip
    survey(b, 1, OTHER_TEXT)
    survey(c, 0, STALE_TEXT)
    for store in (a, b, batch.office):
        sync_with_central(store=store, central=batch.central)
    sync_with_central(store=a, central=batch.central)
    return a, b, c


def test_after_the_erasure_and_a_sync_of_each_copy_no_file_holds_the_data(field_batch: Field):
    batch = field_batch
    a, b, c = everyone_votes_and_surveys(batch)
    needles = secrets_of(batch)
    head, phone = needles[0], needles[1]
    copies = [batch.office.path, batch.central, a.path, b.path]
    searched_in_the_central(batch.central, HEAD)  # its index is made by its first search
    for path in copies:  # the scan finds them before: so it can fail
        assert {head, phone} <= found_in(path, needles), path
        assert indexed(path, head_trigrams()) == set(head_trigrams()), path
    assert needles[2] in found_in(batch.central, needles)  # the signer
    assert needles[4] in found_in(a.path, needles)  # b's free answer reached a
    assert needles[5] in found_in(c.path, needles)
    assert needles[7] in found_in(batch.central, needles)  # b's visit note
    tallies, ranking = all_tallies(batch.office), ranking_json(store=batch.office)
    old_central = batch.root / "旧中心.db"
    shutil.copyfile(batch.central, old_central)

    target = household(batch.office, "NH-001", 0)
    report = erase_personal_data(store=batch.office, household=target)
    assert report.records >= 3
    assert not found_in(batch.office.path, needles)
    for store in (batch.office, a, b):
        sync_with_central(store=store, central=batch.central)
    for path in copies:
        assert not found_in(path, needles), (path, found_in(path, needles))
        assert not indexed(path, head_trigrams()[:-2]), path  # the name is in no index
        assert check_file(path).ok, (path, check_file(path).problems)
    for store in (batch.office, a, b):
        assert all_tallies(store) == tallies
        assert ranking_json(store=store) == ranking

    # the household stays on the roster, its vote counts, its name reads as erased
    for store in (batch.office, a, b):
        erased = get_household(store=store, id=target.id)
        assert erased is not None and erased.eligible and erased.address == target.address
        assert (erased.head, erased.phone, erased.note) == (ERASED_NAME, None, None)
        [vote] = vote_rows(store=store, household=target.id, round_no=1)
        assert vote.choice is Choice.AGREE and vote.signer == ERASED_NAME and not vote.note
        assert signature_png(store=store, vote_id=vote.id) is None
        answer = current_survey_answer(store=store, household=target.id, form_id="needs")
        assert answer is not None and answer.answers == {"roof": "leak"}
        assert "username" not in answer.metadata and answer.metadata["deviceid"]
    other = current_survey_answer(store=a, household=household(a, "NH-001", 1).id, form_id="needs")
    assert other is not None and other.answers["remark"] == OTHER_TEXT  # others keep theirs
    assert household(a, "NH-001", 1).head == "住户001"

    # the laptop that had not synced since before: its copy is cleaned, nothing comes back
    sync_with_central(store=c, central=batch.central)
    for path in (c.path, batch.central):
        assert not found_in(path, needles), (path, found_in(path, needles))
        assert check_file(path).ok
    assert all_tallies(c) == tallies
    assert households_of(store=c, compound="NH-001")[0].head == ERASED_NAME

    # an old copy of the central file, synced again, is cleaned and gives nothing back
    assert {head, phone} <= found_in(old_central, needles)
    sync_with_central(store=a, central=old_central)
    for path in (a.path, old_central):
        assert not found_in(path, needles), (path, found_in(path, needles))
        assert check_file(path).ok
    assert all_tallies(a) == tallies


def test_a_forged_personal_row_is_refused_like_a_forged_record(field_batch: Field):
    office = field_batch.office
    target = household(office, "NH-001", 2)
    record_id = office.db.execute(
        "SELECT record_id FROM households WHERE id = ?", [target.id]
    ).fetchone()[0]
    with office.transaction():
        office.db.execute(
            "UPDATE personal SET fields = replace(fields, ?, '13911112222') WHERE record_id = ?",
            [target.phone, record_id],
        )
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=office, central=field_batch.central)
    assert caught.value.code == "bad_personal"
    assert b"13911112222" not in field_batch.central.read_bytes()
    problems = {p.code for p in check_file(office.path).problems}
    assert "forged_personal" in problems


def test_a_forged_personal_row_in_the_central_file_does_not_reach_a_laptop(field_batch: Field):
    batch = field_batch
    sync_with_central(store=batch.office, central=batch.central)
    target = household(batch.office, "NH-001", 3)
    import sqlite3

    conn = sqlite3.connect(batch.central)
    conn.execute(
        "UPDATE personal SET fields = replace(fields, ?, '13911112222') WHERE record_id = "
        "(SELECT record_id FROM households WHERE id = ?)",
        [target.phone, target.id],
    )
    conn.commit()
    conn.close()
    assert not check_file(batch.central).ok
    laptop = batch.laptop("甲", enrol=False)
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=laptop, central=batch.central)
    assert caught.value.code == "bad_personal"
    assert households_of(store=laptop, compound="NH-001") == []


def test_an_erasure_written_by_a_field_laptop_is_ignored(field_batch: Field):
    batch = field_batch
    a, b, _ = everyone_votes_and_surveys(batch)
    target = household(a, "NH-001", 0)
    a._check_may_write = lambda kind: None  # type: ignore[method-assign]  # a forger's build
    with a.transaction():
        a.append(ErasurePayload(household=target.id, compound=target.compound, records=()))
    for store in (a, batch.office, b):
        sync_with_central(store=store, central=batch.central)
    needles = secrets_of(batch)
    for path in (batch.central, batch.office.path, b.path, a.path):
        assert {needles[0], needles[1], needles[2]} <= found_in(path, needles), path
    assert household(b, "NH-001", 0).head == target.head


def test_erasing_a_household_whose_records_were_signed_with_their_names_is_refused(
    field_batch: Field,
):
    from survey_app.core.errors import RefusedAction
    from survey_app.core.payloads import HouseholdPayload
    from survey_app.store.erasure import erase_household

    office = field_batch.office
    target = household(office, "NH-001", 4)
    legacy = json.dumps({**target.payload().as_json(), "supersedes": []}, ensure_ascii=False)
    assert HouseholdPayload.from_json(json.loads(legacy)).head == target.head
    # a record of the old format: the personal values inside the signed payload
    with office.transaction():
        office._write("household", [(json.loads(legacy), None)])
    before = office.db.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(RefusedAction) as caught:
        erase_household(store=office, household=target)
    assert caught.value.code == "erasure_of_signed_data"
    assert "签名" in caught.value.message
    assert office.db.execute("SELECT count(*) FROM records").fetchone()[0] == before
    assert household(office, "NH-001", 4).head == target.head


def test_a_reset_laptop_reissues_its_votes_with_their_personal_part(field_batch: Field):
    from survey_app.sync.identity_reset import reset_identity

    batch = field_batch
    sync_with_central(store=batch.office, central=batch.central)
    a = batch.laptop("甲", "王芳")
    sync_with_central(store=a, central=batch.central)
    target = household(a, "NH-001", 5)
    record_vote(store=a, household=target, round_no=1, choice=Choice.AGREE, signer=SIGNER,
                signature_png=SIGNATURE)  # fmt: skip
    done = reset_identity(store=a, central=batch.central)
    assert done.reissued == 1
    [vote] = vote_rows(store=a, household=target.id, round_no=1)
    assert vote.signer == SIGNER and signature_png(store=a, vote_id=vote.id) == SIGNATURE
    assert check_file(a.path).ok, check_file(a.path).problems


def test_the_index_made_anew_after_an_erasure_holds_no_name(field_batch: Field):
    """The search index rebuilt (as migration m023 does: its tables dropped and made again)
    after an erasure: the name is in no page and no index, and search finds what it found."""
    from survey_app.store.search import search_households
    from survey_app.store.search_index import rebuild_search_index

    batch = field_batch
    give_household_0_a_name_of_its_own(batch)
    office = batch.office
    needles = secrets_of(batch)[:2]
    erase_personal_data(store=office, household=household(office, "NH-001", 0))
    other = household(office, "NH-001", 1).head or ""
    queries = (other, other[:1], "ouyang", "139", "1", "NH-001/1")
    before = [search_households(store=office, text=t) for t in queries]
    with office.transaction():
        rebuild_search_index(office.db)
    truncate_wal(office.db)  # retried while the store's checkpoint thread checkpoints
    assert not found_in(office.path, needles)
    assert not indexed(office.path, head_trigrams()[:-2])
    assert [search_households(store=office, text=t) for t in queries] == before
    assert before[0] and before[1] and check_file(office.path).ok


def test_an_erasure_deletes_the_erased_households_drafts_on_every_copy(field_batch: Field):
    batch = field_batch
    a, _b, _c = everyone_votes_and_surveys(batch)
    erased, other = household(a, "NH-001", 0).id, household(a, "NH-001", 1).id
    for store in (batch.office, a):
        for home in (erased, other):
            save_draft(store=store, household=home, form="needs",
                       answers={"remark": FREE_TEXT}, position=None)  # fmt: skip
    sync_with_central(store=a, central=batch.central)  # no erasure yet: every draft stays
    assert load_draft(store=a, household=erased, form="needs") is not None

    erase_personal_data(store=batch.office, household=household(batch.office, "NH-001", 0))
    for store in (batch.office, a):
        sync_with_central(store=store, central=batch.central)
        assert load_draft(store=store, household=erased, form="needs") is None, store.path
        kept = load_draft(store=store, household=other, form="needs")
        assert kept is not None and kept.answers == {"remark": FREE_TEXT}
    sync_with_central(store=a, central=batch.central)  # a later sync deletes nothing more
    assert load_draft(store=a, household=other, form="needs") is not None
