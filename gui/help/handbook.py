"""Where the handbook's files are and what its contents page lists. No Qt here.

The handbook is plain HTML (the subset QTextBrowser renders) in gui/help/pages/: index.html is
the contents page, each chapter one file, anchors as <a name="…">, pictures in images/. The folder is
package data, beside this module from source, in an installed wheel (pyproject's package-data) and
in the PyInstaller bundle (packaging/spec_common.py puts it under gui/help/pages there too).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

INDEX = "index.html"

# The chapter a page's F1 opens (None: the contents): the page names of gui.main_window.PAGES.
PAGE_CHAPTERS: dict[str, str] = {
    "今日": "window.html#home",
    "议题": "topics.html",
    "会议": "meetings.html",
    "纪要": "minutes.html",
    "督办": "followup.html",
    "统计": "window.html#pages",
    "人员与单位": "window.html#pages",
    "设置": "backup.html",
}


def handbook_dir() -> Path:
    """gui/help/pages, beside this module (the bundle's modules keep their paths under sys._MEIPASS)."""
    return Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class Chapter:
    file: str   # e.g. "minutes.html"
    title: str  # as the contents page names it


class _Links(HTMLParser):
    """Every <a href> of a page with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


class _Text(HTMLParser):
    """A page's text as the reader sees it (no tags, no style)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


@functools.lru_cache(maxsize=32)  # the pages do not change while the program runs
def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def occurrences(text: str, folder: Path | None = None) -> dict[str, int]:
    """How often `text` is in each chapter (file → count, in the contents' order; case ignored):
    the handbook's find looks through every chapter, not only the page shown."""
    folder = folder or handbook_dir()
    wanted = text.strip().casefold()
    if not wanted:
        return {}
    return {c.file: page_text(folder / c.file).casefold().count(wanted) for c in chapters(folder)}


def links(path: Path) -> list[tuple[str, str]]:
    """(href, text) of every link in one handbook page."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def chapters(folder: Path | None = None) -> list[Chapter]:
    """The chapters in the order the contents page lists them (its links to other files)."""
    folder = folder or handbook_dir()
    seen: list[Chapter] = []
    for href, text in links(folder / INDEX):
        file = href.split("#", 1)[0]
        if file and file != INDEX and all(c.file != file for c in seen):
            seen.append(Chapter(file, text))
    return seen


def resolve(chapter: str | None, folder: Path | None = None) -> tuple[Path, str]:
    """The file and anchor of "minutes", "minutes.html" or "minutes.html#signoff" (None: the contents).
    An unknown chapter is a programming error: ValueError."""
    folder = folder or handbook_dir()
    name, _, anchor = (chapter or INDEX).partition("#")
    if not name.endswith(".html"):
        name += ".html"
    path = folder / name
    if "/" in name or "\\" in name or not path.is_file():
        raise ValueError(f"使用手册中没有“{chapter}”这一章（{folder}）")
    return path, anchor
