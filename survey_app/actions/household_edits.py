"""Editing a household from the office window or `household edit` (one transaction)."""

from __future__ import annotations

from survey_app.store.household_edits import KEEP, HouseholdEdit, edit_household

__all__ = ["KEEP", "HouseholdEdit", "edit_household"]
