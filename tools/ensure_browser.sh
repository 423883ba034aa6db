#!/usr/bin/env bash
# The end-to-end tests need Debian's Chromium; install it when missing and the
# machine lets us (root with apt-get). Otherwise say so: those tests then skip.
set -uo pipefail
chromium=${CHROMIUM_BIN:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the end-to-end tests (once)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >/dev/null 2>&1 && exit 0
fi
echo "warning: no browser at $chromium and it cannot be installed here: the end-to-end tests will be skipped (install Debian's chromium)." >&2
