"""The log never holds the key, the recovery code or a password (issue 6 §6, R24b): everything the
program logs at DEBUG (SQLAlchemy's statements included) during create, open with the recovery
code, a wrong key, and logins, compared against those secrets."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from core.errors import HuiwuError
from core.office import Office
from core.store import recovery
from core.store.keys import RawKey, key_from_text


def test_secrets_never_reach_the_log(tmp_path: Path) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "alembic"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    key = RawKey.generate()
    code = recovery.encode(key.secret)
    password = "Huiwu-秘书科-2026!"
    try:
        db = tmp_path / "office.huiwu"
        with Office.create(db, key, "澄溪区人民政府办公室") as office:
            office.accounts.create_first_admin("admin", password)
        with Office.open_with_secret(db, key_from_text(code)) as office:
            office.accounts.login("admin", password)
            with pytest.raises(HuiwuError):
                office.accounts.login("admin", password + "x")
        with pytest.raises(HuiwuError):
            Office.open(db, RawKey.generate())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name in ("sqlalchemy.engine", "sqlalchemy.pool", "alembic"):
            logging.getLogger(name).setLevel(logging.WARNING)
    log = stream.getvalue()
    assert len(log) > 1000  # the statements really were logged
    for secret in (key.secret.hex(), key.secret.hex().upper(), code, code.replace("-", ""), password):
        assert secret not in log
