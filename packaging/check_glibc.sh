#!/usr/bin/env bash
# Which glibc the bundle needs: runs `objdump -T` over every ELF file in the bundle and reports each
# file whose required GLIBC_ symbol versions go above the floor (default 2.28: UOS 20 / Kylin V10).
#
#   packaging/check_glibc.sh [--max 2.28] [--ci] [DIR]        (DIR defaults to dist/huiwu)
#
# Each offending file is named with where it came from (from PyInstaller's COLLECT table in
# build/pyinstaller/huiwu, when present):
#   system  a library copied from the build machine's /lib or /usr/lib. The project can fix this
#           (leave it out of the bundle in packaging/spec_common.py, or bundle an older one).
#   python  the Python interpreter (libpython, lib-dynload) and the libraries it was linked with
#           on the build machine: fixable only by building on a machine with an older glibc.
#   wheel   a file shipped inside a third-party wheel (PySide6, sqlcipher3, cryptography, …):
#           fixable only by another version of that wheel.
#   unknown no COLLECT table to tell.
# Exit status: 1 if any file needs more than the floor. With --ci: 1 only for `system` and
# `unknown` files (what the project can change in its spec); `python`/`wheel` files are reported
# and the result line still says NOT compatible. Never reports a pass it did not see.
set -euo pipefail

max="2.28"
ci=0
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --max) max="$2"; shift 2 ;;
    --ci) ci=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) dir="$1"; shift ;;
  esac
done
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${dir:-$root/dist/huiwu}"
toc="${GLIBC_CHECK_TOC:-$root/build/pyinstaller/huiwu/COLLECT-00.toc}"
[ -d "$dir" ] || { echo "check_glibc: no bundle at $dir (run make package)" >&2; exit 2; }
command -v objdump >/dev/null || { echo "check_glibc: objdump not found (apt-get install binutils)" >&2; exit 2; }

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
# One line per ELF file: <highest GLIBC_ version required> <highest GLIBCXX_ or -> <path>
while IFS= read -r -d '' file; do
  [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  symbols="$(objdump -T "$file" 2>/dev/null | grep -F '*UND*' || true)"
  glibc="$(grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' <<<"$symbols" | sed 's/GLIBC_//' | sort -uV | tail -1 || true)"
  glibcxx="$(grep -oE 'GLIBCXX_[0-9]+(\.[0-9]+)+' <<<"$symbols" | sed 's/GLIBCXX_//' | sort -uV | tail -1 || true)"
  echo "${glibc:-0} ${glibcxx:--} ${file#"$dir"/}" >>"$report"
done < <(find "$dir" -type f -print0)

PYTHONDONTWRITEBYTECODE=1 python3 - "$report" "$max" "$ci" "$toc" "$dir" <<'PY'
import ast
import sys
import sysconfig
from pathlib import Path

report, floor, ci, toc, bundle = sys.argv[1], sys.argv[2], sys.argv[3] == "1", Path(sys.argv[4]), sys.argv[5]


def version(text):
    return tuple(int(p) for p in text.split("."))


# Libraries from the build machine that Python's own extension modules link with (kept in the bundle
# on purpose, see packaging/spec_common.py PYTHON_SYSTEM_LIBS): they count as the interpreter's.
python_libs = ("libssl.so", "libcrypto.so", "libffi.so", "libbz2.so", "liblzma.so", "libexpat.so",
               "libuuid.so", "libmpdec.so", "libz.so")
origin = {}
if toc.is_file():
    entries = ast.literal_eval(toc.read_text())[0]
    for entry in entries:
        dest, src = entry[0], entry[1]
        origin[dest] = src or ""
    origin.setdefault(Path(bundle).name, "PyInstaller bootloader (site-packages/PyInstaller)")


def kind(path):
    src = origin.get(path)
    if src is None and path.startswith("_internal/"):
        src = origin.get(path[len("_internal/"):])
    if src is None:
        if path == Path(bundle).name and origin:
            return "wheel", "PyInstaller bootloader"
        return "unknown", "?"
    name = Path(src).name
    if "/site-packages/" in src or "bootloader" in src:
        package = src.split("/site-packages/", 1)[-1].split("/", 1)[0]
        return "wheel", f"{package} ({src})"
    if name.startswith("libpython") or "/lib-dynload/" in src or src.startswith(sysconfig.get_paths()["stdlib"]):
        return "python", src
    if name.startswith(python_libs):
        return "python", f"{src} (linked by the Python interpreter)"
    return "system", src


rows = []
highest = (0,)
for line in Path(report).read_text().splitlines():
    glibc, glibcxx, path = line.split(" ", 2)
    if glibc == "0":
        continue
    highest = max(highest, version(glibc))
    if version(glibc) > version(floor):
        rows.append((version(glibc), glibc, glibcxx, path) + kind(path))
rows.sort(reverse=True)
files = len(Path(report).read_text().splitlines())
print(f"glibc check of {bundle}: {files} ELF files, highest required GLIBC_{'.'.join(map(str, highest))}, "
      f"floor {floor}")
by_kind = {}
for _v, glibc, glibcxx, path, k, src in rows:
    by_kind.setdefault(k, []).append(path)
    extra = f" GLIBCXX_{glibcxx}" if glibcxx != "-" else ""
    print(f"  GLIBC_{glibc}{extra}  [{k}]  {path}  <- {src}")
if not rows:
    print(f"RESULT: PASS - every ELF file needs at most GLIBC_{floor}")
    sys.exit(0)
summary = ", ".join(f"{k}: {len(v)}" for k, v in sorted(by_kind.items()))
print(f"RESULT: NOT compatible with glibc {floor} - {len(rows)} files need more ({summary})")
fixable = [p for k in ("system", "unknown") for p in by_kind.get(k, [])]
if ci and not fixable:
    print("  (--ci: none of these is a library the spec chose to copy from the build machine; they come from "
          "the Python build or third-party wheels and need an older build machine - see README 打包)")
    sys.exit(0)
if ci:
    print(f"  (--ci: {len(fixable)} of them the project can fix in packaging/spec_common.py)")
sys.exit(1)
PY
