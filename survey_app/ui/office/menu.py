"""The office menu: every workflow of the street office, in whichever window offers an
`OfficeHost` (the main window). Each workflow's window is imported when it is first opened:
none of them is seen at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.store.trust import OFFICE
from survey_app.ui.base import settings
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.office.roles import office_only_tip

if TYPE_CHECKING:
    from survey_app.ui.office.sync_dialog import SyncDialog

OFFICE_ONLY = ("roster", "edit_household", "online_votes")
"""What a field laptop may not do (the store refuses its roster records; the online import
is the office's)."""


class OfficeHost(Protocol):
    """What the office menu needs from the window it is in."""

    @property
    def workspace(self) -> Workspace:
        """The open data file, the compound and round the user is at."""
        ...

    def load_compounds(self) -> None:
        """Show the compounds and this laptop's name afresh."""

    def reload_data(self) -> None:
        """The data changed behind the window's back (an import, a sync): show it afresh."""

    def switch_language(self, code: str) -> bool: ...

    def current_household(self) -> Household | None:
        """The household open on the household page, if any."""


class OfficeMenu(Retranslating, QMenu):
    def __init__(self, host: OfficeHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.actions_: dict[str, QAction] = {}
        self.office = True
        """This laptop's role, as last read (`show_role`): retranslating reads no file."""
        for key, slot, shortcut in (
            ("roster", self.import_roster, None),
            ("edit_household", self.edit_household, "Ctrl+Shift+H"),
            ("online_votes", self.import_online_votes, None),
            ("compounds", self.compounds, "Ctrl+Shift+C"),
            ("sync", self.sync, "Ctrl+Shift+S"),
            ("conflicts", self.conflicts, None),
            ("devices", self.devices, None),
            ("tally", self.tally, "Ctrl+T"),
            ("ranking", self.ranking, "Ctrl+R"),
            ("export", self.export, "Ctrl+Shift+E"),
            ("forms", self.forms, None),
            ("settings", self.settings, None),
        ):
            if key in ("sync", "settings"):
                self.addSeparator()
            action = self.addAction("", slot)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            self.actions_[key] = action
        self.setToolTipsVisible(True)  # a disabled action says why
        self.aboutToShow.connect(self.show_role)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("办公(&O)"))
        texts = {
            "roster": self.tr("导入名册(预览)…"),
            "edit_household": self.tr("修改本户资料…"),
            "online_votes": self.tr("导入线上表决结果…"),
            "compounds": self.tr("小区与征询轮次…"),
            "sync": self.tr("与中心文件同步…"),
            "conflicts": self.tr("待核实的住户…"),
            "devices": self.tr("待登记的设备…"),
            "tally": self.tr("统计…"),
            "ranking": self.tr("排名…"),
            "export": self.tr("导出数据…"),
            "forms": self.tr("表单与版本…"),
            "settings": self.tr("设置…"),
        }
        for key, action in self.actions_.items():
            action.setText(texts[key])
        self._show_role_tip()

    def show_role(self) -> None:
        """A field laptop does not write rosters (the store refuses it): say so, disabled."""
        self.office = self.store.role == OFFICE
        for key in OFFICE_ONLY:
            self.actions_[key].setEnabled(self.office)
        self._show_role_tip()

    def _show_role_tip(self) -> None:
        for key in OFFICE_ONLY:
            self.actions_[key].setToolTip("" if self.office else office_only_tip())

    def awaiting_count(self) -> int:
        """Devices whose records this file holds and does not count, for the office to decide
        on (0 on a field laptop, which cannot)."""
        from survey_app.actions.devices import newcomers

        if self.store.role != OFFICE:
            return 0
        return sum(not n.revoked for n in newcomers(store=self.store))  # as DevicesView lists

    # -- workflows --------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self.host.workspace.store

    def import_roster(self) -> None:
        from survey_app.ui.office.roster_dialog import RosterImportDialog

        if RosterImportDialog.ask(
            self.parentWidget(), self.store.path, self.host.workspace.compounds()
        ):
            self.host.reload_data()

    def edit_household(self) -> None:
        from survey_app.ui.office.corrections import HouseholdEditDialog

        household = self.host.current_household()
        if household is not None and HouseholdEditDialog.ask(
            self.parentWidget(), self.store, household
        ):
            self.host.workspace.notify_household(household.id)
            self.host.reload_data()

    def import_online_votes(self) -> None:
        from survey_app.ui.office.corrections import OnlineImportDialog

        workspace = self.host.workspace
        if workspace.compound and OnlineImportDialog.ask(
            self.parentWidget(), self.store.path, workspace.compound, workspace.round_no
        ):
            self.host.reload_data()

    def compounds(self) -> None:
        from survey_app.ui.office.compounds_view import CompoundsView

        if CompoundsView.ask(self.parentWidget(), self.store, self.store.path):
            self.host.reload_data()

    def sync_dialog(self) -> SyncDialog:
        """The sync dialog, on this data file's central file; the path chosen is kept in it."""
        from survey_app.ui.office.sync_dialog import SyncDialog

        store = self.store
        dialog = SyncDialog(
            store.path,
            self.parentWidget(),
            central=settings.central_path(store),
            awaiting=self.awaiting_count,
        )
        dialog.central_chosen.connect(lambda path: settings.set_central_path(store, path))
        dialog.conflicts_button.clicked.connect(self.conflicts)
        dialog.devices_button.clicked.connect(self.devices)
        dialog.synced.connect(lambda _report: self.host.reload_data())
        return dialog

    def sync(self) -> None:
        self.sync_dialog().exec()

    def conflicts(self) -> None:
        from survey_app.ui.office.conflicts_view import ConflictsDialog

        dialog = ConflictsDialog(self.store, None, self.parentWidget())
        dialog.resolved.connect(self.host.workspace.notify_household)
        dialog.exec()
        self.host.reload_data()

    def devices(self) -> None:
        from survey_app.ui.office.devices_view import DevicesView

        if DevicesView.ask(self.parentWidget(), self.store):
            self.host.reload_data()

    def tally(self) -> None:
        from survey_app.ui.office.dashboard import TallyDashboard

        workspace = self.host.workspace
        if workspace.compound:
            TallyDashboard(
                self.store, workspace.compound, workspace.round_no, self.parentWidget()
            ).exec()

    def ranking(self) -> None:
        from survey_app.ui.office.ranking_view import RankingView

        RankingView(self.store, self.parentWidget()).exec()

    def export(self) -> None:
        from survey_app.ui.office.export_dialog import ExportDialog

        ExportDialog.ask(self.parentWidget(), self.store.path)

    def forms(self) -> None:
        from survey_app.ui.office.forms_view import FormsView

        if FormsView.ask(self.parentWidget(), self.store):
            self.host.reload_data()

    def settings(self) -> None:
        from survey_app.ui.office.settings_dialog import SettingsDialog, save_settings

        store = self.store
        chosen = SettingsDialog.ask(self.parentWidget(), store)
        if chosen is None:
            return
        save_settings(store, chosen)
        if chosen.language != self.host.workspace.language:
            self.host.switch_language(chosen.language)
        self.host.load_compounds()
