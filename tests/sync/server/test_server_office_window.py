"""The office window and the server: a server typed where a central file goes, remembered
without its password; the password libpq does not find asked in a masked dialog (a wrong one
asked again, Escape changing nothing) and held in memory for the session only; a device
enrolled from the devices view getting its login on the server, shown once, and a rejected
one losing it; a server out of reach keeping the enrolment for a retry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from pg_cluster import ADMIN_PASSWORD, free_port
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from survey_app.store.assignments import enrolled_fingerprints
from survey_app.store.database import Store, open_store
from survey_app.store.personal import truncate_wal
from survey_app.sync.server.sync import sync_with_server
from survey_app.ui.base import server_password, settings
from survey_app.ui.base.server_password import ServerPasswordDialog
from survey_app.ui.office.devices_view import DevicesView, EnrolDialog
from survey_app.ui.office.login_dialog import LoginDialog
from tests.ui.conftest import db_path, store, translations, window  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def no_libpq_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """libpq finds no password of its own: none in the environment, no ~/.pgpass."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    server_password.forget_all()
    yield
    server_password.forget_all()


def bare(server) -> str:  # type: ignore[no-untyped-def]
    """The admin's address without a password, as an office types it."""
    return server.cluster.url(password=None, database=server.database)


def on_next(kind: type, act: Callable[[QWidget], None], seen: list[QWidget]) -> None:
    """Run act on the next modal dialog of this kind not acted on yet (a modal exec blocks
    the test), with the keys going where the focus is."""

    def poll(tries: int = 3000) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isActiveWindow() and dialog not in seen:
            seen.append(dialog)
            try:
                act(dialog)
            except BaseException:
                dialog.reject()
                raise
        elif tries:
            QTimer.singleShot(10, lambda: poll(tries - 1))

    poll()


def press(qtbot, key: Qt.Key, text: str = "") -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    widget = QApplication.focusWidget()
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, key)


def typed_password(qtbot, text: str, notes: list[str]) -> Callable[[QWidget], None]:  # type: ignore[no-untyped-def]
    def act(dialog: ServerPasswordDialog) -> None:
        focus = QApplication.focusWidget()
        assert focus is dialog.field and isinstance(focus, QLineEdit)
        assert focus.echoMode() == QLineEdit.EchoMode.Password
        notes.append(dialog.error.text())
        notes.append(dialog.note.text())
        press(qtbot, Qt.Key.Key_A, text)
        press(qtbot, Qt.Key.Key_Return)

    return act


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def records_on(server) -> int:  # type: ignore[no-untyped-def]
    with server.admin() as admin:
        return int(admin.execute("SELECT count(*) FROM records").fetchone()[0])


def test_the_office_window_syncs_with_a_server_and_remembers_it(qtbot, window, server):  # noqa: F811
    dialog = window.office_menu.sync_dialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(server.url)
    with qtbot.waitSignal(dialog.start_sync().finished, timeout=60000):
        pass
    assert dialog.refused is None and dialog.report is not None
    assert dialog.report.sent > 0
    assert dialog.outcome.text().startswith(f"同步完成:送出 {dialog.report.sent} 条")
    # the password typed in the address is held for the session, never kept in the file
    assert settings.central_path(window.workspace.store) == bare(server)
    assert dialog.path_edit.text() == bare(server)
    again = window.office_menu.sync_dialog()
    qtbot.addWidget(again)
    assert again.path_edit.text() == bare(server)
    with qtbot.waitSignal(again.start_sync().finished, timeout=60000):
        pass
    assert again.report is not None and (again.report.sent, again.report.received) == (0, 0)
    assert records_on(server) == again.report.central_records


def test_the_sync_asks_for_the_password_asks_again_when_wrong_and_holds_it(
    qtbot,
    window,  # noqa: F811
    server,
    db_path,  # noqa: F811
):
    dialog = window.office_menu.sync_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(bare(server))
    notes: list[str] = []
    seen: list[QWidget] = []
    on_next(ServerPasswordDialog, typed_password(qtbot, "not-the-password", notes), seen)

    def then_right(_dialog: QWidget) -> None:
        on_next(ServerPasswordDialog, typed_password(qtbot, ADMIN_PASSWORD, notes), seen)

    dialog.start_sync()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=60000)
    then_right(seen[0])
    qtbot.waitUntil(lambda: dialog.report is not None or dialog.refused is not None, timeout=60000)
    assert dialog.refused is None and dialog.report is not None and dialog.report.sent > 0
    assert len(seen) == 2
    assert notes[0] == ""  # the first time, no error
    assert "内存" in notes[1] and "不会写入数据文件" in notes[1]
    assert "密码不对" in notes[2]  # the second time, the wrong one is said
    assert records_on(server) == dialog.report.central_records
    secret = ADMIN_PASSWORD.encode()
    assert secret not in file_bytes(db_path)
    assert settings.central_path(window.workspace.store) == bare(server)
    # held for the session: the next sync of the window does not ask
    asked: list[object] = []
    original = ServerPasswordDialog.ask
    ServerPasswordDialog.ask = classmethod(lambda cls, *a, **k: asked.append(a))  # type: ignore[method-assign]
    try:
        again = window.office_menu.sync_dialog()
        qtbot.addWidget(again)
        with qtbot.waitSignal(again.start_sync().finished, timeout=60000):
            pass
    finally:
        ServerPasswordDialog.ask = original  # type: ignore[method-assign]
    assert asked == [] and again.refused is None and again.report is not None


def test_escape_at_the_password_changes_nothing(qtbot, window, server):  # noqa: F811
    dialog = window.office_menu.sync_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(bare(server))
    seen: list[QWidget] = []
    on_next(ServerPasswordDialog, lambda _d: press(qtbot, Qt.Key.Key_Escape), seen)
    task = dialog.start_sync()
    assert task is not None
    qtbot.waitUntil(lambda: dialog.task is None and dialog.refused is not None, timeout=60000)
    assert len(seen) == 1
    assert dialog.refused.code == "server_password_needed"
    assert dialog.outcome.text() == "同步未进行"
    assert "没有输入服务器密码" in dialog.error.text()
    assert records_on(server) == 0
    assert server_password.password_for(bare(server)) is None


def office_on(server, db_path: Path) -> Store:  # type: ignore[no-untyped-def]  # noqa: F811
    """The office's file, synced once with the server, remembering its address bare."""
    office = open_store(db_path)
    sync_with_server(store=office, url=server.url)
    office.remember_central(bare(server))
    return office


def shown(qtbot, view: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    return view


def can_log_in(server, role: str) -> bool:  # type: ignore[no-untyped-def]
    with server.admin() as admin:
        row = admin.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [role])
        return bool(row.fetchone()[0])


def test_a_device_enrolled_in_the_window_gets_its_server_login_once(
    qtbot,
    server,
    db_path,  # noqa: F811
    tmp_path,
    translations,  # noqa: F811
):
    office = office_on(server, db_path)
    laptop = open_store(tmp_path / "laptop.db", device_name="解放街道-05", role="field")
    view = DevicesView(office, None)
    shown(qtbot, view)
    assert "服务器" in view.central.text() and "只显示一次" in view.central.text()
    seen: list[QWidget] = []
    notes: list[str] = []
    shown_login: list[tuple[str, str, str]] = []

    def type_fingerprint(_dialog: QWidget) -> None:
        press(qtbot, Qt.Key.Key_A, laptop.fingerprint)
        press(qtbot, Qt.Key.Key_Return)

    def read_login(dialog: LoginDialog) -> None:
        assert QApplication.focusWidget() is dialog.copy_button
        press(qtbot, Qt.Key.Key_Space)  # copies the address and the password
        shown_login.append((dialog.url_field.text(), dialog.password_field.text(),
                            dialog.warning.text()))  # fmt: skip
        press(qtbot, Qt.Key.Key_Escape)

    on_next(EnrolDialog, type_fingerprint, seen)
    on_next(ServerPasswordDialog, typed_password(qtbot, ADMIN_PASSWORD, notes), seen)
    on_next(LoginDialog, read_login, seen)
    view.typed_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(shown_login) and view.task is None, timeout=60000)
    url, password, warning = shown_login[0]
    assert "只显示这一次" in warning
    assert QGuiApplication.clipboard().text() == f"{url}  {password}"
    assert view.decision is not None and view.decision.login is None  # not kept in the view
    assert view.outcome.text().endswith(",已写入中心文件,已创建服务器登录")
    assert laptop.fingerprint in enrolled_fingerprints(office.db)
    user, rest = url.removeprefix("postgresql://").split("@", 1)
    with psycopg.connect(f"postgresql://{user}:{quote(password)}@{rest}") as conn:
        assert conn.info.user == user
    assert password.encode() not in file_bytes(db_path)
    # rejected: the login stops working (the password held for the session is used, no asking)
    with qtbot.waitSignal(view.start(laptop.fingerprint, None).finished, timeout=60000):
        pass
    assert view.outcome.text().endswith(",服务器登录已停用"), view.outcome.text()
    assert not can_log_in(server, user)
    laptop.close()
    office.close()


def test_a_server_out_of_reach_keeps_the_enrolment_for_a_retry(
    qtbot,
    server,
    db_path,  # noqa: F811
    tmp_path,
    translations,  # noqa: F811
):
    office = office_on(server, db_path)
    office.remember_central(f"postgresql://admin@127.0.0.1:{free_port()}/{server.database}")
    laptop = open_store(tmp_path / "laptop.db", device_name="解放街道-06", role="field")
    view = DevicesView(office, None)
    shown(qtbot, view)
    with qtbot.waitSignal(view.start(laptop.fingerprint, "field").finished, timeout=60000):
        pass
    assert view.outcome.text() == f"已登记 {laptop.fingerprint}(入户调查)"
    assert "服务器上的登录没有创建" in view.error.text() and "服务器登录…" in view.error.text()
    assert laptop.fingerprint in enrolled_fingerprints(office.db)  # kept for the retry
    with server.admin() as admin:
        assert admin.execute("SELECT count(*) FROM laptops").fetchone()[0] == 0
    office.remember_central(bare(server))  # the network is back
    server_password.hold(bare(server), ADMIN_PASSWORD)
    view.reload()
    assert view.current_laptop() is not None and view.login_button.isEnabled()
    logins: list[str] = []
    on_next(LoginDialog, lambda d: (logins.append(d.url_field.text()), d.accept()), [])
    view.login_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(logins) and view.task is None, timeout=60000)
    assert view.error.text() == ""
    with server.admin() as admin:
        held = admin.execute("SELECT fingerprint FROM laptops").fetchall()
    assert held == [(laptop.fingerprint,)]
    laptop.close()
    office.close()


def test_the_password_and_login_dialogs_in_english(qtbot, server, translations):  # noqa: F811
    from survey_app.sync.server.roles import LaptopRole

    assert translations.install("en")
    asking = ServerPasswordDialog(bare(server), None, wrong=True)
    qtbot.addWidget(asking)
    assert asking.windowTitle() == "Server password"
    assert "memory for this session only" in asking.note.text()
    assert asking.error.text().startswith("The server refused the login: wrong password")
    assert (
        asking.server_label.text()
        == f"postgresql://admin@127.0.0.1:{server.cluster.port}/{server.database}"
    )
    role = LaptopRole("laptop_x", "s3cret", "3F2A-91C0-77DE-0A1B-5C9E", "postgresql://x@db/city")
    login = LoginDialog(role, "解放街道-05", None)
    qtbot.addWidget(login)
    assert login.windowTitle() == "Server login"
    assert "shown this once" in login.warning.text()
    assert login.copy_button.text() == "Copy address and password"


def test_a_street_office_on_its_own_login_asks_the_admin_for_the_laptops_login(
    qtbot,
    server,
    db_path,  # noqa: F811
    tmp_path,
    translations,  # noqa: F811
):
    from server_helpers import laptop_url

    from survey_app.store.enrolment import enrol_device

    city = office_on(server, db_path)
    street = open_store(tmp_path / "street.db", device_name="解放街道", role="field")
    enrol_device(store=city, fingerprint=street.fingerprint, role="office")
    sync_with_server(store=city, url=server.url)
    own_login = laptop_url(server.url, street)
    sync_with_server(store=street, url=own_login)
    street.remember_central(own_login)
    laptop = open_store(tmp_path / "laptop.db", device_name="解放街道-07", role="field")
    view = DevicesView(street, None)
    shown(qtbot, view)
    assert view.office and view.typed_button.isEnabled()
    with qtbot.waitSignal(view.start(laptop.fingerprint, "field").finished, timeout=60000):
        pass
    assert view.outcome.text() == f"已登记 {laptop.fingerprint}(入户调查),已写入中心文件"
    assert "survey-app server login" in view.error.text()
    assert laptop.fingerprint in view.error.text()
    with server.admin() as admin:
        roles = admin.execute("SELECT fingerprint FROM laptops").fetchall()
        enrolments = admin.execute(
            "SELECT count(*) FROM records WHERE device = %s AND payload::jsonb ->> "
            "'fingerprint' = %s", [street.device_id, laptop.fingerprint]).fetchone()[0]  # fmt: skip
    assert (laptop.fingerprint,) not in roles and enrolments == 1  # the enrolment, not the login
    for opened in (laptop, street, city):
        opened.close()


def test_an_address_saved_in_settings_keeps_no_password(store, db_path):  # noqa: F811
    typed = "postgresql://admin:p%40ss-word@db.example.cn:5433/city?sslmode=verify-full"
    bare_address = "postgresql://admin@db.example.cn:5433/city?sslmode=verify-full"
    settings.save_for_data_file(store, settings.DataFileSettings("办公室", "周主任", typed))
    assert store.central_path == bare_address
    assert server_password.password_for(bare_address) == "p@ss-word"
    settings.set_central_path(store, typed.replace("p%40ss-word", "other"))
    assert store.central_path == bare_address
    assert server_password.password_for(bare_address) == "other"
    truncate_wal(store.db)  # retried while the store's checkpoint thread checkpoints
    assert b"p@ss-word" not in file_bytes(db_path) and b"p%40ss" not in file_bytes(db_path)


def test_an_assignment_asks_for_the_password_and_is_carried_once(
    qtbot,
    server,
    db_path,  # noqa: F811
    tmp_path,
    translations,  # noqa: F811
    monkeypatch,
):
    from survey_app.store.enrolment import enrol_device
    from survey_app.ui.office.assign_dialog import AssignDialog, Assigned

    office = office_on(server, db_path)
    laptop = open_store(tmp_path / "laptop.db", device_name="解放街道-08", role="field")
    enrol_device(store=office, fingerprint=laptop.fingerprint)
    monkeypatch.setattr(AssignDialog, "ask", classmethod(lambda cls, *a: Assigned(("NH-001",))))
    view = DevicesView(office, None)
    shown(qtbot, view)
    assert view.current_laptop() is not None
    seen: list[QWidget] = []
    notes: list[str] = []
    on_next(ServerPasswordDialog, typed_password(qtbot, ADMIN_PASSWORD, notes), seen)
    view.assign_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(seen) and view.task is None and view.again is None,
                    timeout=60000)  # fmt: skip
    qtbot.waitUntil(lambda: view.assigned is not None and view.assigned.synced is not None,
                    timeout=60000)  # fmt: skip
    assert view.outcome.text() == f"已为 {laptop.fingerprint} 分配:NH-001,已写入中心文件"
    assert view.error.text() == ""
    with server.admin() as admin:
        carried = admin.execute(
            "SELECT count(*) FROM records WHERE kind = 'assignment' AND payload::jsonb ->> "
            "'fingerprint' = %s", [laptop.fingerprint]).fetchone()[0]  # fmt: skip
    assert carried == 1  # the assignment written once, carried after the password
    laptop.close()
    office.close()
