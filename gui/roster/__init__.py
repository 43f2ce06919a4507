"""人员与单位: the roster lists, dialogs and import."""
