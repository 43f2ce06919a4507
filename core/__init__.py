"""Huiwu core: everything that is not a window. Never imports Qt."""

__version__ = "0.1.0"
