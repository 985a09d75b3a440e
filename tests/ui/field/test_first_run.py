"""First run: no data → import a roster or open the sample batch; --demo opens it directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.actions.data_files import demo_db_path
from survey_app.actions.data_files import has_compounds as holds_compounds
from survey_app.actions.roster import RosterRequest
from survey_app.core.errors import UnreadableFile
from survey_app.store.compounds import save_compound
from survey_app.store.database import open_store
from survey_app.store.encryption import is_encrypted
from survey_app.ui import app
from survey_app.ui.base.passphrase_dialog import Answer, NewPassphraseDialog, PassphraseDialog
from survey_app.ui.base.passphrases import passphrase_of
from survey_app.ui.field.first_run import IMPORT, SAMPLE, FirstRunDialog, NewDataFileBox
from survey_app.ui.office.roster_dialog import RosterImportDialog
from tests.ui.conftest import ROSTER

SMALL_SAMPLE = {"compounds": 3, "min_households": 12, "max_households": 20}


@pytest.fixture(autouse=True)
def small_sample(monkeypatch):
    """The real sample batch has 8 compounds of up to 800 households; tests use a small one."""
    from survey_app.store import sample

    real = sample.write_sample
    monkeypatch.setattr(sample, "write_sample", lambda **kw: real(**{**kw, **SMALL_SAMPLE}))


@pytest.fixture
def new_file_accepted(monkeypatch):
    """The --db file does not exist yet, and the user agrees to create it."""
    asked = []
    monkeypatch.setattr(
        NewDataFileBox, "ask", classmethod(lambda cls, p, path: asked.append(path) or True)
    )
    return asked


def has_compounds(path):
    return holds_compounds(path=path)


def prepare_database(qtbot, options):
    """The path `app.prepare_database` hands on once its work (if any) is done."""
    ready, failed = [], []
    app.prepare_database(options, on_ready=ready.append, on_failed=failed.append)
    qtbot.waitUntil(lambda: bool(ready or failed), timeout=30000)
    if failed:
        raise failed[0]
    return ready[0]


def wait(qtbot, task):
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass


def importing(qtbot, roster, request, reports):
    """The roster dialog as a person fills it in: file, code and name, then 导入."""

    def exec_(dialog):
        dialog.file_edit.setText(str(roster))
        wait(qtbot, dialog.load_preview())
        dialog.code_combo.setCurrentText(request.code)
        dialog.name_edit.setText(request.name)
        wait(qtbot, dialog.start_import())
        reports.append(dialog.report)
        return 0

    return exec_


def test_first_run_offers_the_sample(qtbot, tmp_path, monkeypatch, new_file_accepted):
    asked = []
    monkeypatch.setattr(
        FirstRunDialog, "ask", classmethod(lambda cls, p: asked.append(1) or SAMPLE)
    )
    path = prepare_database(qtbot, app.GuiOptions(db=tmp_path / "new.db"))
    assert asked == [1]
    assert path == demo_db_path()
    assert has_compounds(path)
    assert not (tmp_path / "new.db").exists()


PASSPHRASE = "楼下的修车铺"


def test_first_run_imports_a_roster_into_a_file_encrypted_with_a_new_passphrase(
    qtbot, tmp_path, monkeypatch, new_file_accepted
):
    roster = tmp_path / "名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: IMPORT))
    asked = []
    monkeypatch.setattr(NewPassphraseDialog, "ask", classmethod(
        lambda cls, p, path, kind="laptop": asked.append((path, kind)) or Answer(PASSPHRASE, False)
    ))  # fmt: skip
    reports = []
    request = RosterRequest(roster, "NH-009", "新兴小区")
    monkeypatch.setattr(RosterImportDialog, "exec", importing(qtbot, roster, request, reports))
    path = prepare_database(qtbot, app.GuiOptions(db=tmp_path / "new.db"))
    assert path == tmp_path / "new.db" and asked == [(path, "laptop")]
    assert reports[0].imported == 10 and reports[0].errors == []
    assert is_encrypted(path) and "张伟".encode() not in path.read_bytes()
    with pytest.raises(UnreadableFile) as refused:
        open_store(path)
    assert refused.value.code == "wrong_passphrase"
    store = open_store(path, passphrase=PASSPHRASE)
    assert store.db.execute("SELECT count(*) FROM households").fetchone()[0] == 10
    store.close()


def test_no_new_passphrase_goes_back_to_the_first_choice(
    qtbot, tmp_path, monkeypatch, new_file_accepted
):
    choices = [IMPORT, None]
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: choices.pop(0)))
    monkeypatch.setattr(NewPassphraseDialog, "ask", classmethod(lambda cls, p, path, k="": None))
    assert prepare_database(qtbot, app.GuiOptions(db=tmp_path / "new.db")) is None
    assert choices == [] and not (tmp_path / "new.db").exists()


def encrypted_data(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "enc.db"
    store = open_store(path, passphrase=PASSPHRASE)
    save_compound(store=store, code="NH-001", name="东方新村")
    store.close()
    return path


def test_an_encrypted_data_file_asks_for_its_passphrase_at_start(qtbot, tmp_path, monkeypatch):
    path = encrypted_data(tmp_path)
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    monkeypatch.setattr(
        PassphraseDialog, "ask", classmethod(lambda c, p, path, k="": Answer(PASSPHRASE, False))
    )
    assert prepare_database(qtbot, app.GuiOptions(db=path)) == path
    assert passphrase_of(path) == PASSPHRASE


def test_cancelling_the_passphrase_quits_and_changes_nothing(qtbot, tmp_path, monkeypatch):
    path = encrypted_data(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(lambda c, p, path, k="": None))
    assert prepare_database(qtbot, app.GuiOptions(db=path)) is None
    assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == [path]


def test_the_window_says_the_sample_is_not_encrypted(qtbot, tmp_path, monkeypatch, translations):
    from survey_app.ui.field.workspace import Workspace
    from survey_app.ui.main_window import MainWindow

    path = prepare_database(qtbot, app.GuiOptions(demo=True))
    secret = open_store(encrypted_data(tmp_path), passphrase=PASSPHRASE)
    for opened, shown in ((open_store(path), "示例数据未加密"), (secret, None)):
        window = MainWindow(Workspace(opened), translations)
        qtbot.addWidget(window)
        window.show()
        assert window.plain_notice.isVisible() is (shown is not None)
        if shown:
            assert window.plain_notice.text() == shown
        window.close()


def test_first_run_can_be_left(qtbot, tmp_path, monkeypatch, new_file_accepted):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: None))
    assert prepare_database(qtbot, app.GuiOptions(db=tmp_path / "new.db")) is None
    assert new_file_accepted == [tmp_path / "new.db"]


def test_a_mistyped_db_path_asks_before_creating_anything(qtbot, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(
        NewDataFileBox, "ask", classmethod(lambda cls, p, path: asked.append(path) or False)
    )
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    assert prepare_database(qtbot, app.GuiOptions(db=tmp_path / "suvrey.db")) is None
    assert asked == [tmp_path / "suvrey.db"]
    assert list(tmp_path.iterdir()) == []


def test_the_gui_command_asks_about_a_mistyped_db_path(qapp, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from survey_app.cli import main as cli

    asked = []
    monkeypatch.setattr(
        NewDataFileBox, "ask", classmethod(lambda cls, p, path: asked.append(path) or False)
    )
    for args in (["gui", "--db", str(tmp_path / "a.db")], ["--db", str(tmp_path / "b.db"), "gui"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    assert asked == [tmp_path / "a.db", tmp_path / "b.db"]
    assert list(tmp_path.glob("*.db")) == []


def test_the_default_data_file_is_created_without_asking(qtbot, monkeypatch):
    from survey_app.store.database import default_db_path

    monkeypatch.setattr(
        NewDataFileBox, "ask", classmethod(lambda cls, p, path: pytest.fail("asked"))
    )
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: None))
    assert not default_db_path().exists()
    assert prepare_database(qtbot, app.GuiOptions()) is None


def test_the_new_data_file_box_says_which_file(qtbot, tmp_path):
    box = NewDataFileBox(tmp_path / "suvrey.db")
    qtbot.addWidget(box)
    assert str(tmp_path / "suvrey.db") in box.text()
    assert box.defaultButton() is box.button(NewDataFileBox.StandardButton.No)


def test_existing_data_opens_directly(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    assert prepare_database(qtbot, app.GuiOptions(db=db_path)) == db_path


def test_demo_opens_the_sample_batch(qtbot, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    path = prepare_database(qtbot, app.GuiOptions(demo=True))
    assert path == demo_db_path() and has_compounds(path)
    assert prepare_database(qtbot, app.GuiOptions(demo=True)) == path


def test_import_dialog_checks_its_fields(qtbot, tmp_path):
    dialog = RosterImportDialog(tmp_path / "new.db", [])
    qtbot.addWidget(dialog)
    assert dialog.request() is None
    assert "名册文件" in dialog.error.text()
    roster = tmp_path / "r.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    dialog.file_edit.setText(str(roster))
    wait(qtbot, dialog.load_preview())
    dialog.code_combo.setCurrentText("东方")
    assert dialog.request() is None and "编码" in dialog.error.text()
    dialog.code_combo.setCurrentText("nh-010")
    dialog.name_edit.setText("东方新村")
    assert dialog.request() == RosterRequest(Path(roster), "NH-010", "东方新村")


def test_import_from_the_file_menu(qtbot, window, tmp_path, monkeypatch):
    roster = tmp_path / "more.csv"
    roster.write_text("楼栋,室,户主\n5,101,钱多多\n5,,无室号\n", encoding="utf-8")
    reports = []
    request = RosterRequest(roster, "NH-003", "光明里")
    monkeypatch.setattr(RosterImportDialog, "exec", importing(qtbot, roster, request, reports))
    window.import_action.trigger()
    assert reports[0].imported == 1 and len(reports[0].errors) == 1
    assert window.workspace.compound == "NH-003"
    assert window.compound_combo.currentText() == "NH-003  光明里"


def test_the_dialog_reports_bad_rows(qtbot, tmp_path):
    from survey_app.core.roster import RowError
    from survey_app.store.roster_import import ImportReport

    dialog = RosterImportDialog(tmp_path / "new.db", [])
    qtbot.addWidget(dialog)
    dialog.show_report(ImportReport(imported=3, errors=[RowError(7, "地址缺少室号")]))
    assert dialog.counts.text() == "导入 3 户,未变化 0 户,有误 1 行"
    assert dialog.rejected_text() == "第 7 行:地址缺少室号"


def test_open_the_sample_from_the_file_menu(qtbot, window):
    window.sample_action.trigger()
    qtbot.waitUntil(lambda: window.workspace.store.path == demo_db_path(), timeout=30000)
    assert window.workspace.store.path == demo_db_path()
    assert window.compound_model.rowCount() == SMALL_SAMPLE["compounds"]
    assert window.windowTitle().endswith("[示例数据]")
    assert window.stack.currentWidget() is window.progress_view


def test_a_file_that_is_not_ours_is_refused_with_a_message(qtbot, window, tmp_path, monkeypatch):
    from survey_app.ui.field.first_run import ErrorBox

    shown = []
    monkeypatch.setattr(ErrorBox, "ask", classmethod(lambda cls, p, t, m: shown.append(m)))
    other = tmp_path / "other.db"
    other.write_bytes(b"this is not a database at all" * 100)
    before = window.workspace.store
    assert not window.use_database(other)
    assert shown and "other.db" in shown[0]
    assert window.workspace.store is before


def test_bad_rows_are_worded_in_the_window_language(qtbot, window, tmp_path):
    from survey_app.core.roster import map_headers, parse_rows
    from survey_app.store.roster_import import ImportReport

    header = ["楼栋", "单元", "室", "建筑面积"]
    rows = [(2, ["1", "1", "", "80"]), (3, ["1", "1", "102", "八十"]), (4, ["1", "1", "102", "80"])]
    _good, errors, _skipped = parse_rows(rows, map_headers(header))
    window.switch_language("en")
    dialog = RosterImportDialog(tmp_path / "x.db", [])
    qtbot.addWidget(dialog)
    dialog.report = ImportReport(imported=1, errors=errors)
    assert dialog.rejected_text() == (
        "Row 2: The room is missing\nRow 3: The floor area “八十” is not a number"
    )
    window.switch_language("zh_CN")
    assert dialog.rejected_text() == "第 2 行:缺少室号\n第 3 行:建筑面积 “八十” 不是数字"
