"""议题: the 议题库 list, the submission dialog, and the topic page with its action dialogs."""
