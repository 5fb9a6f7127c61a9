#!/usr/bin/env bash
# Debian's Chromium for the review UI's browser tests (tests/Engram.Web.Tests), installed when it is missing.
# The tests use /usr/bin/chromium, or the browser $ENGRAM_CHROMIUM names; nothing is downloaded at run time.
set -euo pipefail

chromium="${ENGRAM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi

if [ -n "${ENGRAM_CHROMIUM:-}" ]; then
  echo "scripts/chromium.sh: ENGRAM_CHROMIUM names $ENGRAM_CHROMIUM, which is not an executable" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "scripts/chromium.sh: the browser tests need Chromium at /usr/bin/chromium (or set ENGRAM_CHROMIUM); apt-get is not here to install it" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "scripts/chromium.sh: installing Chromium needs root (apt-get install chromium), or set ENGRAM_CHROMIUM to a Chromium you have" >&2
    exit 1
  fi
fi

echo "scripts/chromium.sh: installing Debian's chromium for the browser tests (once)" >&2
log="$(mktemp)"
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "scripts/chromium.sh: could not install chromium with apt-get (above: the end of its output); install it, or set ENGRAM_CHROMIUM" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
[ -x /usr/bin/chromium ] || { echo "scripts/chromium.sh: apt-get installed chromium, but /usr/bin/chromium is not there" >&2; exit 1; }
