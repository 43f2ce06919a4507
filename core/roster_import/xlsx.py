"""An .xlsx roster read in bounded time and memory.

openpyxl yields every row up to a sheet's declared height, each padded to its declared width, so
one value at XFD1048576 meant 17 billion empty cells. Here the workbook's XML parts are streamed
through expat and only cells holding a value are kept. Refused in Chinese: a value outside a
roster's extent, parts unpacking beyond MAX_UNPACKED_BYTES (a zip bomb, refused on the declared
sizes before unpacking), too many parts, and any DTD (the only way to declare entities, so no
entity expansion).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from core.roster_import.cells import NumberedRow, shown
from core.roster_import.limits import (
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    broken_xlsx,
    check_extent,
    too_big_unpacked,
)

SheetRows = tuple[str, list[NumberedRow] | None]  # a sheet's title, its rows when asked for

_CHUNK = 64 * 1024
# Built-in number formats that show a date: the international ones and, in Chinese Excel, 27–31,
# 36 and 50–58 (e.g. 31 is yyyy"年"m"月"d"日"), which a file names by number only.
_DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, *range(50, 59)})


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _Handler:
    """expat callbacks; subclasses keep only what they need."""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


class _Package:
    """The zip, its parts parsed one by one against one budget of unpacked bytes."""

    def __init__(self, book: zipfile.ZipFile, name: str) -> None:
        if len(book.infolist()) > MAX_PARTS:
            raise broken_xlsx(name)
        self.book, self.name = book, name
        self.parts = {info.filename: info for info in book.infolist()}
        self.left = MAX_UNPACKED_BYTES

    def has(self, part: str) -> bool:
        return part in self.parts

    def parse(self, part: str, handler: _Handler) -> None:
        info = self.parts.get(part)
        if info is None:
            raise broken_xlsx(self.name)
        # zipfile never unpacks more than a part's declared size (a lying header fails the CRC
        # check), so the declared sizes are what the budget counts, before a byte is unpacked.
        self.left -= info.file_size
        if self.left < 0:
            raise too_big_unpacked(self.name)
        parser = self._parser(handler)
        with self.book.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _parser(self, handler: _Handler) -> expat.XMLParserType:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._refuse_doctype

        def first(name: str, attrs: dict[str, str]) -> None:
            """The root tells whether names carry a prefix (<x:c>); most files have none, and
            calling the handler directly saves a call per element on a sheet of many cells."""
            if ":" in name:
                parser.StartElementHandler = lambda n, a: handler.start(_local(n), a)
                parser.EndElementHandler = lambda n: handler.end(_local(n))
            else:
                parser.StartElementHandler, parser.EndElementHandler = handler.start, handler.end
            parser.StartElementHandler(name, attrs)

        parser.StartElementHandler = first
        parser.CharacterDataHandler = handler.text
        return parser

    def _refuse_doctype(self, *_: object) -> None:
        raise broken_xlsx(self.name)


# --- the workbook: its sheets, shared strings and date styles ---------------------------------

class _Relationships(_Handler):
    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str]] = {}  # id -> (type, target)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship":
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class _Workbook(_Handler):
    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []  # title, relationship id
        self.date1904 = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")  # r:id, whatever the prefix
            self.sheets.append((attrs.get("name", ""), rid))
        elif tag == "workbookPr":
            self.date1904 = attrs.get("date1904", "") in ("1", "true")


class _Texts(_Handler):
    """Text of <t> elements, phonetic guides (<rPh>) left out: shared strings and inline strings."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._buffer: list[str] | None = None
        self._phonetic = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "t" and not self._phonetic:
            self._buffer = []
        elif tag == "rPh":
            self._phonetic += 1

    def end(self, tag: str) -> None:
        if tag == "t" and self._buffer is not None:
            self.parts.append("".join(self._buffer))
            self._buffer = None
        elif tag == "rPh":
            self._phonetic -= 1

    def text(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)

    def take(self) -> str:
        found, self.parts = "".join(self.parts), []
        return found


class _SharedStrings(_Texts):
    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []

    def end(self, tag: str) -> None:
        super().end(tag)
        if tag == "si":
            self.strings.append(self.take())


class _Styles(_Handler):
    """Which cell styles (their index, as <c s="…"> names them) show a date."""

    def __init__(self) -> None:
        self.custom: dict[int, str] = {}
        self.formats: list[int] = []
        self._in_cell_formats = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            self.custom[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            self._in_cell_formats = True
        elif tag == "xf" and self._in_cell_formats:
            self.formats.append(_int(attrs.get("numFmtId")))

    def end(self, tag: str) -> None:
        if tag == "cellXfs":
            self._in_cell_formats = False

    def date_styles(self) -> frozenset[str]:
        from openpyxl.styles.numbers import is_date_format

        def is_date(fmt: int) -> bool:
            return is_date_format(self.custom[fmt]) if fmt in self.custom else fmt in _DATE_FORMAT_IDS

        return frozenset(str(i) for i, fmt in enumerate(self.formats) if is_date(fmt))


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1


# --- a sheet: cells holding a value ------------------------------------------------------------

class _Sheet(_Handler):
    """Cells holding a value, by row and column; one beyond a roster's extent refuses the file.
    Called for every element of the sheet, so the common cases come first and little is done."""

    def __init__(self, place: str, strings: list[str], dates: frozenset[str], date1904: bool) -> None:
        self.place, self.strings, self.dates, self.date1904 = place, strings, dates, date1904
        self.cells: dict[int, dict[int, object]] = {}
        self.row = self.column = 0
        self.kind = self.style = ""
        self.value: str | None = None
        self.inline: _Texts | None = None
        self._buffer: list[str] | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.inline is not None:
            self.inline.start(tag, attrs)
        elif tag == "c":
            self._place(attrs.get("r"))
            self.kind, self.style, self.value = attrs.get("t", "n"), attrs.get("s", ""), None
        elif tag == "v":
            self._buffer = []
        elif tag == "is":
            self.inline = _Texts()
        elif tag == "row":
            self.row = int(attrs["r"]) if "r" in attrs else self.row + 1
            self.column = 0

    def end(self, tag: str) -> None:
        if tag == "v" and self._buffer is not None:
            self.value, self._buffer = "".join(self._buffer), None
        elif tag == "c" and self.inline is None:
            self._keep(self._typed())
        elif tag == "is" and self.inline is not None:
            self.value, self.inline = self.inline.take(), None
        elif self.inline is not None:
            self.inline.end(tag)

    def text(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)
        elif self.inline is not None:
            self.inline.text(data)

    def _place(self, ref: str | None) -> None:
        if not ref:  # cells may leave out their reference: the next column then
            self.column += 1
            return
        letters = ref.rstrip("0123456789")
        self.column = _COLUMNS.get(letters) or _column_number(letters)
        self.row = int(ref[len(letters):])

    def _typed(self) -> object:
        value, kind = self.value, self.kind
        if value is None or kind in ("inlineStr", "str", "e"):
            return value
        if kind == "s":
            index = int(value)
            if index < 0:  # a list would count from the end
                raise IndexError(index)
            return self.strings[index]
        if kind == "b":
            return value.strip() in ("1", "true")
        if kind == "d":
            return _iso_date(value)
        number = _number(value)
        if number is not None and self.style in self.dates:
            return _excel_date(number, self.date1904)
        return value if number is None else number

    def _keep(self, value: object) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        if self.row > MAX_ROWS or self.column > MAX_COLUMNS:
            check_extent(self.place, self.row, self.column)
        self.cells.setdefault(self.row, {})[self.column] = value

    def rows(self) -> list[NumberedRow]:
        return [(number, [cells.get(c) for c in range(1, max(cells) + 1)])
                for number, cells in sorted(self.cells.items())]


_COLUMNS: dict[str, int] = {}  # "A" -> 1 …, filled as met (at most 26³ entries)


def _column_number(letters: str) -> int:
    if not (letters.isascii() and letters.isalpha() and len(letters) <= 3):
        raise ValueError(f"bad cell reference column {letters[:10]!r}")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    _COLUMNS[letters] = number
    return number


def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _excel_date(serial: float, date1904: bool) -> object:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    try:
        return from_excel(serial, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)
    except (OverflowError, ValueError):
        return serial


def _iso_date(text: str) -> object:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return text


# --- the package's parts, found through its relationships --------------------------------------

def _resolve(folder: str, target: str) -> str:
    return target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def _relationships(package: _Package, part: str) -> _Relationships:
    """The relationships of `part` (for the package itself, part is "")."""
    folder, name = posixpath.split(part)
    rels = _Relationships()
    path = posixpath.join(folder, "_rels", name + ".rels")
    if package.has(path):
        package.parse(path, rels)
    return rels


def _target(rels: _Relationships, kind: str, folder: str) -> str | None:
    return next((_resolve(folder, t) for k, t in rels.targets.values() if k.endswith("/" + kind)), None)


def _read(package: _Package, wanted: Callable[[str], bool]) -> list[SheetRows]:
    document = _target(_relationships(package, ""), "officeDocument", "") or "xl/workbook.xml"
    folder = posixpath.dirname(document)
    rels = _relationships(package, document)
    workbook = _Workbook()
    package.parse(document, workbook)
    strings, styles = _SharedStrings(), _Styles()
    for kind, handler in (("sharedStrings", strings), ("styles", styles)):
        part = _target(rels, kind, folder)
        if part is not None and package.has(part):
            package.parse(part, handler)
    dates = styles.date_styles()
    found: list[SheetRows] = []
    for title, rid in workbook.sheets:
        if not wanted(title):
            found.append((title, None))
            continue
        sheet = _Sheet(f"工作表“{shown(title)}”", strings.strings, dates, workbook.date1904)
        package.parse(_resolve(folder, rels.targets.get(rid, ("", ""))[1]), sheet)
        found.append((title, sheet.rows()))
    return found


def read_xlsx(path: Path, wanted: Callable[[str], bool]) -> list[SheetRows]:
    """Every sheet's title in order, with the rows of those `wanted` (None for the others)."""
    try:
        with zipfile.ZipFile(path) as book:
            return _read(_Package(book, path.name), wanted)
    except (zipfile.BadZipFile, zlib.error, expat.ExpatError, EOFError, OSError, ValueError, IndexError,
            KeyError, NotImplementedError, RuntimeError) as exc:
        raise broken_xlsx(path.name) from exc
