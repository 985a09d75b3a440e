"""Masking names for public documents."""

import pytest

from survey_app.core.privacy import mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小明", "张*明"),
        ("欧阳娜娜", "欧*娜"),
        ("司马相如", "司*如"),
        ("买买提·艾力", "买*力"),
        ("王", "*"),
        (" 李 四 ", "李*"),
        ("张三、李小四", "张*、李*四"),
        ("张三,李四", "张*、李*"),
        ("张三\uff0c李四", "张*、李*"),
        ("", ""),
        (None, ""),
        ("   ", ""),
        ("已删除", "已删除"),  # an erased name reads as erased, not as a masked name
    ],
)
def test_mask_name(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize("name", ["张三", "张小明", "欧阳修文", "诸葛孔明先生"])
def test_the_mask_hides_the_length_and_the_middle(name: str) -> None:
    masked = mask_name(name)
    assert masked.count("*") == 1
    assert len(masked) <= 3
    assert all(ch not in masked for ch in name[1:-1])
