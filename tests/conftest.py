"""Shared fixtures: a fresh laptop database per test, and a compound with a small roster."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from survey_app.core import clock
from survey_app.core.errors import UnreadableFile
from survey_app.store import driver
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.encryption import file_key


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules with the longest tests start first, the bundle build's before those with a
    test marked slow, so that the other test processes run the short ones beside them instead
    of one core finishing a long one alone at the end. A module stays together (its fixtures
    are built once) and keeps its order."""

    def kind(item: pytest.Item) -> int:
        return (
            0 if item.get_closest_marker("bundle") else 1 if item.get_closest_marker("slow") else 2
        )

    module_kind: dict[Path, int] = {}
    for item in items:
        module_kind[item.path] = min(module_kind.get(item.path, 2), kind(item))
    items.sort(key=lambda item: module_kind[item.path])


@pytest.fixture(autouse=True)
def closed_widgets_deleted() -> Iterator[None]:
    """The widgets a test registered with qtbot are closed and marked for deletion after it;
    without an event loop between tests they stayed, and each window test went through every
    earlier test's widgets (300 more per screenshot test, its CPU time growing with them)."""
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        from PySide6.QtCore import QEvent

        widgets.QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def times_shown_as_chosen_by_the_test() -> Iterator[None]:
    """The window's time-zone choice lasts for the process; each test starts without one."""
    yield
    clock.choose(None)


TEST_PASSPHRASE = "测试口令 laptop"
TEST_CENTRAL_PASSPHRASE = "测试口令 central"


@pytest.fixture(autouse=True)
def passphrases_for_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line encrypts the files it makes; its passphrases come from these variables
    (stores built directly in tests stay plain)."""
    monkeypatch.setenv("SURVEY_APP_PASSPHRASE", TEST_PASSPHRASE)
    monkeypatch.setenv("SURVEY_APP_CENTRAL_PASSPHRASE", TEST_CENTRAL_PASSPHRASE)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "laptop.db", device_name="测试-01", surveyor="王芳")
    yield opened
    opened.close()


@pytest.fixture
def compound(store: Store) -> str:
    save_compound(store=store, code="NH-001", name="东方新村", street="解放街道")
    return "NH-001"


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding=encoding)
    return path


def open_cli_file(path: Path) -> driver.Connection:
    """A connection to a file the command line made (encrypted with the test passphrases)."""
    for passphrase in (TEST_PASSPHRASE, TEST_CENTRAL_PASSPHRASE):
        try:
            return driver.connect(str(path), key=file_key(path, passphrase))
        except UnreadableFile:
            continue
    raise AssertionError(f"{path} opens with neither test passphrase")
