"""The verification text of a tally notice, and checking a scanned one against the database."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace

from survey_app.core.ids import CompoundCode
from survey_app.core.keys import signature_is_valid
from survey_app.core.qr_texts import (
    VerificationFigures,
    make_verification_text,
    notice_statement,
    parse_verification_text,
)
from survey_app.core.rules import ConsentRule, fraction_text
from survey_app.core.tally import RoundStatus, fingerprint
from survey_app.core.vocabulary import FIGURES, VERDICTS, verdict_key
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.rounds import RoundState, round_state
from survey_app.store.tallies import compute_tally, round_outcomes
from survey_app.store.trust import OFFICE, declared_keys, device_fingerprints, read_trust


@dataclass(frozen=True)
class Difference:
    """One way the printed figures and the database disagree, worded for people."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _differs(field: str, what: str, printed: object, stored: object) -> Difference:
    return Difference(field, f"{what}:公示为 {printed},数据库中为 {stored}")


def current_fingerprint(*, store: Store, compound: str, round_no: int) -> str:
    """SHA-256 of the effective votes now (for a closed round: those the close counted)."""
    outcomes, _late = round_outcomes(store=store, compound=compound, round_no=round_no)
    return fingerprint(outcomes)


def verification_figures(*, store: Store, compound: str, round_no: int) -> VerificationFigures:
    code = get_compound(store=store, code=compound).code
    tally = compute_tally(store=store, compound=code, round_no=round_no)
    c = tally.counts
    return VerificationFigures(
        compound=CompoundCode(code),
        round_no=round_no,
        eligible=c.eligible,
        agree=c.agree,
        disagree=c.disagree,
        abstain=c.abstain,
        no_response=c.no_response,
        pending=c.pending,
        fingerprint=current_fingerprint(store=store, compound=code, round_no=round_no),
        rule=tally.rule,
        verdict=verdict_key(tally.status, tally.passed) or "short_so_far",
    )


def verification_text(*, store: Store, compound: str, round_no: int) -> str:
    """The notice's QR text; an office device signs what it states, so that the printed
    notice can be checked against any copy of the central file."""
    figures = verification_figures(store=store, compound=compound, round_no=round_no)
    if store.role == OFFICE:
        signature = store.signing_key.sign(notice_statement(figures))
        figures = replace(
            figures,
            signer=store.fingerprint.replace("-", ""),
            signature=base64.b64decode(signature).hex(),
        )
    return make_verification_text(figures)


def signature_differences(*, store: Store, printed: VerificationFigures) -> list[Difference]:
    """A signed notice: the signature must be that of an office key this file counts."""
    if printed.signature is None or printed.signer is None:
        return []
    signer = "-".join(printed.signer[i : i + 4] for i in range(0, 20, 4))
    declared = declared_keys(store.db)  # a forged key that is not hex has no fingerprint
    keys = {fp: (d, declared[d]) for d, fp in device_fingerprints(store.db).items() if fp}
    device, key = keys.get(signer, ("", ""))
    standing = read_trust(store.db).get(device)
    if not key or standing is None or standing.role != OFFICE:
        return [Difference("signer", f"签发公示的密钥 {signer} 不是本批次办公室的密钥:公示不可信")]
    signature = base64.b64encode(bytes.fromhex(printed.signature)).decode("ascii")
    if not signature_is_valid(key, notice_statement(printed), signature):
        return [Difference("signature", "公示的签名无效:二维码内容在签发后被改动")]
    return []


def verify_text(*, store: Store, text: str) -> tuple[VerificationFigures, list[Difference]]:
    """Compare a scanned verification text with the database: the differences, if any."""
    printed = parse_verification_text(text)
    stored = verification_figures(store=store, compound=printed.compound, round_no=printed.round_no)
    differences = [
        _differs(name, label.zh, getattr(printed, name), getattr(stored, name))
        for name, label in FIGURES.items()
        if getattr(printed, name) != getattr(stored, name)
    ]
    differences += rule_differences(printed, stored)
    differences += signature_differences(store=store, printed=printed)
    size = len(printed.fingerprint)
    if not stored.fingerprint.startswith(printed.fingerprint):
        differences.append(
            _differs("fingerprint", "有效意见指纹", printed.fingerprint, stored.fingerprint[:size])
        )
    frozen = round_state(store=store, compound=printed.compound, round_no=printed.round_no)
    if frozen.fingerprint and frozen.fingerprint != stored.fingerprint:
        differences.append(
            Difference(
                "frozen_fingerprint",
                f"本轮结束时冻结的指纹为 {frozen.fingerprint[:size]},与数据库中当前有效意见的指纹 "
                f"{stored.fingerprint[:size]} 不同:记录可能被改动",
            )
        )
    differences += frozen_differences(store=store, state=frozen, stored=stored)
    return printed, differences


def rule_differences(printed: VerificationFigures, stored: VerificationFigures) -> list[Difference]:
    """The rule and the verdict the notice states (an SA1 notice stated neither)."""
    if printed.rule is None or stored.rule is None:
        return []
    a, b = printed.rule, stored.rule
    shown = [
        ("threshold", "通过比例", fraction_text(a.threshold), fraction_text(b.threshold)),
        ("inclusive", "是否含本数", _inclusive(a), _inclusive(b)),
        ("double_majority", "双过半(面积和人数)", _yes(a.double_majority), _yes(b.double_majority)),
        ("verdict", "结论", _verdict(printed.verdict), _verdict(stored.verdict)),
    ]
    return [_differs(field, what, p, s) for field, what, p, s in shown if p != s]


def _inclusive(rule: ConsentRule) -> str:
    return "以上(含本数)" if rule.inclusive else "超过(不含本数)"


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _verdict(key: str | None) -> str:
    return VERDICTS[key].zh.format(status="进行中") if key else "—"


_FROZEN_COUNTS = ("eligible", "agree", "disagree", "abstain", "no_response", "pending")


def frozen_differences(
    *, store: Store, state: RoundState, stored: VerificationFigures
) -> list[Difference]:
    """A closed round's close record states its counts and verdict: the figures recomputed
    from the records must be those, or a record was changed after the close."""
    if state.status is not RoundStatus.CLOSED or not state.frozen:
        return []
    row = store.db.execute(
        "SELECT r.payload FROM rounds ro JOIN records r ON r.id = ro.closed_record "
        "WHERE ro.compound = ? AND ro.round = ?",
        [state.compound, state.round_no],
    ).fetchone()
    closed = json.loads(row[0]) if row else {}
    wrong = [n for n in _FROZEN_COUNTS if closed.get(n) != getattr(stored, n)]
    if closed.get("passed") != (stored.verdict == "passed"):
        wrong.append("passed")
    if not wrong:
        return []
    frozen_text = ",".join(f"{n} {closed.get(n)}" for n in wrong)
    now_text = ",".join(
        f"{n} {stored.verdict == 'passed' if n == 'passed' else getattr(stored, n)}" for n in wrong
    )
    return [
        Difference(
            "frozen_counts",
            f"本轮结束时记录的统计为 {frozen_text},按冻结名单重算为 {now_text}:记录可能被改动",
        )
    ]
