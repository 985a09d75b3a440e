"""需求清单: items ranked by share of surveyed households, a chart, and the profile totals."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from report_checks import assert_extracts_exactly, assert_printable, pdf_text

from survey_app.reports.needs import (
    NeedItem,
    NeedsList,
    ProfileTotal,
    needs_list_from,
    render_needs,
)

NEEDS = NeedsList(
    compound="NH-003",
    compound_name="文昌苑",
    surveyed=296,
    households=321,
    items=(
        NeedItem("停车位", "完善类", 198, 120),
        NeedItem("加装电梯", "完善类", 231, 160),
        NeedItem("屋面防水", "基础类", 176, 88),
        NeedItem("外墙/墙面防渗", "基础类", 187, 95),
        NeedItem("托育", "提升类", 20, 3),
        NeedItem("快递柜", "完善类", 20, 5),
        NeedItem("养老/助餐", "提升类", 58, 22),
        NeedItem("雨污分流", "基础类", 120, 40),
        NeedItem("楼道", "基础类", 118, 31),
        NeedItem("绿化", "完善类", 97, 12),
        NeedItem("安防", "基础类", 90, 20),
        NeedItem("照明", "基础类", 85, 8),
    ),
    profile=(
        ProfileTotal("常住人口", 702),
        ProfileTotal("60岁以上老人", 231),
        ProfileTotal("6岁以下儿童", 41),
        ProfileTotal("残疾人", 9),
        ProfileTotal("自住", 236, "户"),
        ProfileTotal("出租", 60, "户"),
    ),
    printed_on=date(2027, 4, 1),
)


def test_items_are_ranked_by_share_of_surveyed_households(tmp_path: Path) -> None:
    rendered = render_needs(NEEDS, tmp_path / "needs.pdf")
    text = pdf_text(rendered.path)
    rows = [line.split() for line in text.splitlines() if re.match(r"\s*\d+\s+\S+类", line)]
    assert [row[2] for row in rows] == [
        "加装电梯", "停车位", "外墙/墙面防渗", "屋面防水", "雨污分流", "楼道", "绿化", "安防",
        "照明", "养老/助餐", "快递柜", "托育",
    ]  # fmt: skip
    assert rows[0] == ["1", "完善类", "加装电梯", "231", "296", "78.04%", "160"]
    assert rows[-1] == ["12", "提升类", "托育", "20", "296", "6.76%", "3"]
    assert "已调查296户,占应调查321户的92.21%" in text
    assert "需求最多的10项" in text
    assert "78.04%(231户)" in text and "30.41%(90户)" in text
    assert "60岁以上老人 231人" in re.sub(r" +", " ", text)
    assert_extracts_exactly(rendered.texts, rendered.path)
    assert_printable(rendered.path)


def test_an_empty_survey_still_prints(tmp_path: Path) -> None:
    empty = NeedsList("NH-009", "新村", surveyed=0, households=120, items=())
    rendered = render_needs(empty, tmp_path / "empty.pdf")
    assert "尚无需求调查记录" in pdf_text(rendered.path)


def test_a_mapping_with_the_same_fields_is_accepted() -> None:
    data = {
        "compound": "NH-003",
        "compound_name": "文昌苑",
        "surveyed": 296,
        "households": 321,
        "items": [{"label": "加装电梯", "category": "完善类", "households": 231, "top_three": 160}],
        "profile": [{"label": "常住人口", "value": 702}],
    }
    needs = needs_list_from(data)
    assert needs.items == (NeedItem("加装电梯", "完善类", 231, 160),)
    assert needs.profile == (ProfileTotal("常住人口", 702, "人"),)
