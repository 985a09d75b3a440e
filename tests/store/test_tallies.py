"""The set-based city-scale tally must agree with the core rule on every kind of history."""

import json
import random
from pathlib import Path

import pytest

from survey_app.core.ids import new_record_id
from survey_app.core.payloads import EnrolmentPayload
from survey_app.core.records import Record
from survey_app.store.database import Store, insert_records, now_utc, open_store
from survey_app.store.projection import REPLACING_INDEX, forget_projections, project_pending
from survey_app.store.rounds import all_round_states
from survey_app.store.tallies import (
    compute_tally,
    counts_by_compound,
    ranking_json,
    round_outcomes,
)


def add(
    store: Store,
    device: str,
    seq: int,
    kind: str,
    payload: dict[str, object],
    created_at: str | None = None,
) -> Record:
    record = Record.before_signing(
        id=new_record_id(device, seq),
        kind=kind,
        device=device,
        seq=seq,  # type: ignore[arg-type]
        created_at=created_at or now_utc(),
        payload=payload,
    )
    insert_records(store.db, [record])
    return record


def random_history(store: Store, rng: random.Random) -> None:
    seqs = {d: 1000 for d in ("a", "b", "c", "f")}

    def write(
        device: str, kind: str, payload: dict[str, object], created_at: str | None = None
    ) -> Record:
        seqs[device] += 1
        record = add(store, device, seqs[device], kind, payload, created_at)
        if rng.random() < 0.2:  # records arrive in several syncs: project part of them now
            project_pending(store.db)
        return record

    def roster_row(home: str, is_eligible: bool, eligible: dict[str, bool]) -> None:
        eligible[home] = is_eligible
        write(
            "a",
            "household",
            {
                "id": home,
                "compound": home.split("/")[0],
                "address": home.split("/")[1],
                "building": "1",
                "unit": None,
                "room": "101",
                "head": None,
                "phone": None,
                "area": "50",
                "tenure": None,
                "eligible": is_eligible,
                "note": None,
            },
        )

    store.db.execute("BEGIN IMMEDIATE")
    for device in seqs:  # devices from before signing, enrolled by this office by their id
        role = "field" if device == "f" else "office"
        store.append(EnrolmentPayload(device=device, role=role, up_to_seq=10**6))
    earlier: list[str] = []  # the households of the compounds already written
    for c in range(4):
        code = f"C-{c}"
        write(
            "a",
            "compound",
            {
                "code": code,
                "name": code,
                "district": None,
                "street": None,
                "community": None,
                "built": None,
            },
        )
        homes = [f"{code}/1-{i}01" for i in range(rng.randint(0, 12))]
        eligible: dict[str, bool] = {}
        for home in homes:
            roster_row(home, rng.random() > 0.15, eligible)
        for round_no in (1, 2):
            if rng.random() < 0.2:
                continue
            write(
                "a",
                "round_opened",
                {
                    "compound": code,
                    "round": round_no,
                    "threshold_num": 4,
                    "threshold_den": 5,
                    "inclusive": True,
                    "double_majority": False,
                    "starts": None,
                    "ends": None,
                },
            )
            known: dict[str, list[str]] = {}
            for _ in range(rng.randint(0, 30)):
                # now and then one of another compound's households (a vote naming a
                # compound not its household's counts nowhere), or one the roster adds later
                home = rng.choice([*homes, "C-9/9-999", f"{code}/2-101", *earlier[:3]])
                device = rng.choice("abcf")
                seen = known.setdefault(home, [])
                replaces = rng.sample(seen, k=rng.randint(0, len(seen))) if seen else []
                vote = write(
                    device,
                    "vote",
                    {
                        "household": home,
                        "compound": code,
                        "round": round_no,
                        "choice": rng.choice(["agree", "disagree", "abstain"]),
                        "replaces": replaces,
                    },
                )
                seen.append(vote.id)
                if rng.random() < 0.25:  # voided by its device, the office, or a field laptop
                    target = rng.choice(seen)
                    write(rng.choice([device, device, "a", "f"]), "vote_void", {
                        "vote": target, "household": rng.choice([home, home, home, "C-9/1"]),
                        "compound": code, "round": round_no, "reason": "错户",
                        "surveyor": None})  # fmt: skip
            if rng.random() < 0.5:
                for _ in range(rng.choice([1, 1, 2])):  # two closes: the earlier one is in force
                    cutoff = {
                        d: s - rng.randint(0, 4) for d, s in seqs.items() if rng.random() < 0.8
                    }
                    frozen = sorted(h for h, ok in eligible.items() if ok and rng.random() < 0.9)
                    write("a", "round_closed", close_payload(code, round_no, cutoff, frozen, rng),
                          created_at=f"2026-0{rng.randint(1, 9)}-01T00:00:00.000000Z")  # fmt: skip
        for _ in range(rng.randint(0, 6)):  # the roster changes after the closes
            home = rng.choice([*homes, f"{code}/2-{rng.randint(1, 3)}01"])
            roster_row(home, rng.random() < 0.5, eligible)
        earlier.extend(homes)
    project_pending(store.db)
    store.db.execute("COMMIT")


def close_payload(
    code: str, round_no: int, cutoff: dict[str, int], frozen: list[str], rng: random.Random
) -> dict[str, object]:
    """A close of this version (its eligible list), or of an older one (none): 1 in 4."""
    payload: dict[str, object] = {
        "compound": code, "round": round_no, "cutoff": cutoff, "fingerprint": "x",
    }  # fmt: skip
    if rng.random() < 0.25:
        return payload
    return payload | {
        "threshold_num": 4, "threshold_den": 5, "inclusive": True, "double_majority": False,
        "eligible_households": frozen, "eligible_areas": None,
    }  # fmt: skip


@pytest.mark.parametrize("seed", range(25))
def test_city_scale_counts_equal_the_core_rule(tmp_path: Path, seed: int) -> None:
    store = open_store(tmp_path / "t.db")
    random_history(store, random.Random(seed))
    for round_no in (1, 2):
        fast = counts_by_compound(store=store, round_no=round_no)
        for c in range(4):
            code = f"C-{c}"
            slow = compute_tally(store=store, compound=code, round_no=round_no)
            if slow.counts.eligible == 0:
                assert code not in fast
            else:
                assert fast[code] == slow.counts, (code, round_no)
        for state in all_round_states(store=store, round_no=round_no).values():
            if state.frozen:
                frozen = json.loads(store.db.execute(
                    "SELECT json_extract(r.payload, '$.eligible_households') FROM rounds ro "
                    "JOIN records r ON r.id = ro.closed_record WHERE ro.compound = ? "
                    "AND ro.round = ?", [state.compound, round_no]).fetchone()[0])  # fmt: skip
                slow = compute_tally(store=store, compound=state.compound, round_no=round_no)
                assert slow.counts.eligible == len(set(frozen))
    ranked = ranking_json(store=store)
    for entry in ranked:
        slow = compute_tally(store=store, compound=str(entry["compound"]), round_no=1)
        assert (entry["agree"], entry["eligible"], entry["passed"]) == (
            slow.counts.agree,
            slow.counts.eligible,
            slow.passed,
        )


@pytest.mark.parametrize("seed", range(25))
def test_every_kept_outcome_equals_the_core_rule(tmp_path: Path, seed: int) -> None:
    """Household by household, not only their counts: the `outcomes` the projection keeps
    (voids, chains of replaces through voided votes, cutoffs, records in several batches)
    are those core/votes.py `effective_outcomes` gives; a vote for a household of another
    compound, or of none, gives none."""
    store = open_store(tmp_path / "t.db")
    random_history(store, random.Random(seed))
    for round_no in (1, 2):
        for c in range(4):
            code = f"C-{c}"
            kept = dict(store.db.execute(
                "SELECT household, kind FROM outcomes WHERE compound = ? AND round = ?",
                [code, round_no]).fetchall())  # fmt: skip
            core, _late = round_outcomes(store=store, compound=code, round_no=round_no)
            expected = {
                h: "pending" if o.conflict else str(o.effective.choice) for h, o in core.items()
            }
            assert kept == expected


def test_a_vote_naming_another_rounds_vote_replaces_nothing_there(tmp_path: Path) -> None:
    """A round-2 vote whose `replaces` names the round-1 vote (written by hand or by a
    forger): the round-1 vote still counts, whether the two rounds are recomputed in one pass
    (a rebuild, a first sync) or one after the other, as core/votes.py says."""
    from survey_app.store.projection import forget_projections

    store = open_store(tmp_path / "t.db")
    store.db.execute("BEGIN IMMEDIATE")
    store.append(EnrolmentPayload(device="a", role="office", up_to_seq=10**6))
    store.append(EnrolmentPayload(device="b", role="field", up_to_seq=10**6))
    seqs = {"a": 0, "b": 0}

    def write(device: str, kind: str, payload: dict[str, object]) -> Record:
        seqs[device] += 1
        return add(store, device, seqs[device], kind, payload)

    write("a", "compound", {"code": "X", "name": "X", "district": None, "street": None,
                            "community": None, "built": None})  # fmt: skip
    write("a", "household", {"id": "X/1-101", "compound": "X", "address": "1-101",
                             "building": "1", "unit": None, "room": "101", "head": None,
                             "phone": None, "area": "50", "tenure": None, "eligible": True,
                             "note": None})  # fmt: skip
    for round_no in (1, 2):
        rule = {"threshold_num": 2, "threshold_den": 3, "inclusive": True,
                "double_majority": False, "starts": None, "ends": None}  # fmt: skip
        write("a", "round_opened", {"compound": "X", "round": round_no, **rule})
    first = write("b", "vote", {"household": "X/1-101", "compound": "X", "round": 1,
                                "choice": "agree", "replaces": []})  # fmt: skip
    project_pending(store.db)
    write("b", "vote", {"household": "X/1-101", "compound": "X", "round": 2,
                        "choice": "disagree", "replaces": [first.id]})  # fmt: skip
    project_pending(store.db)
    expected = [("X/1-101", 1, "agree"), ("X/1-101", 2, "disagree")]
    kept = "SELECT household, round, kind FROM outcomes ORDER BY round"
    assert store.db.execute(kept).fetchall() == expected
    forget_projections(store.db)
    project_pending(store.db)  # both rounds in one pass
    assert store.db.execute(kept).fetchall() == expected
    core, _late = round_outcomes(store=store, compound="X", round_no=1)
    assert {h: str(o.effective.choice) for h, o in core.items()} == {"X/1-101": "agree"}
    store.db.execute("COMMIT")
    store.close()


def test_a_tie_in_round_one_is_broken_by_round_two(tmp_path: Path) -> None:
    from survey_app.core.rules import ConsentRule
    from survey_app.core.votes import Choice
    from survey_app.store.compounds import save_compound
    from survey_app.store.households import households_of
    from survey_app.store.roster_import import import_roster
    from survey_app.store.round_changes import close_round, open_round
    from survey_app.store.votes import record_vote
    from tests.conftest import write_csv

    store = open_store(tmp_path / "tie.db")
    rows = [["楼栋", "室"]] + [["1", f"{i}01"] for i in range(1, 11)]
    roster = write_csv(tmp_path / "r.csv", rows)
    plan = {"A-1": (8, 5), "B-1": (8, 9), "C-1": (9, 0)}
    for code, (first, second) in plan.items():
        save_compound(store=store, code=code, name=code)
        import_roster(store=store, path=roster, compound=code)
        homes = households_of(store=store, compound=code)
        open_round(store=store, compound=code, round_no=1, rule=ConsentRule())
        for home in homes[:first]:
            record_vote(store=store, household=home, round_no=1, choice=Choice.AGREE)
        close_round(store=store, compound=code, round_no=1)
        open_round(store=store, compound=code, round_no=2, rule=ConsentRule())
        for home in homes[:second]:
            record_vote(store=store, household=home, round_no=2, choice=Choice.AGREE)
    assert [r["compound"] for r in ranking_json(store=store)] == ["C-1", "B-1", "A-1"]


def test_an_older_file_gets_the_replacing_votes_index_and_keeps_its_outcomes(
    tmp_path: Path,
) -> None:
    """A file from before migration m029 has no index of the votes that replace others, which
    the outcomes' recount reads: opening it makes the index, and the outcomes it kept and
    those recomputed on it are the same."""
    store = open_store(tmp_path / "t.db")
    random_history(store, random.Random(1))
    kept = store.db.execute("SELECT * FROM outcomes ORDER BY household, round").fetchall()
    assert any(kind == "pending" for *_, kind in kept) and len(kept) > 20
    assert store.db.execute("SELECT count(*) FROM votes WHERE replaces <> '[]'").fetchone()[0]
    store.db.execute(f"DROP INDEX {REPLACING_INDEX}")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm029_replacing_votes'")
    store.db.close()
    store = open_store(tmp_path / "t.db")
    assert store.db.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?", [REPLACING_INDEX]
    ).fetchone()
    store.db.execute("BEGIN IMMEDIATE")
    forget_projections(store.db)
    project_pending(store.db)
    store.db.execute("COMMIT")
    assert store.db.execute("SELECT * FROM outcomes ORDER BY household, round").fetchall() == kept
