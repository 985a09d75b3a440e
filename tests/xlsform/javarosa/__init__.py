"""The differential test's JavaRosa side: compile Fill.java, convert forms, fill, compare."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.xlsform import Form, FormSession, Group, Question, Repeat
from survey_app.xlsform.answers import NOT_ANSWERED, AnswerError, range_bounds
from survey_app.xlsform.model import Item
from survey_app.xlsform.session import InstancePath
from survey_app.xlsform.xpath.check import references
from survey_app.xlsform.xpath.values import to_string

HERE = Path(__file__).resolve().parent
VOLATILE = ("now(", "today(", "random(", "uuid(", "randomize(")
WORDS = ["", "a", "abc", "是", "否", "12", "0", "-3", "2.5", "x y", "aaaa", "yes", "no", "NaN"]
# Types the random fill answers; others (geopoint, image, barcode) stay blank.
ANSWERED = {"integer", "decimal", "range", "text", "select_one", "select_multiple", "date"}
ANSWERED |= {"acknowledge", "time", "datetime"}


def validate_jar() -> Path:
    import pyxform

    jar = Path(pyxform.__file__).parent / "validators/odk_validate/bin/ODK_Validate.jar"
    assert jar.is_file(), jar
    return jar


def cache_folder() -> Path:
    """Where compiled harness classes and converted XForms are kept between runs, by content."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "survey-app-tests" / "javarosa"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable home: a folder under the system's temporary directory
        folder = Path(tempfile.gettempdir()) / f"survey-app-tests-{os.getuid()}" / "javarosa"
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()[:20]


def compile_harness(root: Path) -> list[str]:
    """The java command line that runs Fill, compiled under `root` against ODK Validate."""
    jar = validate_jar()
    javac, java = shutil.which("javac"), shutil.which("java")
    assert javac and java, "a JDK is needed: packaging/setup.sh test installs default-jdk-headless"
    folder = root / ("classes-" + _digest((HERE / "Fill.java").read_bytes(), jar.read_bytes()))
    if not (folder / "Fill.class").is_file():
        # compiled aside and renamed into place: test processes running at once may race here
        root.mkdir(parents=True, exist_ok=True)
        aside = Path(tempfile.mkdtemp(dir=root, prefix="compiling-"))
        subprocess.run(
            [javac, "-nowarn", "-d", str(aside), "-cp", str(jar), str(HERE / "Fill.java")],
            check=True,
            capture_output=True,
        )
        try:
            aside.rename(folder)
        except OSError:  # another process got there first
            shutil.rmtree(aside, ignore_errors=True)
    classpath = os.pathsep.join([str(jar), str(folder)])
    # C1 only and a serial collector: the fills are short, so warm-up matters more than peak speed
    quick = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    return [java, *quick, "-Xss8m", "-Duser.timezone=UTC", "-cp", classpath, "Fill"]


def to_xform(source: Path, root: Path) -> Path:
    """pyxform's XForm of an XLSForm (converting a large form takes pyxform many seconds, so
    the result is kept under `root` by the workbook's content and pyxform's version)."""
    import pyxform
    from pyxform.xls2xform import convert

    key = _digest(source.read_bytes(), pyxform.__version__.encode())
    target = root / "xforms" / f"{source.stem[:40]}-{key}.xml"
    if not target.is_file():
        result = convert(xlsform=str(source), validate=False, warnings=[])
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_text(result.xform, encoding="utf-8")
        partial.replace(target)
    return target


# -- refs ---------------------------------------------------------------------------------------


def ref_of(item: Item, path: InstancePath) -> str:
    """`/group[1]/repeat[i]/name[1]` for an item at an instance path (root left out)."""
    indexes = dict(path)
    steps = [*reversed(list(item.ancestors())), item]
    return "".join(
        f"/{node.name}[{indexes.get(node.key, 0) + 1 if isinstance(node, Repeat) else 1}]"
        for node in steps
    )


def repeat_ref(repeat: Repeat, path: InstancePath) -> str:
    """The ref Fill.java names a repeat by: its parent's ref and the repeat's name."""
    return ref_of(repeat, path).rsplit("[", 1)[0]


# -- random fills --------------------------------------------------------------------------------


@dataclass
class Fill:
    label: str
    session: FormSession
    answers: list[tuple[str, str]] = field(default_factory=list)
    repeats: list[tuple[str, int]] = field(default_factory=list)


def random_fill(form: Form, seed: int, label: str) -> Fill:
    """Answers a form in document order the way a person would in Collect, with `seed`."""
    session = FormSession(form, clock=lambda: dt.datetime(2026, 1, 5, 10, 0, 0))
    fill = Fill(label, session)
    _fill_items(fill, random.Random(seed), form.children, ())
    return fill


def _fill_items(fill: Fill, rng: random.Random, items: list[Item], path: InstancePath) -> None:
    session = fill.session
    for item in items:
        if isinstance(item, Repeat):
            if not session.is_relevant(item, path):
                continue
            if item.repeat_count is None:
                wanted = rng.choice([0, 1, 1, 2, 2, 3])
                fill.repeats.append((repeat_ref(item, path), wanted))
                for _ in range(wanted):
                    index = session.add_repeat(item.key, path)
                    _fill_items(fill, rng, item.children, (*path, (item.key, index)))
            else:
                for index in range(session.instance_count(item, path)):
                    _fill_items(fill, rng, item.children, (*path, (item.key, index)))
        elif isinstance(item, Group):
            if session.is_relevant(item, path):
                _fill_items(fill, rng, item.children, path)
        elif isinstance(item, Question):
            _answer(fill, rng, item, path)


def _answer(fill: Fill, rng: random.Random, question: Question, path: InstancePath) -> None:
    session = fill.session
    if question.type not in ANSWERED or question.type in NOT_ANSWERED:
        return
    if not session.is_relevant(question, path) or session.is_read_only(question, path):
        return
    if rng.random() < 0.15:
        return  # left blank
    value = _random_value(rng, session, question, path)
    if value in (None, ""):
        return
    try:
        stored = session.set_answer(question.key, value, path)
    except AnswerError:
        return
    if stored is not None:
        text = " ".join(stored) if isinstance(stored, list) else str(stored)
        fill.answers.append((ref_of(question, path), text))


def _random_value(
    rng: random.Random, session: FormSession, question: Question, path: InstancePath
) -> object:
    kind = question.type
    if kind == "integer":
        return rng.choice([0, 1, 2, 3, 5, 10, 17, 30, 99, -1])
    if kind == "decimal":
        return rng.choice([0.0, 0.5, 1.25, 2.0, 10.0, 33.3, -2.5])
    if kind == "range":
        low, high, step = range_bounds(question)
        steps = int(abs(high - low) / abs(step)) if step else 0
        return low + step * rng.randint(0, max(steps, 0)) * (1 if high >= low else -1)
    if kind == "select_one":
        names = [c.name for c in session.choices(question, path)]
        return rng.choice(names) if names else None
    if kind == "select_multiple":
        names = [c.name for c in session.choices(question, path)]
        return rng.sample(names, rng.randint(0, min(3, len(names)))) if names else None
    if kind == "date":
        return (dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))).isoformat()
    if kind == "datetime":
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))
        return f"{day.isoformat()}T{rng.randint(0, 23):02d}:{rng.choice([0, 30]):02d}:00"
    if kind == "time":
        return f"{rng.randint(0, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}:00"
    if kind == "acknowledge":
        return "OK"
    return rng.choice(WORDS)


# -- running and comparing ------------------------------------------------------------------------


@dataclass
class Node:
    relevant: bool
    required: bool
    constraint: bool | None
    value: str


def run_fills(java: list[str], xform: Path, fills: list[Fill]) -> dict[str, dict[str, Node] | str]:
    """Fill.java's report per fill label: node ref -> Node, or the error text."""
    lines = [f"FORM {xform}"]
    for fill in fills:
        lines += [f"R {ref}\t{count}" for ref, count in fill.repeats]
        lines += [f"A {ref}\t{_escape(value)}" for ref, value in fill.answers]
        lines.append(f"GO {fill.label}")
    done = subprocess.run(
        java, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return _parse(done.stdout)


def javarosa_refusal(java: list[str], xform: Path) -> str | None:
    """JavaRosa's error when it cannot even open the form unanswered (as ODK Validate)."""
    done = subprocess.run(
        java, input=f"FORM {xform}\nGO probe\n", capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = _parse(done.stdout)["probe"]
    return report if isinstance(report, str) else None


def _parse(output: str) -> dict[str, dict[str, Node] | str]:
    reports: dict[str, dict[str, Node] | str] = {}
    nodes: dict[str, Node] = {}
    label = ""
    for line in output.splitlines():
        if line.startswith("FILL "):
            label, nodes = line[5:], {}
            reports[label] = nodes
        elif line.startswith("N "):
            ref, relevant, required, constraint, value = line[2:].split("\t", 4)
            check = None if constraint == "-" else constraint == "1"
            nodes[ref] = Node(relevant == "1", required == "1", check, _unescape(value))
        elif line.startswith("ERR "):
            reports[label] = _unescape(line[4:])
    return reports


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
        else:
            out.append(char)
    return "".join(out)


@dataclass
class Tally:
    relevance: int = 0
    required: int = 0
    calculations: int = 0
    constraints: int = 0
    errors: int = 0  # fills both engines stopped with an evaluation error on the same field
    differences: list[str] = field(default_factory=list)


def compare(fill: Fill, nodes: dict[str, Node], tally: Tally) -> None:
    session = fill.session
    volatile = _volatile(session.form)
    for item, path in session.instances():
        assert isinstance(item, Question)
        if item.type in NOT_ANSWERED - {"calculate", "note"}:
            continue
        ref = ref_of(item, path)
        node = nodes.get(ref)
        if node is None:
            tally.differences.append(f"{fill.label} {ref}: JavaRosa has no such node")
            continue
        relevant = session.is_relevant(item, path)
        tally.relevance += 1
        if relevant != node.relevant:
            tally.differences.append(f"{fill.label} {ref}: relevant {relevant} != {node.relevant}")
            continue
        if not relevant:
            continue
        if item.type not in NOT_ANSWERED:
            tally.required += 1
            required = session.is_required(item, path)
            if required != node.required:
                tally.differences.append(
                    f"{fill.label} {ref}: required {required} != {node.required}"
                )
        if item.calculation is not None and item.name not in volatile:
            tally.calculations += 1
            ours = to_string(session.value(item, path))
            if ours != node.value:
                text = item.calculation.text
                tally.differences.append(
                    f"{fill.label} {ref}: calculate {text!r} = {ours!r}, JavaRosa {node.value!r}"
                )
        if node.constraint is not None and item.constraint is not None:
            if item.name in volatile:
                continue
            tally.constraints += 1
            ours_ok = session.meets_constraint(item, path)
            if ours_ok != node.constraint:
                tally.differences.append(
                    f"{fill.label} {ref}: constraint {item.constraint.text!r} on "
                    f"{node.value!r}: {ours_ok} != {node.constraint}"
                )


def failed_alike(fill: Fill, error: str) -> bool:
    """Whether JavaRosa's evaluation error names a field the project also failed to evaluate
    (e.g. a calculation reading a question repeated in several instances)."""
    match = re.search(r"Error evaluating field '([^']+)'", error)
    if match is None:
        return False
    session = fill.session
    for item, path in session.instances():
        assert isinstance(item, Question)
        session.is_relevant(item, path)
        if item.calculation is not None:
            session.value(item, path)
    return any(key == match.group(1) for _, key in session.evaluation_errors)


def _volatile(form: Form) -> set[str]:
    """Questions whose values depend on the clock or chance (directly or through others)."""
    exprs: dict[str, list[str]] = {}
    for question in form.questions():
        parts = [question.calculation, question.constraint, question.default]
        texts = [p for p in parts if p is not None and not isinstance(p, str)]
        exprs[question.name] = [t.text for t in texts]
    reads: dict[str, set[str]] = {
        q.name: set().union(*(references(e.tree) for e in _exprs(q))) for q in form.questions()
    }
    volatile = {n for n, texts in exprs.items() if any(v in t for t in texts for v in VOLATILE)}
    volatile |= {q.name for q in form.questions() if q.type in NOT_ANSWERED - {"calculate"}}
    changed = True
    while changed:
        grown = {name for name, names in reads.items() if names & volatile} - volatile
        volatile |= grown
        changed = bool(grown)
    return volatile


def _exprs(question: Question) -> Iterator:  # type: ignore[type-arg]
    for part in (question.calculation, question.constraint, question.default):
        if part is not None and not isinstance(part, str):
            yield part
