"""Keys and where they live: no secret in a repr, the passphrase rule, what a typed text means,
the keyring allowlist (R7), a locked keyring, and the lost keyring entry (R10)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.errors import InvalidRecoveryCode, KeyMissing, KeyStoreUnavailable, WeakPassphrase
from core.keeping.filelock import lock_path
from core.office import Office
from core.store import keys, recovery
from core.store.keys import Passphrase, RawKey, key_from_text, read_secret_file
from core.store.keystore import KeyringSource, MemoryKeyStore, SystemKeyStore
from tests.conftest import file_digest

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[2]


# --- the key objects ----------------------------------------------------------------------------

def test_reprs_never_show_the_secret(key: RawKey) -> None:
    phrase = Passphrase("青川区会务口令-2026")
    for shown in (repr(key), str(key), f"{key!r}", repr([key, {"k": key}]), repr(phrase), str(phrase)):
        assert key.secret.hex() not in shown.lower()
        assert "会务口令" not in shown and "2026" not in shown
    assert key.pragma_value() == f"x'{key.secret.hex()}'" and len(key.secret.hex()) == 64


def test_raw_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError):
        RawKey(bytes(16))
    assert len(RawKey.generate().secret) == 32
    assert RawKey.generate() != RawKey.generate()


@pytest.mark.parametrize("short", ["", "123456789", "九个字的口令不够长"])
def test_passphrase_under_10_characters_is_refused(short: str) -> None:
    assert len(short) < 10
    with pytest.raises(WeakPassphrase) as weak:
        Passphrase(short)
    assert "10" in weak.value.message


def test_passphrase_of_10_characters_counts_characters_not_bytes() -> None:
    assert Passphrase("十个汉字组成的会务口令"[:10]).pragma_value() == "十个汉字组成的会务口令"[:10]
    assert Passphrase("0123456789").pragma_value() == "0123456789"


def test_key_from_text_recognises_a_recovery_code_however_typed(key: RawKey) -> None:
    code = recovery.encode(key.secret)
    groups = recovery.groups(code)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in code)
    for typed in (code, " ".join(groups), "  " + "-".join(groups) + "\n", full_width, "　".join(groups)):
        found = key_from_text(typed)
        assert isinstance(found, RawKey) and found == key


def test_key_from_text_otherwise_is_a_passphrase() -> None:
    found = key_from_text("我们的会务口令 2026\n")
    assert isinstance(found, Passphrase) and found.pragma_value() == "我们的会务口令 2026"


def test_recovery_code_with_a_typo_is_explained_not_tried_as_passphrase(key: RawKey) -> None:
    digits = recovery.encode(key.secret).replace("-", "")
    typo = digits[:10] + str((int(digits[10]) + 1) % 10) + digits[11:]
    with pytest.raises(InvalidRecoveryCode) as wrong:
        key_from_text(typo)
    assert "第 2 组" in wrong.value.message
    with pytest.raises(InvalidRecoveryCode) as short:
        key_from_text(digits[:-1])  # one digit missing
    assert "95 位" in short.value.message


def test_read_secret_file(tmp_path: Path, key: RawKey) -> None:
    secret = tmp_path / "key.txt"
    secret.write_text(recovery.encode(key.secret) + "\n", encoding="utf-8")
    assert read_secret_file(secret) == key


# --- the keyring allowlist (R7), in a clean subprocess ---------------------------------------

_FAKE_BACKENDS = textwrap.dedent('''
    """Backends the program must refuse. This module is not on the allowlist."""
    import os
    from pathlib import Path

    from keyring.backend import KeyringBackend
    from keyring.backends.chainer import ChainerBackend


    class PlaintextKeyring(KeyringBackend):
        """Behaves like keyrings.alt's: the secret lands in a file in the home folder."""

        priority = 0.5

        def _file(self) -> Path:
            return Path(os.environ["HOME"]) / ".local/share/python_keyring/keyring_pass.cfg"

        def set_password(self, service, username, password):
            self._file().parent.mkdir(parents=True, exist_ok=True)
            with open(self._file(), "a") as fh:
                fh.write(f"{service}:{username}={password}\\n")

        def get_password(self, service, username):
            return None

        def delete_password(self, service, username):
            pass


    def chainer(*children):
        class FixedChainer(ChainerBackend):
            backends = list(children)
        return FixedChainer()
''')

_PROBE = textwrap.dedent('''
    import json, sys
    import keyring
    from keyring.backends import SecretService, fail
    from core.errors import KeyStoreUnavailable
    from core.store.keys import RawKey
    from core.store.keystore import SystemKeyStore, backend_name, is_allowed

    def attempt(backend=None):
        try:
            store = SystemKeyStore(backend)
        except KeyStoreUnavailable as error:
            return ["refused", error.message, error.detail]
        store.put("f" * 32, RawKey.generate())  # what the app would do next
        return ["accepted", store.describe()]

    if sys.argv[1] == "installed":
        # Importing a backend class registers it, as installing keyrings.alt does.
        import fakebackends  # noqa: F401
    results = {"default_backend": backend_name(keyring.get_keyring()), "default": attempt()}
    import fakebackends
    keyring.set_keyring(fail.Keyring())
    results["fail"] = attempt()
    keyring.set_keyring(fakebackends.PlaintextKeyring())
    results["plaintext_default"] = attempt()
    results["plaintext_given"] = attempt(fakebackends.PlaintextKeyring())
    secret_service = SecretService.Keyring()
    results["chainer_mixed"] = attempt(fakebackends.chainer(secret_service, fakebackends.PlaintextKeyring()))
    results["chainer_empty"] = attempt(fakebackends.chainer())
    # Controls: the check is by class, so an allowlisted chain passes it.
    results["chainer_allowed"] = is_allowed(fakebackends.chainer(secret_service))
    results["secret_service_allowed"] = is_allowed(secret_service)
    print(json.dumps(results, ensure_ascii=False))
''')


def _clean_env(home: Path, extra_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DBUS_", "XDG_", "PYTHON_KEYRING", "KEYRING"))}
    env["HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join([str(extra_path), str(ROOT)])
    return env


def test_keyring_allowlist_refuses_fail_plaintext_and_mixed_chains(tmp_path: Path) -> None:
    home, modules = tmp_path / "home", tmp_path / "modules"
    home.mkdir()
    modules.mkdir()
    (modules / "fakebackends.py").write_text(_FAKE_BACKENDS, encoding="utf-8")
    runs = {}
    for variant in ("bare", "installed"):
        done = subprocess.run([PYTHON, "-c", _PROBE, variant], capture_output=True, text=True, cwd=ROOT,
                              env=_clean_env(home, modules), timeout=60)
        assert done.returncode == 0, done.stderr
        runs[variant] = json.loads(done.stdout)
    # Without a session bus (and without keyrings.alt) keyring falls back to its fail backend;
    # with a plaintext backend installed, keyring silently prefers it (finding 1).
    assert runs["bare"]["default_backend"] == "keyring.backends.fail.Keyring"
    assert runs["installed"]["default_backend"] == "fakebackends.PlaintextKeyring"
    results = runs["installed"]
    for case in ("default", "fail", "plaintext_default", "plaintext_given", "chainer_mixed", "chainer_empty"):
        for run in runs.values():
            assert run[case][0] == "refused", (case, run[case])
            assert "钥匙串" in run[case][1]
    # the message in words; the backend refused named in the details (the log, the dialog's 详细信息)
    assert "fakebackends" not in results["plaintext_given"][1]
    assert "fakebackends.PlaintextKeyring" in results["plaintext_given"][2]
    assert results["chainer_allowed"] is True and results["secret_service_allowed"] is True
    assert not (home / ".local/share/python_keyring").exists()
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_the_plaintext_control_would_leave_a_file(tmp_path: Path) -> None:
    """Control for the test above: had the backend been used, the file check would have seen it."""
    home, modules = tmp_path / "home", tmp_path / "modules"
    home.mkdir()
    modules.mkdir()
    (modules / "fakebackends.py").write_text(_FAKE_BACKENDS, encoding="utf-8")
    code = "import fakebackends; fakebackends.PlaintextKeyring().set_password('huiwu', 'db:x', 'secret')"
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=_clean_env(home, modules), timeout=60)
    assert done.returncode == 0, done.stderr
    assert (home / ".local/share/python_keyring/keyring_pass.cfg").read_text().strip() == "huiwu:db:x=secret"


def test_locked_or_broken_keyring_is_key_store_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    """An allowlisted backend that fails (locked collection, prompt dismissed) gives a typed error."""
    from keyring.backends import SecretService
    from keyring.errors import InitError

    backend = SecretService.Keyring()

    def refuse(*_args: object) -> None:
        raise InitError("Failed to unlock the collection! Prompt dismissed")

    for method in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(backend, method, refuse)
    store = SystemKeyStore(backend)
    with pytest.raises(KeyStoreUnavailable) as locked:
        store.get("abc")
    assert "锁定" in locked.value.message
    with pytest.raises(KeyStoreUnavailable):
        store.put("abc", RawKey.generate())


def test_damaged_keyring_entry_reads_as_missing(tmp_path: Path, key: RawKey) -> None:
    """A mangled entry is treated as no entry: the recovery code path, never a crash."""

    class Backend:
        def get_password(self, _service: str, _name: str) -> str:
            return "zz" * 32 + "\n"

    store = _with_backend(Backend())
    assert store.get("abc") is None
    path = tmp_path / "office.huiwu"
    Office.create(path, key, "澄溪区人民政府办公室").close()
    with pytest.raises(KeyMissing):
        Office.open(path, KeyringSource(store))


def _with_backend(backend: object) -> SystemKeyStore:
    store = SystemKeyStore.__new__(SystemKeyStore)  # bypass the allowlist: we test get() alone
    store._backend = backend
    return store


def test_stored_value_is_64_hex_without_newline(key: RawKey) -> None:
    written: dict[str, str] = {}

    class Backend:
        def set_password(self, service: str, name: str, value: str) -> None:
            written[f"{service}/{name}"] = value

        def get_password(self, service: str, name: str) -> str | None:
            return written.get(f"{service}/{name}")

    store = _with_backend(Backend())
    store.put("abc", key)
    assert written == {"huiwu/db:abc": key.secret.hex()}
    assert store.get("abc") == key


# --- the keyring lost its entry while the file exists (R10) --------------------------------------

def test_lost_keyring_entry_asks_for_the_recovery_code_and_never_makes_a_key(
        tmp_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.huiwu"
    store = MemoryKeyStore()
    Office.create(path, key, "澄溪区人民政府办公室").close()
    before, files = file_digest(path), {p.name for p in tmp_path.iterdir()}

    real = secrets.token_bytes

    def no_new_keys(n: int = 32) -> bytes:
        if n >= 32:  # a key (nonces and salts are shorter): never made for a file that exists
            raise AssertionError("a key was generated while the file exists")
        return real(n)

    monkeypatch.setattr(secrets, "token_bytes", no_new_keys)
    monkeypatch.setattr(keys.secrets, "token_bytes", no_new_keys)
    with pytest.raises(KeyMissing) as missing:
        Office.open(path, KeyringSource(store))
    assert "恢复密钥" in missing.value.message and "不会为已有文件生成新密钥" in missing.value.message
    assert store.entries == {}  # nothing written to the key store
    assert file_digest(path) == before
    assert {p.name for p in tmp_path.iterdir()} - files <= {lock_path(path).name}

    # The secretary types the recovery code from the printed sheet.
    typed = " ".join(recovery.groups(recovery.encode(key.secret)))
    recovered = key_from_text(typed)
    assert isinstance(recovered, RawKey)
    with Office.open(path, recovered) as office:
        assert office.settings.office_name() == "澄溪区人民政府办公室"
        store.put(office.file_id, recovered)  # restore the entry
    with Office.open(path, KeyringSource(store)) as office:  # next start: nothing typed
        assert office.settings.office_name() == "澄溪区人民政府办公室"


def test_deleting_an_entry_that_is_gone_is_not_an_error() -> None:
    from keyring.errors import PasswordDeleteError

    class Backend:
        def delete_password(self, _service: str, _name: str) -> None:
            raise PasswordDeleteError("No such password!")  # what SecretService raises

    _with_backend(Backend()).delete("abc")  # must not raise KeyStoreUnavailable


def test_unavailable_keyring_during_open_releases_the_lock_and_writes_nothing(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "office.huiwu"
    Office.create(path, key, "澄溪区人民政府办公室").close()
    before = file_digest(path)

    class LockedStore(MemoryKeyStore):
        def get(self, file_id: str) -> RawKey | None:
            raise KeyStoreUnavailable(detail="Prompt dismissed")

    with pytest.raises(KeyStoreUnavailable):
        Office.open(path, KeyringSource(LockedStore()))
    assert file_digest(path) == before
    with Office.open(path, key) as office:  # the lock was given back: the recovery route works
        assert office.settings.office_name() == "澄溪区人民政府办公室"
