"""Numbers as people write them in rosters: areas with full-width digits and units, phones in
any spelling, and the footer rows (合计, 填表人…) real rosters end with."""

from __future__ import annotations

import pytest

from survey_app.core.errors import InvalidInput
from survey_app.core.roster import footer_note, map_headers, normalise_phone, parse_area, parse_rows


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("90", "90"),
        ("90.0", "90"),
        ("100", "100"),
        ("85.6", "85.6"),
        ("８５．６", "85.6"),
        ("９０", "90"),
        ("85.6㎡", "85.6"),
        ("85.6 ㎡", "85.6"),
        ("85.6m²", "85.6"),
        ("85.6 m2", "85.6"),
        ("85.6M2", "85.6"),
        ("85.6 平方米", "85.6"),
        ("85.6平米", "85.6"),
        ("８５．６平方米", "85.6"),
        (" 72 ", "72"),
        ("0", "0"),
    ],
)
def test_areas_in_every_spelling_are_read_as_written(written, stored):
    assert parse_area(written) == stored


@pytest.mark.parametrize(("written", "code"), [("八十", "bad_area"), ("-5", "impossible_area")])
def test_areas_that_are_not_numbers_are_still_errors(written, code):
    with pytest.raises(InvalidInput) as caught:
        parse_area(written)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "written",
    [
        "13800000101",
        "138-0000-0101",
        "138 0000 0101",
        "１３８００００0101",
        "１３８－００００－０１０１",
        "(138)0000-0101",
        "(138)0000 0101",
        " 138.0000.0101 ",
    ],
)
def test_phones_are_stored_as_digits_only(written):
    assert normalise_phone(written) == "13800000101"


def test_phone_country_code_and_two_numbers_in_a_cell():
    assert normalise_phone("+86 138-0000-0101") == "8613800000101"
    assert normalise_phone("(010) 6512-3456") == "01065123456"
    assert normalise_phone("13800000101/13900000202") == "13800000101/13900000202"
    assert normalise_phone("13800000101、13900000202") == "13800000101/13900000202"
    assert normalise_phone("  ") is None
    assert normalise_phone("13800000101") == "13800000101"
    assert normalise_phone("１３８０００００１０１") == "13800000101"
    assert normalise_phone(None) is None


HEADER = map_headers(["楼栋", "单元", "室", "户主", "电话", "建筑面积"])


@pytest.mark.parametrize(
    "cells",
    [
        ["合计", "", "", "", "", "6543.2"],
        ["", "", "", "总计:120户", "", ""],
        ["小计", "", "", "", "", "90"],
        ["填表人:张三", "", "", "审核人:李四", "", ""],
        ["制表人:王五"],
        ["审核人:", "", "赵六"],
        ["填报单位:解放街道办事处"],
        ["备注:以上面积以产权证为准"],
        ["备注:以上面积以产权证为准"],
        ["说明:空置户不征询"],
        ["", "", "", "", "", "6543.2"],
        ["", "", "", "", "", "６５４３．２㎡"],
    ],
)
def test_footer_rows_are_recognised(cells):
    assert footer_note(cells, HEADER) is not None


@pytest.mark.parametrize(
    "cells",
    [
        ["1", "1", "101", "张伟", "13800000101", "90"],
        ["", "", "501", "", "", ""],  # a room without a building: an error, not a footer
        ["3", "", "", "", "", ""],
        ["1", "1", "102", "备注", "", ""],
    ],
)
def test_household_rows_and_bad_rows_are_not_footers(cells):
    assert footer_note(cells, HEADER) is None


def test_a_roster_with_a_footer_skips_it_with_a_note_and_keeps_every_household():
    rows = [
        (2, ["1", "1", "101", "刘伟军", "138-0000-0101", "90"]),
        (3, ["1", "1", "102", "王芳", "１３８００００0102", "８５．６"]),
        (4, ["1", "1", "201", "李娜", "138 0000 0201", "85.6 平方米"]),
        (5, ["1", "1", "202", "赵磊", "", "72㎡"]),
        (6, ["", "", "", "", "", ""]),
        (7, ["合计", "", "", "", "", "333.2"]),
        (8, ["填表人:张三", "", "", "", "", ""]),
        (9, ["", "", "", "", "", "333.2"]),
    ]
    good, errors, skipped = parse_rows(rows, HEADER)
    assert errors == []
    assert [(r.address.room, r.area, r.phone) for r in good] == [
        ("101", "90", "13800000101"),
        ("102", "85.6", "13800000102"),
        ("201", "85.6", "13800000201"),
        ("202", "72", None),
    ]
    assert [s.row for s in skipped] == [7, 8, 9]
    assert skipped[0].reason == "表尾行(“合计”),不是住户,已跳过"
    assert skipped[2].reason == "只有合计数字(333.2),不是住户,已跳过"
    assert skipped[1].note.code == "footer_row"
