"""A guard against a reference-counting bug of PySide6 6.12 on Python 3.11.

There, every call of a Qt method that returns nothing drops one reference to `None` (and
some calls drop references to `True`/`False`). From Python 3.12 these objects are immortal
and nothing happens; on 3.11 the app aborts with "none_dealloc" after some thousands of
calls, and a surveyor would lose the window mid-visit (saved data is safe: each save is
committed). The guard measures the leak once at start; when it is there, it gives the three
singletons a very large reference count, which is what Python 3.12 does for them anyway.
Remove it when PySide6 is fixed or Python 3.11 is no longer supported.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

HEADROOM = 1 << 40
PROBE_CALLS = 200


def leaks_none() -> bool:
    """True when void Qt calls drop references to None in this PySide6 build."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("")
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def _add_references(value: object, count: int) -> None:
    refcount = ctypes.c_ssize_t.from_address(id(value))
    refcount.value += count


def install() -> bool:
    """Apply the guard if this interpreter needs it; True when applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not leaks_none():
        return False
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < HEADROOM:
            _add_references(singleton, HEADROOM)
    return True
