#!/usr/bin/env bash
# Installs Ferry's .deb on this machine as an analyst would, checks what the install promises, and
# removes it again: `apt-get install ./ferry_*.deb` must succeed on a minimal Debian (no menu
# directories, no xdg-utils before the install) as on a desktop one, put the launcher in
# /opt/ferry, the desktop entry in the menu and a `ferry` command on PATH, and `apt-get remove`
# must take all three away.
#
# Usage: scripts/deb-install-test.sh [path/to/ferry_*.deb]
#   Without an argument it builds the package first (mvn -B -Ppackage package -DskipTests).
# Needs root or sudo (it installs a package). CI calls it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q)

fail() {
  echo "deb-install-test: FAILED: $*" >&2
  exit 1
}

start=$(date +%s)
deb=${1:-}
if [ -z "$deb" ]; then
  echo "deb-install-test: building the package"
  mvn -B -q -Ppackage package -DskipTests
  deb=$(ls target/jpackage/ferry_*.deb)
fi
[ -f "$deb" ] || fail "no package at $deb"
built=$(date +%s)

if dpkg-query -W -f='${Status}' ferry 2>/dev/null | grep -q 'ok installed'; then
  fail "ferry is already installed here; remove it first (apt-get remove ferry)"
fi
menu_dirs=absent
[ -d /usr/share/desktop-directories ] && menu_dirs=present
xdg=absent
command -v xdg-desktop-menu >/dev/null 2>&1 && xdg=present
echo "deb-install-test: before the install: menu directories $menu_dirs, xdg-desktop-menu $xdg"

# The path must start with ./ or / for apt to take it as a file.
case "$deb" in /*) ;; *) deb="./$deb" ;; esac
"${apt[@]}" install --no-install-recommends "$deb" || fail "apt-get install exited $?"

status=$(dpkg-query -W -f='${Status}' ferry)
[ "$status" = "install ok installed" ] || fail "package status is \"$status\" (half-configured?)"
[ -x /opt/ferry/bin/Ferry ] || fail "no launcher /opt/ferry/bin/Ferry"
entry=/usr/share/applications/ferry-Ferry.desktop
[ -f "$entry" ] || fail "no desktop entry $entry"
grep -q '^Exec=/opt/ferry/bin/Ferry' "$entry" || fail "the desktop entry does not start the launcher"
grep -q '^Icon=/opt/ferry/lib/Ferry.png' "$entry" || fail "the desktop entry names no icon"
[ "$(command -v ferry)" = /usr/bin/ferry ] || fail "no ferry command on PATH"
version=$(ferry --version) || fail "ferry --version exited $?"
echo "deb-install-test: ferry --version: $version"
case "$version" in *0.1.0*) ;; *) fail "unexpected version output: $version" ;; esac
installed=$(date +%s)

"${apt[@]}" remove ferry || fail "apt-get remove exited $?"
if dpkg-query -W -f='${Status}' ferry 2>/dev/null | grep -q 'ok installed'; then
  fail "ferry is still installed after apt-get remove"
fi
[ ! -e /opt/ferry/bin/Ferry ] || fail "the launcher is still there after removal"
[ ! -e "$entry" ] || fail "the desktop entry is still there after removal"
[ ! -e /usr/bin/ferry ] && [ ! -L /usr/bin/ferry ] || fail "/usr/bin/ferry is still there"
command -v ferry >/dev/null 2>&1 && fail "a ferry command is still on PATH"
end=$(date +%s)

echo "deb-install-test: passed (build $((built - start)) s, install and checks $((installed - built)) s, removal $((end - installed)) s, total $((end - start)) s)"
