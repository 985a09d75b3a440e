"""The needs survey through the widgets: skip logic, filtered choices, live calculations,
constraint and required messages inline, submitting, drafts, repeats and every type."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from survey_app.store.drafts import load_draft
from survey_app.store.survey_answers import current_survey_answer
from survey_app.ui.field.survey_fields import (
    AcknowledgeEditor,
    ChoiceEditor,
    DateEditor,
    ImageEditor,
    LineEditor,
    MultilineEditor,
    RangeEditor,
)
from survey_app.ui.field.survey_view import DiscardDraftBox
from survey_app.xlsform import load_form

HOUSEHOLD = "NH-001/1-1-201"


def open_survey(window, household=HOUSEHOLD):
    window.open_household(household, page="survey")
    view = window.household_page.survey_view
    assert window.household_page.tabs.currentWidget() is view
    assert view.survey is not None
    return view


def row(view, key, path=()):
    return view.survey.rows[(path, key)]


def type_into(qtbot, view, key, text, path=()):
    edit = row(view, key, path).editor.edit
    edit.clear()
    qtbot.keyClicks(edit, text)


def choose(view, key, *names, path=()):
    editor = row(view, key, path).editor
    for name in names:
        editor._button(name).click()


def shown(view, key, path=()):
    return row(view, key, path).frame.isVisibleTo(view)


def error(view, key, path=()):
    label = row(view, key, path).error
    return label.text() if label.isVisibleTo(view) else ""


def fill_required(qtbot, view):
    choose(view, "respondent", "head")
    for key, text in (("residents", "3"), ("elderly", "1"), ("children", "0"), ("years", "20"),
                      ("floor", "1"), ("cars", "0"), ("ebikes", "1")):  # fmt: skip
        type_into(qtbot, view, key, text)
    choose(view, "elderly_living", "with_family")
    choose(view, "health_consent", "yes")
    type_into(qtbot, view, "disabled", "0")
    choose(view, "problems", "none")
    choose(view, "tenure", "owner")
    choose(view, "lift_view", "oppose")
    choose(view, "cofund", "no")
    choose(view, "property", "no")


def test_the_needs_survey_is_drawn_from_the_form(window):
    view = open_survey(window)
    titles = [s.title.text() for s in view.survey.sections]
    assert titles[0] == "一、住户基本情况"
    assert "受访人" in row(view, "respondent").label.text()
    assert "*" in row(view, "respondent").label.text()
    assert row(view, "residents").hint.text() == "在此居住半年以上的人数"
    assert ((), "start") not in view.survey.rows
    assert ((), "chosen_count") not in view.survey.rows


def test_skip_logic_filtered_choices_and_live_calculation(qtbot, window):
    view = open_survey(window)
    priorities = next(s for s in view.survey.sections if s.item.name == "priorities")
    assert not priorities.frame.isVisibleTo(view)
    choose(view, "basic_items", "water", "roof")
    assert priorities.frame.isVisibleTo(view)
    assert shown(view, "priority_1") and shown(view, "priority_2")
    assert not shown(view, "priority_3")
    assert row(view, "priority_1").editor.choices == [
        ("water", "供水管网改造"),
        ("roof", "屋面防水"),
    ]
    choose(view, "priority_1", "roof")
    assert row(view, "priority_2").editor.choices == [("water", "供水管网改造")]
    assert not shown(view, "lift_pay")
    choose(view, "lift_view", "support")
    assert not shown(view, "lift_pay")
    type_into(qtbot, view, "floor", "5")
    assert shown(view, "lift_pay")
    choose(view, "lift_view", "oppose")
    assert not shown(view, "lift_pay")


def test_constraint_message_inline_and_in_english(qtbot, window):
    view = open_survey(window)
    type_into(qtbot, view, "residents", "2")
    type_into(qtbot, view, "elderly", "5")
    assert error(view, "elderly") == "老人数不能超过常住人口"
    window.switch_language("en")
    view = window.household_page.survey_view
    assert "Of whom aged 60 or over" in row(view, "elderly").label.text()
    assert error(view, "elderly") == "The number aged 60+ cannot exceed the residents"
    type_into(qtbot, view, "elderly", "1")
    assert error(view, "elderly") == ""


def test_required_answers_are_asked_for_on_submit(qtbot, window, store):
    view = open_survey(window)
    assert error(view, "respondent") == ""
    assert not view.submit()
    assert error(view, "respondent") == "此题必答"
    assert "需要填写或修改" in view.message.text()
    assert current_survey_answer(store=store, household=HOUSEHOLD, form_id="needs_survey") is None


def test_submit_records_the_answers(qtbot, window, store):
    view = open_survey(window)
    fill_required(qtbot, view)
    choose(view, "improve_items", "elevator", "parking")
    choose(view, "priority_1", "parking")
    choose(view, "priority_2", "elevator")
    assert view.submit(), view.message.text()
    answer = current_survey_answer(store=store, household=HOUSEHOLD, form_id="needs_survey")
    assert answer is not None
    assert answer.answers["residents"] == 3
    assert answer.answers["improve_items"] == ["elevator", "parking"]
    assert answer.calculated["chosen_count"] == "2"
    assert load_draft(store=store, household=HOUSEHOLD, form="needs_survey") is None
    assert "已于" in view.status.text()
    tree = window.household_list.model
    assert tree.data(tree.index_of(HOUSEHOLD).siblingAtColumn(3)) == "✓ 已调查"
    assert window.household_page.chips[0].text() == "调查:✓ 已提交"


def test_a_submitted_survey_reopens_for_changes(qtbot, window, store):
    view = open_survey(window)
    fill_required(qtbot, view)
    assert view.submit()
    window.open_household("NH-001/1-1-101", page="survey")
    view = open_survey(window)
    assert row(view, "residents").editor.value() == "3"


def test_each_change_is_kept_as_a_draft(qtbot, window, store):
    view = open_survey(window)
    type_into(qtbot, view, "residents", "4")
    qtbot.waitUntil(
        lambda: load_draft(store=store, household=HOUSEHOLD, form="needs_survey") is not None
    )
    draft = load_draft(store=store, household=HOUSEHOLD, form="needs_survey")
    assert draft.answers == {"residents": 4}
    assert "residents" in draft.position
    assert "草稿" in view.status.text()
    tree = window.household_list.model
    assert tree.data(tree.index_of(HOUSEHOLD).siblingAtColumn(3)) == "✎ 草稿"


def test_leaving_the_household_saves_at_once(qtbot, window, store):
    view = open_survey(window)
    type_into(qtbot, view, "years", "12")
    window.open_household("NH-001/1-1-101")
    assert load_draft(store=store, household=HOUSEHOLD, form="needs_survey").answers == {
        "years": 12
    }


def test_a_draft_reopens_where_it_was_left(qtbot, window, store, translations):
    view = open_survey(window)
    type_into(qtbot, view, "residents", "4")
    type_into(qtbot, view, "years", "30")
    view.save_draft_now()
    window.open_household("NH-001/1-1-101", page="round1")
    view = open_survey(window)
    assert row(view, "residents").editor.value() == "4"
    qtbot.waitUntil(lambda: view.survey.focused_place() == ((), "years"))
    edit = row(view, "years").editor.edit
    assert not edit.visibleRegion().isEmpty()


def test_discarding_a_draft(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(DiscardDraftBox, "ask", classmethod(lambda cls, parent: True))
    view = open_survey(window)
    type_into(qtbot, view, "residents", "4")
    view.save_draft_now()
    view.discard_button.click()
    assert load_draft(store=store, household=HOUSEHOLD, form="needs_survey") is None
    assert row(view, "residents").editor.value() == ""


EVERY_TYPE = [
    ["type", "name", "label::zh", "label::en", "required", "relevant", "constraint",
     "constraint_message::zh", "calculation", "parameters", "appearance"],
    ["start", "start", "", "", "", "", "", "", "", "", ""],
    ["text", "name", "姓名", "Name", "yes", "", "", "", "", "", ""],
    ["text", "story", "经历", "Story", "", "", "", "", "", "", "multiline"],
    ["integer", "age", "年龄", "Age", "", "", ". < 120", "年龄不对", "", "", ""],
    ["decimal", "area", "面积", "Area", "", "", "", "", "", "", ""],
    ["date", "born", "出生日期", "Born", "", "", "", "", "", "", ""],
    ["time", "at", "时间", "Time", "", "", "", "", "", "", ""],
    ["datetime", "when", "日期时间", "When", "", "", "", "", "", "", ""],
    ["select_one yn", "pet", "养宠物", "Pet", "", "", "", "", "", "", ""],
    ["select_multiple yn", "both", "多选", "Many", "", "", "", "", "", "", ""],
    ["note", "info", "说明:${name}", "Note: ${name}", "", "", "", "", "", "", ""],
    ["calculate", "double", "年龄的两倍", "Twice the age", "", "", "", "", "${age} * 2", "", ""],
    ["acknowledge", "ok", "确认", "Confirm", "", "", "", "", "", "", ""],
    ["range", "score", "打分", "Score", "", "", "", "", "", "start=0 end=10 step=2", ""],
    ["barcode", "code", "条码", "Code", "", "", "", "", "", "", ""],
    ["image", "photo", "照片", "Photo", "", "", "", "", "", "", ""],
    ["geopoint", "where", "位置", "Place", "", "", "", "", "", "", ""],
    ["begin_repeat", "members", "家庭成员", "Members", "", "", "", "", "", "", ""],
    ["text", "member", "成员姓名", "Member", "yes", "", "", "", "", "", ""],
    ["integer", "member_age", "成员年龄", "Member age", "", "", "", "", "", "", ""],
    ["text", "school", "学校", "School", "", "${member_age} < 18", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip
CHOICES = [["list_name", "name", "label::zh", "label::en"], ["yn", "yes", "是", "Yes"],
           ["yn", "no", "否", "No"]]  # fmt: skip


@pytest.fixture
def every_type_form(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    settings = [["form_id", "form_title"], ["every_type", "所有题型"]]
    for title, rows in (("survey", EVERY_TYPE), ("choices", CHOICES), ("settings", settings)):
        sheet = workbook.create_sheet(title)
        for values in rows:
            sheet.append(values)
    path = tmp_path / "every_type.xlsx"
    workbook.save(path)
    return load_form(path)


def test_every_type_gets_its_editor(qtbot, window, every_type_form):
    window.workspace.use_form(every_type_form)
    view = open_survey(window)
    expected = {
        "name": LineEditor, "story": MultilineEditor, "age": LineEditor, "area": LineEditor,
        "born": DateEditor, "at": LineEditor, "when": LineEditor, "pet": ChoiceEditor,
        "both": ChoiceEditor, "ok": AcknowledgeEditor, "score": RangeEditor,
        "code": LineEditor, "photo": ImageEditor, "where": LineEditor,
    }  # fmt: skip
    for key, kind in expected.items():
        assert type(row(view, key).editor) is kind, key
    assert row(view, "info").editor is None
    type_into(qtbot, view, "name", "Li")
    assert "Li" in row(view, "info").label.text()
    type_into(qtbot, view, "age", "40")
    assert row(view, "double").value.text() == "80"
    type_into(qtbot, view, "age", "130")
    assert error(view, "age") == "年龄不对"
    type_into(qtbot, view, "at", "9:3")
    assert error(view, "at") == "时间应写作 HH:MM"
    type_into(qtbot, view, "at", "09:30")
    assert error(view, "at") == ""
    row(view, "born").editor.set_value("2001-02-03")
    row(view, "born").editor.edit.setDate(row(view, "born").editor.edit.date().addDays(1))
    row(view, "ok").editor.box.click()
    row(view, "score").editor.slider.setValue(3)
    row(view, "story").editor.edit.setPlainText("第一行\n第二行")
    session = view.session
    assert session.answer("born") == "2001-02-04"
    assert session.answer("ok") == "OK"
    assert session.answer("score") == 6
    assert session.answer("age") == 130
    assert session.answer("story") == "第一行\n第二行"
    type_into(qtbot, view, "where", "30.75 120.76")
    assert session.answer("where") == "30.75 120.76"


def test_repeats_add_and_remove_rows(qtbot, window, every_type_form, store):
    window.workspace.use_form(every_type_form)
    view = open_survey(window)
    add = view.survey.repeat_buttons[((), "members")]
    add.click()
    add = view.survey.repeat_buttons[((), "members")]
    add.click()
    first, second = (("members", 0),), (("members", 1),)
    type_into(qtbot, view, "member", "Wang", path=first)
    type_into(qtbot, view, "member_age", "12", path=first)
    assert shown(view, "school", path=first)
    type_into(qtbot, view, "member_age", "40", path=second)
    assert not shown(view, "school", path=second)
    view.survey.remove_buttons[(first, "members")].click()
    assert view.session.answers["members"] == [{"member_age": 40}]
    assert not view.submit()
    assert error(view, "member", path=first) == "此题必答"
    view.save_draft_now()
    assert load_draft(store=store, household=HOUSEHOLD, form="every_type").answers["members"] == [
        {"member_age": 40}
    ]


def test_enter_moves_to_the_next_question(qtbot, window):
    view = open_survey(window)
    window.activateWindow()
    edit = row(view, "residents").editor.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert row(view, "elderly").editor.edit.hasFocus()


def test_start_is_when_the_draft_began_not_when_it_was_opened_or_sent(qtbot, window, store):
    view = open_survey(window)
    view.session.begin_at(dt.datetime(2000, 1, 1, 8, tzinfo=dt.UTC))  # opened long ago
    type_into(qtbot, view, "residents", "4")  # the first entry begins the draft
    view.save_draft_now()
    begun = load_draft(store=store, household=HOUSEHOLD, form="needs_survey").started_at
    assert begun is not None and not begun.startswith("2000")
    store.db.execute(  # the draft began yesterday; the window is opened again today
        "UPDATE drafts SET started_at = '2025-11-30T09:15:00+08:00' WHERE household = ?",
        [HOUSEHOLD],
    )
    window.open_household("NH-001/1-1-101")
    view = open_survey(window)
    type_into(qtbot, view, "years", "30")  # a later save keeps the start
    view.save_draft_now()
    assert load_draft(store=store, household=HOUSEHOLD, form="needs_survey").started_at == (
        "2025-11-30T09:15:00+08:00")  # fmt: skip
    fill_required(qtbot, view)
    assert view.submit(), view.message.text()
    answer = current_survey_answer(store=store, household=HOUSEHOLD, form_id="needs_survey")
    assert answer.metadata["start"] == "2025-11-30T09:15:00+08:00"
    assert answer.metadata["today"] == "2025-11-30"
    assert answer.metadata["end"] > "2025-11-30T09:15:00+08:00"


def test_the_survey_page_prints_the_household_s_questionnaire(qtbot, window, monkeypatch):
    from survey_app.ui.office.print_preview import PrintPreview

    asked = []
    monkeypatch.setattr(PrintPreview, "ask", classmethod(lambda cls, *a: asked.append(a)))
    view = open_survey(window)
    assert view.print_button.text() == "打印调查表…"
    view.print_button.click()
    ((parent, path, request),) = asked
    assert parent is window and path == window.workspace.store.path
    assert (request.kind, request.household, request.form) == ("survey", HOUSEHOLD, "needs_survey")
    assert request.language == "zh"
    assert window.switch_language("en")
    view.print_button.click()  # the window in English prints the questionnaire in English
    assert asked[-1][2].language == "en"


def test_the_batch_s_forms_are_offered_and_answers_kept_per_form(qtbot, window):
    view = open_survey(window)
    forms = [view.form_combo.itemData(i) for i in range(view.form_combo.count())]
    assert forms == ["needs_survey", "satisfaction_survey"]
    assert view.form_combo.isVisibleTo(view)
    view.form_combo.setCurrentIndex(1)
    view.form_combo.activated.emit(1)
    assert view.form.form_id == "satisfaction_survey"
    assert ((), "rated_items") in view.survey.rows and ((), "residents") not in view.survey.rows
    choose(view, "respondent", "family")
    view.save_draft_now()
    store = window.workspace.store
    assert load_draft(store=store, household=HOUSEHOLD, form="satisfaction_survey") is not None
    assert load_draft(store=store, household=HOUSEHOLD, form="needs_survey") is None


def test_a_draft_of_an_older_form_version_is_carried_over_and_flagged(qtbot, window):
    from survey_app.store.drafts import save_draft

    store = window.workspace.store
    save_draft(store=store, household=HOUSEHOLD, form="needs_survey",
               answers={"residents": 4, "old_question": "x"}, position=None,
               form_version="2027.1")  # fmt: skip
    view = open_survey(window)
    assert view.message.isVisibleTo(view)
    assert "2027.1" in view.message.text() and "old_question" in view.message.text()
    assert view.session.answer("residents") == 4
    view.save_draft_now()
    kept = load_draft(store=store, household=HOUSEHOLD, form="needs_survey")
    assert kept.form_version == "2027.2" and "old_question" not in kept.answers
