"""The text of a stored file, for the search (issue 14 §2): Word (.docx), Excel (.xlsx),
PowerPoint (.pptx), PDF, plain text and CSV (UTF-8, UTF-16 with its mark, GB18030).

A material is whatever a department sent, so every reader is bounded and none may fail the intake:
at most MAX_CHARS characters, MAX_PAGES pages, MAX_UNZIPPED bytes unpacked from an Office file (a
zip bomb stops there), and about TIME_BUDGET_S seconds (checked between pages, rows and chunks).
A file that cannot be read — damaged, encrypted, a scan without text — is stored all the same with
no text and a note saying why; the note is kept beside the text.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, cast
from xml.etree.ElementTree import Element, XMLPullParser

from core.services.material_files import suffix
from core.text import is_refused

MAX_CHARS = 200_000
MAX_PAGES = 500
MAX_UNZIPPED = 64 * 1024 * 1024
TIME_BUDGET_S = 5.0
_CHUNK = 64 * 1024

UNSUPPORTED = "该类型的文件不提取文字"
UNREADABLE = "文件已损坏或加密，未能提取文字"
NO_TEXT = "文件中没有可提取的文字（可能是扫描件）"
CUT_CHARS = f"文字较多，只收入前 {MAX_CHARS} 字"
CUT_PAGES = f"页数较多，只收入前 {MAX_PAGES} 页"
CUT_TIME = "提取用时过长，只收入了前一部分"
CUT_ZIP = "文件解压后过大，只收入了前一部分"


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str = ""  # empty: the whole text; else why it is empty or cut short


class _Cut(Exception):
    """A bound was reached: what was read so far is kept, with this note."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


class _Collector:
    """Pieces of text up to the bounds."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.parts: list[str] = []
        self.size = 0
        self._clock = clock
        self._deadline = clock() + TIME_BUDGET_S

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= MAX_CHARS:
            raise _Cut(CUT_CHARS)

    def tick(self) -> None:
        if self._clock() > self._deadline:
            raise _Cut(CUT_TIME)


def extract(name: str, data: bytes, *, clock: Callable[[], float] = time.monotonic) -> Extracted:
    """The text of a file called `name`; never raises for what is in the file."""
    reader = _READERS.get(suffix(name))
    if reader is None:
        return Extracted("", UNSUPPORTED)
    out = _Collector(clock)
    note = ""
    try:
        reader(data, out)
    except _Cut as cut:
        note = cut.note
    except Exception:  # noqa: BLE001 - a damaged or hostile file must never fail the intake
        return Extracted("", UNREADABLE)
    text = clean("".join(out.parts))[:MAX_CHARS]
    if not text.strip():
        return Extracted("", note or NO_TEXT)
    return Extracted(text, note)


_BLANKS = re.compile(r"[ \t]*\n[ \t\n]*\n")


def clean(text: str) -> str:
    """As the forms would take it (core.text): NFC, no control, format or private-use characters
    (PDFs are full of them), blank lines folded."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if any(is_refused(ch, multiline=True) for ch in text):
        text = "".join(" " if is_refused(ch, multiline=True) else ch for ch in text)
    return _BLANKS.sub("\n", text).strip()


# --- plain text -----------------------------------------------------------------------------

def _plain(data: bytes, out: _Collector) -> None:
    head = data[:MAX_CHARS * 4]  # no encoding we read takes more than four bytes a character
    out.add(_decoder(head).decode(head, final=False))


def _decoder(data: bytes) -> codecs.IncrementalDecoder:
    """UTF-8 or UTF-16 by their marks, else UTF-8 if it is, else GB18030 (GBK's superset, what
    Chinese Windows writes). Incremental, so a character cut at the end of `data` is dropped."""
    for mark, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(mark):
            return codecs.getincrementaldecoder(encoding)(errors="replace")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return codecs.getincrementaldecoder("utf-8")(errors="replace")
    except UnicodeDecodeError:
        return codecs.getincrementaldecoder("gb18030")(errors="replace")


# --- Office files: XML in a zip ---------------------------------------------------------------

def _members(data: bytes, pattern: str) -> Iterator[IO[bytes]]:
    """The zip's members whose names match, in page order (slide2 before slide10)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in archive.namelist() if re.fullmatch(pattern, n)]
    names.sort(key=lambda n: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", n)])
    budget = MAX_UNZIPPED
    for member in names:
        if budget <= 0:
            raise _Cut(CUT_ZIP)
        budget -= archive.getinfo(member).file_size  # zipfile reads no more than the size it declares
        yield archive.open(member)


def _xml_text(stream: IO[bytes], out: _Collector, text_tag: str, breaks: dict[str, str]) -> None:
    """The text of `text_tag` elements in document order, `breaks` written where those elements end
    (a paragraph, a cell), fed chunk by chunk so that a huge part is never held whole."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
    read = 0
    while chunk := stream.read(_CHUNK):
        read += len(chunk)
        if read > MAX_UNZIPPED:
            raise _Cut(CUT_ZIP)
        parser.feed(chunk)
        # Only "end" events were asked for: each is (event, element).
        for _event, element in cast("Iterator[tuple[str, Element]]", parser.read_events()):
            local = element.tag.rpartition("}")[2]
            if local == text_tag and element.text:
                out.add(element.text)
            elif local in breaks:
                out.add(breaks[local])
                element.clear()  # the paragraph is written: its subtree is no longer needed
        out.tick()
    parser.close()


def _docx(data: bytes, out: _Collector) -> None:
    for part in _members(data, r"word/(document|footnotes|endnotes)\.xml"):
        _xml_text(part, out, "t", {"p": "\n", "tab": "\t", "br": "\n"})


def _pptx(data: bytes, out: _Collector) -> None:
    for part in _members(data, r"ppt/slides/slide\d+\.xml"):
        _xml_text(part, out, "t", {"p": "\n"})
        out.add("\n")


def _xlsx(data: bytes, out: _Collector) -> None:
    """Each sheet's name, then its rows, cells apart by tabs (openpyxl, read-only: row by row)."""
    import openpyxl  # about 100 ms: only when an Excel file is taken in

    archive = zipfile.ZipFile(io.BytesIO(data))
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
        raise _Cut(CUT_ZIP)  # openpyxl reads the shared strings whole: nothing of this file is read
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            out.add(f"{sheet.title}\n")
            for row in sheet.iter_rows(values_only=True):
                cells = [str(v) for v in row if v is not None and str(v).strip()]
                if cells:
                    out.add("\t".join(cells) + "\n")
                out.tick()
    finally:
        book.close()


# --- PDF ----------------------------------------------------------------------------------------

def _pdf(data: bytes, out: _Collector) -> None:
    import pypdfium2 as pdfium  # about 70 ms: only when a PDF is taken in

    from core.documents.pdfium_lock import PDFIUM

    with PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            for number in range(len(document)):
                if number >= MAX_PAGES:
                    raise _Cut(CUT_PAGES)
                page = document[number]
                try:
                    text_page = page.get_textpage()
                    out.add(text_page.get_text_range() + "\n")
                    text_page.close()
                finally:
                    page.close()
                out.tick()
        finally:
            document.close()


_READERS: dict[str, Callable[[bytes, _Collector], None]] = {
    ".txt": _plain, ".csv": _plain, ".docx": _docx, ".pptx": _pptx, ".xlsx": _xlsx, ".pdf": _pdf,
}
