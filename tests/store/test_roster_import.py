import gc
from pathlib import Path

import pytest
from openpyxl import Workbook

from survey_app.core.errors import NotFound, UnreadableFile
from survey_app.store.database import Store
from survey_app.store.households import find_household, households_of
from survey_app.store.roster_import import import_roster
from tests.conftest import write_csv

HEADER_ZH = ["楼栋", "单元", "室", "户主", "电话", "建筑面积", "性质", "备注"]
GOOD_ROWS = [
    ["3", "2", "501", "张三明", "13800000001", "86.5", "自住", ""],
    ["3幢", "2单元", "502室", "李四", "13800000002", "72", "出租", "租户姓赵"],
    ["4", "1", "101", "王五", "", "60.25", "空置", ""],
]


def record_count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM records").fetchone()[0])


def test_csv_with_chinese_headers_and_bom(store: Store, compound: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [HEADER_ZH, *GOOD_ROWS])
    report = import_roster(store=store, path=path, compound=compound)
    assert report.as_json() == {
        "imported": 3,
        "unchanged": 0,
        "errors": [],
        "skipped": [],
        "closed_rounds": [],
        "unfrozen_closed_rounds": [],
    }
    household = find_household(store=store, compound=compound, address="3幢2单元502室")
    assert (household.head, household.area, household.tenure) == ("李四", "72", "rented")
    assert household.id == "NH-001/3-2-502"


def test_gb18030_csv_as_chinese_excel_saves_it(store: Store, compound: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", [HEADER_ZH, *GOOD_ROWS], encoding="gb18030")
    assert import_roster(store=store, path=path, compound=compound).imported == 3
    assert households_of(store=store, compound=compound)[0].head == "张三明"


def test_english_headers_and_a_single_address_column(
    store: Store, compound: str, tmp_path: Path
) -> None:
    rows = [
        ["Address", "Head", "Phone", "Area (m²)", "Tenure"],
        ["5-1-301", "Zhou", "139", "90", "owner"],
        ["5栋1单元302", "Wu", "", "", "public"],
    ]
    report = import_roster(
        store=store, path=write_csv(tmp_path / "en.csv", rows), compound=compound
    )
    assert report.imported == 2 and not report.errors
    assert [h.address for h in households_of(store=store, compound=compound)] == [
        "5-1-301",
        "5-1-302",
    ]


def test_bad_rows_are_reported_and_good_rows_still_import(
    store: Store, compound: str, tmp_path: Path
) -> None:
    rows = [
        HEADER_ZH,
        GOOD_ROWS[0],
        ["3", "2", "", "无室号", "", "", "", ""],
        ["3", "2", "501", "重复", "", "", "", ""],
        ["3", "2", "503", "赵六", "", "八十", "自住", ""],
        ["3", "2", "504", "钱七", "", "", "借住", ""],
        ["", "", "", "", "", "", "", ""],
        GOOD_ROWS[1],
    ]
    report = import_roster(
        store=store, path=write_csv(tmp_path / "bad.csv", rows), compound=compound
    )
    assert report.imported == 2
    reasons = {e.row: e.reason for e in report.errors}
    assert set(reasons) == {3, 4, 5, 6}
    assert "室号" in reasons[3]
    assert "重复" in reasons[4] and "第 2 行" in reasons[4]
    assert "面积" in reasons[5]
    assert "性质" in reasons[6]


def test_importing_the_same_file_again_changes_nothing(
    store: Store, compound: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER_ZH, *GOOD_ROWS])
    import_roster(store=store, path=path, compound=compound)
    before = record_count(store)
    again = import_roster(store=store, path=path, compound=compound)
    assert again.as_json() == {
        "imported": 0,
        "unchanged": 3,
        "errors": [],
        "skipped": [],
        "closed_rounds": [],
        "unfrozen_closed_rounds": [],
    }
    assert record_count(store) == before


def test_a_changed_row_is_recorded_as_a_new_record(
    store: Store, compound: str, tmp_path: Path
) -> None:
    import_roster(
        store=store, path=write_csv(tmp_path / "a.csv", [HEADER_ZH, *GOOD_ROWS]), compound=compound
    )
    changed = [[*GOOD_ROWS[0][:3], "张三明", "13900000000", "86.5", "自住", ""], *GOOD_ROWS[1:]]
    report = import_roster(
        store=store, path=write_csv(tmp_path / "b.csv", [HEADER_ZH, *changed]), compound=compound
    )
    assert (report.imported, report.unchanged) == (1, 2)
    assert find_household(store=store, compound=compound, address="3-2-501").phone == "13900000000"


def test_xlsx_with_title_rows_above_the_header(store: Store, compound: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["东方新村住户名册(2027年)"])
    sheet.append([])
    sheet.append(["楼号", "单元", "房号", "产权人", "面积"])
    sheet.append([3, 2, 501, "张三明", 86.5])
    sheet.append([3, 2, 502.0, "李四", "72"])
    path = tmp_path / "名册.xlsx"
    book.save(path)
    report = import_roster(store=store, path=path, compound=compound)
    assert report.as_json() == {
        "imported": 2,
        "unchanged": 0,
        "errors": [],
        "skipped": [],
        "closed_rounds": [],
        "unfrozen_closed_rounds": [],
    }
    assert find_household(store=store, compound=compound, address="3-2-502").head == "李四"


def test_a_file_that_is_not_a_roster_changes_nothing(
    store: Store, compound: str, tmp_path: Path
) -> None:
    before = record_count(store)
    path = write_csv(tmp_path / "notes.csv", [["日期", "事项"], ["2027-01-01", "开会"]])
    with pytest.raises(UnreadableFile, match="不是住户名册"):
        import_roster(store=store, path=path, compound=compound)
    garbage = tmp_path / "x.xlsx"
    garbage.write_bytes(b"not a zip file at all")
    with pytest.raises(UnreadableFile, match="无法打开"):
        import_roster(store=store, path=garbage, compound=compound)
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableFile, match=r"\.xlsx 或 \.csv"):
        import_roster(store=store, path=tmp_path / "r.pdf", compound=compound)
    with pytest.raises(UnreadableFile, match="找不到文件"):
        import_roster(store=store, path=tmp_path / "missing.csv", compound=compound)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(UnreadableFile):
        import_roster(store=store, path=binary, compound=compound)
    assert record_count(store) == before


def test_the_cycle_collector_pauses_during_an_import_and_runs_again_after_it(
    store: Store, compound: str, tmp_path: Path
) -> None:
    enabled_during: list[bool] = []
    path = write_csv(tmp_path / "r.csv", [HEADER_ZH, *GOOD_ROWS])
    report = import_roster(
        store=store, path=path, compound=compound,
        progress=lambda done, total: enabled_during.append(gc.isenabled()),
    )  # fmt: skip
    assert report.imported == 3
    assert enabled_during == [False] and gc.isenabled()
    not_a_roster = write_csv(tmp_path / "notes.csv", [["日期", "事项"], ["2027-01-01", "开会"]])
    with pytest.raises(UnreadableFile):
        import_roster(store=store, path=not_a_roster, compound=compound)
    assert gc.isenabled()


def test_an_import_leaves_a_paused_collector_paused(
    store: Store, compound: str, tmp_path: Path
) -> None:
    gc.disable()
    try:
        import_roster(store=store, path=write_csv(tmp_path / "r.csv", [HEADER_ZH, *GOOD_ROWS]),
                      compound=compound)  # fmt: skip
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_unknown_compound(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER_ZH, *GOOD_ROWS])
    with pytest.raises(NotFound, match="NH-404"):
        import_roster(store=store, path=path, compound="NH-404")


def test_a_floor_area_typed_90_in_excel_is_90(store: Store, compound: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["楼栋", "单元", "室", "户主", "面积", "入住日期"])
    sheet.append([3, 2, 501, "张三明", 90.0, "2001-05-01"])
    sheet.append([3, 2, 502, "李四", 86.5, None])
    path = tmp_path / "名册.xlsx"
    book.save(path)
    assert import_roster(store=store, path=path, compound=compound).imported == 2
    areas = {h.room: h.area for h in households_of(store=store, compound=compound)}
    assert areas == {"501": "90", "502": "86.5"}
