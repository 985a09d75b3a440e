"""Compare the window's start of two commits, each in turn with the bare PySide6 window.

    python tools/compare_startup.py BASE [CHANGED] [--rounds N]

CHANGED defaults to the working tree. Each commit is checked out into a temporary worktree
(and compiled); every round starts the bare window and both commits' windows on the
benchmark's 800-household file, in an order that alternates between rounds, and prints the
median of the per-round ratios: CHANGED / BASE, and each against the bare window. A change of
a few percent is within one run's spread on a shared machine; read the per-round ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.benchmarks.harness import CACHE, ROOT
from tests.benchmarks.ui_figures import (
    app_start,
    bare_start,
    seconds_to_painted_frame,
    startup_database,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare against")
    parser.add_argument("changed", nargs="?", help="another commit (default: the working tree)")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    db, shot = startup_database(), CACHE / "compare-startup.png"
    with tempfile.TemporaryDirectory(prefix="compare-startup-") as scratch:
        trees: dict[str, Path] = {}
        try:
            trees["base"] = worktree(args.base, Path(scratch) / "base")
            changed = Path(scratch) / "changed"
            trees["changed"] = worktree(args.changed, changed) if args.changed else ROOT
            return compare(trees, db, shot, args.rounds)
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                    str(tree)], check=False)  # fmt: skip


def worktree(commit: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(where),
                    commit], check=True)  # fmt: skip
    return where


def compare(trees: dict[str, Path], db: Path, shot: Path, rounds: int) -> int:
    for tree in trees.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", "survey_app"], cwd=tree,
                       check=True)  # fmt: skip

    def start(side: str) -> float:
        if side == "bare":
            return seconds_to_painted_frame(bare_start(shot))
        tree = trees[side]
        return seconds_to_painted_frame(app_start(db, shot), cwd=tree,
                                        extra_env={"PYTHONPATH": str(tree)})  # fmt: skip

    for side in ("base", "changed"):
        start(side)  # the file cache warmed
    times: dict[str, list[float]] = {"bare": [], "base": [], "changed": []}
    for turn in range(rounds):
        order = ["bare", "base", "changed"]
        for side in order if turn % 2 else reversed(order):
            times[side].append(start(side))
    for side, seconds in times.items():
        print(f"{side:8} median {statistics.median(seconds):.3f} s")
    for side in ("base", "changed"):
        print(f"{side:8} / bare  {summary(times[side], times['bare'])}")
    print(f"changed / base  {summary(times['changed'], times['base'])}")
    return 0


def summary(side: list[float], other: list[float]) -> str:
    ratios = [a / b for a, b in zip(side, other, strict=True)]
    return (f"median {statistics.median(ratios):.3f} per round, spread "
            f"{min(ratios):.2f}–{max(ratios):.2f} ({len(ratios)} rounds)")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
