"""The fonts an OFD carries: each TrueType file the page used, cut down with fontTools to the
characters drawn in it. A CJK font file is 10–20 MB; what one minutes uses of it is a few hundred
KB, and the reader needs no installed font to show the page as printed (GB/T 33190 §11.1: a
font's FontFile travels in the package).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EmbeddedFont:
    family: str  # the file's own family name: a reader without the embedded file looks it up
    data: bytes  # a TrueType file holding the glyphs of the characters used


def embed(path: Path, index: int, chars: set[str]) -> EmbeddedFont:
    """The subset of font `index` of `path` (a .ttf, or one font of a .ttc) for `chars`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools notes every table it drops (BDF, FFTM …) as a warning: nothing for the user.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    options = subset.Options()
    options.name_IDs = ["*"]          # keep the names: the family, and the licence text
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = []      # every glyph is placed by the OFD itself: no shaping tables
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE",
                            "EBDT", "EBLC", "EBSC"]  # bitmap strikes: the PDF draws outlines too
    # Hinting stays, as in the PDF's subset (reportlab copies the glyph programs), and the glyphs are
    # copied as they are, not recompiled to recompute boxes they already have: three times faster.
    options.hinting = True
    with TTFont(str(path), fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False) as font:
        family = font["name"].getBestFamilyName() or path.stem
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    return EmbeddedFont(family, out.getvalue())
