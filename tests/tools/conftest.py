"""The developer tools' tests run against the window: the ui tests' offscreen platform,
isolated user folders and translations."""

from tests.ui.conftest import isolated_user_dirs, refcounts_guarded, translations

__all__ = ["isolated_user_dirs", "refcounts_guarded", "translations"]
