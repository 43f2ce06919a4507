"""Start-up benchmark (issue 7 §4): process start to the main window shown, against a bare PySide6
window in the same run. Median of RUNS rounds (after one warm-up), each round starting every variant
once, so that the machine's load falls on all of them alike; headless (offscreen).

    python packaging/startup_bench.py [--runs 9] [--check] [--importtime]

Variants:
  bare     a bare QMainWindow (packaging/startup_probe.py bare)
  source   Huiwu from source: gui.app.main opening a demo file, key in memory (startup_probe.py huiwu)
  command  the `huiwu --db FILE` command from source, key from a real Secret Service (gnome-keyring)
  frozen   dist/huiwu/huiwu --db FILE, likewise (only if dist/huiwu exists: `make package`)

Every variant is timed from outside, by Qt's painting log: "shown" is the first top-level window
painted — for Huiwu the main window, whose frame appears before the data layer is imported (the
progress dialog does not count); "ready" is when the user can work — the probe's READY line
(logged in, first page built) for `source`, the login dialog painted for `command` and `frozen`.
The target ratio applies to "shown"; "ready" is printed beside it so nothing is hidden.
`command` and `frozen` need a D-Bus session with an
unlocked gnome-keyring: the script starts one itself (dbus-run-session, throw-away HOME) when it
can, and skips them with a note otherwise.

Exit status 0; with --check, 1 when the source or frozen start-up ratio is over TARGET.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "packaging" / "startup_probe.py"
FROZEN = ROOT / "dist" / "huiwu" / "huiwu"
TARGET = 1.5
TIMEOUT = 60.0
IN_SESSION = "HUIWU_BENCH_IN_DBUS_SESSION"


def make_demo(folder: Path) -> tuple[Path, str]:
    """A demo file (roster and a little history) under a random raw key, as `huiwu demo` makes."""
    import contextlib

    from core.demo.district import DEMO_OFFICE_NAME, fill_demo, history_start
    from core.demo.meetings import fill_demo_meetings
    from core.demo.minutes import fill_demo_minutes
    from core.demo.topics import fill_demo_topics
    from core.office import Office
    from core.selftest import MEETINGS, TOPICS, _Enough, _stop_after
    from core.store.keys import RawKey

    path = folder / "demo.huiwu"
    key = RawKey.generate()
    with Office.create(path, key, DEMO_OFFICE_NAME) as office:
        fill_demo(office, since=history_start(1))
        for generate, count in ((fill_demo_topics, TOPICS), (fill_demo_meetings, MEETINGS)):
            with contextlib.suppress(_Enough):
                generate(office, 1, progress=_stop_after(count))
        fill_demo_minutes(office)
    # The file as the version before key slots kept it (its key in the keyring): the probe then logs
    # in by name (login_as), which a file with key slots does not allow. Up to the login the start is
    # the same work, or more (the file is opened before the login dialog instead of after it).
    if str(ROOT) not in sys.path:  # the test suite's helper (tests/ is not installed with the program)
        sys.path.insert(0, str(ROOT))
    from tests.legacy_files import before_key_slots

    before_key_slots(path, key)
    return path, key.secret.hex()



FLUSH = re.compile(r"Flushing QRegion\(.*\) of (\w+)\(0x[0-9a-f]+")
# Any top-level window counts as "the program is up" except the progress dialog flashed while the
# file opens. "Ready" is when the user can work: the probe's READY line (main window attached,
# first page built) or, for the real command and the bundle, the login dialog painted.
NOT_SHOWN = {"QProgressDialog"}
READY_WINDOWS = {"LoginDialog", "CreateAdminDialog"}
READY_LINE = "huiwu-startup-probe: ready"


@dataclass
class Timing:
    shown: float          # seconds to the first top-level window painted
    window: str           # its class
    ready: float | None   # seconds until the user can work (None for the bare window)


def time_one(command: list[str], env: dict[str, str], *, wait_ready: bool) -> Timing:
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            errors="replace", cwd=ROOT)
    shown: tuple[float, str] | None = None
    ready: float | None = None
    timer = threading.Timer(TIMEOUT, proc.kill)
    timer.start()
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            now = time.perf_counter() - start
            match = FLUSH.search(line)
            if shown is None and match and match.group(1) not in NOT_SHOWN:
                shown = (now, match.group(1))
            if READY_LINE in line or (match and match.group(1) in READY_WINDOWS):
                ready = now
            if shown is not None and (ready is not None or not wait_ready):
                break
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if shown is None or (wait_ready and ready is None):
        raise RuntimeError(f"{' '.join(command)}: not shown and ready within {TIMEOUT:.0f} s (exit {proc.returncode})")
    return Timing(shown[0], shown[1], ready)


def measure(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, Timing]:
    """Each variant once per round, in a shuffled order: a load that comes and goes on the machine
    (the disk writing back what the last run saved) falls on every variant alike, not on whichever
    was measured at the time or always ran next."""
    order = random.Random(7)
    for name, command in commands.items():  # warm-up: page cache, font cache, the day's first backup
        time_one(command, env, wait_ready=name != "bare")
    timings: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(runs):
        for name in order.sample(list(commands), len(commands)):
            timings[name].append(time_one(commands[name], env, wait_ready=name != "bare"))
    return {name: summary(name, found) for name, found in timings.items()}


def summary(name: str, timings: list[Timing]) -> Timing:
    shown = statistics.median(t.shown for t in timings)
    windows = "/".join(sorted({t.window for t in timings}))
    runs_text = "  ".join(f"{t.shown:.3f}" for t in timings)
    line = f"{name:8s} median {shown:.3f} s to {windows} shown"
    ready = None
    if name != "bare":
        ready = statistics.median(t.ready for t in timings if t.ready is not None)
        line += f", {ready:.3f} s to ready"
    print(f"{line}   [shown: {runs_text}]", flush=True)
    return Timing(shown, windows, ready)


def keyring_holds(db: Path, key_hex: str) -> bool:
    """Inside the private D-Bus session: the demo file's key put into gnome-keyring, for the variants
    that open it as a secretary would (the command and the bundle)."""
    if not os.environ.get(IN_SESSION):
        print("(dbus-run-session or gnome-keyring-daemon missing: command/frozen skipped)")
        return False
    from core.store.keys import RawKey, file_id
    from core.store.keystore import SystemKeyStore

    try:
        SystemKeyStore().put(file_id(db), RawKey(bytes.fromhex(key_hex)))
    except Exception as exc:  # noqa: BLE001 - reported, and those variants skipped
        print(f"(no usable keyring in the D-Bus session: {exc}; command/frozen skipped)")
        return False
    return True


def keyring_session_available() -> bool:
    return bool(shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon"))


def rerun_in_keyring_session(argv: list[str]) -> int:
    """Run this script again inside a private D-Bus session with an unlocked gnome-keyring
    (RELIABILITY.md appendix), with a throw-away HOME: the user's real keyring is never touched."""
    home = tempfile.mkdtemp(prefix="huiwu-bench-home-")
    runtime = tempfile.mkdtemp(prefix="huiwu-bench-run-")
    os.chmod(runtime, 0o700)
    env = dict(os.environ, HOME=home, XDG_RUNTIME_DIR=runtime, **{IN_SESSION: "1"})
    script = ('printf %s huiwu-bench-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null; '
              'exec "$0" "$@"')
    try:
        return subprocess.call(["dbus-run-session", "--", "sh", "-c", script, sys.executable, *argv], env=env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(runtime, ignore_errors=True)


def import_costs(top: int = 15) -> list[tuple[int, str]]:
    """`python -X importtime` of what the window needs before it can show: the biggest cumulative costs."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import core.cli.main, gui.app"], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line[len("import time:"):].split("|")
        rows.append((int(cumulative), name[1:].rstrip()))  # leading spaces: how deep the import is
    # Top-level packages only (a nested module's cost is inside its parent's).
    wanted = [r for r in rows if not r[1].startswith(" ") or r[1].strip().split(".")[0] in ("core", "gui")]
    return sorted(wanted, reverse=True)[:top]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a ratio is over {TARGET}")
    parser.add_argument("--importtime", action="store_true", help="also list the costliest imports at start")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("at least 5 runs")
    if not os.environ.get(IN_SESSION) and keyring_session_available():
        return rerun_in_keyring_session([__file__, *argv])

    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="huiwu-bench-"))
    # Qt logs each top-level window's first flush to the screen: the moment it is shown, read from
    # outside the same way for the bare window, the source, the command and the frozen bundle.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.widgets.painting.debug=true",
               HUIWU_STATE_DIR=str(work / "state"))
    env.pop("HUIWU_DB", None)
    os.environ["HUIWU_STATE_DIR"] = env["HUIWU_STATE_DIR"]  # the demo file made here leaves no trace either
    try:
        db, key_hex = make_demo(work)
        commands = {"bare": [sys.executable, str(PROBE), "bare"],
                    "source": [sys.executable, str(PROBE), "huiwu", str(db), key_hex]}
        if keyring_holds(db, key_hex):
            commands["command"] = [sys.executable, "-m", "gui.launcher", "--db", str(db)]
            if FROZEN.exists():
                commands["frozen"] = [str(FROZEN), "--db", str(db)]
            else:
                print("(no dist/huiwu: run `make package` for the frozen variant)")
        print(f"start-up to the first window shown, median of {args.runs} rounds after a warm-up, offscreen")
        results = measure(commands, env, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    bare = results["bare"].shown
    print(f"ratios to the bare window shown (target ≤ {TARGET}×); ready = the user can work:")
    over = []
    for name in ("source", "command", "frozen"):
        if name not in results:
            continue
        timing = results[name]
        ratio = timing.shown / bare
        ready = f"  ready {timing.ready / bare:.2f}×" if timing.ready is not None else ""
        note = "" if timing.window == "MainWindow" else f"  (first window is {timing.window})"
        print(f"  {name:8s} {ratio:.2f}×{'' if ratio <= TARGET else '  OVER TARGET'}{ready}{note}")
        if ratio > TARGET and name in ("source", "frozen"):
            over.append(name)
    if args.importtime:
        print("costliest imports before the window (python -X importtime, cumulative ms):")
        for cumulative, name in import_costs():
            print(f"  {cumulative / 1000:8.1f}  {name.strip()}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
