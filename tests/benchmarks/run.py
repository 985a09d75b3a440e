"""City-scale benchmarks: prints one table (figure, value, target, ratio, verdict) and
optionally writes it as JSON. Not collected by pytest; run it after the README's setup:

    .venv/bin/python tests/benchmarks/run.py [--json results.json] [--only NAME ...] [--quick]
                                             [--scale city]

Every figure builds its own data with the sample generator, is measured several times and
reports the median. Where the target is a ratio, the baseline and the app run in turns and the
ratio is the median of the per-pair ratios (their spread in the note). Peak memory is each
child's own, measured in a fresh process that does only the work. `--scale city` adds the
1,000-compound city (built once, cached) at 1/10, 1/4 and full size, with growth exponents.
Large data sets are cached in a temporary folder between runs (keyed by their size).
Each benchmark's time is printed as it ends; a full city run (`--scale city`, every benchmark,
not `--quick`) also reports its own wall time as a figure, against the 30 minutes it must keep
within.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import (  # noqa: F401  (registers the benchmarks)
    figures,
    server_figures,
    ui_figures,
)
from tests.benchmarks.harness import BENCHMARKS, CACHE, Figure, print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument(
        "--scale",
        choices=["city", "town"],
        help="also the city (1,000 compounds, 40 laptops) or a quarter of it",
    )
    parser.add_argument(
        "--table",
        type=Path,
        metavar="JSON",
        help="print a --json file of an earlier run as a Markdown table and stop",
    )
    args = parser.parse_args()
    if args.table:
        print(markdown_table(json.loads(args.table.read_text(encoding="utf-8"))))
        return 0
    CACHE.mkdir(parents=True, exist_ok=True)
    results: list[Figure] = []
    began = time.monotonic()
    durations: dict[str, float] = {}
    for name, run in BENCHMARKS.items():
        if args.only and name not in args.only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        start = time.monotonic()
        try:
            results += run(args)
        except Exception as error:  # one broken benchmark fails its row, not the whole table
            traceback.print_exc()
            results.append(Figure(name, float("nan"), "", 1, "max", note=f"failed: {error!r}"))
        durations[name] = time.monotonic() - start
        print(f"  {name}: {durations[name]:.0f} s", file=sys.stderr, flush=True)
    if args.scale == "city" and not args.quick and not args.only:
        results.append(whole_run(time.monotonic() - began, durations))
    print_table(results)
    if args.json:
        rows = [{**asdict(f), "ratio": f.ratio, "passed": f.passed} for f in results]
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(f.passed for f in results) else 1


def whole_run(seconds: float, durations: dict[str, float]) -> Figure:
    """The full city run's own wall time (data sets built within it included), with the
    benchmarks that took longest."""
    slowest = sorted(durations.items(), key=lambda item: -item[1])[:5]
    return Figure(
        "the whole run: every benchmark, the city included (run.py --scale city)",
        seconds / 60,
        "min",
        30,
        "max",
        note="longest: " + ", ".join(f"{name} {spent / 60:.1f} min" for name, spent in slowest),
    )


def markdown_table(rows: list[dict[str, object]]) -> str:
    """The README's table: one row per figure of one run."""
    lines = [
        "| figure | value | target | ratio | verdict | note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        figure = Figure(**{k: v for k, v in row.items() if k not in ("ratio", "passed")})  # type: ignore[arg-type]
        verdict = "pass" if figure.passed else "**miss**"
        note = str(figure.note).replace("|", "/")
        lines.append(
            f"| {figure.name} | {figure.value:.3g} {figure.unit} | {figure.target_text()} "
            f"| {figure.ratio:.2f} | {verdict} | {note} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
