"""The developer tools' tests run against the window: the ui tests' offscreen platform,
isolated user folders, translations, and no unexpected question on leaving a vote."""

from tests.ui.conftest import isolated_user_dirs, no_unexpected_leave_question, translations

__all__ = ["isolated_user_dirs", "no_unexpected_leave_question", "translations"]
