"""数据安全: check the file, back up and restore, read and export the audit trail (issue 6 §3, §4)."""

from gui.data_safety.panel import DataSafetyPanel

__all__ = ["DataSafetyPanel"]
