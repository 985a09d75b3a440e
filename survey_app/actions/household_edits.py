"""Editing a household from the office window or `household edit` (one transaction), and the
household's earlier edits and roster imports."""

from __future__ import annotations

from survey_app.store.household_edits import (
    KEEP,
    Change,
    HouseholdEdit,
    PastVersion,
    edit_household,
    household_history,
)

__all__ = ["KEEP", "Change", "HouseholdEdit", "PastVersion", "edit_household", "household_history"]
