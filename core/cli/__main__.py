"""`python -m core.cli`: the headless commands without the window."""

import sys

from core.cli import main

sys.exit(main())
