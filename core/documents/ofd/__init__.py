"""OFD (GB/T 33190-2016, the national format for electronic official documents) of issued minutes.

The minutes' own drawing code (core.documents.minutes_pdf, on the GB/T 9704 grid of gbt9704.py)
draws on a recording canvas (recorder.py) instead of reportlab's; the recorded glyph positions,
fonts, colours and rules are written as OFD pages (package.py) with the fonts embedded as subsets
(embedded_fonts.py). One drawing, two formats: the OFD's layout is the PDF's to the glyph.

Imported only when an OFD is written: neither the window's start nor the PDF pays for it.
"""
