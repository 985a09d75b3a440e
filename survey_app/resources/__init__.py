"""The app's runtime data, shipped inside the package: forms, translations and icons.

Built from the sources in the repository's `forms/` and `resources/` by
`python tools/build_resources.py`; a test checks that the copies here match their sources.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A file or folder of the package's runtime data, on disk (wheel, editable or bundle)."""
    return Path(str(files(__name__).joinpath(*parts)))
