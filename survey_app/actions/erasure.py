"""The office erases one household's personal data (names, phones, signature images, free
text), on request: one transaction, then the WAL emptied so no old page keeps them."""

from __future__ import annotations

from survey_app.store import erasure
from survey_app.store.database import Store
from survey_app.store.erasure import ErasureReport
from survey_app.store.households import Household, find_household
from survey_app.store.personal import checkpoint_after_erasure


def erase_personal_data(*, store: Store, household: Household) -> ErasureReport:
    report = erasure.erase_household(store=store, household=household)
    checkpoint_after_erasure(store.db)
    return report


def erase_at_address(*, store: Store, compound: str, address: str) -> ErasureReport:
    household = find_household(store=store, compound=compound, address=address)
    return erase_personal_data(store=store, household=household)
