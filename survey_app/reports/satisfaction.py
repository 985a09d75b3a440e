"""满意度汇总: a compound's renovated items ranked by the residents' satisfaction after the
works, each beside its demand in the needs list before them; the works' quality, the
acceptance opinions (业主参与验收) and what is still to put right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from survey_app.core.clock import today
from survey_app.reports.sheet import Column, Rendered, Sheet


def render_satisfaction(report: dict[str, Any], path: Path) -> Rendered:
    title = f"{report['name']}老旧小区改造后居民满意度汇总"
    sheet = Sheet(path, title=title, footer=f"{title}({report['compound']})")
    sheet.skip(6)
    sheet.paragraph(title, size=18, bold=True, align="center", leading=30)
    sheet.paragraph(
        f"{report['name']}({report['compound']}) · 打印日期 {today().isoformat()}",
        size=10,
        align="center",
        leading=18,
    )
    versions = "、".join(report["versions"]) or "—"
    sheet.paragraph(
        f"已调查{report['surveyed']}户,占应调查{report['eligible']}户的{report['coverage']}%"
        f"(调查表版本 {versions})。满意率 = 评“满意”或“非常满意”的户数 ÷ 评价该项的户数;"
        f"需求占比取自改造前的需求清单(已调查{report['needs_surveyed']}户)。",
        size=10,
        leading=16,
    )
    _items(sheet, report["items"])
    _works(sheet, report)
    _acceptance(sheet, report)
    return sheet.save()


def _items(sheet: Sheet, items: list[dict[str, Any]]) -> None:
    sheet.heading("改造项目满意度(按满意率排序)", size=12)
    if not items:
        sheet.paragraph("尚无满意度调查记录。", size=10)
        return
    w = sheet.width
    columns = [
        Column("序号", w * 0.07, "center"),
        Column("改造项目", w * 0.29, "left"),
        Column("评价户数", w * 0.11, "right"),
        Column("满意率", w * 0.11, "right"),
        Column("平均分", w * 0.10, "right"),
        Column("不满意户数", w * 0.12, "right"),
        Column("改造前需求占比", w * 0.20, "right"),
    ]
    rows = [
        [str(n), row["label"], str(row["rated"]), f"{row['satisfied_share']}%", row["mean"],
         str(row["dissatisfied"]), _demand(row)]
        for n, row in enumerate(items, start=1)
    ]  # fmt: skip
    sheet.table(columns, rows, size=9.5, row_height=18)


def _demand(row: dict[str, Any]) -> str:
    if row["demand_rank"] is None:
        return "—"
    return f"{row['demand_share']}%(第{row['demand_rank']}位)"


def _works(sheet: Sheet, report: dict[str, Any]) -> None:
    sheet.heading("施工与总体评价", size=12)
    w = sheet.width
    columns = [
        Column("评价", w * 0.40, "left"),
        Column("评价户数", w * 0.15, "right"),
        Column("满意率", w * 0.15, "right"),
        Column("平均分", w * 0.15, "right"),
        Column("不满意户数", w * 0.15, "right"),
    ]
    rows = [
        [report[k]["label"], str(report[k]["rated"]), f"{report[k]['satisfied_share']}%",
         report[k]["mean"], str(report[k]["dissatisfied"])]
        for k in ("quality", "conduct", "overall")
    ]  # fmt: skip
    sheet.table(columns, rows, size=9.5, row_height=18)
    for key, caption in (("on_time", "工期"), ("recommend", "愿意推荐其他小区改造")):
        shares = ";".join(f"{r['label']} {r['households']}户" for r in report[key])
        sheet.paragraph(f"{caption}:{shares}", size=9.5, leading=15)


def _acceptance(sheet: Sheet, report: dict[str, Any]) -> None:
    sheet.heading("业主参与验收", size=12)
    took = {r["choice"]: r["households"] for r in report["took_part"]}
    sheet.paragraph(f"参加验收的住户:{took.get('yes', 0)}户;未参加:{took.get('no', 0)}户。",
                    size=10, leading=16)  # fmt: skip
    opinions = ";".join(f"{r['label']} {r['households']}户({r['share']}%)"
                        for r in report["acceptance"])  # fmt: skip
    sheet.paragraph(f"验收意见:{opinions}", size=10, leading=16)
    for key, caption in (("rectify_items", "需整改的项目"), ("problems_after", "改造后仍有的问题")):
        listed = ";".join(f"{r['label']} {r['households']}户" for r in report[key]) or "无"
        sheet.paragraph(f"{caption}:{listed}", size=10, leading=16)
    sheet.paragraph(f"另有 {report['comments']} 户留下文字意见(见调查记录)。", size=10, leading=16)
