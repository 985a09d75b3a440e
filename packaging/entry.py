"""Entry point of the desktop bundle: `survey-app-gui` (or `survey-app` with no arguments, a
double-click) opens the window; otherwise it is the `survey-app` command line."""

import sys
from pathlib import Path

from survey_app.cli import main

if __name__ == "__main__":
    if len(sys.argv) == 1 or Path(sys.argv[0]).stem.endswith("-gui"):
        sys.argv[1:1] = ["gui"]
    main()
