"""Form versions reach the laptops: the office publishes a form into the central file, laptops
receive it at sync, answers record their version, old drafts are carried over, and the needs
list says which versions it combines."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sync_helpers import Field, household

from survey_app.actions.forms import publish_form_file
from survey_app.core.errors import InvalidInput, RefusedAction
from survey_app.core.payloads import FormPayload
from survey_app.needs.library import available_forms, open_form
from survey_app.needs.report import compound_needs
from survey_app.needs.submit import resume_draft, submit_survey
from survey_app.resources import resource_path
from survey_app.store.forms import published_forms
from survey_app.store.survey_answers import current_survey_answer
from survey_app.sync.central import sync_with_central
from survey_app.xlsform.session import FormSession
from tests.needs.test_survey_answers import ANSWERS


def new_version(tmp_path: Path, version: str, *, form_id: str = "needs_survey") -> Path:
    """The shipped needs survey as a new version: 非机动车棚 added, 智能快递柜 gone."""
    book = openpyxl.load_workbook(resource_path("forms", "needs_survey.xlsx"))
    choices = book["choices"]
    for row in choices.iter_rows(min_row=2):
        if row[0].value == "items" and row[1].value == "lockers":
            choices.delete_rows(row[0].row)
            break
    choices.append(["items", "bike_shed", "非机动车棚", "Bike shelters", "improve"])
    book["settings"]["A2"] = form_id
    book["settings"]["C2"] = version
    path = tmp_path / f"{form_id}-{version}.xlsx"
    book.save(path)
    return path


def test_a_published_version_reaches_a_laptop_and_answers_record_it(
    field_batch: Field, tmp_path: Path
) -> None:
    office = field_batch.office
    laptop = field_batch.laptop("笔记本1")
    assert open_form(store=laptop).version == "2027.2"
    published = publish_form_file(store=office, path=new_version(tmp_path, "2027.3"))
    assert (published.form_id, published.version) == ("needs_survey", "2027.3")
    assert open_form(store=office).version == "2027.3"
    assert open_form(store=laptop).version == "2027.2"  # not synced yet
    sync_with_central(store=office, central=field_batch.central)
    sync_with_central(store=laptop, central=field_batch.central)
    form = open_form(store=laptop)
    assert form.version == "2027.3"
    assert "bike_shed" in {c.name for c in form.choice_lists["items"].choices}
    old, new = household(laptop, "NH-001", 0), household(laptop, "NH-001", 1)
    submit_survey(store=laptop, form=open_form(), household=old, answers=ANSWERS)
    chosen = {**ANSWERS, "improve_items": ["elevator", "bike_shed"]}
    submit_survey(store=laptop, form=form, household=new, answers=chosen)
    assert current_survey_answer(store=laptop, household=new.id,
                                 form_id="needs_survey").form_version == "2027.3"  # type: ignore[union-attr]  # fmt: skip
    sync_with_central(store=laptop, central=field_batch.central)
    sync_with_central(store=office, central=field_batch.central)
    report = compound_needs(store=office, form=open_form(store=office), compound="NH-001")
    versions = {v["version"]: (v["households"], v["known"]) for v in report["versions"]}  # type: ignore[attr-defined]
    assert versions == {"2027.2": (1, True), "2027.3": (1, True)}
    items = {i["item"]: i for i in report["items"]}  # type: ignore[attr-defined]
    assert (items["bike_shed"]["households"], items["bike_shed"]["asked"]) == (1, 1)
    assert (items["elevator"]["households"], items["elevator"]["asked"]) == (2, 2)
    assert "lockers" not in items  # the list follows the version in force


def test_only_an_office_publishes_and_a_changed_form_needs_a_new_version(
    field_batch: Field, tmp_path: Path
) -> None:
    office = field_batch.office
    laptop = field_batch.laptop("笔记本1")
    path = new_version(tmp_path, "2027.3")
    with pytest.raises(RefusedAction):
        publish_form_file(store=laptop, path=path)
    first = publish_form_file(store=office, path=path)
    assert publish_form_file(store=office, path=path) == first  # the same file again: no-op
    book = openpyxl.load_workbook(path)
    book["settings"]["B2"] = "改过的标题"
    book.save(changed := tmp_path / "changed.xlsx")
    with pytest.raises(InvalidInput) as taken:
        publish_form_file(store=office, path=changed)
    assert taken.value.code == "form_version_taken"
    with pytest.raises(InvalidInput) as older:
        publish_form_file(store=office, path=new_version(tmp_path, "2027.1"))
    assert older.value.code == "form_version_not_newer"
    assert [p.version for p in published_forms(store=office, every_version=True)] == ["2027.3"]


def test_a_form_record_from_a_device_that_is_not_the_office_is_ignored(
    field_batch: Field, tmp_path: Path
) -> None:
    """A form record forged into the central file (a made-up device, its hash recomputed) is
    kept like any record and never used: only the office's forms count."""
    import base64
    import hashlib
    import sqlite3

    from survey_app.core.records import canonical_json, content_hash

    laptop = field_batch.laptop("笔记本1")
    workbook = new_version(tmp_path, "2099.1").read_bytes()
    payload = canonical_json(FormPayload(
        form_id="needs_survey", version="2099.1", title="冒充", file_name="x.xlsx",
        sha256=hashlib.sha256(workbook).hexdigest(),
        workbook=base64.b64encode(workbook).decode("ascii"),
    ).as_json())  # fmt: skip
    created = "2000-01-01T00:00:00.000000Z"
    digest = content_hash(id="forged-form", kind="form", device="ghost", seq=1,
                          created_at=created, payload=payload)  # fmt: skip
    conn = sqlite3.connect(field_batch.central)
    conn.execute("INSERT INTO records (id, kind, device, seq, created_at, payload, hash, prev, "
                 "signature) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                 ("forged-form", "form", "ghost", 1, created, payload, digest))  # fmt: skip
    conn.commit()
    conn.close()
    sync_with_central(store=laptop, central=field_batch.central)
    forms = laptop.db.execute("SELECT count(*) FROM records WHERE kind = 'form'").fetchone()[0]
    assert forms == 1 and published_forms(store=laptop) == []
    assert open_form(store=laptop).version == "2027.2"


def test_a_further_form_is_offered_beside_the_shipped_ones(
    field_batch: Field, tmp_path: Path
) -> None:
    office = field_batch.office
    publish_form_file(store=office, path=new_version(tmp_path, "1", form_id="parking_survey"))
    forms = [f.form_id for f in available_forms(office)]
    assert forms == ["needs_survey", "parking_survey", "satisfaction_survey"]
    assert open_form("parking_survey", office).version == "1"


def test_a_draft_of_an_older_version_is_carried_over_and_says_what_did_not_fit(
    tmp_path: Path,
) -> None:
    form = open_form()
    newer = open_form(str(new_version(tmp_path, "2027.3")))
    draft = {**ANSWERS, "improve_items": ["elevator", "lockers"]}
    same = resume_draft(FormSession(form), draft, "2027.2")
    assert same is None
    session = FormSession(newer)
    carried = resume_draft(session, draft, "2027.2")
    assert carried is not None
    assert (carried.old_version, carried.new_version, carried.dropped) == (
        "2027.2", "2027.3", ("improve_items",),
    )  # fmt: skip
    assert session.answer("residents") == ANSWERS["residents"]
    assert session.answer("improve_items") == ["elevator"]  # 智能快递柜 is gone in 2027.3


def test_the_form_payload_carries_the_workbook(field_batch: Field, tmp_path: Path) -> None:
    path = new_version(tmp_path, "2027.3")
    published = publish_form_file(store=field_batch.office, path=path)
    row = field_batch.office.db.execute(
        "SELECT payload FROM records WHERE id = ?", [published.record]
    ).fetchone()
    import base64
    import json

    payload = FormPayload.from_json(json.loads(row[0]))
    assert base64.b64decode(payload.workbook) == path.read_bytes()


def test_form_publish_and_list_from_the_command_line(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from survey_app.cli import main
    from tests.needs.test_survey_answers import make_store

    db = tmp_path / "office.db"
    make_store(db, "office").close()
    path = new_version(tmp_path, "2027.3")
    published = CliRunner().invoke(main, ["--db", str(db), "form", "publish", str(path), "--json"])
    assert published.exit_code == 0, published.output
    assert json.loads(published.output)["version"] == "2027.3"
    listed = json.loads(
        CliRunner().invoke(main, ["--db", str(db), "form", "list", "--json"]).output
    )
    assert [(f["form_id"], f["version"]) for f in listed["forms"]] == [
        ("needs_survey", "2027.3"), ("satisfaction_survey", "2027.1"),
    ]  # fmt: skip
    versions = {(v["form_id"], v["version"]): v for v in listed["versions"]}
    assert versions[("needs_survey", "2027.3")]["in_force"]
    assert versions[("needs_survey", "2027.3")]["source"] == "published"
    assert not versions[("needs_survey", "2027.2")]["in_force"]
    assert all(v["households"] == 0 for v in versions.values())
    text = CliRunner().invoke(main, ["--db", str(db), "form", "list"]).output
    assert "needs_survey 2027.3  使用中  已答 0 户" in text
    again = CliRunner().invoke(main, ["--db", str(db), "form", "publish", str(
        new_version(tmp_path, "2027.2"))])  # fmt: skip
    assert again.exit_code == 1 and "2027.3" in again.output and "Traceback" not in again.output
    needs = json.loads(CliRunner().invoke(main, ["--db", str(db), "needs", "--compound", "NH-001",
                                                 "--json"]).output)  # fmt: skip
    assert needs["form_id"] == "needs_survey" and any(
        i["item"] == "bike_shed" for i in needs["items"]
    )
