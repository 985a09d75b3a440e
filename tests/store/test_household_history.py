"""A household's past roster records: its first import, each office edit (who, when, what
changed) and a later re-import, each read against the version it superseded."""

from __future__ import annotations

from survey_app.actions.erasure import erase_personal_data
from survey_app.store.compounds import save_compound
from survey_app.store.database import open_store
from survey_app.store.household_edits import Change, edit_household, household_history
from survey_app.store.households import get_household
from survey_app.store.roster_import import import_roster

ROSTER = "楼栋,单元,室,户主,电话,建筑面积\n3,2,501,张伟,13800000101,80.5\n3,2,502,李娜,,72\n"
LATER_ROSTER = "楼栋,单元,室,户主,电话,建筑面积\n3,2,501,张伟,13800000101,81\n3,2,502,李娜,,72\n"


def office(tmp_path):
    store = open_store(tmp_path / "office.db", device_name="办公室-01")
    save_compound(store=store, code="NH-001", name="东方新村")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    import_roster(store=store, path=roster, compound="NH-001")
    return store


def test_an_import_then_edits_then_a_reimport(tmp_path):
    store = office(tmp_path)
    first = edit_household(store=store, household="NH-001/3-2-501", phone="139-0000 0999",
                           edited_by="周主任")  # fmt: skip
    edit_household(store=store, household="NH-001/3-2-501", head="张伟军", eligible=False,
                   edited_by="李会计")  # fmt: skip
    later = tmp_path / "later.csv"
    later.write_text(LATER_ROSTER, encoding="utf-8")
    import_roster(store=store, path=later, compound="NH-001")
    history = household_history(store=store, household="NH-001/3-2-501")
    assert [(v.edited_by, v.first, v.superseded) for v in history] == [
        (None, True, True), ("周主任", False, True), ("李会计", False, True), (None, False, False),
    ]  # fmt: skip
    assert history[0].changes == ()
    assert history[1].changes == (Change("phone", "13800000101", "13900000999"),)
    assert history[1].record_id == first.record_id
    assert history[1].created_at == first.created_at
    assert history[2].changes == (Change("head", "张伟", "张伟军"), Change("eligible", True, False))
    reimported = {c.field: (c.before, c.after) for c in history[3].changes}
    assert reimported["area"] == ("80.5", "81")
    assert {v.device_name for v in history} == {"办公室-01"}
    assert get_household(store=store, id="NH-001/3-2-501").area == "81"
    assert len(household_history(store=store, household="NH-001/3-2-502")) == 1
    store.close()


def test_after_an_erasure_no_resident_data_is_left_in_the_history(tmp_path):
    store = office(tmp_path)
    edit_household(store=store, household="NH-001/3-2-501", head="张伟军", area="90",
                   edited_by="周主任")  # fmt: skip
    erase_personal_data(store=store, household=get_household(store=store, id="NH-001/3-2-501"))
    history = household_history(store=store, household="NH-001/3-2-501")
    assert [v.edited_by for v in history] == [None, "周主任"]  # staff, as a vote's surveyor
    text = repr(history)
    for name in ("张伟", "13800000101"):
        assert name not in text
    assert Change("area", "80.5", "90") in history[1].changes
    store.close()
