"""R8: the key in a real Secret Service (gnome-keyring), and a new process opening the file from it
with nothing typed. Runs only inside run_secret_service.sh (see conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest

from core.keeping.keyfile import keyfile_path
from core.office import Office
from core.store.keys import RawKey, file_id
from core.store.keystore import SERVICE, SystemKeyStore, entry_name
from tests.conftest import before_key_slots

pytestmark = pytest.mark.keyring_real

ROOT = Path(__file__).resolve().parents[2]

_OPEN_FROM_KEYRING = textwrap.dedent("""
    import sys
    from core.errors import HuiwuError
    from core.office import Office
    from core.store.keystore import KeyringSource, SystemKeyStore
    store = SystemKeyStore()
    try:
        with Office.open(sys.argv[1], KeyringSource(store)) as office:
            print(store.describe())
            print(office.settings.office_name())
    except HuiwuError as error:
        print(type(error).__name__)
""")


def _open_in_new_process(path: Path) -> list[str]:
    # stdin closed: there is nobody to type a secret.
    done = subprocess.run([sys.executable, "-c", _OPEN_FROM_KEYRING, str(path)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_in_a_private_session() -> None:
    assert os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    assert os.environ["HOME"] != str(Path("~root").expanduser())  # never the real home


def test_key_round_trip_through_gnome_keyring(tmp_path: Path) -> None:
    store = SystemKeyStore()
    assert store.describe() == "keyring.backends.SecretService.Keyring"
    key = RawKey.generate()
    path = tmp_path / "office.huiwu"
    Office.create(path, key, "澄溪区人民政府办公室").close()
    fid = file_id(path)
    store.put(fid, key)

    stored = keyring.get_password(SERVICE, entry_name(fid))
    assert stored == key.secret.hex()
    assert len(stored) == 64 and "\n" not in stored and stored.strip() == stored
    # Read back by libsecret's own tool too, not only by the library that wrote it.
    assert shutil.which("secret-tool"), "secret-tool missing: apt-get install libsecret-tools"
    looked_up = subprocess.run(["secret-tool", "lookup", "service", SERVICE, "username", entry_name(fid)],
                               capture_output=True, text=True, timeout=30)
    assert looked_up.stdout == key.secret.hex()

    assert _open_in_new_process(path) == ["keyring.backends.SecretService.Keyring", "澄溪区人民政府办公室"]

    store.delete(fid)
    assert store.get(fid) is None and keyring.get_password(SERVICE, entry_name(fid)) is None
    store.delete(fid)  # deleting what is gone is not an error
    assert _open_in_new_process(path) == ["KeyMissing"]
    with Office.open(path, key) as office:  # the file itself is fine: only the entry went
        assert office.settings.office_name() == "澄溪区人民政府办公室"


def test_cli_init_leaves_the_keyring_alone_and_prints_the_sheet(tmp_path: Path) -> None:
    """`huiwu init` with a real keyring: the recovery code and sheet are given once; the key goes
    to no keyring (issue 11 §1), later commands open the file through the administrator's account,
    and the printed code opens it too."""
    env = {k: v for k, v in os.environ.items() if k not in ("HUIWU_PASSPHRASE", "HUIWU_DB")}
    env.update({"HUIWU_USER": "admin", "HUIWU_PASSWORD": "Admin-2026pw"})
    db, sheet = tmp_path / "office.huiwu", tmp_path / "sheet.pdf"

    def huiwu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "core.cli", "--db", str(db), *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=60)

    made = huiwu("init", "--office-name", "澄溪区人民政府办公室", "--recovery-sheet", str(sheet))
    assert made.returncode == 0, made.stderr
    code_line = next(line.strip() for line in made.stdout.splitlines() if line.strip().count("-") == 15)
    assert sheet.read_bytes().startswith(b"%PDF")
    assert keyring.get_keyring().get_password(SERVICE, entry_name(file_id(db))) is None
    checked = huiwu("check")
    assert checked.returncode == 0, checked.stderr
    keyfile_path(db).unlink()  # the key file lost: the printed code opens the file and rebuilds it
    code_file = tmp_path / "code.txt"
    code_file.write_text(code_line, encoding="utf-8")
    assert huiwu("--passphrase-file", str(code_file), "check").returncode == 0
    assert huiwu("check").returncode == 0



def test_a_pending_entry_left_by_an_earlier_version_is_promoted_by_the_next_process(tmp_path: Path) -> None:
    """R5 with gnome-keyring, for a file from before key slots that an earlier version (pending key
    in the keyring) was rotating when it was cut short after the rekey: the next process that opens
    the file from the keyring finds the pending entry and promotes it."""
    from core.store.keystore import pending_entry_name

    store = SystemKeyStore()
    key, new = RawKey.generate(), RawKey.generate()
    path = tmp_path / "office.huiwu"
    Office.create(path, key, "澄溪区人民政府办公室").close()
    before_key_slots(path, key)
    fid = file_id(path)
    store.put(fid, key)
    store.put_pending(fid, new)
    assert keyring.get_password(SERVICE, pending_entry_name(fid)) == new.secret.hex()
    with Office.open(path, key) as office:  # the rekey ran; the promotion did not
        office.change_key(new)
    assert _open_in_new_process(path) == ["keyring.backends.SecretService.Keyring", "澄溪区人民政府办公室"]
    assert store.get(fid) == new and store.get_pending(fid) is None


def test_key_rotation_goes_through_the_key_file_and_takes_the_old_key_out_of_the_keyring(tmp_path: Path) -> None:
    """A file with key slots whose key was also put in the keyring (the first-run wizard does so):
    更换密钥 keeps the pending key in the key file, never in the keyring, and afterwards removes the
    keyring's entry, which would open only the older backups; the account opens the file as before."""
    from core.keeping import keyfile, rotation
    from core.store.keystore import KeyringSource, pending_entry_name

    store = SystemKeyStore()
    key, new = RawKey.generate(), RawKey.generate()
    path = tmp_path / "office.huiwu"
    with Office.create(path, key, "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", "Admin#2026x")
    fid = file_id(path)
    store.put(fid, key)
    with Office.open(path, KeyringSource(store)) as office:
        office.log_in("admin", "Admin#2026x")
        rotation.rotate(office, new)
    assert keyring.get_password(SERVICE, entry_name(fid)) is None
    assert keyring.get_password(SERVICE, pending_entry_name(fid)) is None
    assert _open_in_new_process(path) == ["KeyMissing"]
    kept = keyfile.load(path)
    assert kept is not None and kept.pending is None
    with Office.open_as(path, "admin", "Admin#2026x") as office:
        assert office.key_for_backup() == new
