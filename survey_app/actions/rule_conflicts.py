"""Conflicts between office records (compound, roster row, round rule) and how the office
settles one: keeping one version, which then supersedes all of them."""

from __future__ import annotations

from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.sync.rule_conflicts import RuleConflict, keep_version, list_rule_conflicts

__all__ = ["keep_version", "rule_conflicts"]


def rule_conflicts(*, store: Store, compound: str | None = None) -> list[RuleConflict]:
    """NotFound for an unknown compound."""
    code = get_compound(store=store, code=compound).code if compound else None
    return list_rule_conflicts(store=store, compound=code)
