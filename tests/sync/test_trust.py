"""Who counts: enrolment by the office (and by an office laptop it enrolled), revocation from a
given record on, and a revocation of the office itself, which nothing can do."""

from __future__ import annotations

from sync_helpers import Field, household

from survey_app.core.votes import Choice
from survey_app.store.enrolment import enrol_device, revoke_device
from survey_app.store.tallies import tally_json
from survey_app.store.trust import uncounted_devices
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


def agree(field: Field) -> int:
    sync_with_central(store=field.office, central=field.central)
    return int(str(tally_json(store=field.office, compound="NH-001", round_no=1)["agree"]))


def vote(field: Field, name: str, index: int) -> None:
    laptop = field.laptops[name]
    record_vote(store=laptop, household=household(laptop, "NH-001", index), round_no=1,
                choice=Choice.AGREE)  # fmt: skip
    sync_with_central(store=laptop, central=field.central)


def test_a_revoked_laptop_counts_up_to_its_revocation(field_batch: Field) -> None:
    sync_with_central(store=field_batch.office, central=field_batch.central)
    laptop = field_batch.laptop("A")
    sync_with_central(store=laptop, central=field_batch.central)
    vote(field_batch, "A", 0)
    vote(field_batch, "A", 1)
    assert agree(field_batch) == 2
    revoke_device(store=field_batch.office, fingerprint=laptop.fingerprint)  # lost on the bus
    vote(field_batch, "A", 2)
    assert agree(field_batch) == 2
    [waiting] = uncounted_devices(field_batch.office.db)
    assert waiting.device == laptop.device_id and waiting.votes == 1 and waiting.counted_up_to


def test_an_office_laptop_enrols_others_until_it_is_revoked(field_batch: Field) -> None:
    sync_with_central(store=field_batch.office, central=field_batch.central)
    deputy = field_batch.laptop("副主任")
    enrol_device(store=field_batch.office, fingerprint=deputy.fingerprint, role="office")
    sync_with_central(store=field_batch.office, central=field_batch.central)
    sync_with_central(store=deputy, central=field_batch.central)
    assert deputy.role == "office"
    recruit = field_batch.laptop("B", enrol=False)
    enrol_device(store=deputy, fingerprint=recruit.fingerprint)
    sync_with_central(store=deputy, central=field_batch.central)
    sync_with_central(store=recruit, central=field_batch.central)
    vote(field_batch, "B", 0)
    assert agree(field_batch) == 1
    revoke_device(store=field_batch.office, fingerprint=deputy.fingerprint)
    late = field_batch.laptop("C", enrol=False)
    enrol_device(store=deputy, fingerprint=late.fingerprint)  # after the revocation: ignored
    sync_with_central(store=deputy, central=field_batch.central)
    sync_with_central(store=late, central=field_batch.central)
    vote(field_batch, "C", 1)
    assert agree(field_batch) == 1
    assert late.device_id in {d.device for d in uncounted_devices(field_batch.office.db)}


def test_nobody_revokes_the_office(field_batch: Field) -> None:
    sync_with_central(store=field_batch.office, central=field_batch.central)
    deputy = field_batch.laptop("副主任")
    enrol_device(store=field_batch.office, fingerprint=deputy.fingerprint, role="office")
    sync_with_central(store=field_batch.office, central=field_batch.central)
    sync_with_central(store=deputy, central=field_batch.central)
    revoke_device(store=deputy, fingerprint=field_batch.office.fingerprint, keep_up_to=0)
    sync_with_central(store=deputy, central=field_batch.central)
    for store in (deputy, field_batch.office):
        sync_with_central(store=store, central=field_batch.central)
        assert tally_json(store=store, compound="NH-001", round_no=1)["eligible"] == 24


def test_revoking_a_key_this_file_has_never_seen_counts_none_of_its_records(
    field_batch: Field,
) -> None:
    from survey_app.core.keys import SigningKey

    unseen = SigningKey.generate().fingerprint
    revoke_device(store=field_batch.office, fingerprint=unseen)
    row = field_batch.office.db.execute(
        "SELECT payload FROM records WHERE kind = 'revocation'"
    ).fetchone()
    assert '"up_to_seq":0' in row[0]
