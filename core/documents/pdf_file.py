"""Writing a document file safely: to a temporary name in the target folder, then renamed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.store.engine import storage_errors


@contextmanager
def replaced_when_complete(path: Path) -> Iterator[Path]:
    """A temporary name beside `path` to write to: renamed to `path` when the block ends, removed
    when it fails, so a failed write (a full disk, a refused character) leaves no partial file.
    OS errors come out as the typed, Chinese ones."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with storage_errors():
        try:
            yield tmp
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)


def write_pdf(path: Path, draw: Callable[[Any], None], *, title: str) -> Path:
    """`draw` receives a reportlab Canvas; the file appears under `path` only when complete."""
    from reportlab.pdfgen.canvas import Canvas

    from core.documents.fonts import Face, register

    path = Path(path)
    with replaced_when_complete(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(595.2756, 841.8898), pageCompression=1,
                        initialFontName=register(Face.SONG).reportlab_name)  # never a base-14 font
        canvas.setTitle(title)
        canvas.setCreator("会务 Huiwu")
        draw(canvas)
        canvas.save()
    return path
