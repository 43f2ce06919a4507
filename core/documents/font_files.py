"""What the font files in the font folders are, read from the files themselves: each face's family
names (the `name` table, in every language it gives), its weight, whether it declares Chinese
code pages, and whether its outlines are TrueType (embeddable by reportlab) or CFF (not).

Only the table directory, `name` and `OS/2` are read — a few kilobytes a file, never the glyphs —
and the folders are scanned once per process, when a document is first rendered (not at start-up).
A file that cannot be read is left out: a broken font never stops printing.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
_MAX_TABLE = 1 << 20      # a name table larger than 1 MB is not a font's
_FAMILY_IDS = (1, 4, 16)  # family, full name, typographic family
_GB2312, _BIG5 = 1 << 18, 1 << 20  # OS/2 ulCodePageRange1 bits


@dataclass(frozen=True)
class FontFace:
    """One face of a font file (a .ttc holds several, told apart by `index`)."""

    path: Path
    index: int
    families: tuple[str, ...]
    weight: int = 400
    chinese: bool = False  # declares the GB2312 or Big5 code page
    cff: bool = False      # PostScript (CFF) outlines: reportlab cannot embed them

    @property
    def name(self) -> str:
        """The family name a Chinese reader knows it by: the Chinese one when the font gives one."""
        chinese = [f for f in self.families if any("\u4e00" <= ch <= "\u9fff" for ch in f)]
        return (chinese or list(self.families) or [self.path.stem])[0]


def scan(folders: Iterable[Path]) -> tuple[FontFace, ...]:
    """Every face of every font file under `folders`, in folder order (the first folder wins ties)."""
    faces: list[FontFace] = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().endswith(SUFFIXES):
                    faces += read_faces(Path(root) / name)
    return tuple(faces)


def read_faces(path: Path) -> list[FontFace]:
    try:
        with open(path, "rb") as f:
            if f.read(4) == b"ttcf":
                _version, count = struct.unpack(">II", f.read(8))
                offsets = struct.unpack(f">{min(count, 64)}I", f.read(4 * min(count, 64)))
            else:
                offsets = (0,)
            return [_face(f, path, index, offset) for index, offset in enumerate(offsets)]
    except (OSError, struct.error, ValueError):
        return []


def _face(f: BinaryIO, path: Path, index: int, offset: int) -> FontFace:
    f.seek(offset)
    version, count = struct.unpack(">4sH", f.read(6))
    f.read(6)
    tables: dict[bytes, tuple[int, int]] = {}
    for _ in range(min(count, 128)):
        tag, _checksum, where, length = struct.unpack(">4sIII", f.read(16))
        tables[tag] = (where, length)
    if b"name" not in tables:
        raise ValueError("no name table")
    weight, pages = _os2(_table(f, tables.get(b"OS/2")))
    return FontFace(path, index, _families(_table(f, tables[b"name"])), weight, bool(pages & (_GB2312 | _BIG5)),
                    cff=version == b"OTTO" or b"CFF " in tables or b"CFF2" in tables)


def _table(f: BinaryIO, entry: tuple[int, int] | None) -> bytes:
    if entry is None:
        return b""
    where, length = entry
    if length > _MAX_TABLE:
        raise ValueError("table too large")
    f.seek(where)
    return f.read(length)


def _os2(data: bytes) -> tuple[int, int]:
    """(usWeightClass, ulCodePageRange1); a version-0 table has no code pages."""
    weight = struct.unpack_from(">H", data, 4)[0] if len(data) >= 6 else 400
    pages = struct.unpack_from(">I", data, 78)[0] if len(data) >= 82 else 0
    return weight, pages


def _families(data: bytes) -> tuple[str, ...]:
    _format, count, strings = struct.unpack_from(">HHH", data, 0)
    found: dict[str, None] = {}
    for n in range(count):
        platform, encoding, _lang, name_id, length, where = struct.unpack_from(">6H", data, 6 + 12 * n)
        if name_id in _FAMILY_IDS:
            raw = data[strings + where:strings + where + length]
            text = _decode(platform, encoding, raw).strip("\x00 ")
            if text:
                found.setdefault(text)
    return tuple(found)


def _decode(platform: int, encoding: int, raw: bytes) -> str:
    if platform == 1:  # Macintosh: Roman, or GB2312 for simplified Chinese (encoding 25)
        return raw.decode("gbk" if encoding == 25 else "mac_roman", errors="replace")
    if platform == 3 and encoding in (3, 4):  # Windows PRC / Big5: the bytes padded to 16 bits
        return raw.replace(b"\x00", b"").decode("gbk" if encoding == 3 else "big5", errors="replace")
    return raw.decode("utf-16-be", errors="replace")
