"""`--screenshot FILE --view NAME` renders each view offscreen to a PNG of the asked size."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PySide6.QtGui import QImage

from survey_app.cli import main as cli
from survey_app.store.database import open_store
from survey_app.store.sample import write_sample
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow
from survey_app.ui.screenshot import VIEWS, take_screenshot


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "demo.db"
    store = open_store(path)
    write_sample(store=store, compounds=3, min_households=20, max_households=40)
    store.close()
    return path


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_each_view_renders(qtbot, sample_db, translations, tmp_path, view):
    store = open_store(sample_db)
    window = MainWindow(Workspace(store), translations)
    qtbot.addWidget(window)
    target = tmp_path / f"{view}.png"
    take_screenshot(window, view, target, (1366, 768))
    image = QImage(str(target))
    if view == "first-run":
        assert 400 < image.width() < 1000
    else:
        assert (image.width(), image.height()) == (1366, 768)
    window.close()


def test_household_view_shows_a_changed_vote(qtbot, sample_db, translations, tmp_path):
    store = open_store(sample_db)
    window = MainWindow(Workspace(store), translations)
    qtbot.addWidget(window)
    take_screenshot(window, "household", tmp_path / "h.png", (1366, 768))
    panel = window.household_page.tabs.currentWidget()
    assert panel.accepts_votes()
    window.close()


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
    assert "--screenshot" in result.output and "--view" in result.output


def test_an_unknown_view_is_named_in_the_error(sample_db, tmp_path):
    result = CliRunner().invoke(
        cli, ["gui", "--db", str(sample_db), "--screenshot", str(tmp_path / "x.png"), "--view", "x"]
    )
    assert result.exit_code == 2
    assert "household" in result.output and "first-run" in result.output


def test_a_screenshot_of_a_vote_keeps_no_vote_draft(tmp_path, qapp, translations):
    path = tmp_path / "shown.db"
    store = open_store(path)
    write_sample(store=store, compounds=2, min_households=20, max_households=20)
    store.close()
    for view in ("vote", "confirm"):
        result = CliRunner().invoke(
            cli, ["gui", "--db", str(path), "--screenshot", str(tmp_path / "v.png"), "--view", view]
        )
        assert result.exit_code == 0, result.output
    store = open_store(path)
    drafts = store.db.execute("SELECT count(*) FROM drafts WHERE form LIKE 'vote:%'").fetchone()
    store.close()
    assert drafts == (0,)
