"""纪要: the minutes list, the editor with versions, sign-off and issue, preview and print."""
