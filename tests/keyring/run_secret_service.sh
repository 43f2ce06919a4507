#!/bin/sh
# Run the keyring_real tests against a real Secret Service (gnome-keyring) in a private D-Bus
# session, with a throw-away HOME and XDG_RUNTIME_DIR so no real keyring is ever touched.
# Recipe: RELIABILITY.md appendix. Extra arguments go to pytest.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

missing=""
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "缺少:$missing —— 无法运行真实 Secret Service 测试。" >&2
    echo "请安装: apt-get install gnome-keyring dbus-daemon libsecret-tools" >&2
    exit 3
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK/home" "$WORK/runtime"
chmod 700 "$WORK/runtime"

cd "$ROOT"
# env -u: never reach the developer's own session bus or keyring configuration.
env -u DBUS_SESSION_BUS_ADDRESS -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME \
    -u PYTHON_KEYRING_BACKEND \
    HOME="$WORK/home" XDG_RUNTIME_DIR="$WORK/runtime" HUIWU_KEYRING_SESSION=1 PYTHON="$PYTHON" \
    dbus-run-session -- sh -c '
        # --unlock creates the login keyring with this password, unlocked, and serves org.freedesktop.secrets.
        printf %s "huiwu-ci-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        "$PYTHON" -m pytest -m keyring_real -p no:cacheprovider -q tests/keyring "$@"
    ' sh "$@"
