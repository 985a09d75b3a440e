"""The office window syncs with a server typed where a central file goes, and keeps it."""

from __future__ import annotations

from survey_app.ui.base import settings
from tests.ui.conftest import db_path, store, translations, window  # noqa: F401  (fixtures)


def test_the_office_window_syncs_with_a_server_and_remembers_it(qtbot, window, server):  # noqa: F811
    dialog = window.office_menu.sync_dialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(server.url)
    with qtbot.waitSignal(dialog.start_sync().finished, timeout=60000):
        pass
    assert dialog.refused is None and dialog.report is not None
    assert dialog.report.sent > 0
    assert dialog.outcome.text().startswith(f"同步完成:送出 {dialog.report.sent} 条")
    assert settings.central_path(window.workspace.store) == server.url
    again = window.office_menu.sync_dialog()
    qtbot.addWidget(again)
    assert again.path_edit.text() == server.url
    with qtbot.waitSignal(again.start_sync().finished, timeout=60000):
        pass
    assert again.report is not None and (again.report.sent, again.report.received) == (0, 0)
    with server.admin() as admin:
        held = admin.execute("SELECT count(*) FROM records").fetchone()[0]
    assert held == again.report.central_records
    wrong = window.office_menu.sync_dialog()
    qtbot.addWidget(wrong)
    wrong.path_edit.setText(server.url.replace("admin-secret", "wrong"))
    with qtbot.waitSignal(wrong.start_sync().finished, timeout=60000):
        pass
    assert wrong.refused is not None and wrong.refused.code == "server_login_refused"
    assert "拒绝登录" in wrong.technical.text()
