"""Exports say what they hold: the full one holds the roster's names and phones and says so in
its name and first sheet; the masked one, for sharing, holds none of them, read back cell by cell
and as the raw bytes of the workbook's XML. Every file is its owner's only (0600)."""

from __future__ import annotations

import csv
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from survey_app.actions.roster import import_roster
from survey_app.actions.rounds import open_round
from survey_app.cli import main
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice, Relation
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.survey_answers import record_survey_answer
from survey_app.store.votes import record_vote
from survey_app.sync.export import export_file_name

ROSTER = """楼栋,单元,室,户主,电话,建筑面积,性质,备注
1,1,101,张伟,13800000101,80.5,自住,身份证 110101195001011234
1,1,102,欧阳娜娜,13911112222,72,自住,
1,2,101,李小明,0571-88886666,72,出租,独居老人
2,1,101,赵磊、钱芳,13800000202,80.5,自住,
"""
NAMES = ("张伟", "欧阳娜娜", "李小明", "赵磊", "钱芳", "孙丽华", "王芳", "周建国")
"""Heads, a signer, the surveyors (王芳 opens the laptop, 周建国 surveys): all of at least two
characters."""
PHONES = ("13800000101", "13911112222", "057188886666", "88886666", "13800000202", "13655556666")
"""As stored: digits only (0571-88886666 is kept as 057188886666)."""
SECRETS = ("110101195001011234", "独居老人", "电梯口有轮椅")
"""An ID number typed into a note, a note, a free-text survey answer."""
PRIVATE = 0o600
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture
def worked(store: Store, tmp_path: Path) -> Store:
    roster = tmp_path / "名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    from survey_app.store.compounds import save_compound

    save_compound(store=store, code="NH-001", name="东方新村", street="解放街道")
    import_roster(store=store, path=roster, compound="NH-001")
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    homes = households_of(store=store, compound="NH-001")
    record_vote(store=store, household=homes[0], round_no=1, choice=Choice.AGREE, signer="张伟",
                signature_png=b"\x89PNG-signature-of-zhang", surveyor="周建国")  # fmt: skip
    record_vote(store=store, household=homes[1], round_no=1, choice=Choice.DISAGREE,
                signer="孙丽华", relation=Relation.PROXY,
                note="孙丽华代签,电话 13655556666", surveyor="周建国")  # fmt: skip
    record_survey_answer(
        store=store, household=homes[2], form_id="needs_survey", form_version="1",
        answers={"respondent": "head", "residents": 2, "disabled": 1,
                 "basic_items": ["roof", "gas"], "comments": "电梯口有轮椅 李小明 13800000201",
                 "other_needs": "找张伟商量"},
        surveyor="周建国",
    )  # fmt: skip
    return store


def export(store: Store, target: Path, *more: str) -> Path:
    result = CliRunner().invoke(main, ["--db", str(store.path), "export", *more])
    assert result.exit_code == 0, result.output
    return target


def workbook_text(path: Path) -> str:
    """Every cell of every sheet, as openpyxl reads them."""
    book = load_workbook(path, read_only=True)
    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
             if v is not None]  # fmt: skip
    book.close()
    return "\n".join(cells)


def workbook_bytes(path: Path) -> bytes:
    """The raw bytes of every part of the .xlsx (its XML unzipped), as a `strings` scan sees."""
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def found(text: str, raw: bytes) -> set[str]:
    return {s for s in (*NAMES, *PHONES, *SECRETS) if s in text or s.encode() in raw}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_full_export_holds_the_names_and_says_so(worked: Store, tmp_path: Path) -> None:
    target = export(worked, tmp_path / "full.xlsx", "--xlsx", str(tmp_path / "full.xlsx"))
    text, raw = workbook_text(target), workbook_bytes(target)
    assert found(text, raw) >= {"张伟", "欧阳娜娜", "李小明", "孙丽华", "13911112222",
                                "057188886666", "110101195001011234", "电梯口有轮椅"}  # fmt: skip
    book = load_workbook(target, read_only=True)
    assert book.sheetnames[0] == "说明"
    notice = [row for row in book["说明"].iter_rows(values_only=True)]
    assert book.properties.title and "含个人信息" in book.properties.title
    book.close()
    assert "个人信息保护法" in str(notice[0][1]) and "含个人信息" in str(notice[0][1])
    facts = {str(label).split()[0]: str(value) for label, value in notice[2:]}
    assert "测试-01" in facts["导出人"]  # the device of the file exported, and the account
    assert facts["来源文件"] == str(worked.path.resolve())
    assert facts["导出时间(北京时间)"][:4].isdigit()


def test_the_masked_export_holds_no_name_phone_note_or_free_text(
    worked: Store, tmp_path: Path
) -> None:
    target = tmp_path / "shared.xlsx"
    export(worked, target, "--xlsx", str(target), "--masked")
    text, raw = workbook_text(target), workbook_bytes(target)
    assert found(text, raw) == set()
    assert b"PNG" not in raw
    for masked in ("张*", "欧*娜", "李*明", "赵*、钱*", "孙*华", "周*国"):
        assert masked in text
    book = load_workbook(target, read_only=True)
    households = list(book["住户"].iter_rows(values_only=True))
    answers = list(book["需求调查"].iter_rows(values_only=True))
    assert book.sheetnames[0] == "说明" and "已脱敏" in str(book["说明"]["B1"].value)
    book.close()
    assert "电话" not in households[0] and "备注" not in households[0]
    assert "地址" in households[0]  # the door stays on the roster and the votes
    heading, row = answers
    shared = dict(zip(heading, row, strict=True))
    assert shared["basic_items"] == "roof gas" and shared["residents"] == 2
    assert not {"comments", "other_needs", "地址", "住户编号"} & set(heading)


def test_a_masked_csv_export_holds_none_either(worked: Store, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    export(worked, folder, "--csv", str(folder), "--masked")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{s}.csv" for s in ("说明", "小区汇总", "住户", "意见", "需求调查"))
    raw = b"".join(p.read_bytes() for p in folder.iterdir())
    assert found(raw.decode("utf-8-sig"), raw) == set()
    with (folder / "说明.csv").open(encoding="utf-8-sig", newline="") as notice:
        first = next(csv.reader(notice))
    assert "已脱敏" in first[1]


def test_a_full_csv_export_starts_with_its_notice(worked: Store, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    export(worked, folder, "--csv", str(folder))
    with (folder / "说明.csv").open(encoding="utf-8-sig", newline="") as notice:
        first = next(csv.reader(notice))
    assert "个人信息保护法" in first[1]
    assert "13911112222" in (folder / "住户.csv").read_text(encoding="utf-8-sig")


def test_a_folder_given_for_the_workbook_gets_the_name_that_says_what_it_holds(
    worked: Store, tmp_path: Path
) -> None:
    for flags, mark in (((), "含个人信息"), (("--masked",), "已脱敏")):
        folder = tmp_path / mark
        folder.mkdir()
        export(worked, folder, "--xlsx", str(folder), *flags)
        [written] = folder.iterdir()
        assert mark in written.name and written.suffix == ".xlsx"


def test_export_names_say_personal_data_or_masked_in_both_languages() -> None:
    day = "2027-03-02"
    assert (
        export_file_name(masked=False, day=day, suffix=".xlsx")
        == "征询数据-含个人信息-2027-03-02.xlsx"
    )
    assert export_file_name(masked=True, day=day) == "征询数据-已脱敏-2027-03-02"
    assert "personal-data" in export_file_name(masked=False, day=day, language="en_US")
    assert "masked" in export_file_name(masked=True, day=day, language="en")


@posix_only
@pytest.mark.parametrize("masked", [(), ("--masked",)])
def test_every_export_file_is_its_owners_only(
    worked: Store, tmp_path: Path, masked: tuple[str, ...]
) -> None:
    old = os.umask(0o022)  # a usual desktop umask: files would be world-readable
    try:
        workbook, folder = tmp_path / "e.xlsx", tmp_path / "csv"
        export(worked, workbook, "--xlsx", str(workbook), "--csv", str(folder), *masked)
    finally:
        os.umask(old)
    assert mode(workbook) == PRIVATE
    assert {p.name: mode(p) for p in folder.iterdir()} == {
        p.name: PRIVATE for p in folder.iterdir()
    }
    assert mode(folder) == 0o700
