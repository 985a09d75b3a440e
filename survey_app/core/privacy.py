"""Masking personal information for public documents (个人信息保护法).

A name keeps its first character, and its last when it has three or more: 张* · 张*明 · 欧*娜.
One `*` stands for any number of hidden characters, so the mask does not tell the length.
"""

from __future__ import annotations

import re

MASK = "*"
ERASED_NAME = "已删除"
"""What the tables show in place of a name the office erased (store/personal.py); names are data,
written in Chinese, and this one is shown as it is, never masked."""
_SEPARATORS = re.compile("\\s*[\u3001,\uff0c;\uff1b/]\\s*")


def mask_name(name: str | None) -> str:
    """`张三` → `张*`, `张小明` → `张*明`, `欧阳娜娜` → `欧*娜`; several heads are masked each."""
    if not name or not name.strip():
        return ""
    if name == ERASED_NAME:
        return name
    parts = [p for p in _SEPARATORS.split(name.strip()) if p]
    return "、".join(_mask_one(p) for p in parts)


def _mask_one(name: str) -> str:
    letters = "".join(name.split())
    if len(letters) <= 1:
        return MASK
    if len(letters) == 2:
        return letters[0] + MASK
    return letters[0] + MASK + letters[-1]


def mask_phone(phone: str | None) -> str:
    """`13800000101` → `138*0101`: the first three and last four digits of each number; a
    short number keeps only its last two."""
    if not phone or not phone.strip():
        return ""
    return "/".join(_mask_number(p.strip()) for p in phone.split("/") if p.strip())


def _mask_number(number: str) -> str:
    if len(number) >= 8:
        return number[:3] + MASK + number[-4:]
    return MASK + number[-2:] if len(number) > 2 else MASK
