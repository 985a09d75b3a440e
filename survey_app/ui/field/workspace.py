"""What the surveyor is working on: the open database, the compound and the round.

Widgets read the store through this object and listen to its signals, so a vote recorded in
one panel updates the household list and the progress at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from survey_app.core.tally import RoundStatus
from survey_app.store.assignments import held_scope
from survey_app.store.compounds import Compound, list_compounds
from survey_app.store.database import Store
from survey_app.store.rounds import RoundState, round_state

if TYPE_CHECKING:
    from survey_app.xlsform import Form


class Workspace(QObject):
    compound_changed = Signal(str)
    round_changed = Signal(int)
    household_changed = Signal(str)
    """A household's votes, survey or draft changed (its id)."""
    language_changed = Signal(str)
    store_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.compound: str | None = None
        self.round_no = 1
        self.language = "zh_CN"
        self._form: Form | None = None
        self._forms: list[Form] | None = None
        self._preloaded: Form | None = None

    def needs_form(self) -> Form:
        """The needs survey, read once: the shipped one, or the newer version the office
        published (a FormRefused or NotFound says why not)."""
        if self._form is None:
            from survey_app.needs.library import open_form
            from survey_app.store.forms import published_forms, version_key

            preloaded = self._preloaded
            newer = preloaded is not None and any(
                version_key(p.version) > version_key(preloaded.version)
                for p in published_forms(store=self.store, form_id=preloaded.form_id)
            )
            self._form = preloaded if preloaded and not newer else open_form(store=self.store)
        return self._form

    def preload_form(self, form: Form) -> None:
        """The shipped needs survey, read in the background (a newer published one wins)."""
        self._preloaded = form

    def survey_forms(self) -> list[Form]:
        """Every form a surveyor may fill in here (the needs survey first)."""
        if self._forms is None:
            from survey_app.needs.library import available_forms

            needs = self.needs_form()
            others = [f for f in available_forms(self.store) if f.form_id != needs.form_id]
            self._forms = [needs, *others]
        return self._forms

    def survey_form(self, form_id: str | None) -> Form:
        """The form of this id among `survey_forms` (the needs survey for None)."""
        if form_id is None:
            return self.needs_form()
        for form in self.survey_forms():
            if form.form_id == form_id:
                return form
        return self.needs_form()

    def forget_forms(self) -> None:
        """A sync may have brought a new version or a further form: read them again."""
        self._forms = None
        self._form = None

    def use_form(self, form: Form) -> None:
        """Survey with another form (tests, and forms other than the shipped one)."""
        self._form = form
        self._forms = None

    def replace_store(self, store: Store) -> None:
        """Work on another database (an imported roster, the sample batch, a chosen file)."""
        old, self.store = self.store, store
        if old is not store:
            old.close()
        self._forms = None
        self.compound = None
        self.store_changed.emit()

    def compounds(self) -> list[Compound]:
        """The compounds of this file; on a laptop the office gave some, only those."""
        given = held_scope(self.store.db)
        return [c for c in list_compounds(store=self.store) if given is None or c.code in given]

    def round_state(self, round_no: int | None = None) -> RoundState | None:
        if self.compound is None:
            return None
        return round_state(
            store=self.store, compound=self.compound, round_no=round_no or self.round_no
        )

    def working_round(self, compound: str) -> int:
        """The round a surveyor works on: round 2 once it opened, else round 1."""
        second = round_state(store=self.store, compound=compound, round_no=2)
        return 2 if second.status is not RoundStatus.NOT_OPENED else 1

    def set_compound(self, code: str, round_no: int | None = None) -> None:
        round_no = round_no or self.working_round(code)
        changed = code != self.compound
        self.compound = code
        if changed:
            self.round_no = round_no
            self.compound_changed.emit(code)
        self.set_round(round_no)

    def set_round(self, round_no: int) -> None:
        if round_no != self.round_no:
            self.round_no = round_no
            self.round_changed.emit(round_no)

    def notify_household(self, household: str) -> None:
        self.household_changed.emit(household)
