#!/usr/bin/env bash
# The end-to-end tests and screenshots need Debian's Chromium, and a CJK font for
# the Chinese screens; install them when missing and the machine lets us (root
# with apt-get). Otherwise say so: the end-to-end tests then skip.
set -uo pipefail
chromium=${CHROMIUM_BIN:-/usr/bin/chromium}
[ -x "$chromium" ] && fc-list :lang=zh 2>/dev/null | grep -q . && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium and fonts-noto-cjk for the end-to-end tests (once)"
  { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; } \
    >/dev/null 2>&1
fi
[ -x "$chromium" ] ||
  echo "warning: no browser at $chromium and it cannot be installed here: the end-to-end tests will be skipped (install Debian's chromium)." >&2
