"""The door-to-door path in a real X window: Xvfb is the display, xdotool types as a surveyor
(and a USB scanner) would, and the votes recorded are read back through the CLI.

Xvfb and xdotool are installed by `bash packaging/setup.sh test`; when they are missing
this test fails and says so, it is not skipped.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WINDOW_TITLE = "老旧小区改造入户征询"
CONFIRM_TITLE = "确认记录意见"
PAD_STROKE = [(1000, 440), (1040, 500), (1090, 430), (1140, 490), (1200, 450)]
"""Points inside the signature pad of the 1366×768 window (the pad fills the lower right)."""
TREE_BLANK = (230, 725)
"""Below the last household of a 12-household compound: a click there focuses the tree."""

pytestmark = pytest.mark.slow


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(
            f"{program} is not installed: this test drives a real X window. Install it with "
            "`apt-get install -y xvfb xdotool xauth` (or run `bash packaging/setup.sh test`)."
        )
    return path


def wait_for(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.1)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """A fresh X display of the laptop's size, on a free display number."""
    xvfb = need("Xvfb")
    need("xdotool")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,), stderr=(tmp_path / "xvfb.log").open("w"),
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, (tmp_path / "xvfb.log").read_text()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def environment(tmp_path: Path, display: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }


def cli(env: dict[str, str], db: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "survey_app", "--db", str(db), *args],
        env=env, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def recorded_votes(env: dict[str, str], db: Path, folder: Path) -> dict[str, dict[str, str]]:
    """The votes as the CLI exports them (read-only), by address."""
    cli(env, db, "export", "--file", str(db), "--csv", str(folder))
    with (folder / "意见.csv").open(encoding="utf-8-sig", newline="") as sheet:
        return {row["住户编号"]: row for row in csv.DictReader(sheet)}


def place(db: Path) -> dict[str, object]:
    """Where the window says the surveyor is (it keeps this in the database at each move)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'ui_place'").fetchone()
    return json.loads(row[0]) if row else {}


class Person:
    """A surveyor's hands on the X display, through xdotool."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=90
        )
        assert done.returncode == 0, f"xdotool {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()

    def window(self, title: str) -> str:
        return self.xdotool("search", "--sync", "--onlyvisible", "--name", title).split()[-1]

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "40", *keys)

    def type(self, text: str, delay_ms: int = 40) -> None:
        self.xdotool("type", "--delay", str(delay_ms), text)

    def sign(self) -> None:
        (x, y), rest = PAD_STROKE[0], PAD_STROKE[1:]
        self.xdotool("mousemove", str(x), str(y), "mousedown", "1")
        for x, y in rest:
            self.xdotool("mousemove", str(x), str(y))
            time.sleep(0.05)
        self.xdotool("mouseup", "1")

    def screenshot(self, path: Path) -> None:
        """What the screen shows (kept next to a failed test's files)."""
        grab = (
            "import sys; from PySide6.QtGui import QGuiApplication as A; a = A([]); "
            "A.primaryScreen().grabWindow(0).save(sys.argv[1])"
        )
        subprocess.run([sys.executable, "-c", grab, str(path)], env=self.env, timeout=60)
        print(f"screen: {path}")

    def click(self, x: int, y: int) -> None:
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def confirm(self) -> None:
        """Enter on the confirm step, once it is up and has the keyboard."""
        dialog = self.window(CONFIRM_TITLE)
        wait_for(lambda: self.xdotool("getwindowfocus") == dialog, "the confirm step's focus")
        self.key("Return")


def test_door_to_door_in_a_real_window(tmp_path, display):
    env = environment(tmp_path, display)
    db = tmp_path / "survey.db"
    cli(env, db, "demo", "--compounds", "2", "--min-households", "12", "--max-households", "12",
        "--no-votes", "--no-surveys")  # fmt: skip
    cli(env, db, "round", "open", "--compound", "NH-001", "--round", "1")
    cli(
        env, db, "init", "--device", "解放街道-03", "--surveyor", "王芳"
    )  # named: no first-run step
    log = (tmp_path / "gui.log").open("w")
    app = subprocess.Popen(
        [sys.executable, "-m", "survey_app", "gui", "--db", str(db)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    try:
        person = Person(env)
        window = person.window(WINDOW_TITLE)
        person.xdotool("windowfocus", "--sync", window)
        door_vote(person, db)
        person.key("Down")  # after saving: must not switch the compound
        time.sleep(0.5)
        assert place(db)["compound"] == "NH-001"
        paper_ballot(person, db)
        votes = recorded_votes(env, db, tmp_path / "export")
    except BaseException:
        Person(env).screenshot(tmp_path / "failed.png")
        print("the app's output:", (tmp_path / "gui.log").read_text()[-4000:], sep="\n")
        raise
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(timeout=10)
        log.close()
    door = votes["NH-001/1-1-102"]
    assert (door["意见"], door["征询方式"], door["有签名"]) == ("不同意", "入户", "是")
    paper = votes["NH-001/1-1-502"]
    assert (paper["意见"], paper["征询方式"]) == ("弃权", "书面回收")
    assert set(votes) == {"NH-001/1-1-102", "NH-001/1-1-502"}


def door_vote(person: Person, db: Path) -> None:
    """From "start search" to "vote saved with signature": six actions."""
    person.key("ctrl+f")  # 1
    person.type("1-1-102")  # 2: the address and Enter
    person.key("Return")
    wait_for(lambda: place(db).get("household") == "NH-001/1-1-102", "1-1-102 to open")
    person.key("alt+2")  # 3: 不同意
    person.sign()  # 4
    person.key("Return")  # 5: the confirm step
    person.confirm()  # 6
    wait_for(lambda: recorded(db, "NH-001/1-1-102"), "the vote of 1-1-102")


def paper_ballot(person: Person, db: Path) -> None:
    """A returned ballot: one scan (with the focus in the household tree) and one choice."""
    person.click(*TREE_BLANK)
    person.type("SAB|NH-001/1-1-502|R1", delay_ms=5)  # a USB scanner: fast, then Enter
    person.key("Return")
    wait_for(lambda: place(db).get("household") == "NH-001/1-1-502", "the scanned 1-1-502")
    person.key("alt+3")
    person.key("Return")
    person.confirm()
    wait_for(lambda: recorded(db, "NH-001/1-1-502"), "the vote of 1-1-502")


def recorded(db: Path, household: str) -> bool:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT count(*) FROM votes WHERE household = ?", [household])
        return bool(row.fetchone()[0])
