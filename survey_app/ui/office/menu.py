"""The office menu in the main window: one call, `install(window)`, adds every workflow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from survey_app.store.database import open_store
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.office.compounds_view import CompoundsView
from survey_app.ui.office.conflicts_view import ConflictsDialog
from survey_app.ui.office.dashboard import TallyDashboard
from survey_app.ui.office.ranking_view import RankingView
from survey_app.ui.office.roster_dialog import RosterImportDialog
from survey_app.ui.office.settings import SettingsDialog
from survey_app.ui.office.sync_dialog import SyncDialog

if TYPE_CHECKING:
    from survey_app.ui.main_window import MainWindow


class OfficeMenu(Retranslating, QMenu):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.actions_: dict[str, QAction] = {}
        for key, slot, shortcut in (
            ("roster", self.import_roster, None),
            ("compounds", self.compounds, "Ctrl+Shift+C"),
            ("sync", self.sync, "Ctrl+Shift+S"),
            ("conflicts", self.conflicts, None),
            ("tally", self.tally, "Ctrl+T"),
            ("ranking", self.ranking, "Ctrl+R"),
            ("settings", self.settings, None),
        ):
            if key in ("sync", "settings"):
                self.addSeparator()
            action = self.addAction("", slot)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            self.actions_[key] = action
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("办公(&O)"))
        texts = {
            "roster": self.tr("导入名册(预览)…"),
            "compounds": self.tr("小区与征询轮次…"),
            "sync": self.tr("与中心文件同步…"),
            "conflicts": self.tr("待核实的住户…"),
            "tally": self.tr("统计…"),
            "ranking": self.tr("排名…"),
            "settings": self.tr("设置…"),
        }
        for key, action in self.actions_.items():
            action.setText(texts[key])

    # -- workflows --------------------------------------------------------------------
    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.window_.workspace.store

    def refresh(self) -> None:
        """Data changed behind the window's back: reload what it shows."""
        self.window_.load_compounds()
        self.window_.household_list.reload()
        self.window_.show_progress()

    def import_roster(self) -> None:
        if RosterImportDialog.ask(
            self.window_, self.store.path, self.window_.workspace.compounds()
        ):
            self.refresh()

    def compounds(self) -> None:
        if CompoundsView.ask(self.window_, self.store, self.store.path):
            self.refresh()

    def sync(self) -> None:
        dialog = SyncDialog(self.store.path, self.window_)
        dialog.conflicts_button.clicked.connect(self.conflicts)
        dialog.synced.connect(lambda _report: self.refresh())
        dialog.exec()

    def conflicts(self) -> None:
        dialog = ConflictsDialog(self.store, None, self.window_)
        dialog.resolved.connect(self.window_.workspace.notify_household)
        dialog.exec()
        self.refresh()

    def tally(self) -> None:
        code = self.window_.workspace.compound
        if code:
            TallyDashboard(self.store, code, self.window_.workspace.round_no, self.window_).exec()

    def ranking(self) -> None:
        RankingView(self.store, self.window_).exec()

    def settings(self) -> None:
        store = self.store
        chosen = SettingsDialog.ask(
            self.window_,
            {
                "device_name": store.device_name,
                "surveyor": store.surveyor,
                "data_path": str(store.path),
            },
        )
        if chosen is None:
            return
        open_store(
            store.path,
            device_name=chosen["device_name"] or None,
            surveyor=chosen["surveyor"] or None,
        ).close()
        if chosen["language"] != self.window_.translations.language:
            self.window_.switch_language(chosen["language"])
        self.window_.load_compounds()


def install(window: MainWindow) -> OfficeMenu:
    menu = OfficeMenu(window)
    window.menuBar().insertMenu(window.language_menu.menuAction(), menu)
    return menu
