"""City-scale benchmarks: prints one table (figure, value, target, ratio, verdict) and
optionally writes it as JSON. Not collected by pytest; run it after the README's setup:

    .venv/bin/python tests/benchmarks/run.py [--json results.json] [--only NAME ...] [--quick]

Every figure builds its own data with the sample generator, is measured several times and
reports the median. Where the target is a ratio, the baseline is measured in the same run.
Large data sets are cached in a temporary folder between runs (keyed by their size).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import tests.benchmarks.ui_figures  # noqa: F401  (search and start-up)
from tests.benchmarks import figures  # noqa: F401  (registers the benchmarks)
from tests.benchmarks.harness import BENCHMARKS, CACHE, Figure, print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    results: list[Figure] = []
    for name, run in BENCHMARKS.items():
        if args.only and name not in args.only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        results += run(args)
    print_table(results)
    if args.json:
        rows = [{**asdict(f), "ratio": f.ratio, "passed": f.passed} for f in results]
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(f.passed for f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
