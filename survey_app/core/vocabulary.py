"""The Chinese and English words of the domain, and of every error code: the one home of words.

Print (reports), export, the CLI and the window all word outcomes, choices, round statuses,
verdicts, rules, figures, channels and relations from here. Chinese is the default language,
English the second; a `language` is "zh" or "en", and a Qt or locale code ("zh_CN", "en_US")
is read the same way.

An error carries a code and its parameters (`SurveyAppError.code`, `.params`); `ERRORS` holds
a Chinese and an English template per code, filled from the parameters: the Chinese one is
the message the CLI prints, the window shows the one of its language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from string import Formatter
from typing import Any

from survey_app.core.clock import Zone, shown_time
from survey_app.core.errors import SurveyAppError
from survey_app.core.ranking import Standing
from survey_app.core.records import RecordKind
from survey_app.core.roster import Tenure
from survey_app.core.rules import ConsentRule, percent_text
from survey_app.core.tally import RoundStatus, Tally
from survey_app.core.visits import VisitOutcome
from survey_app.core.votes import Channel, Choice, Relation


def is_english(language: str | None) -> bool:
    return (language or "zh").lower().startswith("en")


@dataclass(frozen=True)
class Words:
    """One thing said in both languages."""

    zh: str
    en: str

    def text(self, language: str | None = "zh") -> str:
        return self.en if is_english(language) else self.zh


# -- the words of the domain ---------------------------------------------------------------

CHOICES = {
    Choice.AGREE: Words("同意", "Agree"),
    Choice.DISAGREE: Words("不同意", "Disagree"),
    Choice.ABSTAIN: Words("弃权", "Abstain"),
}
OUTCOMES = {
    "agree": Words("同意", "Agree"),
    "disagree": Words("不同意", "Disagree"),
    "abstain": Words("弃权", "Abstain"),
    "no_response": Words("未表态", "No response"),
    "pending": Words("待核实", "To verify"),
}
"""A household's outcome in a round (`core.tally.outcome_kind`), in the order notices list them."""
OUTCOME_SYMBOLS = {
    "agree": "✓",
    "disagree": "✗",
    "abstain": "○",
    "pending": "⚠",
    "no_response": "·",
}
"""Readable in black and white, next to the word."""
FIGURES = {"eligible": Words("应征询户数", "Eligible households"), **OUTCOMES}
"""The figures of a tally, as the verification text and the notice name them."""
RELATIONS = {
    Relation.SELF: Words("本人", "Self"),
    Relation.FAMILY: Words("家庭成员", "Family member"),
    Relation.PROXY: Words("受托人", "Proxy"),
}
CHANNELS = {
    Channel.DOOR: Words("入户", "Door-to-door"),
    Channel.PAPER: Words("书面回收", "Paper form"),
    Channel.MEETING: Words("现场", "Meeting"),
    Channel.PHONE: Words("电话核实", "Phone verification"),
    Channel.ONLINE: Words("线上", "Online"),
}
ROUND_STATUSES = {
    RoundStatus.NOT_OPENED: Words("未开始", "not started"),
    RoundStatus.OPEN: Words("进行中", "open"),
    RoundStatus.CLOSED: Words("已结束", "closed"),
}
RECORD_KINDS = {
    RecordKind.DEVICE: Words("设备", "device"),
    RecordKind.ENROLMENT: Words("设备登记", "enrolment"),
    RecordKind.REVOCATION: Words("设备撤销", "revocation"),
    RecordKind.ASSIGNMENT: Words("小区分配", "compound assignment"),
    RecordKind.COMPOUND: Words("小区", "compound"),
    RecordKind.HOUSEHOLD: Words("名册", "roster"),
    RecordKind.ROUND_OPENED: Words("开始征询", "round opening"),
    RecordKind.ROUND_CLOSED: Words("结束征询", "round closing"),
    RecordKind.VOTE: Words("意见", "vote"),
    RecordKind.SURVEY_ANSWER: Words("需求调查", "survey answer"),
    RecordKind.FORM: Words("调查表单", "survey form"),
    RecordKind.ERASURE: Words("删除个人信息", "erasure of personal data"),
    RecordKind.VOTE_VOID: Words("意见作废", "voided vote"),
    RecordKind.VISIT: Words("走访", "visit"),
}
VISIT_OUTCOMES = {
    VisitOutcome.NOT_HOME: Words("无人在家", "Nobody home"),
    VisitOutcome.COME_BACK: Words("改日再访", "Come back later"),
    VisitOutcome.REFUSED: Words("拒绝入户", "Refused entry"),
    VisitOutcome.VACANT: Words("空置", "Vacant"),
}
"""A visit that gave no opinion (core.visits), never counted as one."""
TENURES = {
    Tenure.OWNER: Words("自住", "Owner-occupied"),
    Tenure.RENTED: Words("出租", "Rented"),
    Tenure.VACANT: Words("空置", "Vacant"),
    Tenure.PUBLIC: Words("公房", "Public housing"),
}
STANDINGS = {
    Standing.PASSED: Words("通过", "Passed"),
    Standing.OPEN: Words("征询中", "Under way"),
    Standing.NOT_OPENED: Words("未开始", "Not opened"),
    Standing.DEFERRED: Words("暂缓改造", "Deferred"),
}
STANDING_SYMBOLS = {Standing.PASSED: "✓", Standing.DEFERRED: "✗"}
TIME_ZONES = {
    Zone.BEIJING: Words("北京时间", "Beijing time"),
    Zone.LOCAL: Words("本机时间", "local time"),
}

ROUND_NAMES = {1: Words("第1轮", "Round 1"), 2: Words("第2轮", "Round 2")}
ROUND_ORDINALS = {1: Words("第一轮", "Round one"), 2: Words("第二轮", "Round two")}
"""The printed titles' spelling: 东方新村老旧小区改造第一轮征询结果公示."""
ROUND_TOPICS = {
    1: Words("改造意愿征询", "consent to renovate"),
    2: Words("改造方案征询", "consent to the plan"),
}
ROUND_QUESTIONS = {
    1: Words(
        "您是否同意本小区实施老旧小区改造?",
        "Do you agree that this compound be renovated?",
    ),
    2: Words(
        "您是否同意本小区老旧小区改造设计方案(方案详见小区公示)?",
        "Do you agree with this compound's renovation plan (see the public notice)?",
    ),
}

VERDICTS = {
    "passed": Words("达到通过比例", "The threshold is reached"),
    "deferred": Words("未达到通过比例 → 暂缓改造", "The threshold is not reached → deferred"),
    "short": Words(
        "未达到通过比例(还需 {needed} 户同意)",
        "The threshold is not reached ({needed} more agreeing households needed)",
    ),
    "short_area": Words(
        "未达到通过比例(户数已够,同意户建筑面积还需 {area} ㎡)",
        "The threshold is not reached (enough households; {area} m² more agreeing floor area "
        "needed)",
    ),
    "reached_so_far": Words(
        "截至打印时已达到通过比例(征询{status},以结束后的公示为准)",
        "The threshold is reached so far (the round is {status}; the notice after closing counts)",
    ),
    "short_so_far": Words(
        "截至打印时尚未达到通过比例(征询{status},以结束后的公示为准)",
        "The threshold is not reached so far (the round is {status}; the notice after closing "
        "counts)",
    ),
}
"""The verdict of a round on a notice and in the CLI."""
AREA_LINE = Words(
    "同意户建筑面积 {agree} / {eligible} ㎡,占 {rate}%;{needed}",
    "Agreeing floor area {agree} / {eligible} m², {rate}%; {needed}",
)
AREA_NEEDED = {
    True: Words("还需同意面积 {area} ㎡", "{area} m² more agreeing area needed"),
    False: Words("同意面积还需超过 {area} ㎡", "more than {area} m² more agreeing area needed"),
}
AREA_REACHED = Words("面积已达到", "the area share is reached")
"""Under double majority: the agreeing floor area and what is still needed by area."""


def area_words(tally: Tally, language: str | None = "zh") -> str:
    """The area line of a double-majority tally."""
    reached = tally.rule.passes_area(tally.agree_area, tally.eligible_area)
    rest = AREA_REACHED if reached else AREA_NEEDED[tally.rule.inclusive]
    return AREA_LINE.text(language).format(
        agree=tally.agree_area_text,
        eligible=tally.eligible_area_text,
        rate=tally.area_rate,
        needed=rest.text(language).format(area=tally.area_needed),
    )


VERDICT_CELLS = {
    "passed": Words("达到", "Reached"),
    "deferred": Words("未达到(暂缓改造)", "Not reached (deferred)"),
    "reached_so_far": Words("进行中,目前达到", "Open, reached so far"),
    "short_so_far": Words("进行中,目前未达到", "Open, not reached so far"),
}
"""The same verdict in one spreadsheet cell."""

RULES = {
    "inclusive": Words(
        "同意户数达到应征询户数{pct}以上(含{pct})",
        "agreeing households at least {pct} of all eligible households",
    ),
    "strict": Words(
        "同意户数超过应征询户数{pct}(不含{pct})",
        "agreeing households more than {pct} of all eligible households",
    ),
    "double_majority": Words(
        ",且同意户的建筑面积占比同样达到该比例", ", and the same share of floor area"
    ),
}
"""以上 includes the number, 超过 excludes it (民法典 第1259条)."""

ADDRESSES = {
    "with_unit": Words(
        "{building}号楼 {unit}单元 {room}室", "Building {building}, unit {unit}, room {room}"
    ),
    "without_unit": Words("{building}号楼 {room}室", "Building {building}, room {room}"),
}


def word(value: Enum, language: str | None = "zh") -> str:
    """The word of a choice, relation, channel, round status, tenure, standing or time zone."""
    return _TABLES[type(value)][value].text(language)


_TABLES: dict[type[Enum], Mapping[Any, Words]] = {
    Choice: CHOICES,
    Relation: RELATIONS,
    Channel: CHANNELS,
    RoundStatus: ROUND_STATUSES,
    Tenure: TENURES,
    Standing: STANDINGS,
    Zone: TIME_ZONES,
    RecordKind: RECORD_KINDS,
    VisitOutcome: VISIT_OUTCOMES,
}


IMPORT_REASONS = {
    "no_address": Words("没有房号/住址", "No address"),
    "bad_address": Words("无法识别的地址 “{detail}”", "Unrecognised address “{detail}”"),
    "no_such_household": Words("名册中没有 {detail}", "No household {detail} on the roster"),
    "no_name": Words("{detail}:没有姓名", "{detail}: no name"),
    "no_head_on_roster": Words(
        "{detail}:名册上没有户主姓名,无法核对", "{detail}: the roster names no head to match"
    ),
    "name_differs": Words(
        "{detail}:姓名与名册上的户主不符", "{detail}: the name is not the roster's head"
    ),
    "not_eligible": Words("{detail} 不在应征询范围", "{detail} is not an eligible household"),
    "unknown_choice": Words("无法识别的表决结果 “{detail}”", "Unrecognised vote “{detail}”"),
    "duplicate_row": Words(
        "与第{detail}行是同一户、同一意见,只导入一次",
        "Same household and vote as row {detail}: imported once",
    ),
    "conflicting_rows": Words(
        "同一户有几行意见不一(第{detail}行),都不导入",
        "Rows {detail} are of one household and disagree: none is imported",
    ),
}
"""Why a row of an online vote export is not imported (actions/online_votes.py)."""


def import_reason_words(reason: str, detail: str, language: str | None = "zh") -> str:
    return IMPORT_REASONS[reason].text(language).format(detail=detail)


def word_of(kind: type[Enum], value: str | None, language: str | None = "zh") -> str:
    """The word for a stored value (`"proxy"`); "" for none, the value itself when unknown."""
    if not value:
        return ""
    try:
        return word(kind(value), language)
    except ValueError:
        return value


def outcome_words(kind: str, language: str | None = "zh") -> str:
    return OUTCOMES[kind].text(language)


def round_name(round_no: int, language: str | None = "zh") -> str:
    return ROUND_NAMES[round_no].text(language)


def round_topic(round_no: int, language: str | None = "zh") -> str:
    return ROUND_TOPICS[round_no].text(language)


def rule_words(rule: ConsentRule, language: str | None = "zh") -> str:
    """`同意户数达到应征询户数80%以上(含80%)` / `agreeing households at least 80% of ...`."""
    pct = percent_text(rule.threshold)
    text = RULES["inclusive" if rule.inclusive else "strict"].text(language).format(pct=pct)
    if rule.double_majority:
        text += RULES["double_majority"].text(language)
    return text


def verdict_key(status: RoundStatus, passed: bool) -> str | None:
    """Which verdict a round has: None before it opened."""
    if status is RoundStatus.NOT_OPENED:
        return None
    if status is RoundStatus.CLOSED:
        return "passed" if passed else "deferred"
    return "reached_so_far" if passed else "short_so_far"


def address_words(building: str, unit: str | None, room: str, language: str | None = "zh") -> str:
    """`3号楼 2单元 501室` / `Building 3, unit 2, room 501`."""
    template = ADDRESSES["with_unit" if unit else "without_unit"].text(language)
    return template.format(building=building, unit=unit, room=room)


# -- errors ----------------------------------------------------------------------------------

_STOPPED = Words("同步已停止,两个文件均未改动", "The sync stopped; neither file was changed")
UNFINISHED_WRITE = Words(
    ";同步未完成,没有写入半截数据,问题解决后可重新同步",
    "; the sync did not finish, nothing was half-written, sync again once this is fixed",
)
"""Said after a file error met while writing (the `unfinished` parameter)."""
NOTHING = Words("", "")


def _sync_stop(zh: str, en: str) -> Words:
    return Words(f"{zh}{_STOPPED.zh}", f"{en} {_STOPPED.en}.")


ERRORS: dict[str, Words] = {
    # compounds, households, addresses (core, store)
    "bad_compound_code": Words(
        "小区编码 “{compound}” 无效:只能使用字母、数字、- 和 _,最长 32 个字符(如 NH-001)",
        "Invalid compound code “{compound}”: use letters, digits, - and _ only, at most 32 "
        "characters (e.g. NH-001)",
    ),
    "no_household_with_id": Words(
        "没有编号为 {household} 的住户", "No household has the id {household}"
    ),
    "no_version_in_force": Words(
        "记录 {record} 不是冲突中的任何一条(已被取代或不存在)",
        "Record {record} is none of the competing versions (superseded, or unknown)",
    ),
    "bad_household_id": Words("住户编号 “{household}” 无效", "Invalid household id “{household}”"),
    "bad_address": Words(
        "无法识别的地址 “{address}”:应为 楼栋-单元-室(如 3-2-501)或 3幢2单元501室",
        "Unrecognised address “{address}”: write building-unit-room (e.g. 3-2-501) or "
        "building-room (e.g. 3-501)",
    ),
    "address_without_building": Words("地址缺少楼栋", "The address has no building"),
    "address_without_room": Words("地址缺少室号", "The address has no room"),
    "bad_address_part": Words(
        "地址中有无法识别的部分 “{part}”", "The address has a part that cannot be read: “{part}”"
    ),
    "empty_name": Words("小区名称不能为空", "The compound needs a name"),
    "bad_year": Words("建成年份 {year} 不合理", "The year built, {year}, is not plausible"),
    "unknown_compound": Words(
        "没有编码为 {compound} 的小区", "No compound has the code {compound}"
    ),
    "unknown_household": Words(
        "小区 {compound} 没有地址为 {address} 的住户",
        "Compound {compound} has no household at {address}",
    ),
    # roster rows and files
    "bad_area": Words("建筑面积 “{area}” 不是数字", "The floor area “{area}” is not a number"),
    "impossible_area": Words(
        "建筑面积 “{area}” 不是有效的面积", "The floor area “{area}” is not a possible area"
    ),
    "bad_tenure": Words(
        "性质 “{tenure}” 无法识别(可选:自住、出租、空置、公房)",
        "The tenure “{tenure}” is not recognised (owner, rented, vacant or public)",
    ),
    "bad_eligible": Words(
        "应征询 “{value}” 应为 是 或 否", "Eligible “{value}” should be yes or no"
    ),
    "footer_row": Words(
        "表尾行(“{text}”),不是住户,已跳过", "A footer row (“{text}”), not a household: skipped"
    ),
    "total_row": Words(
        "只有合计数字({text}),不是住户,已跳过",
        "Only a total ({text}), not a household: skipped",
    ),
    "no_room": Words("缺少室号", "The room is missing"),
    "no_building": Words("缺少楼栋", "The building is missing"),
    "no_address": Words("缺少地址", "The address is missing"),
    "duplicate_address": Words(
        "地址 {address} 与第 {earlier} 行重复", "The address {address} repeats row {earlier}"
    ),
    "bad_encoding": Words(
        "{name} 的文字编码无法识别:请在 Excel/WPS 中另存为 “CSV UTF-8” 后再导入",
        "The text encoding of {name} is not recognised: save it as “CSV UTF-8” in Excel or WPS, "
        "then import it again",
    ),
    "bad_xlsx": Words(
        "无法打开 Excel 文件 {name}:{error}", "Cannot open the Excel file {name}: {error}"
    ),
    "not_a_roster": Words(
        "{name} 不是住户名册:找不到表头(应包含 楼栋、单元、室、户主 等列,或一列“地址”)",
        "{name} is not a roster: no header row found (columns such as building, unit, room, "
        "head, or one column “address”)",
    ),
    "missing_roster": Words("找不到文件 {path}", "File not found: {path}"),
    "bad_table_suffix": Words(
        "{name}:只能读取 .xlsx、.xls、.ods 或 .csv 文件",
        "{name}: only .xlsx, .xls, .ods or .csv files can be read",
    ),
    "bad_suffix": Words(
        "{name}:只能导入 .xlsx 或 .csv 格式的名册(也可以是 .xls、.ods)",
        "{name}: only .xlsx or .csv rosters can be imported (or .xls, .ods)",
    ),
    # rounds and votes
    "bad_round": Words(
        "轮次只能是 1 或 2,而不是 {round_no}", "The round is 1 or 2, not {round_no}"
    ),
    "bad_threshold": Words(
        "通过比例 “{threshold}” 无效:请写成 80%、4/5 或 0.8(大于 0,不超过 100%)",
        "Invalid threshold “{threshold}”: write 80%, 4/5 or 0.8 (above 0, at most 100%)",
    ),
    "bad_dates": Words(
        "结束日期 {ends} 早于开始日期 {starts}",
        "The end date {ends} is before the start date {starts}",
    ),
    "bad_visit_outcome": Words(
        "走访结果 “{value}” 无效,可选:无人在家、改日再访、拒绝入户、空置",
        "Invalid visit outcome “{value}”: not_home, come_back, refused or vacant",
    ),
    "visit_needs_date": Words(
        "改日再访请写明约定再访的日期(--come-back YYYY-MM-DD)",
        "Come back later needs the day agreed (--come-back YYYY-MM-DD)",
    ),
    "visit_date_only_for_come_back": Words(
        "只有“改日再访”需要再访日期",
        "Only “come back later” takes a day to come back",
    ),
    "visit_round_not_open": Words(
        "{compound} 第{round_no}轮征询{status},不能记入该轮的走访",
        "Round {round_no} of {compound} is {status}; no visit can be recorded in it",
    ),
    "no_pending_households": Words(
        "{compound} 第{round_no}轮所有应征询住户均已表态,没有需要打印的征询表",
        "Every eligible household of {compound} has voted in round {round_no}; no ballot to print",
    ),
    "bad_choice": Words(
        "意见 “{value}” 无效,可选:agree/同意, disagree/不同意, abstain/弃权",
        "Invalid vote “{value}”: agree, disagree or abstain",
    ),
    "bad_relation": Words(
        "签字人关系 “{value}” 无效,可选:self/本人, family/家庭成员, proxy/受托人",
        "Invalid signer relation “{value}”: self, family or proxy",
    ),
    "bad_channel": Words(
        "征询方式 “{value}” 无效,可选:door/入户, paper/书面回收, meeting/现场, "
        "phone/电话核实, online/线上",
        "Invalid channel “{value}”: door, paper, meeting, phone or online",
    ),
    "phone_vote_needs_number": Words(
        "电话核实的意见须写明拨打的号码",
        "A vote verified by phone needs the number called",
    ),
    "void_needs_reason": Words("作废须写明原因", "Voiding a vote needs a reason"),
    "no_vote_with_id": Words("没有编号为 {vote} 的意见", "No vote has the id {vote}"),
    "void_not_yours": Words(
        "意见 {vote} 是另一台电脑记录的:只有记录它的电脑或办公室可以作废",
        "Vote {vote} was recorded on another laptop: only that laptop or the office may void it",
    ),
    "several_votes_to_void": Words(
        "{address} 第{round_no}轮有几条意见可作废,请用 --vote 指明:{votes}",
        "{address} has several votes in round {round_no} that could be voided; name one with "
        "--vote: {votes}",
    ),
    "vote_already_voided": Words("意见 {vote} 已经作废", "Vote {vote} is voided already"),
    "no_vote_to_void": Words(
        "{address} 第{round_no}轮没有可作废的意见",
        "{address} has no vote in round {round_no} to void",
    ),
    "nothing_to_change": Words("{address} 的资料没有变化", "Nothing about {address} changes"),
    "eligibility_of_unfrozen_round": Words(
        "{compound} 第{round_no}轮由旧版本结束,未冻结户数:改变是否应征询会改动它的结果,不能修改",
        "Round {round_no} of {compound} was closed by an older version that froze no household "
        "list: changing eligibility would move its result, so it is refused",
    ),
    "not_a_vote_export": Words(
        "“{name}” 不是线上表决结果:找不到含 房号/住址、姓名 和 表决结果 的表头",
        "“{name}” is not an online vote export: no header row with address, name and vote",
    ),
    "round_already_opened": Words(
        "{compound} 第{round_no}轮征询已经{status},不能再次开始",
        "Round {round_no} of {compound} is {status} already; it cannot be opened again",
    ),
    "round1_not_closed": Words(
        "{compound} 第1轮征询尚未结束,不能开始第2轮",
        "Round 1 of {compound} is not closed yet; round 2 cannot be opened",
    ),
    "round1_not_passed": Words(
        "{compound} 第1轮征询未达到通过比例(暂缓改造),不能开始第2轮",
        "Round 1 of {compound} did not reach the threshold (deferred); round 2 cannot be opened",
    ),
    "round_not_open": Words(
        "{compound} 第{round_no}轮征询{status},不能记录意见",
        "Round {round_no} of {compound} is {status}; no vote can be recorded",
    ),
    "erasure_of_signed_data": Words(
        "{address} 有 {count} 条记录由旧版本写入,姓名、电话等个人信息在记录的签名内容中,"
        "删除会使签名失效,因此不能删除;这些记录在数据文件里保持原样",
        "{count} records of {address} were written by an older version with the name, phone and "
        "other personal data inside their signed content: erasing them would break their "
        "signatures, so they cannot be erased and stay as they are in the data files",
    ),
    "office_only": Words(
        "本机({name})是入户调查电脑,不能写入{kind}记录:小区、名册和征询规则只由办公室录入",
        "This laptop ({name}) is a field laptop and cannot write {kind} records: compounds, "
        "rosters and round rules come from the office",
    ),
    "bad_role": Words(
        "角色应为 office 或 field,而不是 “{role}”",
        "the role should be office or field, not “{role}”",
    ),
    "bad_key_fingerprint": Words(
        "密钥指纹 “{fingerprint}” 无效:应为 20 位十六进制数字(如 3F2A-91C0-77DE-0A1B-5C9E)",
        "Key fingerprint “{fingerprint}” is invalid: it should be 20 hexadecimal digits "
        "(like 3F2A-91C0-77DE-0A1B-5C9E)",
    ),
    "other_authority": Words(
        "{file} 属于另一个办公室(密钥指纹 {theirs}),本机属于办公室 {mine}:未同步任何记录",
        "{file} belongs to another office (key fingerprint {theirs}); this file answers to "
        "office {mine}: nothing was synced",
    ),
    "broken_chain": Words(
        "{file} 中的记录 {record}(设备 {name},第 {seq} 条)与该设备的前一条记录接不上:"
        "有记录被删除、插入、改动或调换了顺序。同步已停止,两个文件均未改动",
        "Record {record} (device {name}, number {seq}) in {file} does not follow its device's "
        "previous record: a record was deleted, inserted, altered or reordered. The sync "
        "stopped; neither file was changed",
    ),
    "bad_signature": Words(
        "{file} 中的记录 {record}(设备 {name},第 {seq} 条)没有该设备的有效签名:"
        "记录是伪造或被改动的。同步已停止,两个文件均未改动",
        "Record {record} (device {name}, number {seq}) in {file} does not carry its device's "
        "signature: it was forged or altered. The sync stopped; neither file was changed",
    ),
    "decision_not_carried": Words(
        "已写入 {file},但未能写入中心文件 {central}:{reason}。下次同步时会写入",
        "Written in {file} but not in the central file {central}: {reason}. The next sync "
        "carries it",
    ),
    "compound_not_assigned": Words(
        "本机({name})没有分配到小区 {compound}:只能为办公室分配给本机的小区记录意见、走访和"
        "需求调查(分配在同步时更新)",
        "This laptop ({name}) is not assigned compound {compound}: it records votes, visits and "
        "survey answers only for the compounds the office assigned to it (assignments arrive by "
        "sync)",
    ),
    "vote_wrong_compound": Words(
        "户 {household} 属于小区 {home},这条意见却写着小区 {compound}:意见只计入其住户所在的小区,"
        "未记录",
        "Household {household} is in compound {home}, but this vote names compound {compound}: a "
        "vote counts only for its household's compound. Nothing was recorded",
    ),
    "survey_answer_wrong_compound": Words(
        "户 {household} 属于小区 {home},这份调查却写着小区 {compound}:调查只计入其住户所在的小区,"
        "未保存",
        "Household {household} is in compound {home}, but these survey answers name compound "
        "{compound}: answers count only for their household's compound. Nothing was saved",
    ),
    "visit_wrong_compound": Words(
        "户 {household} 属于小区 {home},这次走访却写着小区 {compound}:走访只计入其住户所在的小区,"
        "未记录",
        "Household {household} is in compound {home}, but this visit names compound {compound}: "
        "a visit counts only for its household's compound. Nothing was recorded",
    ),
    "no_compounds_given": Words(
        "请用 --compounds 给出小区编码,以逗号分隔(如 NH-001,NH-002),或写 all 表示全部小区",
        "Give compound codes with --compounds, separated by commas (like NH-001,NH-002), or all "
        "for every compound",
    ),
    "fingerprint_needed": Words(
        "请用 --fingerprint 给出要登记的密钥指纹(在该电脑上运行 survey-app device 可看到)",
        "Give the key fingerprint to enrol with --fingerprint (`survey-app device` shows it "
        "on that laptop)",
    ),
    "not_made_office": Words(
        "{path} 已是入户调查电脑的数据文件,不能改为办公室:请新建办公室数据文件",
        "{path} is already a field laptop's file and cannot become the office's: create a new "
        "office file",
    ),
    "records_tampered": Words(
        "{file} 的记录不可信({count} 处问题),未导出:{problem}。请用 survey-app check-file 查看",
        "The records of {file} cannot be trusted ({count} problems), nothing was exported: "
        "{problem}. See survey-app check-file",
    ),
    "round_not_closable": Words(
        "{compound} 第{round_no}轮征询{status},不能结束",
        "Round {round_no} of {compound} is {status}; it cannot be closed",
    ),
    "not_eligible": Words(
        "{address} 不在应征询范围内,不能记录意见",
        "{address} is not an eligible household; no vote can be recorded",
    ),
    "proxy_needs_note": Words(
        "受托人代签时,请在备注中写明委托书情况(委托人、受托人、日期)",
        "A proxy signs: write the letter of authorisation in the note (who authorised whom, "
        "and when)",
    ),
    # scanned texts (QR codes)
    "bad_verification_text": Words(
        "核验文本 “{shown}” 无效:{reason}", "Invalid verification text “{shown}”: {reason}"
    ),
    "bad_ballot_text": Words(
        "征询意见表二维码 “{shown}” 无效:{reason}", "Invalid ballot QR code “{shown}”: {reason}"
    ),
    "verification_prefix": Words("核验文本应以 {prefix}| 开头", "it should start with {prefix}|"),
    "bad_signature_field": Words(
        "字段 {field} 应为 {digits} 位十六进制数字", "field {field} should be {digits} hex digits"
    ),
    "unknown_field": Words("无法识别的字段 “{field}”", "unknown field “{field}”"),
    "repeated_field": Words("字段 {field} 出现了两次", "field {field} appears twice"),
    "missing_fields": Words("缺少字段 {fields}", "fields missing: {fields}"),
    "bad_fingerprint": Words(
        "指纹应为 8 到 64 位十六进制数字", "the fingerprint should be 8 to 64 hexadecimal digits"
    ),
    "field_not_integer": Words(
        "字段 {field} 应为整数,而不是 “{value}”",
        "field {field} should be a whole number, not “{value}”",
    ),
    "bad_threshold_field": Words(
        "通过比例 T 应为分数,如 T4/5,而不是 “{value}”",
        "the threshold T should be a fraction such as T4/5, not “{value}”",
    ),
    "bad_flag_field": Words(
        "字段 {field} 只能是 0 或 1,而不是 “{value}”", "field {field} is 0 or 1, not “{value}”"
    ),
    "bad_verdict_field": Words(
        "结论 V 只能是 P、D、R 或 S,而不是 “{value}”",
        "the verdict V is P, D, R or S, not “{value}”",
    ),
    "bad_round_field": Words(
        "轮次只能是 1 或 2,而不是 “{value}”", "the round is 1 or 2, not “{value}”"
    ),
    "ballot_shape": Words(
        "征询意见表二维码应为 {prefix}|小区编码/地址|R轮次",
        "a ballot code reads {prefix}|compound/address|R<round>",
    ),
    "ballot_round_field": Words(
        "第三段应为轮次(如 R1)或调查表(如 Fneeds_survey)",
        "the third part should be the round (e.g. R1) or the form (e.g. Fneeds_survey)",
    ),
    "form_too_large": Words(
        "表单文件太大({size} 字节,上限 {limit}),请检查是否选错了文件",
        "The form file is too large ({size} bytes, at most {limit}): is it the right file?",
    ),
    "form_version_taken": Words(
        "表单 {form} 的版本 {version} 已发布过且内容不同:"
        "修改后的表单请在 settings 表中改用新版本号",
        "Version {version} of the form {form} was published with other content: give the "
        "changed form a new version on its settings sheet",
    ),
    "form_version_not_newer": Words(
        "表单 {form} 的版本 {version} 不比现用的 {current} 新,请在 settings 表中提高版本号",
        "Version {version} of the form {form} is not newer than {current} in use: raise the "
        "version on its settings sheet",
    ),
    "form_without_version": Words(
        "表单 {form} 没有版本号(settings 表的 version 列),发布的表单须有版本号",
        "The form {form} has no version (the settings sheet's version column); a published "
        "form needs one",
    ),
    "form_file_changed": Words(
        "{file} 在检查时被改动了,请保存好后重新检查",
        "{file} changed while it was being checked: save it and check it again",
    ),
    "form_file_unreadable": Words(
        "无法读取表单文件 {file}:{reason}", "The form file {file} cannot be read: {reason}"
    ),
    "unknown_form_record": Words("没有这条表单记录:{record}", "No such form record: {record}"),
    "form_workbook_altered": Words(
        "表单 {form} {version} 的文件与其校验值不符,已被改动",
        "The file of the form {form} {version} does not match its checksum: it was altered",
    ),
    "survey_print_scope": Words(
        "请指定 --compound、--household(地址需配 --compound)或 --blank",
        "give --compound, --household (an address needs --compound) or --blank",
    ),
    "bad_form_id": Words(
        "“{form}” 不是表单编号(form_id):字母、数字、下划线,以字母开头",
        "“{form}” is not a form_id: letters, digits and underscores, starting with a letter",
    ),
    # data files (laptop and central)
    "foreign_file": Words(
        "{path} 不是本应用的数据文件(可能属于其他程序)",
        "{path} is not a survey-app data file (it may belong to another program)",
    ),
    "newer_schema": Words(
        "{path} 由更新版本的 survey-app 创建(数据版本 {version}),请先升级本应用",
        "{path} was made by a newer survey-app (data version {version}); please upgrade first",
    ),
    "is_dir": Words("{path} 是一个文件夹,不是数据文件", "{path} is a folder, not a data file"),
    "no_data_file": Words(
        "找不到数据文件 {path}(路径写错了?要新建,请运行 survey-app --db {path} init)",
        "The data file {path} does not exist (a typo? to create it: survey-app --db {path} init)",
    ),
    "print_failed": Words(
        "无法打印到打印机 {printer}:{error}",
        "Cannot print to the printer {printer}: {error}",
    ),
    "wrong_passphrase": Words(
        "{path} 已加密,口令不对或没有给出口令;文件没有改动",
        "{path} is encrypted and the passphrase is wrong or missing; the file is unchanged",
    ),
    "passphrase_needed": Words(
        "新的数据文件需要口令:请在终端输入,或设置环境变量 {variable}",
        "A new data file needs a passphrase: type it in a terminal, or set {variable}",
    ),
    "passphrases_differ": Words(
        "两次输入的口令不一致,没有创建文件", "The two passphrases differ; no file was made"
    ),
    "already_encrypted": Words("{path} 已经是加密文件", "{path} is already encrypted"),
    "encrypt_in_use": Words(
        "{path} 正在被本应用使用,或上次写入被中断(旁边有 {beside}):"
        "请先用本应用打开并关闭它,再加密;文件没有改动",
        "{path} is in use, or its last write was cut off ({beside} is beside it): open and close "
        "it in the app first, then encrypt it; the file is unchanged",
    ),
    "encrypt_mismatch": Words(
        "加密后的副本与 {path} 的记录不一致,原文件没有改动",
        "The encrypted copy does not hold the same records as {path}; the file is unchanged",
    ),
    "unreadable_database": Words(
        "无法读取数据文件 {path}:{error}(文件可能已损坏或不是 SQLite 数据库)",
        "Cannot read the data file {path}: {error} (it may be damaged or not an SQLite database)",
    ),
    "not_sqlite": Words(
        "{path} 不是 SQLite 数据文件,也不是本应用的中心文件",
        "{path} is not an SQLite data file, nor a central file of this app",
    ),
    "server_password_needed": Words(
        "连接服务器 {server} 需要密码:请在终端输入,或设置 PGPASSWORD,或写入 ~/.pgpass",
        "The server {server} needs a password: type it in a terminal, set PGPASSWORD, or put "
        "it in ~/.pgpass",
    ),
    "server_login_refused": Words(
        "服务器 {server} 拒绝登录:用户名或密码不对;没有任何改动",
        "The server {server} refused the login: wrong user or password; nothing was changed",
    ),
    "server_unreachable": Words(
        "无法连接服务器 {server}:{error}(网络是否连通、地址和端口是否正确?)",
        "Cannot reach the server {server}: {error} (is the network up, the address and port "
        "right?)",
    ),
    "server_not_initialised": Words(
        "服务器 {server} 还没有准备好(架构版本 {version},需要 {wanted}):"
        "请管理员运行 survey-app server init",
        "The server {server} is not prepared (schema version {version}, {wanted} needed): the "
        "admin runs survey-app server init",
    ),
    "server_newer": Words(
        "服务器 {server} 的架构版本 {version} 比本应用新:请先升级本应用",
        "The server {server} has schema version {version}, newer than this app: upgrade the "
        "app first",
    ),
    "server_forbids": Words(
        "服务器 {server} 拒绝了这次操作({error});服务器没有改动",
        "The server {server} refused this ({error}); the server is unchanged",
    ),
    "server_refuses_compound": Words(
        "服务器 {server} 拒收本机({name})的 {count} 条记录:它们写的小区({compounds})不是服务器"
        "分配给本机的,例如记录 {record} 写的是小区 {compound}。同步没有完成,服务器没有改动;这些"
        "记录仍在本机文件中,办公室为本机分配了这些小区后再同步即可送出",
        "The server {server} refused {count} of this laptop's ({name}) records: they are for "
        "compounds ({compounds}) the server does not give this laptop (record {record}, for one, "
        "is for compound {compound}). The sync did not finish and the server is unchanged; the "
        "records are still in this laptop's file and go at a sync after the office assigns it "
        "those compounds",
    ),
    "server_refuses_wrong_compound": Words(
        "服务器 {server} 拒收本机({name})的 {count} 条记录:它们为某户写的小区不是该户所在过的小区,"
        "例如记录 {record} 为户 {household} 写着小区 {compound}。同步没有完成,服务器没有改动;"
        "这些记录仍在本机文件中(任何小区都不会计入它们),请把本机文件交给办公室检查",
        "The server {server} refused {count} of this laptop's ({name}) records: they name, for a "
        "household, a compound it was never in (record {record}, for one, names compound "
        "{compound} for household {household}). The sync did not finish and the server is "
        "unchanged; the records are still in this laptop's file (no compound would count them): "
        "take the file to the office to check",
    ),
    "server_failed": Words(
        "与服务器 {server} 的同步中断({error});服务器上的这次改动已全部撤销,可以重试",
        "The sync with the server {server} broke off ({error}); the server undid all of it, "
        "try again",
    ),
    "from_file_needs_server": Words(
        "--from-file 只用于服务器:--central 应是 postgresql://… 地址({path} 未改动)",
        "--from-file is for a server: --central must be a postgresql://… address ({path} is "
        "unchanged)",
    ),
    "server_admin_only": Words(
        "只有服务器 {server} 的管理员({admin})可以做这件事",
        "Only the admin of the server {server} ({admin}) may do this",
    ),
    "truncated": Words(
        "{path} 不完整(文件被截断,应为 {expected} 字节,实为 {size} 字节),请换用完好的副本",
        "{path} is incomplete (cut short: {size} bytes where {expected} were expected); use a "
        "good copy",
    ),
    "no_folder": Words(
        "文件夹 {folder} 不存在(U 盘是否已插好、共享文件夹是否已连接?)",
        "The folder {folder} is not there (is the USB stick plugged in, the shared folder "
        "connected?)",
    ),
    "missing_file": Words("找不到数据文件 {path}", "Data file not found: {path}"),
    "empty_file": Words(
        "{path} 是空的 SQLite 文件,不是本应用的数据文件",
        "{path} is an empty SQLite file, not a data file of this app",
    ),
    "vanished": Words(
        "{path} 在读写过程中不见了(U 盘被拔出或共享文件夹断开?){unfinished}",
        "{path} disappeared while in use (USB stick pulled, or shared folder disconnected?)"
        "{unfinished}",
    ),
    "read_only": Words(
        "{path} 所在位置只读,无法写入(U 盘写保护,或共享文件夹没有写权限){unfinished}",
        "{path} is on a read-only place (a write-protected USB stick, or a shared folder without "
        "write permission){unfinished}",
    ),
    "interrupted_sync": Words(
        "{path} 被中断的同步写了一半(旁边留有 -journal 文件);下次同步会自动撤回这半截写入,"
        "请先用一台电脑同步一次再读取",
        "An interrupted sync left {path} half-written (a -journal file lies beside it); the "
        "next sync rolls it back: sync once from any laptop, then read it",
    ),
    "busy": Words(
        "{path} 正被其他电脑或程序使用,请稍后再试{unfinished}",
        "{path} is in use by another computer or program; try again later{unfinished}",
    ),
    "corrupt_file": Words(
        "{path} 已损坏{detail},请换用完好的副本,或运行 survey-app check-file 查看{unfinished}",
        "{path} is damaged{detail}; use a good copy, or run survey-app check-file to see why"
        "{unfinished}",
    ),
    "cannot_open": Words(
        "无法打开 {path}(没有权限,或 U 盘已拔出){unfinished}",
        "Cannot open {path} (no permission, or the USB stick was pulled){unfinished}",
    ),
    "io_error": Words(
        "读写 {path} 出错:{error}{unfinished}",
        "Reading or writing {path} failed: {error}{unfinished}",
    ),
    # sync
    "same_file": Words(
        "{path} 是本机的数据文件,不能同时作中心文件",
        "{path} is this laptop's own data file; it cannot be the central file too",
    ),
    "bad_personal": _sync_stop(
        "{file} 中记录 {record} 的个人信息(姓名、电话等)与记录签名的校验值不符:被改动过。",
        "In {file}, the personal data (name, phone, …) of record {record} does not match the "
        "checksum its record signs: it was altered.",
    ),
    "bad_hash": _sync_stop(
        "{file} 中的记录 {record}(设备 {name},第 {seq} 条)与其校验值不符:记录被改动或文件已损坏。",
        "In {file}, record {record} (device {name}, number {seq}) does not match its checksum: "
        "it was altered or the file is damaged.",
    ),
    "summary_mismatch": _sync_stop(
        "设备 {name} 的记录在 {other} 与 {file} 中不一致(记录汇总不符),"
        "请对两个文件运行 survey-app check-file。",
        "The records of device {name} disagree between {other} and {file} (their summaries "
        "differ); run survey-app check-file on both files.",
    ),
    "record_altered": _sync_stop(
        "记录 {record}(设备 {name},第 {seq} 条)在 {altered} 中被改动过:{genuine} 中的副本才是"
        "该设备签名的原件。",
        "Record {record} (device {name}, number {seq}) was altered in {altered}: the copy in "
        "{genuine} is the original its device signed.",
    ),
    "record_differs": _sync_stop(
        "记录 {record}(设备 {name},第 {seq} 条)在 {other} 与 {file} 中内容不同:数据被改动或损坏。",
        "Record {record} (device {name}, number {seq}) differs between {other} and {file}: the "
        "data was altered or damaged.",
    ),
    "sequence_reused": _sync_stop(
        "设备 {name} 的第 {seq} 条记录在 {other}({record})与 {file}({other_record})中不是同一条:"
        "可能有数据文件是从旧备份恢复的。",
        "Record number {seq} of device {name} is {record} in {other} but {other_record} in "
        "{file}: a data file may have been restored from an old backup.",
    ),
    # record payloads (core/payloads.py)
    "payload_unknown_kind": Words(
        "未知的记录类型 “{kind}”:记录可能由更新版本的本应用写入,或被改动过",
        "Unknown record kind “{kind}”: the record may have been written by a newer version of "
        "this app, or altered",
    ),
    "payload_not_object": Words(
        "{kind} 记录的内容不是 JSON 对象:记录被改动或文件已损坏",
        "The content of a {kind} record is not a JSON object: it was altered or the file is "
        "damaged",
    ),
    "payload_unknown_keys": Words(
        "{kind} 记录含有未知的字段 {keys}:记录可能由更新版本的本应用写入,或被改动过",
        "A {kind} record has unknown fields {keys}: it may have been written by a newer version "
        "of this app, or altered",
    ),
    "payload_missing_keys": Words(
        "{kind} 记录缺少字段 {keys}:记录不完整或被改动过",
        "A {kind} record lacks the fields {keys}: it is incomplete or was altered",
    ),
    "payload_bad_value": Words(
        "{kind} 记录的字段 {key} 的值类型不对:记录被改动或文件已损坏",
        "The field {key} of a {kind} record holds a value of the wrong type: it was altered or "
        "the file is damaged",
    ),
    # export and print
    "cannot_export": Words(
        "无法写入 {path}:{error}(文件可能正被其他程序打开,或磁盘已满)",
        "Cannot write {path}: {error} (the file may be open in another program, or the disk full)",
    ),
    "no_target": Words(
        "请用 --xlsx 文件 或 --csv 文件夹 指定导出位置",
        "Say where to export: --xlsx FILE or --csv FOLDER",
    ),
    "no_cjk_font": Words(
        "未找到可嵌入 PDF 的中文 TrueType 字体。请安装文泉驿微米黑"
        "(Debian/Ubuntu: sudo apt install fonts-wqy-microhei;Fedora: sudo dnf install "
        "wqy-microhei-fonts),或把 .ttf/.ttc 字体(如微软雅黑 msyh.ttc,Windows 自带)放入 "
        "resources/fonts,或设置环境变量 {variable}=字体文件路径",
        "No Chinese TrueType font that a PDF can embed was found. Install WenQuanYi Micro Hei "
        "(Debian/Ubuntu: sudo apt install fonts-wqy-microhei; Fedora: sudo dnf install "
        "wqy-microhei-fonts), or put a .ttf/.ttc font (such as msyh.ttc, which Windows has) in "
        "resources/fonts, or set the environment variable {variable} to the font file's path",
    ),
    "no_households": Words(
        "小区 {compound} 没有应征询的住户,无法打印征询意见表",
        "Compound {compound} has no eligible household; no ballot can be printed",
    ),
    "no_households_in_building": Words(
        "小区 {compound} {building} 幢没有应征询的住户,无法打印征询意见表",
        "Building {building} of compound {compound} has no eligible household; no ballot can be "
        "printed",
    ),
    "no_folder_to_save": Words(
        "文件夹 {folder} 不存在,无法保存 {name}",
        "The folder {folder} is not there; {name} cannot be saved",
    ),
    "cannot_write": Words(
        "无法保存 {path}:{error}(文件可能正被其他程序打开)",
        "Cannot save {path}: {error} (another program may have it open)",
    ),
    "round_not_opened": Words(
        "{compound} 第{round_no}轮征询尚未开始,没有可以公示的结果",
        "Round {round_no} of {compound} has not started; there is no result to post",
    ),
    # forms and the needs survey (the XLSForm engine words its own messages in English)
    "no_form_file": Words("找不到表单文件 {path}", "{path}: no such file"),
    "not_a_workbook": Words(
        "{name} 不是 Excel .xlsx 工作簿({kind})", "{name}: not an Excel .xlsx workbook ({kind})"
    ),
    "unknown_form": Words("找不到表单 {form}(在 {folder} 中)", "No form {form} (in {folder})"),
    "not_a_needs_survey": Words(
        "表单 {form} 缺少需求清单所需的问题:{missing}",
        "The form {form} lacks the questions a needs list needs: {missing}",
    ),
    "not_a_satisfaction_survey": Words(
        "表单 {form} 缺少满意度汇总所需的问题:{missing}",
        "The form {form} lacks the questions a satisfaction summary needs: {missing}",
    ),
    "answers_refused": Words(
        "答案有 {count} 处问题:{problems}", "The answers have {count} problem(s): {problems}"
    ),
    "form_refused": Words("{source}:表单无法使用:{findings}", "{source}: form refused: {findings}"),
    "not_surveyed": Words(
        "{household} 还没有{form_title}的答卷", "{household} has no answers to {form_title} yet"
    ),
    "needs_scope": Words(
        "请指定 --compound 小区编码 或 --all(二选一)", "Give either --compound CODE or --all"
    ),
    "answers_unreadable": Words(
        "无法读取答案文件 {path}:{error}", "Cannot read the answers file {path}: {error}"
    ),
    "answers_not_json": Words(
        "答案文件 {path} 不是有效的 JSON:{error}",
        "The answers file {path} is not valid JSON: {error}",
    ),
    "answers_not_object": Words(
        '答案文件 {path} 应是一个 JSON 对象 {{"问题": 答案}}',
        'The answers file {path} should be one JSON object {{"question": answer}}',
    ),
    # the sample data, the window
    "households_range": Words(
        "--min-households 不能大于 --max-households",
        "--min-households cannot exceed --max-households",
    ),
    "sample_needs_new_file": Words(
        "{path} 中已有小区数据;示例数据请使用新的数据文件(--db)",
        "{path} already holds compounds; write the sample into a new data file (--db)",
    ),
    "no_data": Words(
        "{path} 中没有住户数据:截图请加 --demo",
        "{path} has no households yet: add --demo for a screenshot",
    ),
    "cancelled": Words("已取消", "Cancelled"),
    "unexpected": Words("出错了:{detail}", "Something went wrong: {detail}"),
    # a restored or copied laptop file (sync/own_records.py, sync/identity_reset.py)
    "identity_reused": Words(
        "本机数据文件 {laptop} 曾从备份恢复,或被复制到了另一台电脑:本机的身份(设备 {name})"
        "已被另一份副本使用——本机的第 {seq} 条记录在中心文件 {file} 中是另一条记录。"
        "请运行 survey-app device reset --central {file} 给本机新的身份,再同步。"
        "这次没有同步任何记录,也没有丢失任何记录。",
        "This laptop's data file {laptop} was restored from a backup or copied to another "
        "computer: its identity (device {name}) is used by another copy — this laptop's record "
        "number {seq} is another record in the central file {file}. Run survey-app device reset "
        "--central {file} to give this laptop a new identity, then sync. Nothing was synced and "
        "nothing is lost.",
    ),
    "not_all_sent": Words(
        "同步没有成功:本机(设备 {name})有 {missing} 条记录不在中心文件 {file} 中。"
        "请再同步一次;如仍如此,请对 {laptop} 和 {file} 运行 survey-app check-file。",
        "The sync did not succeed: {missing} record(s) of this laptop (device {name}) are not in "
        "the central file {file}. Sync again; if this stays, run survey-app check-file on "
        "{laptop} and {file}.",
    ),
    "reset_needs_central": Words(
        "本机数据文件已同步过:请用 --central 指定中心文件,"
        "只有中心文件没有的记录才会以新身份重新发出",
        "This data file has synced before: give the central file with --central, so that only "
        "the records it lacks are issued again under the new identity",
    ),
}

SYNC_REFUSALS: dict[str, Words] = {
    "wrong_passphrase": Words(
        "中心文件已加密,口令不对或没有给出口令。请向办公室确认中心文件的口令,两个文件都没有改动。",
        "The central file is encrypted and the passphrase is wrong or missing. Ask the office "
        "for the central file's passphrase; neither file was changed.",
    ),
    "same_file": Words(
        "选中的是本机自己的数据文件。中心文件应是 U 盘或共享文件夹里的另一个文件。",
        "That is this laptop's own data file. The central file is another file, on a USB stick "
        "or in a shared folder.",
    ),
    "not_sqlite": Words(
        "这个文件不是本应用的中心文件(可能是别的文档)。请选择 central.db。",
        "This file is not a central file of this app (perhaps another document). Choose "
        "central.db.",
    ),
    "foreign_file": Words(
        "这个文件属于其他程序,不是本应用的中心文件。请选择 central.db。",
        "This file belongs to another program; it is not a central file of this app. Choose "
        "central.db.",
    ),
    "empty_file": Words(
        "这个文件是空的数据库,不是本应用的中心文件。",
        "This file is an empty database, not a central file of this app.",
    ),
    "truncated": Words(
        "中心文件不完整,可能是复制时 U 盘被拔出。请换用完好的副本,本机数据没有改动。",
        "The central file is incomplete, perhaps the USB stick was pulled while copying. Use a "
        "good copy; this laptop's data is unchanged.",
    ),
    "corrupt_file": Words(
        "中心文件已损坏,无法读取。请换用完好的副本,本机数据没有改动。",
        "The central file is damaged and cannot be read. Use a good copy; this laptop's data is "
        "unchanged.",
    ),
    "newer_schema": Words(
        "中心文件由更新版本的本应用写入。请先升级本机的应用再同步。",
        "The central file was written by a newer version of this app. Update the app on this "
        "laptop first.",
    ),
    "is_dir": Words(
        "选中的是一个文件夹,请选择其中的中心文件。",
        "That is a folder; choose the central file inside it.",
    ),
    "no_folder": Words(
        "找不到中心文件所在的文件夹:U 盘是否已插好、共享文件夹是否已连接?",
        "The central file's folder is not there: is the USB stick plugged in, the shared folder "
        "connected?",
    ),
    "bad_personal": Words(
        "有一条记录的个人信息(姓名、电话等)与记录签名的校验值不符:被改动过。同步已停止,两个文件都没有改动。"
        "请联系负责汇总的同事核查。",
        "The personal data (name, phone, …) of a record does not match the checksum the record "
        "signs: it was altered. The sync stopped and neither file was changed. Ask the colleague "
        "who collects the data to check.",
    ),
    "bad_hash": Words(
        "有一条记录的内容与它的校验值不符:记录被改动过或文件已损坏。同步已停止,两个文件都没有改动。"
        "请联系负责汇总的同事核查。",
        "A record does not match its checksum: it was altered or the file is damaged. The sync "
        "stopped and neither file was changed. Ask the colleague who collects the data to check.",
    ),
    "record_differs": Words(
        "同一条记录在两个文件中内容不同:数据被改动或损坏。同步已停止,两个文件都没有改动。"
        "请联系负责汇总的同事核查。",
        "The same record differs between the two files: data was altered or damaged. The sync "
        "stopped and neither file was changed. Ask the colleague who collects the data to check.",
    ),
    "sequence_reused": Words(
        "有数据文件像是从旧备份恢复的(同一台电脑的记录编号重复)。同步已停止,两个文件都没有改动。",
        "A data file looks restored from an old backup (one laptop's record numbers repeat). The "
        "sync stopped and neither file was changed.",
    ),
    "summary_mismatch": Words(
        "两个文件中同一台电脑的记录对不上。同步已停止,两个文件都没有改动。"
        "请用“检查文件”核对两个文件。",
        "The two files disagree about one laptop's records. The sync stopped and neither file "
        "was changed. Check both files with check-file.",
    ),
    "identity_reused": Words(
        "本机数据文件曾从备份恢复,或被复制到了另一台电脑:另一份副本正以本机的身份记录。"
        "请运行 survey-app device reset 给本机新的身份,再同步。"
        "这次没有同步任何记录,也没有丢失任何记录。",
        "This laptop's data file was restored from a backup or copied to another computer: "
        "another copy writes as this laptop. Run survey-app device reset to give this laptop a "
        "new identity, then sync. Nothing was synced and nothing is lost.",
    ),
    "not_all_sent": Words(
        "同步没有成功:本机有记录没有进入中心文件。请再同步一次;如仍如此,请联系负责汇总的同事。",
        "The sync did not succeed: some of this laptop's records did not reach the central file. "
        "Sync again; if this stays, ask the colleague who collects the data.",
    ),
}

COPIED_FILE = Words(
    "此数据文件来自另一台电脑(上次在 {machine} 上的 {path} 使用)。如两台电脑都在使用这个文件的副本,"
    "请在其中一台运行 survey-app device reset,否则两台电脑的记录会互相冲突、无法同步。",
    "This data file comes from another computer (last used at {path} on {machine}). If both "
    "computers use copies of it, run survey-app device reset on one of them, or their records "
    "will collide and cannot sync.",
)
"""Said once when a laptop's file is opened on another computer than the one it was used on."""
"""What a refused sync says in the sync dialog: the central file's problem, in plain words."""


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in Formatter().parse(template) if name}


def error_message(code: str, params: Mapping[str, object], language: str | None = "zh") -> str:
    """The template of `code` filled from `params`; the code itself when it has none."""
    template = ERRORS.get(code)
    if template is None:
        return code
    return template.text(language).format_map(
        {name: _param_words(value, language) for name, value in params.items()}
    )


def error_words(error: SurveyAppError, language: str | None = "zh") -> str:
    """The error in `language`; its own message when its code has no template (an error
    raised by code outside this package) or the template asks for a parameter not given."""
    try:
        return (
            error_message(error.code, error.params, language)
            if error.code in ERRORS
            else (error.message)
        )
    except (KeyError, IndexError):
        return error.message


def refusal_words(error: SurveyAppError, language: str | None = "zh") -> str:
    refusal = SYNC_REFUSALS.get(error.code)
    return refusal.text(language) if refusal else error_words(error, language)


def _param_words(value: object, language: str | None) -> str:
    if isinstance(value, Words):
        return value.text(language)
    if isinstance(value, SurveyAppError):
        return error_words(value, language)
    if isinstance(value, Enum) and type(value) in _TABLES:
        return word(value, language)
    if isinstance(value, list | tuple):
        return listed((_param_words(v, language) for v in value), language)
    return "" if value is None else str(value)


def listed(items: Iterable[str], language: str | None) -> str:
    """Items one after another: `NH-001、NH-002`, in English `NH-001, NH-002`."""
    return ("、" if not is_english(language) else ", ").join(items)


VERSION_FIELDS = {
    "name": Words("名称", "name"),
    "district": Words("区", "district"),
    "street": Words("街道", "street"),
    "community": Words("社区", "community"),
    "built": Words("建成年份", "built"),
    "address": Words("地址", "address"),
    "building": Words("楼栋", "building"),
    "unit": Words("单元", "unit"),
    "room": Words("室", "room"),
    "head": Words("户主", "head"),
    "phone": Words("电话", "phone"),
    "area": Words("面积", "area"),
    "tenure": Words("性质", "tenure"),
    "eligible": Words("应征询", "eligible"),
    "note": Words("备注", "note"),
    "starts": Words("开始", "starts"),
    "ends": Words("结束", "ends"),
}
"""The keys of compound, roster and round-opening records, as a conflict shows them."""
_RULE_KEYS = ("threshold_num", "threshold_den", "inclusive", "double_majority")


def version_words(
    says: Mapping[str, Any], differs: tuple[str, ...], language: str | None = "zh"
) -> str:
    """What one of two competing office records says where they differ: `户主 张三;面积 60.5`,
    or, for a round opening, its rule in words and its dates."""
    parts = []
    if any(key in differs for key in _RULE_KEYS):
        threshold = Fraction(int(says["threshold_num"]), int(says["threshold_den"]))
        rule = ConsentRule(threshold, bool(says["inclusive"]), bool(says["double_majority"]))
        parts.append(rule_words(rule, language))
    for key in differs:
        if key in _RULE_KEYS:
            continue
        value = says.get(key)
        shown = (YES_NO[value].text(language) if isinstance(value, bool)
                 else "—" if value is None else str(value))  # fmt: skip
        name = VERSION_FIELDS[key].text(language) if key in VERSION_FIELDS else key
        parts.append(f"{name} {shown}")
    return ("; " if is_english(language) else ";").join(parts)


YES_NO = {True: Words("是", "yes"), False: Words("否", "no")}


CLOCK_WARNINGS = {
    "behind": Words(
        "本机时钟比设备「{device}」的最新记录({newest})早 {days} 天:本机或该设备的时钟有误。"
        "请校准时钟;记录的先后不看时间,但打印和显示的时间会错",
        "This computer's clock is {days} days before the newest record of device “{device}” "
        "({newest}): this clock or that device's is wrong. Set the clock right; the order of "
        "records does not depend on it, but the times shown and printed do",
    ),
    "behind_own": Words(
        "本机时钟比本机自己的最新记录({newest})早 {days} 天:时钟被调回过。请校准时钟",
        "This computer's clock is {days} days before its own newest record ({newest}): the "
        "clock was set back. Set it right",
    ),
    "ahead": Words(
        "本机时钟比见过的最新记录(设备「{device}」,{newest})晚 {days} 天:若刚同步过,本机时钟"
        "可能快了,请校准",
        "This computer's clock is {days} days after the newest record it has seen (device "
        "“{device}”, {newest}): if it has just synced, the clock may be ahead. Set it right",
    ),
}


def clock_warning_words(
    code: str, *, device: str, newest: str, days: int, language: str | None = "zh"
) -> str:
    """A laptop's clock far off from its records (see store/clock_check.py)."""
    return (
        CLOCK_WARNINGS[code]
        .text(language)
        .format(device=device, newest=shown_time(newest), days=days)
    )
