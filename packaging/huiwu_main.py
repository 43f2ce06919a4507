"""Entry point of the frozen program: the same `main()` as the `huiwu` command (core.cli)."""

import sys

from core.cli import main

if __name__ == "__main__":
    sys.exit(main())
