#!/usr/bin/env bash
# The whole test suite: every test project in Engram.slnx, Release build.
# Anything a test needs is set up here, so this is the one command CI and people run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "scripts/test.sh: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi

# The MCP TypeScript SDK's client, which some MCP tests drive the server with (Node.js and npm; pinned by a lock file).
scripts/npm-mcp-client.sh

# The review UI's browser tests drive Debian's Chromium through Playwright; Playwright never downloads a browser.
scripts/chromium.sh
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The PostgreSQL backend's tests (tests/Engram.Postgres.Tests, the server's and the SDKs' on a PostgreSQL-backed
# server, and the CLI's on PostgreSQL: several serve nodes on one database, migrate --from-data) run on a throwaway
# PostgreSQL 15 cluster that scripts/postgres.sh starts for this run (installing Debian's postgresql-15 when it is
# missing) and removes when the tests end; it names the cluster in ENGRAM_TEST_POSTGRES.
scripts/postgres.sh dotnet test Engram.slnx -c Release --logger "console;verbosity=normal" "$@"
