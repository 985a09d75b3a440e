import sys

from survey_app.ui.app import main

sys.exit(main())
