"""One search from every page (issue 14 §2): the search dialog (Ctrl+F, or the tool bar's box),
opening what it found through the page that owns it, and the text of files stored before the
index, extracted in the background after login."""
