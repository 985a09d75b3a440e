"""A sample batch for trying things and for benchmarks: compounds, rosters and vote intents.

Everything comes from one seeded random generator, so a seed always gives the same batch.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

_PLACES = [
    "南湖",
    "新兴",
    "建设",
    "东方",
    "和平",
    "光明",
    "幸福",
    "文昌",
    "学院",
    "长水",
    "禾兴",
    "勤俭",
    "紫阳",
    "梅湾",
    "春波",
    "秀城",
    "月河",
    "子城",
    "芦席",
    "中山",
    "烟雨",
    "万寿",
    "花园",
    "东栅",
    "西河",
    "北京",
    "解放",
    "人民",
    "友谊",
    "团结",
]
_SUFFIXES = [
    "新村",
    "小区",
    "花园",
    "公寓",
    "苑",
    "里",
    "坊",
    "北区",
    "南区",
    "一村",
    "二村",
    "三村",
]
_STREETS = [
    "解放街道",
    "建设街道",
    "新嘉街道",
    "南湖街道",
    "东栅街道",
    "城南街道",
    "长水街道",
    "新兴街道",
]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤"  # noqa: E501
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红梅玉兰志新海燕德生春林荣凤云飞金鑫宇浩"
)
_TENURES = [("自住", 75), ("出租", 15), ("空置", 7), ("公房", 3)]


@dataclass(frozen=True)
class SampleHousehold:
    address: str
    head: str
    phone: str
    area: str
    tenure: str


@dataclass(frozen=True)
class SampleCompound:
    code: str
    name: str
    district: str
    street: str
    community: str
    built: int
    households: list[SampleHousehold] = field(default_factory=list)
    approval: float = 0.85
    """The share of households that will agree in round 1 (the vote intent)."""


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    return rng.choice(_SURNAMES) + given


def _households(rng: random.Random, count: int) -> Iterator[SampleHousehold]:
    with_units = rng.random() < 0.8
    units = rng.choice((2, 3)) if with_units else 1
    floors = rng.choice((5, 6, 6, 7))
    per_floor = 2
    made = 0
    building = 0
    while made < count:
        building += 1
        for unit in range(1, units + 1):
            for floor in range(1, floors + 1):
                for door in range(1, per_floor + 1):
                    if made == count:
                        return
                    room = f"{floor}{door:02d}"
                    address = f"{building}-{unit}-{room}" if with_units else f"{building}-{room}"
                    made += 1
                    yield SampleHousehold(
                        address=address,
                        head=person_name(rng),
                        phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
                        area=f"{rng.uniform(42, 138):.2f}",
                        tenure=rng.choices([t for t, _ in _TENURES], [w for _, w in _TENURES])[0],
                    )


def sample_batch(
    *, seed: int = 2027, compounds: int = 8, min_households: int = 100, max_households: int = 800
) -> list[SampleCompound]:
    rng = random.Random(seed)
    names: set[str] = set()
    batch = []
    for index in range(1, compounds + 1):
        name = ""
        while not name or name in names:
            name = rng.choice(_PLACES) + rng.choice(_SUFFIXES)
            if len(names) > len(_PLACES) * len(_SUFFIXES) // 2:
                name = f"{name}{index}"
        names.add(name)
        street = rng.choice(_STREETS)
        size = rng.randint(min_households, max(min_households, max_households))
        batch.append(
            SampleCompound(
                code=f"NH-{index:03d}",
                name=name,
                district="南湖区",
                street=street,
                community=name[:2] + "社区",
                built=rng.randint(1982, 2000),
                households=list(_households(rng, size)),
                approval=rng.choice((0.62, 0.74, 0.78, 0.8, 0.83, 0.86, 0.9, 0.93, 0.96)),
            )
        )
    return batch
