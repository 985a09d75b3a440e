"""Recording a visit that gave no opinion (无人在家, 改日再访, 拒绝入户, 空置)."""

from __future__ import annotations

# Recording a visit is already one transaction in the store: the action is that function.
from survey_app.store.visits import VisitRow, household_visits, last_visit_rows, record_visit

__all__ = ["VisitRow", "household_visits", "last_visit_rows", "record_visit"]
