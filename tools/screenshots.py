"""Screenshots of the window and of each view, for the README: staged on a copy of the sample
batch, offscreen, with the user's settings and data folder left alone.

    python tools/screenshots.py --view office-ranking --lang en --out shot.png
    python tools/screenshots.py --readme     every README screenshot, into resources/screenshots/
    python tools/screenshots.py --list       the views

Whatever a view writes (a vote filled in, an import, a sync, a conflict to show) goes into a copy
of the data file in a temporary folder, never into the file named with --db.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QPoint, QPointF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QWidget

from survey_app.actions.printing import PrintRequest
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice
from survey_app.resources import resource_path
from survey_app.store import driver
from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import households_of
from survey_app.store.rounds import round_state
from survey_app.store.votes import record_vote, round_vote_facts
from survey_app.ui.base.passphrase_dialog import NewPassphraseDialog, PassphraseDialog
from survey_app.ui.base.passphrases import unlocked
from survey_app.ui.base.workers import Task
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog
from survey_app.ui.field.first_run import FirstRunDialog
from survey_app.ui.field.survey_fields import ChoiceEditor
from survey_app.ui.field.vote_panel import VotePanel
from survey_app.ui.main_window import MainWindow
from survey_app.ui.office.compounds_view import CompoundsView
from survey_app.ui.office.conflicts_view import ConflictsDialog
from survey_app.ui.office.dashboard import TallyDashboard
from survey_app.ui.office.devices_view import DevicesView
from survey_app.ui.office.export_dialog import ExportDialog
from survey_app.ui.office.print_preview import PrintPreview
from survey_app.ui.office.ranking_view import RankingView
from survey_app.ui.office.roster_dialog import RosterImportDialog
from survey_app.ui.office.rounds_dialog import CloseRoundDialog, OpenRoundDialog
from survey_app.ui.office.settings_dialog import SettingsDialog
from survey_app.ui.office.sync_dialog import SyncDialog

ROOT = Path(__file__).resolve().parents[1]
README_SHOTS = ROOT / "resources" / "screenshots"
SIZE = (1366, 768)


# -- the window's views ------------------------------------------------------------------
def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def compound_with_round(window: MainWindow, status: RoundStatus) -> tuple[str, int] | None:
    """The first compound with a round in this state (the later round preferred)."""
    store = window.workspace.store
    for compound in list_compounds(store=store):
        for round_no in (2, 1):
            if round_state(store=store, compound=compound.code, round_no=round_no).status is status:
                return compound.code, round_no
    return None


def showcase_household(
    window: MainWindow, status: RoundStatus = RoundStatus.OPEN
) -> tuple[str, int]:
    """A household worth showing: in a round in this state, with a changed vote if any."""
    store = window.workspace.store
    found = compound_with_round(window, status)
    if found is None:
        first = list_compounds(store=store)[0].code
        return households_of(store=store, compound=first)[0].id, 1
    compound, round_no = found
    facts = round_vote_facts(store=store, compound=compound, round_no=round_no)
    changed = sorted(f.household for f in facts if f.replaces)
    if changed:
        return changed[0], round_no
    voted = sorted(f.household for f in facts)
    return (voted[0] if voted else households_of(store=store, compound=compound)[0].id), round_no


def draw_sample_signature(panel: VotePanel) -> None:
    """A made-up signature, drawn through the pad's own stroke API."""
    pad = panel.signature_pad
    w, h = pad.width(), pad.height()
    strokes = [
        [(0.12, 0.62), (0.16, 0.35), (0.2, 0.7), (0.25, 0.4), (0.3, 0.66)],
        [(0.36, 0.45), (0.42, 0.45), (0.39, 0.3), (0.39, 0.72), (0.34, 0.68)],
        [(0.5, 0.35), (0.48, 0.7), (0.56, 0.5), (0.62, 0.7), (0.6, 0.35)],
        [(0.68, 0.6), (0.74, 0.38), (0.8, 0.62), (0.86, 0.42), (0.9, 0.58)],
    ]
    for stroke in strokes:
        pad.begin_stroke(QPointF(stroke[0][0] * w, stroke[0][1] * h))
        for x, y in stroke[1:]:
            pad.extend_stroke(QPointF(x * w, y * h))
        pad.end_stroke()


def _open_showcase(window: MainWindow, status: RoundStatus = RoundStatus.OPEN) -> VotePanel:
    household, round_no = showcase_household(window, status)
    window.open_household(household, round_no=round_no)
    return window.household_page.vote_panels[round_no]


def _fill_vote(window: MainWindow) -> VotePanel:
    panel = _open_showcase(window)
    settle()
    panel.choose(Choice.AGREE)
    panel.note_edit.setText("本人签字确认")
    draw_sample_signature(panel)
    panel.draft_timer.stop()  # a picture, not a vote in progress: no draft is kept
    return panel


def _view_main(window: MainWindow) -> list[QWidget]:
    window.show_progress()
    return []


def _view_household(window: MainWindow) -> list[QWidget]:
    _open_showcase(window)
    return []


def _view_vote(window: MainWindow) -> list[QWidget]:
    _fill_vote(window)
    return []


def _view_confirm(window: MainWindow) -> list[QWidget]:
    panel = _fill_vote(window)
    pending = panel.pending_vote()
    assert pending is not None
    dialog = ConfirmVoteDialog(pending, window)
    dialog.show()
    return [dialog]


def _view_closed(window: MainWindow) -> list[QWidget]:
    _open_showcase(window, RoundStatus.CLOSED)
    return []


def _view_search(window: MainWindow) -> list[QWidget]:
    window.show_progress()
    window.search.setText("王")
    window.search.search()
    popup = window.search.popup()
    return [popup] if popup.isVisible() else []


def _view_survey(window: MainWindow) -> list[QWidget]:
    """A survey under way: skip logic opened a section, and one answer breaks a rule."""
    _open_showcase(window)
    page = window.household_page
    page.show_page("survey")
    survey = page.survey_view.survey
    if survey is None or "residents" not in {key for _path, key in survey.rows}:
        return []
    for key, text in (("residents", "2"), ("elderly", "3")):
        field = survey.rows[((), key)].editor
        edit = field.focus_target() if field else None
        assert isinstance(edit, QLineEdit)
        edit.setText(text)
        edit.textEdited.emit(text)
    editor = survey.rows[((), "respondent")].editor
    assert isinstance(editor, ChoiceEditor)
    editor.set_value("head")
    editor.changed.emit()
    page.survey_view.save_timer.stop()
    return []


def _view_survey_forms(window: MainWindow) -> list[QWidget]:
    """The survey page with the batch's forms to choose from: the satisfaction survey."""
    _open_showcase(window)
    page = window.household_page
    page.show_page("survey")
    view = page.survey_view
    index = view.form_combo.findData("satisfaction_survey")
    if index >= 0:
        view.form_combo.setCurrentIndex(index)
        view._choose_form(index)
    return []


def _view_page(page: str) -> Callable[[MainWindow], list[QWidget]]:
    def view(window: MainWindow) -> list[QWidget]:
        _open_showcase(window)
        window.household_page.show_page(page)
        return []

    return view


def _view_visits(window: MainWindow) -> list[QWidget]:
    """A day of visits: some households visited without an opinion, the list filtered to
    them, and a 改日再访 being entered on one of them."""
    from survey_app.core.visits import VisitOutcome
    from survey_app.store.household_status import HouseholdFilter
    from survey_app.store.visits import record_visit

    household_id, round_no = showcase_household(window, RoundStatus.OPEN)
    store = window.workspace.store
    compound = household_id.split("/")[0]
    status = window.household_list
    window.set_compound(compound, round_no)
    left = [
        h
        for h in households_of(store=store, compound=compound)
        if h.eligible and status.model.status(h.id).outcome(round_no) == "no_response"
    ]
    outcomes = [VisitOutcome.NOT_HOME, VisitOutcome.REFUSED, VisitOutcome.VACANT]
    for index, household in enumerate(left[:6]):
        record_visit(store=store, household=household, outcome=outcomes[index % 3])
    status.reload()
    status.set_filter(HouseholdFilter.NO_OPINION)
    window.open_household(left[0].id, round_no=round_no)
    bar = window.household_page.visit_bar
    bar.outcome_combo.setCurrentIndex(list(VisitOutcome).index(VisitOutcome.COME_BACK))
    bar.note_edit.setText("晚上七点后在家")
    bar.outcome_combo.setFocus()
    return []


def _view_first_run(window: MainWindow) -> list[QWidget]:
    dialog = FirstRunDialog(window)
    dialog.show()
    return [dialog]


def _encrypted_scratch_file() -> Path:
    path = scratch() / "survey.db"
    open_store(path, passphrase="screenshot-passphrase").close()
    return path


def _view_passphrase(window: MainWindow) -> list[QWidget]:
    """Opening an encrypted laptop file after one wrong try: the one line saying so."""
    dialog = PassphraseDialog(_encrypted_scratch_file(), parent=window)
    dialog.show()
    dialog.fields[0].setText("a wrong one")
    dialog.submit()
    return [dialog]


def _view_new_passphrase(window: MainWindow) -> list[QWidget]:
    dialog = NewPassphraseDialog(scratch() / "survey.db", parent=window)
    for field in dialog.fields:
        field.setText("screenshot-passphrase")
    dialog.show()
    return [dialog]


def _view_phone(window: MainWindow) -> list[QWidget]:
    """A vote taken by phone (电话核实): the number called beside the channel."""
    from survey_app.core.votes import Channel

    panel = _open_showcase(window)
    settle()
    panel.choose(Choice.AGREE)
    panel.channel_combo.setCurrentIndex(list(Channel).index(Channel.PHONE))
    panel.number_edit.setText("138 0000 0101")
    panel.note_edit.setText("户主在外地,电话确认")
    panel.draft_timer.stop()
    return []


def _view_void(window: MainWindow) -> list[QWidget]:
    """作废: the reason asked for a vote recorded on the wrong household."""
    from survey_app.store.votes import vote_rows
    from survey_app.ui.field.void_vote import VoidVoteDialog

    household, round_no = showcase_household(window, RoundStatus.OPEN)
    window.open_household(household, round_no=round_no)
    vote = vote_rows(store=window.workspace.store, household=household, round_no=round_no)[-1]
    dialog = VoidVoteDialog(window.household_page.household.address, vote, window)
    dialog.reason_edit.setText("记错户了,应为隔壁一户")
    return [dialog]


STANDALONE = {"first-run", "passphrase", "new-passphrase"}
"""Views shown before any window exists: the dialog is rendered on its own."""

VIEWS: dict[str, Callable[[MainWindow], list[QWidget]]] = {
    "main": _view_main,
    "household": _view_household,
    "visits": _view_visits,
    "vote": _view_vote,
    "confirm": _view_confirm,
    "closed": _view_closed,
    "search": _view_search,
    "survey": _view_survey,
    "survey-forms": _view_survey_forms,
    "profile": _view_page("profile"),
    "phone": _view_phone,
    "void": _view_void,
    "first-run": _view_first_run,
    "passphrase": _view_passphrase,
    "new-passphrase": _view_new_passphrase,
}


# -- the office views ------------------------------------------------------------------
_folders: list[tempfile.TemporaryDirectory[str]] = []
ROSTER = """楼栋,单元,室,户主,电话,建筑面积,性质
5,1,101,周建国,13800005101,78.5,自住
5,1,102,吴秀兰,13800005102,78.5,出租
5,1,201,郑海燕,13800005201,七十八,自住
5,1,,王磊,13800005202,78.5,自住
5,1,301,冯志强,13800005301,78.5,空置
5,1,101,周建国,13800005101,78.5,自住
5,2,101,陈晓梅,13800005401,92,公房
"""


def scratch() -> Path:
    folder = tempfile.TemporaryDirectory(prefix="survey-app-screens-")
    _folders.append(folder)
    return Path(folder.name)


def copy_of(store: Store, name: str = "copy.db") -> Path:
    target = scratch() / name
    destination = driver.connect(str(target))  # the store's own driver: backup needs the same
    store.db.backup(destination)
    destination.close()
    return target


def wait_for(task: Task | None, timeout_ms: int = 30000) -> None:
    if task is None:
        return
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    if task is not None:
        loop.exec()


def sized(dialog: QWidget, width: int, height: int) -> QWidget:
    """The screenshot code fits dialogs to their size hint; keep the size they are used at."""
    dialog.setMinimumSize(width, height)
    dialog.resize(width, height)
    dialog.show()
    return dialog


def first_compound(window: MainWindow, status: RoundStatus, round_no: int = 1) -> str:
    store = window.workspace.store
    for compound in list_compounds(store=store):
        if round_state(store=store, compound=compound.code, round_no=round_no).status is status:
            return compound.code
    return list_compounds(store=store)[0].code


def signature(seed: int) -> bytes:
    image = QImage(360, 150, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#0d1b3e"), 4))
    points = [QPointF(30 + i * 25, 75 + ((i * (7 + seed)) % 5 - 2) * 14) for i in range(12)]
    painter.drawPolyline(QPolygonF(points))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(buffer.data().data())


def with_conflict(window: MainWindow) -> Store:
    """A copy of the data where two laptops recorded different votes for one household."""
    from survey_app.sync.central import sync_with_central

    code = first_compound(window, RoundStatus.OPEN)
    round_no = 1
    if round_state(store=window.workspace.store, compound=code, round_no=2).status is (
        RoundStatus.OPEN
    ):
        round_no = 2
    folder = scratch()
    mine = open_store(
        copy_of(window.workspace.store),
        device_name=window.workspace.store.device_name or "解放街道-01",
    )
    central = folder / "central.db"
    other = open_store(folder / "other.db", device_name="解放街道-02", surveyor="李娜",
                       role="field")  # fmt: skip
    enrol_device(store=mine, fingerprint=other.fingerprint)
    sync_with_central(store=mine, central=central)
    sync_with_central(store=other, central=central)
    household = households_of(store=other, compound=code)[0]
    record_vote(store=other, household=household, round_no=round_no, choice=Choice.DISAGREE,
                signer="户主本人", signature_png=signature(1))  # fmt: skip
    sync_with_central(store=other, central=central)
    other.close()
    record_vote(store=mine, household=household, round_no=round_no, choice=Choice.AGREE,
                signer="户主本人", signature_png=signature(2), surveyor="王芳")  # fmt: skip
    sync_with_central(store=mine, central=central)
    return mine


def _roster(window: MainWindow) -> list[QWidget]:
    roster = scratch() / "和平小区名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    db = copy_of(window.workspace.store)
    dialog = RosterImportDialog(db, list_compounds(store=window.workspace.store), window)
    dialog.code_combo.setCurrentText("NH-101")
    dialog.name_edit.setText("和平小区")
    dialog.file_edit.setText(str(roster))
    wait_for(dialog.load_preview())
    wait_for(dialog.start_import())
    return [sized(dialog, 900, 640)]


def _compounds(window: MainWindow) -> list[QWidget]:
    view = CompoundsView(window.workspace.store, window.workspace.store.path, window)
    return [sized(view, 1100, 560)]


def _open_round(window: MainWindow) -> list[QWidget]:
    code = first_compound(window, RoundStatus.NOT_OPENED, 2)
    dialog = OpenRoundDialog(window.workspace.store, code, 2, window)
    dialog.threshold_combo.setCurrentIndex(1)
    return [sized(dialog, 720, 380)]


def _close_round(window: MainWindow) -> list[QWidget]:
    code = first_compound(window, RoundStatus.OPEN)
    return [sized(CloseRoundDialog(window.workspace.store, code, 1, window), 700, 560)]


def _sync(window: MainWindow) -> list[QWidget]:
    store = with_conflict(window)
    dialog = SyncDialog(store.path, window)
    store.close()
    central = store.path.parent / "central.db"
    unlocked(central, "示例中心文件口令")  # a new central file is encrypted: never asked here
    dialog.path_edit.setText(str(central))
    wait_for(dialog.start_sync())
    return [sized(dialog, 680, 360)]


def with_laptops_awaiting(window: MainWindow) -> Store:
    """A copy of the data whose central file brought votes from two laptops the office has not
    enrolled, and one it rejected."""
    from survey_app.actions.devices import newcomers
    from survey_app.store.enrolment import revoke_device
    from survey_app.sync.central import sync_with_central

    code = first_compound(window, RoundStatus.OPEN)
    folder = scratch()
    office = open_store(copy_of(window.workspace.store), device_name="街道办公室")
    central = folder / "central.db"
    sync_with_central(store=office, central=central)
    office.remember_central("E:/central.db")
    laptops = (("解放街道-02", 6), ("解放街道-03", 2), ("来历不明-01", 30))
    for index, (name, votes) in enumerate(laptops):
        laptop = open_store(folder / f"laptop{index}.db", device_name=name, role="field")
        sync_with_central(store=laptop, central=central)
        for household in households_of(store=laptop, compound=code)[:votes]:
            record_vote(store=laptop, household=household, round_no=1, choice=Choice.AGREE,
                        signer="户主本人")  # fmt: skip
        sync_with_central(store=laptop, central=central)
        laptop.close()
    sync_with_central(store=office, central=central)
    rejected = [n for n in newcomers(store=office) if n.name == "来历不明-01"]
    revoke_device(store=office, fingerprint=rejected[0].fingerprint, keep_up_to=0)
    return office


def with_laptops_assigned(store: Store) -> None:
    """Two enrolled laptops: one given two compounds, one working in all of them."""
    from survey_app.store.assignments import assign_compounds
    from survey_app.store.compounds import list_compounds
    from survey_app.store.enrolment import enrol_device
    from survey_app.sync.central import sync_with_central

    codes = [c.code for c in list_compounds(store=store)][:2]
    folder = scratch()
    for index, name in enumerate(("解放街道-04", "解放街道-05")):
        laptop = open_store(folder / f"enrolled{index}.db", device_name=name, role="field")
        sync_with_central(store=laptop, central=folder / "assigned.db")
        enrol_device(store=store, fingerprint=laptop.fingerprint)
        if not index:
            assign_compounds(store=store, fingerprint=laptop.fingerprint, compounds=codes)
        sync_with_central(store=store, central=folder / "assigned.db", receive=True)
        laptop.close()


def _devices(window: MainWindow) -> list[QWidget]:
    store = with_laptops_awaiting(window)
    with_laptops_assigned(store)
    view = DevicesView(store, window)
    return [sized(view, 1000, 700)]


def _conflicts(window: MainWindow) -> list[QWidget]:
    store = with_conflict(window)
    dialog = ConflictsDialog(store, None, window)
    return [sized(dialog, dialog.width(), dialog.height())]  # as it opens


def _dashboard(window: MainWindow) -> list[QWidget]:
    code = first_compound(window, RoundStatus.CLOSED)
    dialog = TallyDashboard(window.workspace.store, code, 1, window)
    return [sized(dialog, 1300, 700)]


def _export(window: MainWindow) -> list[QWidget]:
    dialog = ExportDialog(window.workspace.store.path, window, folder=Path("D:/导出"))
    dialog.masked.setChecked(True)
    return [sized(dialog, 680, 300)]


def _ranking(window: MainWindow) -> list[QWidget]:
    return [sized(RankingView(window.workspace.store, window), 1200, 660)]


def _print(window: MainWindow) -> list[QWidget]:
    code = first_compound(window, RoundStatus.CLOSED)
    request = PrintRequest("tally", code, 1, households=True)
    dialog = PrintPreview(window.workspace.store.path, request, window)
    wait_for(dialog.task)
    shown = sized(dialog, 900, 720)
    pause = QEventLoop()
    QTimer.singleShot(1500, pause.quit)  # QPdfView draws its pages in the background
    pause.exec()
    return [shown]


def _household_edit(window: MainWindow) -> list[QWidget]:
    """办公 → 修改本户资料: a household edited twice, its earlier versions listed."""
    from survey_app.actions.household_edits import edit_household
    from survey_app.store.households import get_household
    from survey_app.ui.office.corrections import HouseholdEditDialog

    store = window.workspace.store
    household = households_of(store=store, compound=list_compounds(store=store)[0].code)[2]
    edit_household(store=store, household=household.id, phone="139 0000 0999",
                   edited_by="周主任")  # fmt: skip
    edit_household(store=store, household=household.id, area="86.5", edited_by="李会计")
    current = get_household(store=store, id=household.id)
    assert current is not None
    return [sized(HouseholdEditDialog(store, current, window), 640, 420)]


ONLINE_EXPORT = (
    "房号,姓名,表决结果,表决时间\n{a},{head},同意,2027-03-01 10:02\n"
    "{b},{other},反对,2027-03-01 11:40\n9-9-901,王某,同意,2027-03-02 09:00\n"
)


def _online_import(window: MainWindow) -> list[QWidget]:
    """办公 → 导入线上表决结果: the preview, matched rows and one that is not on the roster."""
    from survey_app.ui.office.corrections import OnlineImportDialog

    code = first_compound(window, RoundStatus.OPEN)
    store = window.workspace.store
    first, second = [h for h in households_of(store=store, compound=code) if h.head][:2]
    export = scratch() / "邻礼通表决结果.csv"
    export.write_text(ONLINE_EXPORT.format(a=first.address, head=first.head, b=second.address,
                                           other=second.head), encoding="utf-8")  # fmt: skip
    dialog = OnlineImportDialog(copy_of(store), code, 1, window)
    dialog.file_edit.setText(str(export))
    wait_for(dialog.load_preview())
    return [sized(dialog, 760, 420)]


def _print_menu(window: MainWindow) -> list[QWidget]:
    """小区与征询 → 打印…: the notice, ballots (all, two a page, only those without an opinion,
    one building), the 走访清单 and the needs list."""
    view = CompoundsView(window.workspace.store, window.workspace.store.path, window)
    sized(view, 1100, 560)
    view.show()
    view.table.selectRow(0)
    settle()
    view.print_menu.popup(view.print_button.mapToGlobal(QPoint(0, view.print_button.height())))
    return [view, view.print_menu]


def _print_survey(window: MainWindow) -> list[QWidget]:
    """A household's paper questionnaire, pre-filled, with its QR code."""
    row = window.workspace.store.db.execute(
        "SELECT household FROM survey_current WHERE form_id = 'needs_survey' "
        "ORDER BY household LIMIT 1"
    ).fetchone()
    household = row[0] if row else showcase_household(window)[0]
    request = PrintRequest("survey", household=household)
    dialog = PrintPreview(window.workspace.store.path, request, window)
    wait_for(dialog.task)
    shown = sized(dialog, 900, 720)
    pause = QEventLoop()
    QTimer.singleShot(1500, pause.quit)
    pause.exec()
    return [shown]


def _settings(window: MainWindow) -> list[QWidget]:
    store = window.workspace.store
    named = open_store(copy_of(store), device_name=store.device_name or "解放街道-01",
                       surveyor=store.surveyor or "王芳")  # fmt: skip
    named.remember_central("E:/central.db")
    dialog = SettingsDialog(named, window)
    named.close()
    dialog.data_row.edit.setText(str(store.path))
    return [sized(dialog, 700, 500)]


def _identity(window: MainWindow) -> list[QWidget]:
    """Settings on a field laptop the office has not enrolled yet: the fingerprint to read out."""
    from survey_app.sync.central import sync_with_central

    folder = scratch()
    office = open_store(copy_of(window.workspace.store))
    sync_with_central(store=office, central=folder / "central.db")
    office.close()
    laptop = open_store(folder / "laptop.db", device_name="解放街道-02", surveyor="李娜",
                        role="field")  # fmt: skip
    sync_with_central(store=laptop, central=folder / "central.db")
    laptop.remember_central("E:/central.db")
    dialog = SettingsDialog(laptop, window)
    dialog.data_row.edit.setText(str(laptop.path))
    laptop.close()
    return [sized(dialog, 700, 500)]


def _forms(window: MainWindow) -> list[QWidget]:
    """办公 → 表单与版本: every form and version, a new needs survey version published by this
    office, and the households answered with each."""
    from survey_app.actions.forms import publish_form_file
    from survey_app.ui.office.forms_view import FormsView

    store = open_store(copy_of(window.workspace.store))
    publish_form_file(store=store, path=_needs_version(scratch(), "2027.3"))
    view = FormsView(store, window)
    return [sized(view, 1100, 360)]


def _publish_form(window: MainWindow) -> list[QWidget]:
    """表单与版本 → 发布表单…: a form refused by the check, every problem by sheet and row."""
    from survey_app.ui.office.forms_view import PublishFormDialog

    dialog = PublishFormDialog(copy_of(window.workspace.store), window)
    dialog.path_edit.setText(str(_broken_form(scratch())))
    wait_for(dialog.start_check())
    return [sized(dialog, 820, 560)]


def _needs_version(folder: Path, version: str) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(resource_path("forms", "needs_survey.xlsx"))
    book["settings"]["C2"] = version
    path = folder / f"needs_survey-{version}.xlsx"
    book.save(path)
    return path


def _broken_form(folder: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (
        ["type", "name", "label::中文 (zh)", "label::English (en)", "appearance"],
        ["integer", "rooms", "住房间数", "Rooms", "thousands-sep"],
        ["text", "remark", "见 ${nowhere}", "See ${nowhere}", ""],
        ["select_one colours", "colour", "外墙颜色", "Wall colour", ""],
        ["audio", "voice", "录音", "Recording", ""],
        ["begin_group", "rooms_group", "房间", "Rooms", ""],
    ):
        survey.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["building_check", "2027.1"])
    path = folder / "building_check.xlsx"
    book.save(path)
    return path


VIEWS.update(
    {
        "office-forms": _forms,
        "office-publish-form": _publish_form,
        "office-roster": _roster,
        "office-compounds": _compounds,
        "office-open-round": _open_round,
        "office-close-round": _close_round,
        "office-sync": _sync,
        "office-conflicts": _conflicts,
        "office-devices": _devices,
        "office-dashboard": _dashboard,
        "office-ranking": _ranking,
        "office-export": _export,
        "office-print": _print,
        "office-print-survey": _print_survey,
        "office-settings": _settings,
        "office-household-edit": _household_edit,
        "office-online-import": _online_import,
        "office-print-menu": _print_menu,
        "office-identity": _identity,
    }
)


# -- rendering ---------------------------------------------------------------------------
def take_screenshot(window: MainWindow, view: str, path: Path, size: tuple[int, int]) -> QPixmap:
    window.resize(*size)
    window.show()
    settle()
    extra = VIEWS[view](window)
    settle()
    popup = window.search.popup()
    if view in STANDALONE:
        pixmap = extra[0].grab()
        path.parent.mkdir(parents=True, exist_ok=True)
        pixmap.save(str(path), "PNG")
        return pixmap
    for widget in extra:
        if widget is not popup and not isinstance(widget, QMenu):  # a menu stays where it opened
            widget.adjustSize()
            frame = widget.frameGeometry()
            centre = window.geometry().center()
            widget.move(centre - QPoint(frame.width() // 2, frame.height() // 2))
        settle()
    pixmap = window.grab()
    painter = QPainter(pixmap)
    if _dims(extra, window):
        painter.fillRect(pixmap.rect(), QColor(0, 0, 0, 70))
    for widget in extra:
        top_left = window.mapFromGlobal(widget.mapToGlobal(QPoint(0, 0)))
        painter.drawPixmap(top_left, widget.grab())
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    pixmap.save(str(path), "PNG")
    return pixmap


def _dims(extra: list[QWidget], window: MainWindow) -> bool:
    """Dialogs dim the window behind them; the search popup does not."""
    return any(w is not window.search.popup() for w in extra)


# -- running -----------------------------------------------------------------------------
README: dict[str, tuple[str, str]] = {
    **{f"desktop-{view}-zh.png": (view, "zh_CN") for view in
       ("main", "search", "vote", "confirm", "closed", "survey", "first-run", "passphrase",
        "new-passphrase", "visits", "phone", "void", "survey-forms")},
    **{f"desktop-{view}-en.png": (view, "en") for view in
       ("main", "vote", "survey", "passphrase", "new-passphrase")},
    **{f"{view}.png": (view, "zh_CN") for view in VIEWS if view.startswith("office-")},
    **{f"{view}-en.png": (view, "en") for view in ("office-dashboard", "office-ranking",
                                                    "office-publish-form")},
}  # fmt: skip
"""Each screenshot the README shows (resources/screenshots/), and its view and language."""
USER_FOLDERS = ("XDG_DATA_HOME", "APPDATA", "SURVEY_APP_DB")


@contextmanager
def offscreen_session() -> Iterator[Path]:
    """A QApplication, and a scratch folder standing in for the user's data folder and Qt
    settings: nothing of the user's is read or written while the views are staged."""
    from survey_app.ui.app import start_application
    from survey_app.ui.base.settings import user_settings_kept_in

    start_application()
    saved = {name: os.environ.get(name) for name in USER_FOLDERS}
    with tempfile.TemporaryDirectory(prefix="survey-app-shots-") as folder:
        os.environ["XDG_DATA_HOME"] = os.environ["APPDATA"] = folder
        os.environ.pop("SURVEY_APP_DB", None)
        try:
            with user_settings_kept_in(Path(folder) / "settings"):
                yield Path(folder)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def sample_batch(folder: Path) -> Path:
    """The sample batch `survey-app gui --demo` opens, written into the scratch folder."""
    from survey_app.actions.data_files import opened
    from survey_app.actions.demo import make_demo

    path = folder / "demo.db"
    with opened(path) as store:
        make_demo(store=store)
    return path


def render(template: Path, view: str, language: str, out: Path, size: tuple[int, int]) -> None:
    """One view, on its own copy of the data, in a window of its own."""
    from PySide6.QtCore import QEvent, QThreadPool

    from survey_app.ui.base.translations import Translations
    from survey_app.ui.field.workspace import Workspace

    original = open_store(template)
    store = open_store(copy_of(original, template.name))
    original.close()
    translations = Translations()
    translations.install(language)
    window = MainWindow(Workspace(store), translations)
    try:
        window.restore_place()
        take_screenshot(window, view, out, size)
    finally:
        window.hide()  # not close(): nothing the view filled in is kept as a draft
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QThreadPool.globalInstance().waitForDone(30_000)
        translations.uninstall()
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/screenshots.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--view", choices=sorted(VIEWS), default="main", help="view to render")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN", help="language")
    parser.add_argument("--out", type=Path, help="the PNG to write")
    parser.add_argument("--size", default="1366x768", help="window size, WxH")
    parser.add_argument(
        "--db", type=Path, help="data file to stage the views on (copied; default: the sample)"
    )
    parser.add_argument("--readme", action="store_true", help="every README screenshot")
    parser.add_argument("--list", action="store_true", help="list the views and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(sorted(VIEWS)))
        return 0
    if not args.readme and args.out is None:
        parser.error("name the PNG with --out (or regenerate the README's with --readme)")
    width, _x, height = args.size.partition("x")
    if args.readme:
        shots = {README_SHOTS / name: spec for name, spec in README.items()}
    else:
        shots = {args.out: (args.view, args.lang)}
    with offscreen_session() as folder:
        template = args.db or sample_batch(folder)
        for out, (view, language) in shots.items():
            render(template, view, language, out, (int(width), int(height)))
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
