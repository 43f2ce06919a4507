"""Huiwu windows (PySide6). Talks to core.services only, through the op runner (gui.ops)."""
