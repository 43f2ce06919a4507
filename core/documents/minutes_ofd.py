"""Issued minutes as OFD (GB/T 33190, the national format for electronic official documents): the
PDF's drawing on the same GB/T 9704 grid, recorded and written as OFD (core.documents.ofd), so
the two files have one layout. Only issued minutes: an OFD is the document as it went out."""

from __future__ import annotations

from pathlib import Path

from core.errors import Invalid
from core.model.enums import Classification, MinutesStatus
from core.services.minutes_types import MinutesDetail


def render_minutes_ofd(path: Path, m: MinutesDetail, *, copy_number: int | None = None) -> Path:
    """`copy_number`: the 份号 of this copy, as for the PDF (classified minutes: a registered copy)."""
    from core.documents.minutes_pdf import render_minutes
    from core.documents.ofd.writer import write_ofd

    require_issued(m)
    if m.classification is not Classification.NONE and copy_number is None:
        # The PDF draws an unnumbered classified page for the preview; an OFD is always a copy out.
        raise Invalid("涉密纪要只能按份号登记簿中登记的份号另存为 OFD。")
    return render_minutes(path, m, copy_number=copy_number, write=write_ofd)


def require_issued(m: MinutesDetail) -> None:
    if m.status is not MinutesStatus.ISSUED:
        raise Invalid(f"该纪要{m.status.value}，尚未印发：只有已印发的纪要可以另存为 OFD。")
