#!/usr/bin/env bash
# R23: the frozen bundle's self-test, headless, inside a private D-Bus session with an unlocked
# gnome-keyring (RELIABILITY.md appendix) and a throw-away HOME, so the user's keyring is never touched.
# Prints the self-test's lines, then asserts on its JSON: every step passed, SQLCipher is the driver,
# stdlib sqlite3 is absent, the header is not plaintext, keyrings.alt is absent, PDFium drew a page
# (pypdfium2's library is in the bundle), and the keyring backend chosen is on the allowlist; then
# that the handbook's pages and pictures are where gui.help.handbook looks (beside its module).
#
#   packaging/selftest_bundle.sh [dist/huiwu/huiwu]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/dist/huiwu/huiwu}"
[ -x "$bin" ] || { echo "selftest_bundle: no bundle at $bin (run make package)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/run"
chmod 700 "$work/run"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen
unset HUIWU_DB HUIWU_PASSPHRASE
# shellcheck disable=SC2016
dbus-run-session -- sh -c '
  printf %s "ci-keyring-pass" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$0" --self-test
  "$0" --self-test json > "$1"
' "$bin" "$work/selftest.json" 2> >(grep -v "Failed to set fd limit" >&2)
python3 - "$work/selftest.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
facts = report["facts"]
failed = [s["name"] + ": " + s["detail"] for s in report["steps"] if not s["ok"]]
problems = failed[:]
if not facts.get("frozen"):
    problems.append("not the frozen program")
if not str(facts.get("driver", "")).startswith("sqlcipher3") or not facts.get("cipher_version"):
    problems.append(f"driver {facts.get('driver')!r}, cipher_version {facts.get('cipher_version')!r}")
if facts.get("stdlib_sqlite3_present") is not False:
    problems.append("stdlib sqlite3 is in the bundle (or was not checked)")
if facts.get("header_plaintext") is not False:
    problems.append("header plaintext or not checked")
if "keyrings_alt" not in facts or facts["keyrings_alt"] is not None:
    problems.append("keyrings.alt present or not checked")
if not str(facts.get("pdfium", "")).startswith("pypdfium2"):
    problems.append("PDFium (pypdfium2) did not draw a page: the preview and in-app printing would fail")
if facts.get("keyring_backend_allowed") is not True:
    problems.append(f"keyring backend {facts.get('keyring_backend')!r} not on the allowlist")
print(f"bundle self-test JSON: {len(report['steps'])} steps, SQLCipher {facts.get('cipher_version')}, "
      f"SQLite {facts.get('sqlite_version')}, keyring {facts.get('keyring_backend')}, reportlab {facts.get('reportlab')}, "
      f"{facts.get('pdfium')}")
if problems or not report["ok"]:
    print("bundle self-test FAILED: " + "; ".join(problems or ["ok is false"]))
    sys.exit(1)
print("bundle self-test passed")
PY
pages="$(dirname "$bin")/_internal/gui/help/pages"
in_bundle=$(cd "$pages" 2>/dev/null && find . -type f | sort | md5sum)
in_source=$(cd "$root/gui/help/pages" && find . -type f | sort | md5sum)
if [ "$in_bundle" != "$in_source" ]; then
  echo "bundle handbook FAILED: the files under $pages are not those of gui/help/pages" >&2
  exit 1
fi
echo "bundle handbook: $(find "$pages" -type f | wc -l) files, as in gui/help/pages"
