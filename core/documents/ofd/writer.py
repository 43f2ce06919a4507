"""write_ofd: the counterpart of core.documents.pdf_file.write_pdf. `draw` gets a recording canvas
instead of reportlab's; the pages it draws become an OFD package, written whole or not at all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.documents.fonts import Face, ResolvedFont, candidates, register
from core.documents.ofd.embedded_fonts import embed
from core.documents.ofd.package import Fonts, Ids, package
from core.documents.ofd.recorder import Page, RecordingCanvas
from core.documents.pdf_file import replaced_when_complete


def write_ofd(path: Path, draw: Callable[[Any], None], *, title: str) -> Path:
    canvas = RecordingCanvas(register(Face.SONG).reportlab_name)  # write_pdf's initial font
    draw(canvas)
    canvas.save()
    data = ofd_bytes(canvas.pages, title=title)
    path = Path(path)
    with replaced_when_complete(path) as tmp:
        tmp.write_bytes(data)
    return path


def ofd_bytes(pages: list[Page], *, title: str) -> bytes:
    ids = Ids()
    fonts = embedded(pages, ids)
    return package(pages, fonts, ids, title=title, today=dt.date.today())


def embedded(pages: list[Page], ids: Ids) -> Fonts:
    """One font resource per font file, holding the characters drawn in it by every role that
    uses the file (a substitute may print both 仿宋 and 宋体)."""
    chars: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        for run in page.runs:
            chars[run.font].update(g.char for g in run.glyphs)
    by_file: dict[tuple[Path, int], list[str]] = defaultdict(list)
    for name in chars:
        chosen = _resolved(name)
        by_file[chosen.path, chosen.index].append(name)
    fonts = Fonts()
    for (path, index), names in by_file.items():
        font_id = ids.next()
        fonts.files.append((font_id, embed(path, index, set().union(*(chars[n] for n in names)))))
        fonts.by_name.update(dict.fromkeys(names, font_id))
    return fonts


def _resolved(name: str) -> ResolvedFont:
    """The file behind a name the page drew with. The name is made from the role and the file, so
    the role's candidate of that name is that file (asked without registering other fonts)."""
    for face in Face:
        for candidate in candidates(face):
            if candidate.reportlab_name == name:
                return candidate
    raise LookupError(f"the page drew with a font that is no role's: {name}")
