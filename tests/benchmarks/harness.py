"""The benchmark harness: figures, their verdicts, the registry and the table."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
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


@dataclass(frozen=True)
class Paired:
    """Alternated baseline and app runs: the median of the per-pair ratios app/baseline, their
    spread, and the median times of each side."""

    ratio: float
    low: float
    high: float
    baseline: float
    app: float
    pairs: int

    def spread(self) -> str:
        return f"median of {self.pairs} per-pair ratios, spread {self.low:.2f}–{self.high:.2f}"


def paired_ratio(pairs: int, baseline: Callable[[], float], app: Callable[[], float]) -> Paired:
    """Baseline and app runs alternated in this process tree (which goes first alternates too):
    a slow moment of the machine then hits both sides of a pair, not one side of the figure."""
    return paired_ratios(pairs, baseline, lambda: {"app": app()})["app"]


def paired_ratios(
    pairs: int, baseline: Callable[[], float], app: Callable[[], dict[str, float]]
) -> dict[str, Paired]:
    """As `paired_ratio`, for an app run that times several steps (a collection, then the
    tables it leaves): each step's per-pair ratio to the same baseline run."""
    baselines: list[float] = []
    apps: list[dict[str, float]] = []
    for index in range(pairs):
        if index % 2:
            a, b = app(), baseline()
        else:
            b, a = baseline(), app()
        baselines.append(b)
        apps.append(a)
    result = {}
    for key in apps[0]:
        ratios = [a[key] / b for a, b in zip(apps, baselines, strict=True)]
        result[key] = Paired(statistics.median(ratios), min(ratios), max(ratios),
                             statistics.median(baselines), statistics.median(a[key] for a in apps),
                             pairs)  # fmt: skip
    return result


def paired_figure(name: str, result: Paired, unit: str, target: float, note: str = "") -> Figure:
    """A ratio figure from alternated pairs: its value is the app's median time, its baseline
    the value over the median ratio (so the ratio column shows the median per-pair ratio)."""
    return Figure(name, result.app, unit, target, "ratio", baseline=result.app / result.ratio,
                  note="; ".join(x for x in (note, result.spread()) if x))  # fmt: skip


_PEAK_REPORT = """
import json as _json, resource as _resource
print(_json.dumps({"peak_mb": _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
_FORKED_BY_SH = ["/bin/sh", "-c", '"$0" "$@"; exit $?']
"""Start the child from a small shell that forks it: a process exec'd straight from this one
keeps this one's peak as its own ru_maxrss (Linux carries it over exec), the shell's child
starts from the shell's few MB."""


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True,
                          **kwargs)  # type: ignore[call-overload]  # fmt: skip


def fresh_process(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run `code` in a new interpreter that does only that work and prints JSON objects (one a
    line); returns them merged, with `peak_mb`, the child's own peak resident memory
    (getrusage(RUSAGE_SELF) at its end)."""
    out = _run([*_FORKED_BY_SH, sys.executable, "-c", code + _PEAK_REPORT, *args], env=env)
    merged: dict[str, float] = {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            merged.update(json.loads(line))
    return merged


def time_v_peak_mb(code: str, *args: str) -> float:
    """The same child's peak as /usr/bin/time -v reports it (Maximum resident set size), to
    check that `fresh_process` counts nothing of this process."""
    out = _run(["/usr/bin/time", "-v", sys.executable, "-c", code, *args])
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    return int(match.group(1)) / 1024 if match else float("nan")


def growth_exponent(sizes: list[float], seconds: list[float]) -> float:
    """The slope of log(time) over log(size), least squares: 1 is linear, 2 quadratic."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-9)) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


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
