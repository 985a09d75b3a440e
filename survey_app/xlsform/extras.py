"""Cells outside the core of XLSForm: listed as ignored, or refused when they change answers."""

from __future__ import annotations

from survey_app.core.vocabulary import Words
from survey_app.xlsform.cells import Place
from survey_app.xlsform.columns import Column
from survey_app.xlsform.qtypes import METADATA_TYPES
from survey_app.xlsform.rows import RowView

HONOURED_APPEARANCES = {"field-list"}
HONOURED_PARAMETERS = {
    "range": {"start", "end", "step"},
    "audit": {"track-changes"},
}
REFUSED_PARAMETERS = {
    "audit": {"track-changes-reasons", "identify-user"},
}
# A laptop has no location fix: ODK records no location in the audit then either.
NO_LOCATION_PARAMETERS = {"location-priority", "location-min-interval", "location-max-age"}
REFUSED_COLUMNS = {
    "trigger": Words(
        "不支持“另一题改变时重新计算”(trigger 列);请删去此列",
        "recalculating a value when another question changes is not supported",
    ),
    "save_to": Words(
        "不支持保存到 ODK 实体列表(save_to 列);请删去此列",
        "saving to ODK entity lists is not supported",
    ),
}
LABEL_MEDIA = Words("标签中的图片和声音不会显示", "pictures and sounds in labels are not shown")
NO_EFFECT = Words("此列在本应用中不起作用", "this column changes nothing in the app")


def review_row(view: RowView, place: Place, kind: str) -> None:
    for column in view.filled():
        _review_cell(view, place, kind, column)


def _review_cell(view: RowView, place: Place, kind: str, column: Column) -> None:
    text = view.cell(column)
    if column.base in REFUSED_COLUMNS:
        place.add("unsupported", "column", REFUSED_COLUMNS[column.base], column.header, text)
    elif column.base == "appearance":
        _appearance(place, kind, column, text)
    elif column.base == "parameters":
        _parameters(place, kind, column, text)
    elif column.base == "bind":
        _bind(place, kind, column, text)
    elif column.base in ("media", "image", "audio", "video", "big-image", "big_image"):
        place.add("ignored", "media", LABEL_MEDIA, column.header, text)
    elif column.base in ("body", "control", "instance", "guidance_hint"):
        place.add("ignored", "column", NO_EFFECT, column.header, text)


def _appearance(place: Place, kind: str, column: Column, text: str) -> None:
    for token in text.split():
        if token.startswith("search("):
            detail = Words(
                "search() 从表单附带的 CSV 文件读取选项,本应用不支持;请把选项写在 choices 表",
                "search() reads choices from a CSV file attached to the form",
            )
            place.add("unsupported", "appearance", detail, column.header, text)
            return
        if token == "table-list":
            detail = Words(
                "外观 'table-list' 显示为同一页(field-list),而不是表格",
                "appearance 'table-list' is shown as one page (field-list), not as a table",
            )
            place.add("ignored", "appearance", detail, column.header, token)
        elif token not in HONOURED_APPEARANCES:
            place.add(
                "ignored",
                "appearance",
                Words(
                    f"外观 '{token}' 在本应用中不改变显示效果",
                    f"appearance '{token}' is not shown differently",
                ),
                column.header,
                token,
            )


def _parameters(place: Place, kind: str, column: Column, text: str) -> None:
    from survey_app.xlsform.cells import parameters

    for key in parameters(text):
        if key in REFUSED_PARAMETERS.get(kind, set()):
            place.add(
                "unsupported",
                "parameter",
                Words(f"不支持 {kind} 的参数 {key}", f"{kind} parameter {key} is not supported"),
                column.header,
                text,
            )
        elif kind == "audit" and key in NO_LOCATION_PARAMETERS:
            detail = Words(
                f"audit 参数 {key}:笔记本电脑没有定位,审计记录中不含位置",
                f"audit parameter {key}: a laptop has no location, the audit records none",
            )
            place.add("ignored", "parameter", detail, column.header, text)
        elif key not in HONOURED_PARAMETERS.get(kind, set()):
            place.add(
                "ignored",
                "parameter",
                Words(
                    f"参数 {key} 在本应用中不起作用", f"parameter {key} changes nothing in the app"
                ),
                column.header,
                text,
            )


def _bind(place: Place, kind: str, column: Column, text: str) -> None:
    if column.sub.lower() in ("jr:preload", "jr:preloadparams") and kind in METADATA_TYPES:
        said = Words(f"题型 {kind} 已自动填写此项", f"the type {kind} already fills this in")
        place.add("ignored", "column", said, column.header, text)
        return
    said = Words(f"本应用不执行 {column.header};请删去此列", f"{column.header} is not honoured")
    place.add("unsupported", "column", said, column.header, text)
