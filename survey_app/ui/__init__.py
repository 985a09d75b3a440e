"""The desktop window (PySide6).

Importing PySide6 replaces `__import__` for the whole process with a hook for its `__feature__`
imports (`from __feature__ import snake_case`). After each import the hook reads the source of
the module imported (`inspect.getsource`) to see whether it names PySide6. At the window's start
that was 165 modules' sources read and 12-20 ms, and every import statement after it (the
window's lazy imports) went through a Python function first. The app uses no feature, so the
hook is taken out as soon as PySide6 has put it in. PySide6's own import layer beneath it, which
loads Qt's types lazily, stays.
"""

from __future__ import annotations

import builtins

import PySide6  # noqa: F401  (puts the hook in)


def take_out_feature_import() -> None:
    """Give `__import__` back the function PySide6's feature hook calls beneath itself (its
    `__orig_import__`); nothing when the hook is not in place (another PySide6, or done)."""
    hook = getattr(builtins, "__feature_import__", None)
    beneath = getattr(builtins, "__orig_import__", None)
    if hook is not None and beneath is not None and builtins.__import__ is hook:
        builtins.__import__ = beneath


take_out_feature_import()
