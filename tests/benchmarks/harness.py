"""The benchmark harness: figures, their verdicts, the registry and the table."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CACHE = Path(os.environ.get("SURVEY_APP_BENCH_CACHE", Path(tempfile.gettempdir()) / "survey-bench"))


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float
    kind: str  # "max": value ≤ target; "ratio": value / baseline ≤ target
    baseline: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        if self.kind == "ratio":
            return self.value / self.baseline if self.baseline else float("inf")
        return self.value / self.target

    @property
    def passed(self) -> bool:
        return self.ratio <= (self.target if self.kind == "ratio" else 1.0)

    def target_text(self) -> str:
        if self.kind == "ratio":
            return f"≤ {self.target:g} × baseline ({self.baseline:.3f} {self.unit})"
        return f"≤ {self.target:g} {self.unit}"


def median_of(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired_ratio(
    pairs: int, baseline: Callable[[], float], app: Callable[[], float]
) -> tuple[float, float, float]:
    """Baseline and app runs alternated in this process tree (which goes first alternates too):
    the median of the per-pair ratios app/baseline, and the median baseline and app times. A
    slow moment of the machine then hits both sides of a pair, not one side of the figure."""
    ratios, baselines, apps = [], [], []
    for index in range(pairs):
        if index % 2:
            a, b = app(), baseline()
        else:
            b, a = baseline(), app()
        ratios.append(a / b)
        baselines.append(b)
        apps.append(a)
    return statistics.median(ratios), statistics.median(baselines), statistics.median(apps)


BENCHMARKS: dict[str, Callable[[argparse.Namespace], list[Figure]]] = {}


def benchmark(name: str) -> Callable[[Callable[[argparse.Namespace], list[Figure]]], object]:
    def register(fn: Callable[[argparse.Namespace], list[Figure]]) -> object:
        BENCHMARKS[name] = fn
        return fn

    return register


def print_table(figures: list[Figure]) -> None:
    rows = [
        (f.name, f"{f.value:.3f} {f.unit}", f.target_text(), f"{f.ratio:.2f}",
         "pass" if f.passed else "FAIL", f.note)
        for f in figures
    ]  # fmt: skip
    headers = ("figure", "value", "target", "ratio", "verdict", "note")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, tuple("─" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
