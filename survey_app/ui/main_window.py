"""The main window: compound and round on top, households on the left, and on the right the
compound's progress or the household the surveyor is at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from survey_app.actions.compounds import household_counts
from survey_app.actions.data_files import demo_db_path, has_compounds, is_demo
from survey_app.actions.devices import copied_notice
from survey_app.actions.progress import round_progress
from survey_app.core import clock
from survey_app.core.errors import SurveyAppError
from survey_app.core.votes import Channel
from survey_app.store.clock_check import ClockWarning, clock_warning
from survey_app.store.database import open_store
from survey_app.store.drafts import Place, last_place, remember_place
from survey_app.store.households import Household, get_household
from survey_app.store.rounds import ROUNDS
from survey_app.store.trust import OFFICE
from survey_app.store.votes import VoteRow
from survey_app.ui.base import settings
from survey_app.ui.base.icons import app_icon
from survey_app.ui.base.passphrases import passphrase_of, unlock
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.translations import LANGUAGES, Translations, normalise_language
from survey_app.ui.base.words import (
    clock_warning_text,
    error_text,
    outcome_label,
    round_name,
    round_state_text,
)
from survey_app.ui.field.household_list import HouseholdList
from survey_app.ui.field.progress_panel import ProgressView
from survey_app.ui.field.scanner_input import ScannerInput
from survey_app.ui.field.search_box import SearchBox
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.models.compounds import CompoundListModel
from survey_app.ui.office.menu import OfficeMenu
from survey_app.ui.office.roles import office_only_tip

if TYPE_CHECKING:
    from survey_app.actions.printing import PrintRequest
    from survey_app.store.search import SearchHit
    from survey_app.ui.base.tasks import ProgressDialog
    from survey_app.ui.field.household_page import HouseholdPage

DEFAULT_SIZE = (1366, 768)


def _awaiting_text(count: int) -> str:
    from survey_app.ui.office.sync_dialog import awaiting_text

    return awaiting_text(count)


PRELOAD_AFTER_MS = 1500
CHECK_AFTER_MS = 500
PAGE_AFTER_MS = 300
"""The household page is built this long after the first paint (sooner when it is asked for):
the frames right after the start stay free for the window's own first events."""


class MainWindow(Retranslating, QMainWindow):
    def __init__(
        self, workspace: Workspace, translations: Translations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._after_first_paint: list[tuple[int, Callable[[], object]]] = []
        """Work the start leaves until the window has painted: (delay in ms, work)."""
        self._works_after_first_paint = True
        self.workspace = workspace
        self.translations = translations
        workspace.language = translations.language
        clock.choose(settings.time_zone())
        self.setWindowIcon(app_icon())
        self._build_toolbar()
        self._build_central()
        self._build_menus()
        self.office_menu = OfficeMenu(self, self)
        self.menuBar().insertMenu(self.language_menu.menuAction(), self.office_menu)
        self.awaiting_button.clicked.connect(self.office_menu.devices)
        self._connect()
        self.scanner = ScannerInput(
            self, on_scan=self.search.take_scan, on_unfinished=self.search.take_unfinished_scan,
            listening=False,
        )  # fmt: skip
        self.retranslate()
        self.load_compounds()
        self.check_clock()
        self._preload_form()
        self.tell_if_copied()

    def tell_if_copied(self) -> None:
        """A data file last used on another computer says so, once (store/location.py)."""
        notice = copied_notice(store=self.workspace.store, language=self.workspace.language)
        if notice:
            self.statusBar().showMessage(notice)

    def _preload_form(self) -> None:
        """Read the needs survey in the background, so the survey tab opens at once; started
        a while after the window first painted (`paintEvent`), so reading it does not slow
        the start (the survey tab still reads the form itself if it is asked for sooner)."""
        self._after_first_paint.append((PRELOAD_AFTER_MS, self._start_preload))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._works_after_first_paint and not self.scanner.listening:  # no key comes sooner
            QTimer.singleShot(0, self.scanner, self.scanner.listen)
        waiting, self._after_first_paint = self._after_first_paint, []
        for delay, work in waiting if self._works_after_first_paint else ():
            QTimer.singleShot(delay, work)

    def leave_out_work_after_first_paint(self) -> None:
        """A screenshot of the start (`gui --screenshot`) exits once its frame is saved: the
        work left for after the first paint (record check, form preload, household page, the
        scanner's listening) is not started, so neither its time nor what it shows depends on
        the machine's speed."""
        self._works_after_first_paint = False

    def _start_preload(self) -> None:
        from survey_app.needs.library import open_form
        from survey_app.ui.base.workers import run_task

        run_task(lambda _progress: open_form(), on_done=self.workspace.preload_form,
                 on_failed=lambda _error: None)  # fmt: skip

    # -- building --------------------------------------------------------------
    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setMovable(False)
        self.toolbar.setObjectName("main")
        self.addToolBar(self.toolbar)
        self.compound_caption = QLabel()
        self.compound_model = CompoundListModel(self)
        self.compound_combo = QComboBox()
        self.compound_combo.setModel(self.compound_model)
        self.compound_combo.setMinimumWidth(220)
        self.compound_combo.setMinimumHeight(32)
        self.round_group = QButtonGroup(self)
        self.round_buttons: dict[int, QToolButton] = {}
        for number in ROUNDS:
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(32)
            self.round_group.addButton(button, number)
            self.round_buttons[number] = button
        self.progress_button = QToolButton()
        self.progress_button.setMinimumHeight(32)
        self.search = SearchBox(self.workspace)
        self.search.setMinimumWidth(420)
        self.toolbar.addWidget(self.compound_caption)
        self.toolbar.addWidget(self.compound_combo)
        self.toolbar.addSeparator()
        for button in self.round_buttons.values():
            self.toolbar.addWidget(button)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.progress_button)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search)

    def _build_central(self) -> None:
        self.household_list = HouseholdList(self.workspace)
        self.progress_view = ProgressView()
        self._household_page: HouseholdPage | None = None
        self._after_first_paint.append((PAGE_AFTER_MS, self._build_household_page))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.progress_view)
        splitter = QSplitter()
        splitter.addWidget(self.household_list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 906])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.location = QLabel()
        self.records_notice = QLabel()  # records altered or forged in the open file
        self.records_notice.setObjectName("error")
        self.records_notice.hide()
        self.statusBar().addPermanentWidget(self.records_notice)
        self.record_problems: list[str] = []
        self.clock_notice = QLabel()
        self.clock_notice.setObjectName("error")
        self.clock_warning: ClockWarning | None = None
        self.statusBar().addPermanentWidget(self.clock_notice)
        self.awaiting_devices, self.is_office = 0, True
        self.awaiting_button = QToolButton()  # devices awaiting the office: opens their list
        self.awaiting_button.setObjectName("awaiting")
        self.awaiting_button.setAutoRaise(True)
        self.awaiting_button.hide()
        self.statusBar().addPermanentWidget(self.awaiting_button)
        self.plain_notice = QLabel()  # the open file is not encrypted (the sample batch is not)
        self.plain_notice.setObjectName("plainNotice")
        self.statusBar().addPermanentWidget(self.plain_notice)
        self.statusBar().addPermanentWidget(self.location)

    @property
    def household_page(self) -> HouseholdPage:
        """The page of the household the surveyor is at: the start shows the progress, so the
        page (its votes, survey and profile tabs) is built right after the first paint, or
        sooner when asked for."""
        return self._build_household_page()

    def _build_household_page(self) -> HouseholdPage:
        if self._household_page is not None:
            return self._household_page
        from survey_app.ui.field.household_page import HouseholdPage

        page = HouseholdPage(self.workspace)
        self._household_page = page
        self.stack.addWidget(page)
        page.survey_view.print_requested.connect(self.print_preview)
        page.closed.connect(self.show_progress)
        page.tabs.currentChanged.connect(lambda _i: self.remember())
        for panel in page.vote_panels.values():
            panel.recorded.connect(self._on_recorded)
        return page

    def _open_page(self) -> HouseholdPage | None:
        """The household page when it shows a household, else None (nothing is built)."""
        page = self._household_page
        if page is None or page.household is None or self.stack.currentWidget() is not page:
            return None
        return page

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.import_action = self.file_menu.addAction("", self.import_roster)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.file_menu.setToolTipsVisible(True)  # a disabled import says why
        self.open_action = self.file_menu.addAction("", self.choose_database)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.sample_action = self.file_menu.addAction("", self.open_sample)
        self.file_menu.addSeparator()
        self.forget_action = self.file_menu.addAction("", self.forget_passphrases)
        self.file_menu.aboutToShow.connect(self._show_forget_action)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.view_menu = bar.addMenu("")
        self.find_action = self.view_menu.addAction("", self.search.focus_search)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.progress_action = self.view_menu.addAction("", self.show_progress)
        self.progress_action.setShortcut(QKeySequence("Ctrl+P"))
        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.translations.language)
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.progress_button.setDefaultAction(self.progress_action)

    def _connect(self) -> None:
        ws = self.workspace
        ws.compound_changed.connect(self._on_compound_changed)
        ws.round_changed.connect(self._on_round_changed)
        ws.household_changed.connect(self._on_household_changed)
        ws.store_changed.connect(self.load_compounds)
        ws.store_changed.connect(self.check_clock)
        self.compound_combo.currentIndexChanged.connect(self._on_compound_chosen)
        self.round_group.idClicked.connect(self.workspace.set_round)
        self.search.found.connect(self.open_hit)
        self.search.not_found.connect(self._on_not_found)
        self.household_list.household_chosen.connect(lambda h: self.open_household(h))
        self.household_list.summary.activated.connect(self.show_progress)
        self.progress_view.building_chosen.connect(self._on_building_chosen)

    def retranslate(self) -> None:
        self._show_clock_warning()
        self.compound_caption.setText(self.tr(" 小区 "))
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.import_action.setText(self.tr("导入住户名册…"))
        self.open_action.setText(self.tr("打开数据文件…"))
        self.sample_action.setText(self.tr("打开示例数据"))
        self.forget_action.setText(self.tr("忘记记住的口令…"))
        self._show_forget_tip()
        self.quit_action.setText(self.tr("退出"))
        self.view_menu.setTitle(self.tr("查看(&V)"))
        self.find_action.setText(self.tr("查找住户"))
        self.progress_action.setText(self.tr("进度"))
        self.progress_action.setToolTip(self.tr("本小区本轮进度(Ctrl+P)"))
        self.language_menu.setTitle(self.tr("语言(&L) Language"))
        self._show_rounds()
        self._show_title()
        self._show_awaiting()

    # -- compounds and rounds ------------------------------------------------------
    def check_clock(self) -> None:
        """Tell, at start and whenever the data file changes, when this computer's clock is far
        off from the records the file holds (order never depends on it; shown dates do)."""
        self.clock_warning = clock_warning(store=self.workspace.store)
        self._show_clock_warning()
        if self.isVisible():
            self.check_records()
        else:  # the start: the check reads the whole file, after the window has painted
            self._after_first_paint.append((CHECK_AFTER_MS, self.check_records))

    def check_records(self) -> None:
        """Verify every record's hash, chain and signature in a worker (it reads the whole
        file); a file whose records were altered or forged says so in the status bar."""
        from survey_app.actions.sync import record_problems_of
        from survey_app.ui.base.workers import run_task

        path = self.workspace.store.path
        passphrase = passphrase_of(path)
        run_task(lambda _progress: record_problems_of(path=path, passphrase=passphrase),
                 on_done=self._show_record_problems, on_failed=lambda _error: None)  # fmt: skip

    def _show_record_problems(self, problems: list[str]) -> None:
        self.record_problems = problems
        self.records_notice.setVisible(bool(problems))
        if problems:
            self.records_notice.setText(
                self.tr("数据文件中有 {count} 处记录被改动或伪造:请运行“检查文件”").format(
                    count=len(problems)
                )
            )
            self.records_notice.setToolTip(problems[0])

    def _show_clock_warning(self) -> None:
        warning = self.clock_warning
        self.clock_notice.setText(clock_warning_text(warning) if warning else "")
        self.clock_notice.setVisible(warning is not None)

    def load_compounds(self) -> None:
        store = self.workspace.store
        counts = household_counts(store=store)
        self.compound_combo.blockSignals(True)
        self.compound_model.load(self.workspace.compounds(), counts)
        self.compound_combo.blockSignals(False)
        place = last_place(store=store)
        code = (
            place.compound
            if place and self.compound_model.row_of(place.compound) >= 0
            else self.compound_model.code(0)
        )
        if code is not None:
            self.set_compound(code)
        self._show_title()
        self.show_awaiting()

    def set_compound(self, code: str, round_no: int | None = None) -> None:
        row = self.compound_model.row_of(code)
        if row < 0:
            return
        self.compound_combo.blockSignals(True)
        self.compound_combo.setCurrentIndex(row)
        self.compound_combo.blockSignals(False)
        if code != self.workspace.compound:
            self.workspace.set_compound(code, round_no)
        elif round_no:
            self.workspace.set_round(round_no)

    def _on_compound_chosen(self, row: int) -> None:
        code = self.compound_model.code(row)
        if code and not self.may_leave_household():
            self.set_compound(self.workspace.compound or code)
            return
        if code:
            self.workspace.set_compound(code)
            self.show_progress()
            self.remember()

    def _on_compound_changed(self, _code: str) -> None:
        self.household_list.reload()
        self._show_rounds()
        self._show_list_progress()
        self._show_title()

    def _on_round_changed(self, _round: int) -> None:
        self._show_rounds()
        self.household_list.refresh()
        self._show_list_progress()
        page = self._open_page()
        if page is not None:
            page.show_page(f"round{self.workspace.round_no}")

    def _show_rounds(self) -> None:
        for number, button in self.round_buttons.items():
            state = self.workspace.round_state(number)
            status = round_state_text(state.status) if state else ""
            button.setText(f"{round_name(number)} · {status}" if status else round_name(number))
            button.setChecked(number == self.workspace.round_no)

    def _show_list_progress(self) -> None:
        """The progress the household list has just read, shown in the progress view too."""
        if self.household_list.progress is None:
            self._refresh_progress_view()
        else:
            self.progress_view.show_progress(self.household_list.progress)

    def _refresh_progress_view(self) -> None:
        code = self.workspace.compound
        if code is None:
            return
        progress = self.household_list.current_progress() or round_progress(
            store=self.workspace.store, compound=code, round_no=self.workspace.round_no
        )
        if progress is not self.progress_view.progress:  # the same reading: shown already
            self.progress_view.show_progress(progress)

    def _show_title(self) -> None:
        store = self.workspace.store
        title = self.tr("老旧小区改造入户征询")
        if is_demo(store=store):
            title += self.tr(" [示例数据]")
        self.setWindowTitle(title)
        device = store.device_name or store.device_id
        self.location.setText(
            self.tr("本机 {device} · {path}").format(device=device, path=store.path)
        )
        self._show_plain_notice()

    def _show_plain_notice(self) -> None:
        """An unencrypted file says so: the sample batch (its names are made up), or a data file
        from before encryption (`survey-app encrypt` converts it)."""
        store = self.workspace.store
        if store.key is not None:
            self.plain_notice.hide()
            return
        self.plain_notice.setText(
            self.tr("示例数据未加密") if is_demo(store=store) else self.tr("数据文件未加密")
        )
        self.plain_notice.setToolTip(
            "" if is_demo(store=store)
            else self.tr("这个数据文件没有加密:用 survey-app encrypt --db 文件 加密它")
        )  # fmt: skip
        self.plain_notice.show()

    def show_awaiting(self) -> None:
        """This laptop's role, read afresh (a sync may have enrolled it): a field laptop imports
        no roster (the store refuses it), and only the office is told of devices awaiting it."""
        self.is_office = self.workspace.store.role == OFFICE
        self.import_action.setEnabled(self.is_office)
        self.office_menu.show_role()
        self.awaiting_devices = self.office_menu.awaiting_count()
        self._show_awaiting()

    def _show_awaiting(self) -> None:
        self.import_action.setToolTip("" if self.is_office else office_only_tip())
        n = self.awaiting_devices
        self.awaiting_button.setText(_awaiting_text(n) if n else "")
        self.awaiting_button.setToolTip(self.tr("查看并登记这些设备(办公 → 待登记的设备)"))
        self.awaiting_button.setVisible(bool(n))

    # -- households ------------------------------------------------------------------
    def current_household(self) -> Household | None:
        page = self._household_page
        return None if page is None else page.household

    def open_household(
        self, household_id: str, *, round_no: int | None = None, channel: Channel | None = None,
        page: str | None = None,
    ) -> bool:  # fmt: skip
        household = get_household(store=self.workspace.store, id=household_id)
        if household is None:
            return False
        if not self.may_leave_household(household_id):
            current = self.current_household()
            if current is not None:
                self.household_list.select_household(current.id)
            return False
        self.set_compound(household.compound, round_no)
        self.household_list.select_household(household.id)
        self.stack.setCurrentWidget(self.household_page)
        self.household_page.show_household(household, round_no=round_no, channel=channel, page=page)
        self.remember()
        return True

    def print_preview(self, request: PrintRequest) -> None:
        from survey_app.ui.office.print_preview import PrintPreview

        PrintPreview.ask(self, self.workspace.store.path, request)

    def open_hit(self, hit: SearchHit) -> None:
        if hit.form is not None:  # a printed questionnaire: its answers are typed in
            if self.open_household(hit.household.id, page="survey"):
                self.statusBar().showMessage(
                    self.tr("已扫描调查表:{address},请录入纸质表上的回答").format(
                        address=hit.household.address
                    ),
                    8000,
                )
            return
        from survey_app.store.search import Found  # a hit exists: the search is imported

        channel = Channel.PAPER if hit.found is Found.BALLOT else None
        self.open_household(hit.household.id, round_no=hit.round_no, channel=channel)
        if hit.found is Found.BALLOT:
            self.statusBar().showMessage(
                self.tr("已扫描征询表:{address}").format(address=hit.household.address), 8000
            )

    def reload_data(self) -> None:
        """The data changed behind the window's back (an import, a sync, a round opened or
        closed in the office window): show it afresh."""
        self.workspace.forget_forms()
        self.load_compounds()
        self.household_list.reload()
        self._show_rounds()  # the same compound stays chosen, so nothing else redraws them
        self.show_progress()

    def show_progress(self) -> bool:
        if not self.may_leave_household():
            return False
        self._refresh_progress_view()
        self.stack.setCurrentWidget(self.progress_view)
        self.remember()
        return True

    def may_leave_household(self, next_household: str | None = None) -> bool:
        """Leaving a household with a vote chosen or signed but not recorded asks first;
        False when the surveyor stays (or the vote they chose to record was not recorded)."""
        page = self._open_page()
        current = None if page is None else page.household
        if page is None or current is None or next_household == current.id:
            return True
        from survey_app.ui.field.leave_vote import LeaveChoice, LeaveVoteBox

        for panel in page.votes_in_progress():
            page.show_page(f"round{panel.round_no}")
            choice = LeaveVoteBox.ask(self, current.address)
            if choice is LeaveChoice.STAY or (
                choice is LeaveChoice.RECORD and panel.record() is None
            ):
                return False
            if choice is LeaveChoice.DISCARD:
                panel.discard_vote()
            else:
                panel.save_draft_now()
        return True

    def _on_building_chosen(self, building: str, first_unreached: str) -> None:
        self.household_list.show_building(building)
        if first_unreached:
            self.open_household(first_unreached)

    def _on_not_found(self, text: str) -> None:
        self.statusBar().showMessage(self.tr("没有找到“{text}”对应的住户").format(text=text), 8000)

    def _on_household_changed(self, _household: str) -> None:
        self.household_list.refresh()
        if self.stack.currentWidget() is self.progress_view:
            self._refresh_progress_view()

    def _on_recorded(self, vote: VoteRow) -> None:
        # The search box: the next household can be found at once, and no arrow key lands
        # on the compound selector.
        self.search.focus_search()
        household = get_household(store=self.workspace.store, id=vote.household)
        address = household.address if household else vote.household
        self.statusBar().showMessage(
            self.tr("已保存:{address} {round}意见 {choice}").format(
                address=address,
                round=round_name(vote.round_no),
                choice=outcome_label(vote.choice.value),
            ),
            10000,
        )

    def remember(self) -> None:
        """Keep the place the surveyor is at, so a restart reopens it."""
        code = self.workspace.compound
        if code is None:
            return
        page = self._open_page()
        place = Place(
            compound=code,
            household=page.household.id if page and page.household else None,
            round_no=self.workspace.round_no,
            page=page.page() if page else None,
        )
        remember_place(store=self.workspace.store, place=place)

    def restore_place(self) -> bool:
        place = last_place(store=self.workspace.store)
        if place is None or place.household is None:
            return False
        return self.open_household(place.household, round_no=place.round_no, page=place.page)

    # -- files -------------------------------------------------------------------------
    def import_roster(self) -> None:
        """The roster dialog imports in its own worker and shows what it did."""
        store = self.workspace.store
        from survey_app.ui.office.roster_dialog import RosterImportDialog

        code = RosterImportDialog.ask(self, store.path, self.workspace.compounds())
        if code:
            self.load_compounds()
            self.set_compound(code)

    def choose_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("打开数据文件"),
            str(self.workspace.store.path.parent),
            self.tr("数据文件 (*.db *.sqlite)"),
        )
        if path:
            self.use_database(Path(path))

    def open_sample(self) -> ProgressDialog | None:
        """Open the sample batch, writing it first (in a worker) when it is not there yet."""
        from survey_app.ui.base.tasks import ProgressDialog, write_demo_work

        path = demo_db_path()
        if not unlock(self, path):
            return None
        if has_compounds(path=path, passphrase=passphrase_of(path)):
            self.use_database(path)
            return None
        return ProgressDialog.run(
            self,
            self.tr("正在生成示例数据…"),
            write_demo_work(path),
            on_done=self.use_database,
            on_failed=self._sample_failed,
        )

    def _sample_failed(self, error: Exception) -> None:
        if not isinstance(error, SurveyAppError):
            raise error
        from survey_app.ui.field.first_run import ErrorBox

        ErrorBox.ask(self, self.tr("无法打开示例数据"), error_text(error))

    def use_database(self, path: Path) -> bool:
        if not self.may_leave_household() or not unlock(self, path):
            return False
        try:
            store = open_store(path, passphrase=passphrase_of(path))
        except SurveyAppError as error:
            from survey_app.ui.field.first_run import ErrorBox

            ErrorBox.ask(self, self.tr("无法打开数据文件"), error_text(error))
            return False
        self.stack.setCurrentWidget(self.progress_view)
        if self._household_page is not None:
            self._household_page.forget_household()
        self.workspace.replace_store(store)
        self.tell_if_copied()
        return True

    # -- remembered passphrases -----------------------------------------------------------
    def _show_forget_action(self) -> None:
        """Read when the file menu opens, not at start: asking for the keyring takes a while."""
        from survey_app.ui.base.forget_passphrases import anything_to_forget

        self.forget_action.setEnabled(anything_to_forget())
        self._show_forget_tip()

    def _show_forget_tip(self) -> None:
        self.forget_action.setToolTip(
            self.tr("列出这台电脑为本程序记住的口令,确认后忘记它们")
            if self.forget_action.isEnabled()
            else self.tr(
                "这台电脑没有可用的系统钥匙串(如 Windows 凭据管理器、macOS 钥匙串、"
                "GNOME 钥匙串),本程序没有在这里记住任何口令。"
            )
        )

    def forget_passphrases(self) -> None:
        """List what this computer remembers for the app, ask, forget, and say what was
        forgotten; the files are untouched and the next start asks for their passphrases."""
        from survey_app.ui.base import forget_passphrases as forgetting

        items = forgetting.remembered_here(self.workspace.store)
        if not items:
            self.statusBar().showMessage(
                self.tr("这台电脑没有为打开的数据文件、启动时打开的数据文件或中心文件记住口令"),
                15000,
            )
            return
        if not forgetting.ForgetPassphrasesBox.ask(self, items):
            return
        left = forgetting.forget(items)
        comma = self.tr("、")
        gone = [forgetting.short_name(item) for item in items if item not in left]
        message = self.tr("已忘记:{names}。文件没有任何改动,下次启动时会重新询问口令。")
        message = message.format(names=comma.join(gone)) if gone else ""
        if left:
            message += self.tr("未能忘记:{names},请用系统的钥匙串工具删除。").format(
                names=comma.join(forgetting.short_name(item) for item in left)
            )
        self.statusBar().showMessage(message.strip(), 15000)

    # -- language ------------------------------------------------------------------------
    def switch_language(self, code: str) -> bool:
        """Switch the whole window at once, no restart; the choice is kept for next time."""
        self.workspace.language = normalise_language(code)
        ok = self.translations.install(code)
        if self.workspace.language != self.translations.language:
            self.workspace.language = self.translations.language
            if self._household_page is not None:
                self._household_page.survey_view.retranslate()
        settings.set_language(self.translations.language)
        self.language_actions[self.translations.language].setChecked(True)
        if not ok:
            self.statusBar().showMessage(
                "English translation is missing: python tools/build_resources.py",
                10000,
            )
        self.workspace.language_changed.emit(self.translations.language)
        return ok

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._household_page is not None:
            self._household_page.save_drafts_now()
        self.remember()
        settings.set_window_state(self.saveGeometry())
        self.workspace.store.stop_checkpoints()
        super().closeEvent(event)
