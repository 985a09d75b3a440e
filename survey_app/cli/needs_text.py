"""The needs list as text, in Chinese (default) or English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

HEADINGS = {
    "title": ("需求清单", "Needs list"),
    "coverage": (
        "调查覆盖:已调查 {surveyed} 户,"
        "其中应征询户 {surveyed_eligible} / {eligible} 户({coverage}%)",
        "Coverage: {surveyed} households surveyed; "
        "{surveyed_eligible} of {eligible} eligible ({coverage}%)",
    ),
    "items": ("改造项目(按选择户数占比排序)", "Renovation items, by share of surveyed households"),
    "households": ("户", "households"),
    "priorities": (
        "最迫切三项:第一 / 第二 / 第三 / 合计(户)",
        "Top three: first / second / third / total",
    ),
    "profile": (
        "一老一小:常住 {residents} 人;60岁以上 {elderly} 人({households_with_elderly} 户);"
        "6岁以下 {children} 人({households_with_children} 户);残疾人 {disabled} 人"
        "({households_with_disabled} 户)",
        "Profile: {residents} residents; {elderly} aged 60+ ({households_with_elderly} "
        "households); {children} under 6 ({households_with_children}); {disabled} disabled "
        "({households_with_disabled})",
    ),
    "co_funding": ("居民出资意愿", "Co-funding"),
    "co_funding_amount": ("可接受出资额", "Acceptable contribution"),
    "property": ("物业意愿", "Property management"),
    "tenure": ("居住方式", "Tenure"),
    "lift": ("加装电梯意愿(按楼层)", "Lift views by floor"),
    "floor": ("{floor} 楼", "floor {floor}"),
    "none": ("(尚无答卷)", "(no answers yet)"),
    "versions": ("合并的调查表版本", "Form versions combined"),
    "unknown": ("表单未知", "form unknown"),
    "vehicles": (
        "车辆:汽车 {cars} 辆({households_with_cars} 户);电动自行车 {ebikes} 辆"
        "({households_with_ebikes} 户);独居老人户 {households_elderly_alone},"
        "空巢老人户 {households_empty_nest}",
        "Vehicles: {cars} cars ({households_with_cars} households); {ebikes} e-bikes "
        "({households_with_ebikes}); elderly living alone {households_elderly_alone}, "
        "empty nests {households_empty_nest}",
    ),
    "health": (
        "健康信息:{answered} 户同意回答,{declined} 户不回答,{not_asked} 户未问",
        "Health questions: {answered} households answered, {declined} declined, "
        "{not_asked} not asked",
    ),
    "conditions": ("楼栋现状(社区体检)", "The buildings' condition"),
    "places": ("问题位置", "Where"),
    "lift_units": ("加装电梯意愿(按单元)", "Lift views by unit"),
    "unit": ("{unit} 单元", "unit {unit}"),
}


def needs_lines(report: dict[str, Any], language: str = "zh") -> Iterator[str]:
    def say(key: str, **values: object) -> str:
        chinese, english = HEADINGS[key]
        return (chinese if language.startswith("zh") else english).format(**values)

    scope = report.get("name") or ("全部小区" if language.startswith("zh") else "all compounds")
    yield f"{say('title')}  {report['compound']} {scope}  ({report['form_id']})"
    yield say("coverage", **report)
    if report.get("versions"):
        versions = ", ".join(
            f"{v['version']} ({v['households']})" + ("" if v["known"] else f" {say('unknown')}")
            for v in report["versions"]
        )
        yield f"{say('versions')}: {versions}"
    if not report["surveyed"]:
        yield say("none")
        return
    yield say("items")
    for rank, item in enumerate(report["items"], start=1):
        yield (
            f"  {rank:>2}. {item['label']} [{item['category_label']}]  "
            f"{item['households']} {say('households')}  {item['share']}%"
        )
    yield say("priorities")
    for item in report["priorities"]:
        places = " / ".join(str(item[key]) for key in ("first", "second", "third", "total"))
        yield f"      {item['label']}  {places}"
    yield say("profile", **report["profile"])
    if "cars" in report["profile"]:
        yield say("vehicles", **report["profile"])
    yield say("health", **report["health"])
    for key in ("conditions", "places"):
        rows = report["conditions" if key == "conditions" else "condition_places"]
        if rows:
            yield f"{say(key)}:" + ";".join(f"{r['label']} {r['households']}" for r in rows)
    for key in ("co_funding", "co_funding_amount", "property", "tenure"):
        shares = ";".join(f"{r['label']} {r['households']}({r['share']}%)" for r in report[key])
        yield f"{say(key)}:{shares}"
    yield say("lift")
    views = {view["choice"]: view["label"] for view in report["lift_views"]}
    for row in report["lift_by_floor"]:
        counts = " ".join(f"{views.get(v, v)} {n}" for v, n in row.items() if v != "floor")
        yield f"  {say('floor', floor=row['floor'])}: {counts}"
    if report.get("lift_by_unit"):
        yield say("lift_units")
    for row in report.get("lift_by_unit", []):
        counts = " ".join(f"{views.get(v, v)} {row[v]}" for v in views)
        yield f"  {say('unit', unit=row['unit'])}: {counts}  ({row['support_share']}%)"
