"""Where the office file lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "office.huiwu"
ENV_DB = "HUIWU_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("huiwu", appauthor=False)) / FILE_NAME


def resolve_db_path(option: str | None) -> Path:
    """`--db` wins, then HUIWU_DB, then the platform's user data folder."""
    chosen = option or os.environ.get(ENV_DB)
    return Path(chosen).expanduser().absolute() if chosen else default_db_path()
