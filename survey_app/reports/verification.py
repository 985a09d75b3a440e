"""The verification text of a tally notice, and checking a scanned one against the database."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.core.ids import CompoundCode
from survey_app.core.qr_texts import (
    VerificationFigures,
    make_verification_text,
    parse_verification_text,
)
from survey_app.core.tally import fingerprint
from survey_app.core.vocabulary import FIGURES
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.rounds import round_state
from survey_app.store.tallies import compute_tally, round_outcomes


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
    c = compute_tally(store=store, compound=code, round_no=round_no).counts
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
    )


def verification_text(*, store: Store, compound: str, round_no: int) -> str:
    return make_verification_text(
        verification_figures(store=store, compound=compound, round_no=round_no)
    )


def verify_text(*, store: Store, text: str) -> tuple[VerificationFigures, list[Difference]]:
    """Compare a scanned verification text with the database: the differences, if any."""
    printed = parse_verification_text(text)
    stored = verification_figures(store=store, compound=printed.compound, round_no=printed.round_no)
    differences = [
        _differs(name, label.zh, getattr(printed, name), getattr(stored, name))
        for name, label in FIGURES.items()
        if getattr(printed, name) != getattr(stored, name)
    ]
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
    return printed, differences
