"""Facts several printed documents share (their words are in `core.vocabulary`)."""

from __future__ import annotations

from survey_app.core.clock import shown_day
from survey_app.core.tally import RoundStatus
from survey_app.store.compounds import Compound
from survey_app.store.households import Household
from survey_app.store.rounds import RoundState


def period_text(state: RoundState) -> str:
    """`2027-03-01 至 2027-03-31`, from the planned dates or else the opening and closing days."""
    starts = state.starts or _day(state.opened_at)
    ends = state.ends or _day(state.closed_at)
    if state.status is RoundStatus.NOT_OPENED and not (starts or ends):
        return "尚未开始"
    if starts and ends:
        return f"{starts} 至 {ends}"
    if starts:
        return f"{starts} 起"
    return f"至 {ends}" if ends else "未定"


def _day(timestamp: str | None) -> str | None:
    return shown_day(timestamp) if timestamp else None


def place_text(compound: Compound) -> str:
    return " ".join(p for p in (compound.district, compound.street, compound.community) if p)


def committee_name(compound: Compound) -> str:
    community = compound.community or ""
    return f"{community}居委会" if community.endswith("社区") else f"{community}社区居委会"


def street_office_name(compound: Compound) -> str:
    street = compound.street or ""
    return f"{street}办事处" if street.endswith("街道") else f"{street}街道办事处"


def spelled_address(household: Household) -> str:
    """`3幢2单元501室`: the address as residents write it."""
    unit = f"{household.unit}单元" if household.unit else ""
    return f"{household.building}幢{unit}{household.room}室"
