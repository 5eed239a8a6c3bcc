#!/usr/bin/env bash
# `npm run setup:browsers`: the three engines the tests run in, from Debian's packages (no browser
# download): chromium, firefox-esr, webkit2gtk-driver (WebKitWebDriver and MiniBrowser), and xvfb
# + xauth for MiniBrowser, which has no headless mode. Needs root (or sudo) and apt-get.
# With --if-missing it does nothing when every one of them is already there.
set -euo pipefail
need=(/usr/bin/chromium /usr/bin/firefox-esr /usr/bin/WebKitWebDriver
  /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser /usr/bin/xvfb-run /usr/bin/xauth)
if [ "${1:-}" = "--if-missing" ]; then
  missing=0
  for f in "${need[@]}"; do [ -e "$f" ] || missing=1; done
  [ "$missing" = 0 ] && exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium firefox-esr webkit2gtk-driver xvfb xauth >/dev/null
for f in "${need[@]}"; do [ -e "$f" ] || { echo "still missing after install: $f" >&2; exit 1; }; done
echo "browsers ready: $(/usr/bin/chromium --version 2>/dev/null | head -1); $(/usr/bin/firefox-esr --version); WebKitGTK $(dpkg-query -W -f='${Version}' webkit2gtk-driver)"
