"""The `huiwu` command line: `main` (core.cli.main) parses and dispatches, `doors` opens the file
through an account, `commands` does the work. This package file imports nothing, so its modules can
import one another without a circle through it."""
