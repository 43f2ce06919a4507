"""Import of the roster from .xlsx (sheets 单位, 人员任职, 分管, AB角, 委托) or .csv (one table per file).

    summary = import_file(office.roster, path)     # raises ImportRejected listing every bad row

Three steps, so that nothing is written unless the whole file is valid:
  1. reading.parse_file: cells to typed rows; bad cells (names, labels, dates) become problems.
     Files over 10 MB, and tables far beyond a roster's extent, are refused at once (limits).
  2. planning.plan_import: names resolved against the stored roster and the file, then every rule
     of core.rules.roster checked against the stored roster plus the earlier rows of the file.
  3. RosterService.import_roster takes a snapshot, plans (step 2) and writes the plan in one
     transaction with one audit record.
This package never imports the roster service: the service depends on the plan, not the reverse.

People are matched by name. Two people may share a name only if their 人员备注 differ; a reference
in another sheet then names the person as “姓名（备注）”. An ambiguous plain name is refused.
The layout is documented in docs/roster-import.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from core.roster_import.reading import parse_file
from core.roster_import.rows import ParsedRoster
from core.roster_import.template import write_template
from core.services.roster_types import ImportSummary

__all__ = ["RosterWriter", "import_file", "parse_file", "write_template"]


class RosterWriter(Protocol):
    """What writes a parsed file (RosterService), named here so this package need not import it."""

    def import_roster(self, parsed: ParsedRoster) -> ImportSummary: ...


def import_file(roster: RosterWriter, path: str | Path) -> ImportSummary:
    """Parse, check and write a roster file; ImportRejected lists every problem, nothing written."""
    return roster.import_roster(parse_file(path))
