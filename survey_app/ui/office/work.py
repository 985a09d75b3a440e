"""Work the office dialogs run in a worker thread; each opens its own connection to the
database (SQLite connections stay in their thread) and never touches a widget."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from survey_app.actions import devices, server
from survey_app.actions.data_files import opened
from survey_app.actions.printing import PrintRequest, print_document
from survey_app.actions.roster import RosterRequest, import_request, preview_roster
from survey_app.actions.sync import Exported, export_data, sync_with_central
from survey_app.core.errors import SurveyAppError
from survey_app.store.database import Store
from survey_app.store.roster_import import ImportReport
from survey_app.store.trust import FIELD
from survey_app.sync.central import SyncReport
from survey_app.sync.server.roles import LaptopRole
from survey_app.ui.base.passphrases import passphrase_of
from survey_app.ui.base.settings import central_target
from survey_app.ui.base.workers import Progress, Work

if TYPE_CHECKING:
    from survey_app.actions.forms import PublishCheck


class Cancelled(SurveyAppError):
    code = "cancelled"


class CancelFlag:
    """Set from the GUI thread; the work checks it where stopping leaves nothing half-done."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def preview_roster_work(path: Path) -> Work:
    def work(progress: Progress) -> Any:
        return preview_roster(path=path)

    return work


def check_form_work(db_path: Path, path: Path) -> Work:
    """`form check` and the rules of publishing, against this data file (writes nothing)."""

    from survey_app.actions.forms import check_publication

    def work(progress: Progress) -> PublishCheck:
        with opened(db_path, passphrase_of(db_path)) as store:
            return check_publication(store=store, path=path, progress=progress)

    return work


def publish_form_work(db_path: Path, checked: PublishCheck) -> Work:
    """Publish the checked workbook into this data file (one transaction)."""

    from survey_app.actions.forms import publish_checked

    def work(progress: Progress) -> Any:
        with opened(db_path, passphrase_of(db_path)) as store:
            return publish_checked(store=store, checked=checked)

    return work


def import_roster_work(db_path: Path, request: RosterRequest) -> Work:
    def work(progress: Progress) -> ImportReport:
        with opened(db_path, passphrase_of(db_path)) as store:
            return import_request(store=store, request=request, progress=progress)

    return work


def sync_work(db_path: Path, central: Path | str, *, server_password: str | None = None) -> Work:
    """Sync with the central file, with its passphrase when this session has it (an encrypted
    one was unlocked, a new one's was set, before the work started), or with a server (the
    password typed this session, or libpq's own: the URI, PGPASSWORD or ~/.pgpass)."""

    def work(progress: Progress) -> Any:
        progress(0, 0)
        with opened(db_path, passphrase_of(db_path)) as store:
            return sync_with_central(
                store=store, central=central, central_passphrase=_passphrase(central),
                server_password=server_password,
            )  # fmt: skip

    return work


@dataclass(frozen=True)
class DeviceDecision:
    """The office's decision on a laptop, written into the office's file, and how carrying it
    to the central file went (no central file chosen yet: `central` is None). With a server,
    an enrolled device also gets its login role (`login`, its password shown once) and a
    rejected one loses it (`login_disabled`); `login_refused` says why that did not happen."""

    fingerprint: str
    """'' for the devices from before signing, enrolled by id (`before_signing`)."""
    enrolled: bool
    role: str
    central: Path | str | None = None
    before_signing: tuple[str, ...] = ()
    synced: SyncReport | None = None
    sync_refused: SurveyAppError | None = None
    login: LaptopRole | None = None
    login_disabled: bool = False
    login_refused: SurveyAppError | None = None


def device_work(
    db_path: Path, *, fingerprint: str, role: str | None, server_password: str | None = None
) -> Work:
    """Enrol (role `field`/`office`) or reject (None: revoke, counting none of its records) the
    device with this fingerprint ('' with a role: every device from before signing), then sync
    with the office's central file so the laptops learn it. The decision is written first, on
    its own: a central file that cannot be reached does not undo it, and is reported. With a
    server, once the decision is on it, the device's login role is created (or disabled)."""

    def work(progress: Progress) -> DeviceDecision:
        progress(0, 0)
        with opened(db_path, passphrase_of(db_path)) as store:
            central = central_target(store.central_path)
            if role is None:
                written = devices.revoke(store=store, fingerprint=fingerprint, keep_up_to=0)
                decision = DeviceDecision(written, False, "", central)
            elif fingerprint:
                written = devices.enrol(store=store, fingerprint=fingerprint, role=role)
                decision = DeviceDecision(written, True, role, central)
            else:
                enrolled = tuple(devices.enrol_before_signing(store=store))
                decision = DeviceDecision("", True, FIELD, central, before_signing=enrolled)
            carried = _carried_to(store, central, decision, server_password)
        return _login_on_server(carried, server_password)

    return work


def server_login_work(
    db_path: Path, *, fingerprint: str, server_password: str | None, enrolled: bool = True
) -> Work:
    """Again, for a device already decided on: the office's file synced with its server (so
    the decision is there), then the device's login role created anew (a new password; the
    old one stops working), or, for a rejected one, disabled."""

    def work(progress: Progress) -> DeviceDecision:
        progress(0, 0)
        with opened(db_path, passphrase_of(db_path)) as store:
            central = central_target(store.central_path)
            decision = DeviceDecision(fingerprint, enrolled, "", central)
            carried = _carried_to(store, central, decision, server_password)
        return _login_on_server(carried, server_password)

    return work


def _login_on_server(decision: DeviceDecision, password: str | None) -> DeviceDecision:
    url = decision.central
    if not isinstance(url, str) or not decision.fingerprint or decision.sync_refused:
        return decision
    try:
        if decision.enrolled:
            return replace(decision, login=server.enrol_laptop(
                url=url, fingerprint=decision.fingerprint, password=password))  # fmt: skip
        disabled = server.disable_laptop(url=url, fingerprint=decision.fingerprint,
                                         password=password)  # fmt: skip
        return replace(decision, login_disabled=disabled)
    except SurveyAppError as refused:
        return replace(decision, login_refused=refused)


@dataclass(frozen=True)
class AssignmentDecision:
    """The compounds the office gave a laptop (None: all), and how carrying them went."""

    fingerprint: str
    compounds: tuple[str, ...] | None
    central: Path | str | None = None
    synced: SyncReport | None = None
    sync_refused: SurveyAppError | None = None


def assign_work(
    db_path: Path, *, fingerprint: str, compounds: tuple[str, ...] | None,
    server_password: str | None = None,
) -> Work:  # fmt: skip
    """Give a laptop its compounds, then sync with the office's central file (as device_work)."""

    def work(progress: Progress) -> AssignmentDecision:
        progress(0, 0)
        with opened(db_path) as store:
            central = central_target(store.central_path)
            devices.assign(store=store, fingerprint=fingerprint, compounds=compounds)
            decision = AssignmentDecision(fingerprint, compounds, central)
            return _carried_to(store, central, decision, server_password)

    return work


def carry_assignment_work(
    db_path: Path, decision: AssignmentDecision, *, server_password: str | None
) -> Work:
    """Only the carrying, again, of an assignment already written (a password was just typed)."""

    def work(progress: Progress) -> AssignmentDecision:
        progress(0, 0)
        with opened(db_path, passphrase_of(db_path)) as store:
            again = replace(decision, synced=None, sync_refused=None)
            return _carried_to(store, decision.central, again, server_password)

    return work


Carried = TypeVar("Carried", DeviceDecision, AssignmentDecision)


def _passphrase(central: Path | str) -> str | None:
    return None if isinstance(central, str) else passphrase_of(central)


def _carried_to(
    store: Store, central: Path | str | None, decision: Carried, server_password: str | None
) -> Carried:
    if central is None:
        return decision
    try:
        report = sync_with_central(
            store=store, central=central, central_passphrase=_passphrase(central),
            server_password=server_password,
        )  # fmt: skip
    except SurveyAppError as refused:
        return replace(decision, sync_refused=refused)
    return replace(decision, synced=report)


def export_ranking_work(rows: list[list[object]], headers: list[str], target: Path) -> Work:
    def work(progress: Progress) -> Path:
        from survey_app.spreadsheets.write import XlsxBook

        with XlsxBook(target, total=len(rows), progress=progress) as book:
            sheet = book.sheet("排名", headers)
            for row in rows:
                sheet.append(row)
        return target

    return work


def export_data_work(
    db_path: Path, *, xlsx: Path | None, csv_folder: Path | None, masked: bool
) -> Work:
    def work(progress: Progress) -> list[Exported]:
        progress(0, 0)
        with opened(db_path, passphrase_of(db_path)) as store:
            return export_data(
                store=store, xlsx=xlsx, csv_folder=csv_folder, masked=masked,
                progress_for=lambda _target: progress,
            )  # fmt: skip

    return work


def render_work(db_path: Path, request: PrintRequest, target: Path, flag: CancelFlag) -> Work:
    def work(progress: Progress) -> Path:
        progress(0, 0)
        with opened(db_path, passphrase_of(db_path)) as store:
            flag.check()
            print_document(store=store, request=request, target=target)
        flag.check()
        return target

    return work


def copy_file(source: Path, target: Path) -> Path:
    from survey_app.spreadsheets.atomic import write_atomically

    with write_atomically(target) as temporary:
        shutil.copyfile(source, temporary)
    return target
