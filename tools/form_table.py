"""The README's table of forms: what the reference (pyxform + ODK Validate) and survey-app say.

    python tools/form_table.py [FOLDER ...]      # default: ../shared/xlsforms (recursively)

For every .xlsx/.xls form: pyxform converts it and ODK Validate (JavaRosa, inside pyxform)
checks the XForm; `form check` reads it. A form the reference accepts must load, or be refused
only for features the desktop cannot honour (named by row). Prints a Markdown table and a
summary line; exits 1 when a form the reference accepts is refused for anything else.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from survey_app.xlsform import check_form

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "xlsforms"


def reference(path: Path) -> tuple[bool, str]:
    from pyxform.xls2xform import convert

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            convert(xlsform=str(path), validate=True, warnings=[])
        except Exception as error:  # every refusal is a result to tabulate
            first = " ".join(str(error).split())[:110]
            return False, f"{type(error).__name__}: {first}"
    return True, "accepted"


def ours(path: Path) -> tuple[str, str]:
    """("loads" | "by design" | "refused", why)."""
    result = check_form(path)
    blocking = [f for f in result.findings if f.blocks_loading]
    if result.ok:
        notices = len(result.findings)
        return "loads", f"{notices} notices" if notices else ""
    errors = [f for f in blocking if f.severity == "error"]
    shown = errors or blocking
    why = "; ".join(dict.fromkeys(f"row {f.row} {f.detail[:70]}" for f in shown[:2]))
    return ("refused" if errors else "by design"), why


def main(folders: list[str]) -> int:
    paths = sorted(p for folder in (folders or [str(SHARED)]) for p in Path(folder).rglob("*.xls*"))
    rows, bad = [], 0
    for path in paths:
        accepted, said = reference(path)
        verdict, why = ours(path)
        wrong = accepted and verdict == "refused"
        bad += wrong
        ref_text = "accepts" if accepted else f"refuses ({said})"
        rows.append(f"| {path.name} | {ref_text} | {verdict}{' — ' + why if why else ''} |")
        print(rows[-1], file=sys.stderr)
    print("| form | pyxform + ODK Validate | survey-app `form check` |")
    print("|---|---|---|")
    print("\n".join(rows))
    both = sum(1 for r in rows if "| accepts |" in r and "| loads" in r)
    print(f"\n{len(rows)} forms; both accept {both}; accepted by the reference but refused "
          f"for something other than a by-design feature: {bad}")  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
