"""Screenshot views of the office workflows (`survey-app gui --demo --screenshot F --view V`).

Whatever a view writes (an import, a sync, a conflict to show) goes into a copy of the data
file in a temporary folder, never into the file the window has open."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QPointF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice
from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store, open_store
from survey_app.store.households import households_of
from survey_app.store.rounds import round_state
from survey_app.store.votes import record_vote
from survey_app.ui.base.workers import Task
from survey_app.ui.office.compounds_view import CompoundsView
from survey_app.ui.office.conflicts_view import ConflictsDialog
from survey_app.ui.office.dashboard import TallyDashboard
from survey_app.ui.office.print_preview import PrintPreview
from survey_app.ui.office.ranking_view import RankingView
from survey_app.ui.office.roster_dialog import RosterImportDialog
from survey_app.ui.office.rounds_dialog import CloseRoundDialog, OpenRoundDialog
from survey_app.ui.office.settings import SettingsDialog
from survey_app.ui.office.sync_dialog import SyncDialog
from survey_app.ui.office.work import PrintRequest

if TYPE_CHECKING:
    from survey_app.ui.main_window import MainWindow

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


def copy_of(store: Store) -> Path:
    target = scratch() / "copy.db"
    import sqlite3

    destination = sqlite3.connect(target)
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
    from PySide6.QtCore import QBuffer, QIODevice

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
    sync_with_central(store=mine, central=central)
    other = open_store(folder / "other.db", device_name="解放街道-02", surveyor="李娜")
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
    dialog.path_edit.setText(str(store.path.parent / "central.db"))
    wait_for(dialog.start_sync())
    return [sized(dialog, 680, 360)]


def _conflicts(window: MainWindow) -> list[QWidget]:
    store = with_conflict(window)
    dialog = ConflictsDialog(store, None, window)
    return [sized(dialog, 1100, 660)]


def _dashboard(window: MainWindow) -> list[QWidget]:
    code = first_compound(window, RoundStatus.CLOSED)
    dialog = TallyDashboard(window.workspace.store, code, 1, window)
    return [sized(dialog, 1300, 700)]


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


def _settings(window: MainWindow) -> list[QWidget]:
    store = window.workspace.store
    dialog = SettingsDialog(window, store_values={
        "device_name": store.device_name or "解放街道-01", "surveyor": store.surveyor or "王芳",
        "data_path": str(store.path),
    })  # fmt: skip
    dialog.central_row.edit.setText("E:/central.db")
    return [sized(dialog, 660, 330)]


OFFICE_VIEWS: dict[str, Callable[[MainWindow], list[QWidget]]] = {
    "office-roster": _roster,
    "office-compounds": _compounds,
    "office-open-round": _open_round,
    "office-close-round": _close_round,
    "office-sync": _sync,
    "office-conflicts": _conflicts,
    "office-dashboard": _dashboard,
    "office-ranking": _ranking,
    "office-print": _print,
    "office-settings": _settings,
}
