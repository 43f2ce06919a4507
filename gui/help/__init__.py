"""帮助 → 使用手册 (F1): the Chinese handbook in gui/help/pages, shown in the program's own window.

Nothing here is imported at start-up: the main window imports gui.help.window when the user first
asks for help. gui.help.handbook finds the files (from source and from the bundle) and reads the
contents; gui.help.screenshots makes the handbook's pictures from the real windows.
"""
