"""PDFium is not thread-safe: every use in the process — the window's previews and printing, the
text of a PDF material read on the worker (core.services.material_text) — holds this one lock."""

from __future__ import annotations

import threading

PDFIUM = threading.Lock()
