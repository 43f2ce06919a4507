"""Entry point of the frozen program: the same `main()` as the `huiwu` command (gui.launcher)."""

import sys

from gui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
