"""`household edit`: the office corrects a household's head, phone, floor area or eligibility."""

from __future__ import annotations

import click

from survey_app.cli.base import echo_json, state
from survey_app.cli.compounds import household


@household.command("edit")
@click.option("--compound", "compound_code", required=True, help="Compound code.")
@click.option("--household", "address", required=True, help="Address, e.g. 3-2-501.")
@click.option("--head", help="The head of household (户主); '' clears it.")
@click.option("--phone", help="Phone, in any spelling (stored digits only); '' clears it.")
@click.option("--area", help="Floor area in m² (85.6, 85.6㎡, ８５．６); '' clears it.")
@click.option("--eligible/--not-eligible", default=None, help="Counted in the 80 % base or not.")
@click.option("--json", "as_json", is_flag=True, help="Print the edit as JSON.")
def household_edit(
    compound_code: str,
    address: str,
    head: str | None,
    phone: str | None,
    area: str | None,
    eligible: bool | None,
    as_json: bool,
) -> None:
    """Edit a household on the office's laptop: a new roster version naming who and when.
    A closed round keeps the households its close froze; the edit applies to the others.

    Example: survey-app household edit --compound NH-001 --household 3-2-501 --phone 138-0000-0101
    """
    from survey_app.actions.compounds import household_at
    from survey_app.actions.household_edits import KEEP, edit_household

    store = state().store()
    target = household_at(store=store, compound=compound_code, address=address)
    done = edit_household(
        store=store, household=target.id,
        head=KEEP if head is None else head, phone=KEEP if phone is None else phone,
        area=KEEP if area is None else area, eligible=KEEP if eligible is None else eligible,
    )  # fmt: skip
    if as_json:
        echo_json({
            "household": target.id, "address": target.address, "changed": done.changed(),
            "head": done.after.head, "phone": done.after.phone, "area": done.after.area,
            "eligible": done.after.eligible, "record": done.record_id,
            "edited_by": done.edited_by, "time": done.created_at,
            "closed_rounds": done.closed_rounds,
        })  # fmt: skip
        return
    names = {"head": "户主", "phone": "电话", "area": "面积", "eligible": "应征询"}
    changed = "、".join(names[f] for f in done.changed()) or "(重写以解决名册冲突)"
    click.echo(f"已修改 {target.address}:{changed}")
    for round_no in done.closed_rounds:
        click.echo(f"第{round_no}轮已结束:其结果按结束时冻结的名单,不受此修改影响")
