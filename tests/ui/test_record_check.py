"""The window verifies the open file's records in the background and says when some were
altered behind the app's back."""

from __future__ import annotations

import sqlite3

from survey_app.store.database import Store
from survey_app.ui.main_window import MainWindow


def test_an_altered_record_is_shown_in_the_status_bar(
    qtbot, window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.record_problems == [] and not window.records_notice.isVisible())
    conn = sqlite3.connect(store.path)
    conn.execute(
        "UPDATE records SET payload = replace(payload, '\"compound\"', '\"compound\" ') "
        "WHERE rowid = (SELECT max(rowid) FROM records WHERE kind = 'household')"
    )
    conn.commit()
    conn.close()
    window.check_records()
    qtbot.waitUntil(lambda: window.records_notice.isVisible(), timeout=10000)
    assert "记录被改动或伪造" in window.records_notice.text()
    assert "校验值不符" in window.records_notice.toolTip()
