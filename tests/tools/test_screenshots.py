"""tools/screenshots.py renders each view offscreen to a PNG of the asked size, on a copy of
the data, leaving the user's settings and data alone; `survey-app gui --screenshot` renders
the main window only."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage

from survey_app.cli import main as cli
from survey_app.store.database import open_store
from survey_app.store.sample import write_sample
from survey_app.ui.base import settings
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow

TOOL = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("screenshots_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


screenshots = load_tool()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "demo.db"
    store = open_store(path)
    write_sample(store=store, compounds=3, min_households=20, max_households=40)
    store.close()
    return path


@pytest.mark.parametrize("view", sorted(screenshots.VIEWS))
def test_each_view_renders(qtbot, sample_db, translations, tmp_path, view):
    store = open_store(sample_db)
    window = MainWindow(Workspace(store), translations)
    qtbot.addWidget(window)
    target = tmp_path / f"{view}.png"
    screenshots.take_screenshot(window, view, target, (1366, 768))
    image = QImage(str(target))
    if view in screenshots.STANDALONE:
        assert 400 < image.width() < 1000
    else:
        assert (image.width(), image.height()) == (1366, 768)
    window.close()


def test_household_view_shows_a_changed_vote(qtbot, sample_db, translations, tmp_path):
    store = open_store(sample_db)
    window = MainWindow(Workspace(store), translations)
    qtbot.addWidget(window)
    screenshots.take_screenshot(window, "household", tmp_path / "h.png", (1366, 768))
    panel = window.household_page.tabs.currentWidget()
    assert panel.accepts_votes()
    window.close()


def test_every_readme_screenshot_has_a_view():
    readme = (TOOL.parents[1] / "README.md").read_text(encoding="utf-8")
    shown = {name for name in screenshots.README if f"resources/screenshots/{name}" in readme}
    assert {"desktop-vote-zh.png", "office-settings.png", "office-ranking-en.png",
            "desktop-void-zh.png", "desktop-phone-zh.png", "desktop-visits-zh.png",
            "office-household-edit.png", "office-online-import.png",
            "office-print-menu.png"} <= shown  # fmt: skip
    for view, language in screenshots.README.values():
        assert view in screenshots.VIEWS and language in ("zh_CN", "en")


def test_the_tool_leaves_the_users_settings_and_data_alone(qapp, sample_db, tmp_path):
    """The views that write (sync, settings) write into copies in a scratch folder."""
    settings.set_language("en")
    settings.set_window_state(QByteArray(b"geometry"))
    ini = Path(settings.user_settings().fileName())
    before = ini.read_bytes()
    store = open_store(sample_db)
    before_store = (store.device_name, store.surveyor, store.central_path)
    records = store.db.execute("SELECT count(*) FROM records").fetchone()[0]
    store.close()
    for view in ("office-sync", "office-settings"):
        out = tmp_path / f"{view}.png"
        assert screenshots.main(["--db", str(sample_db), "--view", view, "--out", str(out)]) == 0
        assert QImage(str(out)).width() == 1366
    assert ini.read_bytes() == before
    assert settings.user_settings().fileName() == str(ini)
    store = open_store(sample_db)
    assert (store.device_name, store.surveyor, store.central_path) == before_store
    assert store.db.execute("SELECT count(*) FROM records").fetchone()[0] == records
    store.close()
    assert not (tmp_path / "data").exists()  # nothing in the user's data folder either


def test_the_gui_command_takes_a_screenshot(sample_db, tmp_path, qapp, translations):
    target = tmp_path / "cli.png"
    result = CliRunner().invoke(
        cli, ["gui", "--db", str(sample_db), "--demo", "--lang", "en", "--screenshot", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert QImage(str(target)).width() == 1366


def test_the_gui_command_has_help():
    result = CliRunner().invoke(cli, ["gui", "-h"])
    assert result.exit_code == 0
    assert "survey-app gui --demo" in result.output
    assert "--screenshot" in result.output and "tools/screenshots.py" in result.output
    assert "--view" not in result.output


def test_survey_app_gui_runs_the_same_command(capsys):
    from survey_app.cli.gui_cli import gui_main

    sys_argv = sys.argv
    sys.argv = ["survey-app-gui", "--help"]
    try:
        with pytest.raises(SystemExit) as exited:
            gui_main()
    finally:
        sys.argv = sys_argv
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "Usage: survey-app-gui [OPTIONS]" in out and "--screenshot" in out


def test_the_gui_entry_point_does_not_load_the_views():
    import subprocess

    code = (
        "import sys; from survey_app.cli.gui_cli import gui_main; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'survey_app.ui'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_screenshot_of_a_vote_keeps_no_vote_draft(qtbot, tmp_path, translations):
    path = tmp_path / "shown.db"
    store = open_store(path)
    write_sample(store=store, compounds=2, min_households=20, max_households=20)
    window = MainWindow(Workspace(store), translations)
    qtbot.addWidget(window)
    for view in ("vote", "confirm"):
        screenshots.take_screenshot(window, view, tmp_path / f"{view}.png", (1366, 768))
    qtbot.wait(600)  # longer than the draft timer
    drafts = store.db.execute("SELECT count(*) FROM drafts WHERE form LIKE 'vote:%'").fetchone()
    window.hide()
    assert drafts == (0,)


def test_the_tool_writes_its_own_sample_batch_when_given_no_data(qapp, tmp_path):
    out = tmp_path / "main.png"
    assert screenshots.main(["--view", "main", "--out", str(out)]) == 0
    assert QImage(str(out)).width() == 1366
