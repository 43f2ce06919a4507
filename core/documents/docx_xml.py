"""WordprocessingML helpers for what python-docx has no API for: children put in schema order,
fonts, sizes, exact line spacing, indents, tabs and paragraph rules.

Word refuses a file whose children break the schema's order, so every element is created through
`put` with the order list of its parent.
"""

from __future__ import annotations

from typing import Any

PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark")
# The part of CT_Settings' sequence around the elements this program writes.
SETTINGS_ORDER = ("zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries",
                  "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth",
                  "printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts",
                  "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
                  "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors",
                  "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles",
                  "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                  "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
                  "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
                  "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
                  "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
                  "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
                  "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
                  "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
                  "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
                  "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
                  "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
                  "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
                  "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                  "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
                  "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
                  "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                  "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                  "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                  "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return str(docx_qn(tag))


def put(parent: Any, tag: str, order: tuple[str, ...] = PPR_ORDER) -> Any:
    """The child `w:tag` of `parent` (created in schema order if missing)."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    return insert(parent, tag, order)


def insert(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """A new child `w:tag` of `parent`, after any of its kind already there, in schema order."""
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    later = set(order[order.index(tag) + 1:]) if tag in order else set()
    for child in parent:
        if isinstance(child.tag, str) and child.tag.split("}")[-1] in later:
            child.addprevious(el)
            return el
    parent.append(el)
    return el


def attrs(el: Any, **values: str) -> Any:
    for key, value in values.items():
        el.set(qn(f"w:{key}"), value)
    return el


def fonts(rpr: Any, name: str, *, hint: bool = False) -> None:
    """All four font slots to `name`, theme fonts removed (they would override the names)."""
    el = put(rpr, "rFonts", RPR_ORDER)
    for attr in list(el.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del el.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        el.set(qn(f"w:{slot}"), name)
    if hint:
        el.set(qn("w:hint"), "eastAsia")


def size(rpr: Any, pt: float) -> None:
    for tag in ("sz", "szCs"):
        put(rpr, tag, RPR_ORDER).set(qn("w:val"), str(round(pt * 2)))


def tracking(rpr: Any, twentieths: int) -> None:
    """Character spacing added after every character, in 1/20 pt (Word's 字符间距 加宽/紧缩)."""
    put(rpr, "spacing", RPR_ORDER).set(qn("w:val"), str(twentieths))


def spacing(ppr: Any, *, line: float) -> None:
    """Exact line height in pt, no space before or after."""
    attrs(put(ppr, "spacing"), before="0", after="0", line=str(round(line * 20)), lineRule="exact")


def indent(ppr: Any, *, first: int | None = None, left: int | None = None, hanging: int | None = None,
           right: int | None = None) -> None:
    """Indents in twips. Only twips: Word and WPS would prefer w:*Chars, whose 字 is the Normal
    font's size (16 pt) rather than the grid's 15.75 pt cell, and the names after "出席：" would
    then miss the column under the first one by 0.75 pt a character."""
    ind = put(ppr, "ind")
    for attr in ("firstLineChars", "leftChars", "hangingChars", "rightChars"):
        ind.attrib.pop(qn(f"w:{attr}"), None)
    for attr, value in (("firstLine", first), ("left", left), ("hanging", hanging), ("right", right)):
        if value is not None:
            ind.set(qn(f"w:{attr}"), str(value))
    if hanging is not None:
        ind.attrib.pop(qn("w:firstLine"), None)  # hanging and first-line exclude each other


def tabs(ppr: Any, stops: list[tuple[str, int]]) -> None:
    from docx.oxml import OxmlElement

    el = put(ppr, "tabs")
    for kind, pos in stops:
        tab = OxmlElement("w:tab")
        attrs(tab, val=kind, pos=str(pos))
        el.append(tab)


def borders(ppr: Any, *, bottom: tuple[int, str, int]) -> None:
    """A paragraph's bottom rule: (width in 1/8 pt, colour, distance from the text in pt)."""
    from docx.oxml import OxmlElement

    width, color, space = bottom
    el = OxmlElement("w:bottom")
    attrs(el, val="single", sz=str(width), space=str(space), color=color)
    put(ppr, "pBdr").append(el)
