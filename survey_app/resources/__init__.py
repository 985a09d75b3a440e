"""The app's runtime data, shipped inside the package: forms, translations and icons.

Built from the sources in the repository's `forms/` and `resources/` by
`python tools/build_resources.py`; a test checks that the copies here match their sources.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).parent


def resource_path(*parts: str) -> Path:
    """A file or folder of the package's runtime data, on disk (wheel, editable or bundle):
    beside this module, without `importlib.resources` (about 6 ms of the window's start)."""
    return PACKAGE_DIR.joinpath(*parts)
