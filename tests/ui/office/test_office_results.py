"""The dashboard's numbers equal `survey-app tally`; the ranking's order equals `survey-app
rank`; the ranking exports to Excel; documents print to PDF with a preview."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from survey_app.actions.printing import PrintRequest
from survey_app.cli import main as cli
from survey_app.core.ranking import Standing
from survey_app.store.compounds import list_compounds
from survey_app.store.database import open_store
from survey_app.store.rounds import round_state
from survey_app.store.sample import write_sample
from survey_app.ui.office.dashboard import KINDS, TallyDashboard
from survey_app.ui.office.print_preview import PrintPreview
from survey_app.ui.office.ranking_view import RankingView


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample batch with passed, open and deferred compounds."""
    path = tmp_path_factory.mktemp("office-sample") / "sample.db"
    store = open_store(path)
    write_sample(store=store, compounds=8, min_households=20, max_households=50)
    store.close()
    return path


@pytest.fixture
def sample_db(sample_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample.db"
    shutil.copyfile(sample_template, target)
    return target


def cli_json(db, *args):
    result = CliRunner().invoke(cli, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_dashboard_numbers_equal_the_tally_command(qtbot, sample_db, translations):
    store = open_store(sample_db)
    codes = [c.code for c in list_compounds(store=store)]
    dashboard = TallyDashboard(store, codes[0], 1, None)
    qtbot.addWidget(dashboard)
    for index, code in enumerate(codes):
        dashboard.compound_combo.setCurrentIndex(index)
        for round_no in (1, 2):
            dashboard.round_combo.setCurrentIndex(round_no - 1)
            expected = cli_json(sample_db, "tally", "--compound", code, "--round", str(round_no))
            shown = {kind: int(dashboard.tiles[kind][0].text()) for kind in ("eligible", *KINDS)}
            assert shown == {k: expected[k] for k in shown}, (code, round_no)
            assert f"同意率 {expected['rate']}%" in dashboard.rate.text()
            state = round_state(store=store, compound=code, round_no=round_no)
            if expected["passed"]:
                assert "达到通过比例" in dashboard.verdict.text()
            elif state.status.value == "closed":
                assert dashboard.verdict.text() == "未达到 → 暂缓改造"
            rows = dashboard.buildings.rowCount()
            total = sum(int(dashboard.buildings.item(r, 1).text()) for r in range(rows))
            assert total == expected["eligible"]
            days = dashboard.chart.days
            if days:
                assert days[-1].agree == expected["agree"] or expected["status"] == "closed"
    store.close()


def test_the_chart_follows_the_votes_day_by_day(qtbot, sample_db, translations):
    store = open_store(sample_db)
    code = list_compounds(store=store)[0].code
    dashboard = TallyDashboard(store, code, 1, None)
    qtbot.addWidget(dashboard)
    dashboard.resize(1200, 680)
    days = dashboard.chart.days
    assert days and [d.day for d in days] == sorted(d.day for d in days)
    assert len(dashboard.chart.points()) == len(days)
    store.close()


def test_ranking_order_equals_the_rank_command(qtbot, sample_db, translations, tmp_path):
    store = open_store(sample_db)
    view = RankingView(store, None)
    qtbot.addWidget(view)
    for round_no in (1, 2):
        view.round_combo.setCurrentIndex(round_no - 1)
        expected = cli_json(sample_db, "rank", "--round", str(round_no))
        assert view.visible_codes() == [r["compound"] for r in expected]
        shown_rates = [view.proxy.index(r, 4 + round_no).data() for r in range(len(expected))]
        for shown, ranked in zip(shown_rates, expected, strict=True):
            assert shown.split("%")[0] == ranked["rate"] or (shown, ranked["status"]) == (
                "—",
                "not_opened",
            )
    view.round_combo.setCurrentIndex(0)
    standings = {r.standing for r in view.model.rows}
    assert Standing.PASSED in standings and Standing.DEFERRED in standings
    deferred = next(r for r in range(view.proxy.rowCount())
                    if view.proxy.index(r, 7).data() == "✗ 暂缓改造")  # fmt: skip
    assert view.proxy.index(deferred, 7).data(8) is not None  # background marks it

    view.standing_combo.setCurrentIndex(view.standing_combo.findData("deferred"))
    assert all(r.standing is Standing.DEFERRED for r in view.model.rows
               if r.compound in view.visible_codes())  # fmt: skip
    view.standing_combo.setCurrentIndex(0)
    first = view.model.rows[0]
    view.search.setText(first.name[:3])
    assert first.compound in view.visible_codes()
    view.search.clear()
    view.table.sortByColumn(3, view.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    eligible = [int(view.proxy.index(r, 3).data()) for r in range(view.proxy.rowCount())]
    assert eligible == sorted(eligible, reverse=True)

    target = tmp_path / "排名.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export(target)
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "编码", "小区")
    assert [r[1] for r in rows[1:]] == view.visible_codes()
    store.close()


def preview(qtbot, db, request):
    dialog = PrintPreview(db, request, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=30000):
        pass
    qtbot.waitUntil(lambda: dialog.task is None)
    return dialog


def test_print_the_tally_notice_to_pdf(qtbot, sample_db, translations, tmp_path):
    code = "NH-001"
    dialog = preview(qtbot, sample_db, PrintRequest("tally", code, 1, households=True))
    assert dialog.document.pageCount() >= 1 and dialog.print_button.isEnabled()
    assert "共" in dialog.status.text()
    saved = dialog.save_as(tmp_path / "公示.pdf")
    text = PdfReader(saved).pages[0].extract_text()
    assert "征询结果公示" in text.replace(" ", "") or "公示" in text
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.document.pageCount()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.document.pageCount()


def test_print_ballots_of_one_building_ranking_and_needs(qtbot, sample_db, translations):
    store = open_store(sample_db)
    from survey_app.store.households import households_of

    households = [h for h in households_of(store=store, compound="NH-001") if h.eligible]
    store.close()
    building = households[0].building
    one = preview(qtbot, sample_db, PrintRequest("ballots", "NH-001", 1, building=building))
    assert one.document.pageCount() == sum(h.building == building for h in households)
    whole = preview(qtbot, sample_db, PrintRequest("ballots", "NH-001", 1))
    assert whole.document.pageCount() == len(households)
    assert preview(qtbot, sample_db, PrintRequest("ranking", None, 1)).document.pageCount() >= 1
    assert preview(qtbot, sample_db, PrintRequest("needs", "NH-001")).document.pageCount() >= 1


def test_a_failed_document_says_why(qtbot, sample_db, translations):
    dialog = PrintPreview(sample_db, PrintRequest("ballots", "NH-001", 1, building="99"), None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=30000) as failed:
        pass
    assert "没有应征询的住户" in failed.args[0]
    qtbot.waitUntil(lambda: dialog.task is None)
    assert not dialog.print_button.isEnabled()


def test_the_print_menu_prints_two_a_page_only_the_pending_and_the_visit_list(
    qtbot, sample_db, translations, monkeypatch
):
    from survey_app.store.tallies import tally_json
    from survey_app.ui.office.compounds_view import CompoundsView

    asked: list[PrintRequest] = []
    monkeypatch.setattr(PrintPreview, "ask", classmethod(
        lambda cls, parent, db, request: asked.append(request)))  # fmt: skip
    store = open_store(sample_db)
    view = CompoundsView(store, sample_db, None)
    qtbot.addWidget(view)
    view.select("NH-001")
    view.round_combo.setCurrentIndex(view.round_combo.findData(1))
    for key in ("ballots_two", "ballots_pending", "visits"):
        assert view.print_actions[key].isEnabled()
        view.print_actions[key].trigger()
    assert [(r.kind, r.compound, r.round_no, r.per_page, r.pending) for r in asked] == [
        ("ballots", "NH-001", 1, 2, False), ("ballots", "NH-001", 1, 2, True),
        ("visits", "NH-001", 1, 1, False),
    ]  # fmt: skip
    tally = tally_json(store=store, compound="NH-001", round_no=1)
    store.close()
    without_opinion = tally["eligible"] - tally["agree"] - tally["disagree"] - tally["abstain"]
    pending = preview(qtbot, sample_db, asked[1])
    assert pending.document.pageCount() == -(-without_opinion // 2)  # two ballots a page
    assert preview(qtbot, sample_db, asked[2]).document.pageCount() >= 1


def test_print_paper_questionnaires(qtbot, sample_db, translations):
    store = open_store(sample_db)
    from survey_app.store.households import households_of

    households = [h for h in households_of(store=store, compound="NH-001") if h.eligible]
    store.close()
    one = preview(qtbot, sample_db, PrintRequest("survey", household=households[0].id))
    assert one.document.pageCount() >= 2
    assert one.print_button.isEnabled()
    summary = preview(qtbot, sample_db, PrintRequest("satisfaction", "NH-001"))
    assert summary.document.pageCount() == 1
    blank = preview(qtbot, sample_db, PrintRequest("survey", "NH-001", blank=True))
    assert blank.document.pageCount() >= len(households) * one.document.pageCount() - 2


def test_the_compounds_print_menu_offers_questionnaires(
    qtbot, sample_db, translations, monkeypatch
):
    from survey_app.ui.office.compounds_view import CompoundsView

    store = open_store(sample_db)
    view = CompoundsView(store, sample_db)
    qtbot.addWidget(view)
    asked = []
    monkeypatch.setattr(PrintPreview, "ask", classmethod(lambda cls, *a: asked.append(a[2])))
    view.table.selectRow(0)
    code = view.current_code()
    assert code is not None
    texts = [a.text() for a in view.print_menu.actions()]
    assert "入户调查表(全小区,预填已录入的回答)" in texts and "入户调查表(全小区,空白)" in texts
    view.print_actions["survey"].trigger()
    view.print_actions["survey_blank"].trigger()
    view.print_actions["satisfaction"].trigger()
    assert [(r.kind, r.compound, r.blank) for r in asked] == [
        ("survey", code, False),
        ("survey", code, True),
        ("satisfaction", code, False),
    ]
    store.close()
