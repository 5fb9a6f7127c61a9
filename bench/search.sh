#!/usr/bin/env bash
# Runs the search benchmark beside its ripgrep baseline. Installs ripgrep (Debian package) when missing.
# Usage: bench/search.sh [--memories N] [--semantic N]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rg >/dev/null 2>&1; then
  echo "installing ripgrep (the baseline)..." >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq ripgrep >/dev/null
fi

exec dotnet run -c Release --project bench/Engram.Bench -- search "$@"
