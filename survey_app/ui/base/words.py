"""The words the window shows for the core's codes: choices, relations, channels, states.

The core returns codes and enums; these functions word them in the current language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from survey_app.core.errors import SurveyAppError
from survey_app.core.roster import Tenure
from survey_app.core.rules import ConsentRule, percent_text
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.households import Household

CONTEXT = "Words"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks a string for translation in `context`; it is translated where it is shown."""
    return text


CHOICES = {
    Choice.AGREE: QT_TRANSLATE_NOOP("Words", "同意"),
    Choice.DISAGREE: QT_TRANSLATE_NOOP("Words", "不同意"),
    Choice.ABSTAIN: QT_TRANSLATE_NOOP("Words", "弃权"),
}
OUTCOMES = {
    "agree": QT_TRANSLATE_NOOP("Words", "同意"),
    "disagree": QT_TRANSLATE_NOOP("Words", "不同意"),
    "abstain": QT_TRANSLATE_NOOP("Words", "弃权"),
    "pending": QT_TRANSLATE_NOOP("Words", "待核实"),
    "no_response": QT_TRANSLATE_NOOP("Words", "未表态"),
}
SYMBOLS = {"agree": "✓", "disagree": "✗", "abstain": "○", "pending": "⚠", "no_response": "·"}
RELATIONS = {
    Relation.SELF: QT_TRANSLATE_NOOP("Words", "本人"),
    Relation.FAMILY: QT_TRANSLATE_NOOP("Words", "家庭成员"),
    Relation.PROXY: QT_TRANSLATE_NOOP("Words", "受托人"),
}
CHANNELS = {
    Channel.DOOR: QT_TRANSLATE_NOOP("Words", "入户"),
    Channel.PAPER: QT_TRANSLATE_NOOP("Words", "书面回收"),
    Channel.MEETING: QT_TRANSLATE_NOOP("Words", "现场"),
}
ROUND_STATES = {
    RoundStatus.NOT_OPENED: QT_TRANSLATE_NOOP("Words", "未开始"),
    RoundStatus.OPEN: QT_TRANSLATE_NOOP("Words", "进行中"),
    RoundStatus.CLOSED: QT_TRANSLATE_NOOP("Words", "已结束"),
}
TENURES = {
    Tenure.OWNER: QT_TRANSLATE_NOOP("Words", "自住"),
    Tenure.RENTED: QT_TRANSLATE_NOOP("Words", "出租"),
    Tenure.VACANT: QT_TRANSLATE_NOOP("Words", "空置"),
    Tenure.PUBLIC: QT_TRANSLATE_NOOP("Words", "公房"),
}
ROUND_NAMES = {
    1: QT_TRANSLATE_NOOP("Words", "第1轮"),
    2: QT_TRANSLATE_NOOP("Words", "第2轮"),
}
ROUND_TOPICS = {
    1: QT_TRANSLATE_NOOP("Words", "改造意愿征询"),
    2: QT_TRANSLATE_NOOP("Words", "改造方案征询"),
}
ERRORS = {
    "round_not_open": QT_TRANSLATE_NOOP("Errors", "本轮征询未在进行中,不能记录意见"),
    "proxy_needs_note": QT_TRANSLATE_NOOP(
        "Errors", "受托人代签时,请在备注中写明委托书情况(委托人、受托人、日期)"
    ),
    "not_eligible": QT_TRANSLATE_NOOP("Errors", "该户不在应征询范围内,不能记录意见"),
    "unknown_compound": QT_TRANSLATE_NOOP("Errors", "没有这个小区"),
    "bad_compound_code": QT_TRANSLATE_NOOP(
        "Errors", "小区编码无效:只能使用字母、数字、- 和 _(如 NH-001)"
    ),
    "empty_name": QT_TRANSLATE_NOOP("Errors", "小区名称不能为空"),
    "not_a_roster": QT_TRANSLATE_NOOP(
        "Errors", "这个文件不是住户名册:找不到楼栋、单元、室、户主等表头"
    ),
    "bad_suffix": QT_TRANSLATE_NOOP("Errors", "只能导入 .xlsx 或 .csv 格式的名册"),
    "missing_file": QT_TRANSLATE_NOOP("Errors", "找不到这个文件"),
    "foreign_file": QT_TRANSLATE_NOOP("Errors", "这不是本应用的数据文件"),
    "corrupt_file": QT_TRANSLATE_NOOP("Errors", "数据文件已损坏,无法读取"),
    "newer_schema": QT_TRANSLATE_NOOP("Errors", "数据文件由更新版本的本应用创建,请先升级"),
    "no_data": QT_TRANSLATE_NOOP("Errors", "这个数据文件中还没有住户数据:截图请加 --demo"),
}


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)


def choice_text(choice: Choice) -> str:
    return tr(CHOICES[choice])


def outcome_text(kind: str) -> str:
    return tr(OUTCOMES[kind])


def outcome_label(kind: str) -> str:
    """Symbol and word, readable in black and white: `✓ 同意`."""
    return f"{SYMBOLS[kind]} {outcome_text(kind)}"


def relation_text(relation: Relation | str | None) -> str:
    return tr(RELATIONS[Relation(relation)]) if relation else ""


def channel_text(channel: Channel | str | None) -> str:
    return tr(CHANNELS[Channel(channel)]) if channel else ""


def round_state_text(status: RoundStatus) -> str:
    return tr(ROUND_STATES[status])


def tenure_text(tenure: str | None) -> str:
    return tr(TENURES[Tenure(tenure)]) if tenure else ""


def round_name(round_no: int) -> str:
    return tr(ROUND_NAMES[round_no])


def round_topic(round_no: int) -> str:
    return tr(ROUND_TOPICS[round_no])


def error_text(error: SurveyAppError) -> str:
    """The error in the user's language: the store's own (Chinese) message when no translation
    is installed, which names the specifics; otherwise the translated message for its code."""
    source = ERRORS.get(error.code)
    if source is None:
        return error.message
    translated = tr(source, "Errors")
    return error.message if translated == source else translated


def rule_text(rule: ConsentRule) -> str:
    pct = percent_text(rule.threshold)
    if rule.inclusive:
        text = QCoreApplication.translate(
            "Words", "同意户数达到应征询户数的 {pct} 以上(含 {pct})"
        ).format(pct=pct)
    else:
        text = QCoreApplication.translate(
            "Words", "同意户数超过应征询户数的 {pct}(不含 {pct})"
        ).format(pct=pct)
    if rule.double_majority:
        text += QCoreApplication.translate("Words", ",且同意户的建筑面积占比同样达到该比例")
    return text


def address_words(household: Household) -> str:
    """`3号楼 2单元 501室` / `Building 3, Unit 2, Room 501`."""
    if household.unit:
        return QCoreApplication.translate("Words", "{building}号楼 {unit}单元 {room}室").format(
            building=household.building, unit=household.unit, room=household.room
        )
    return QCoreApplication.translate("Words", "{building}号楼 {room}室").format(
        building=household.building, room=household.room
    )
