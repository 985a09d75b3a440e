"""Chinese by default; English selectable at run time, no restart; the choice is kept."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from survey_app.core.votes import Choice
from survey_app.ui.base import settings
from survey_app.ui.base.translations import Translations


def test_chinese_by_default(window):
    assert window.translations.language == "zh_CN"
    assert window.file_menu.title() == "文件(&F)"
    panel = window.household_page.vote_panels[1]
    assert panel.choice_buttons[Choice.AGREE].text() == "✓  同意"


def test_switch_to_english_and_back_without_restart(qtbot, window):
    window.open_household("NH-001/1-1-101", round_no=1)
    panel = window.household_page.vote_panels[1]
    assert window.switch_language("en")
    assert window.file_menu.title() == "&File"
    assert window.windowTitle().startswith("Residential renovation")
    assert panel.choice_buttons[Choice.AGREE].text() == "✓  Agree"
    assert panel.banner.text().startswith("Round 1 consent to renovate · open")
    assert panel.relation_combo.itemText(0) == "Self"
    assert window.household_list.summary.headline.text() == (
        "0 of 10 households agree; 8 more needed to reach 80%"
    )
    model = window.household_list.model
    assert model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == (
        "Household"
    )
    assert model.data(model.index(0, 0)) == "Building 1"
    assert window.household_page.tabs.tabText(0) == "Round 1 vote"
    assert window.round_buttons[1].text() == "Round 1 · open"
    assert QLocale().name().startswith("en")
    assert settings.language() == "en"
    assert window.language_actions["en"].isChecked()
    assert window.switch_language("zh_CN")
    assert window.file_menu.title() == "文件(&F)"
    assert panel.choice_buttons[Choice.AGREE].text() == "✓  同意"
    assert settings.language() == "zh_CN"


def test_progress_view_in_english(window):
    window.switch_language("en")
    window.show_progress()
    view = window.progress_view
    assert view.title.text() == "东方新村 (NH-001) · Round 1 consent to renovate · open"
    assert view.rule.text() == "Rule: agreeing households at least 80% of all eligible households"
    assert view.model.data(view.model.index(0, 0)) == "Building 1"


def test_qt_own_strings_are_translated_too(window, qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    window.switch_language("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"


def test_without_a_built_catalogue_the_app_stays_chinese(qapp, tmp_path):
    missing = Translations(tmp_path / "nothing-here")
    assert not missing.install("en")
    assert missing.language == "zh_CN"


def test_counts_in_english_take_the_plural_they_need(qtbot, window, store):
    from survey_app.core.visits import VisitOutcome
    from survey_app.store.household_status import HouseholdFilter
    from survey_app.store.households import get_household
    from survey_app.store.visits import record_visit

    household_list = window.household_list
    household_list.set_filter(HouseholdFilter.NO_OPINION)
    assert household_list.filter_count.text() == "0 户"
    window.switch_language("en")
    assert household_list.filter_count.text() == "0 households"
    for n, address in enumerate(("1-1-101", "1-1-102"), start=1):
        record_visit(store=store, household=get_household(store=store, id=f"NH-001/{address}"),
                     outcome=VisitOutcome.NOT_HOME)  # fmt: skip
        household_list.reload()
        household_list.set_filter(HouseholdFilter.NO_OPINION)
        assert household_list.filter_count.text() == ("1 household", "2 households")[n - 1]
    window.switch_language("zh_CN")
    assert household_list.filter_count.text() == "2 户"
