#!/usr/bin/env bash
# PostgreSQL beside SQLite in one run: durable writes with 1 and 16 writers (one node and two on one database) beside
# SQLite and the raw-file floor, HTTP through two server nodes beside one, BM25 at N memories beside SQLite.
# Starts a throwaway PostgreSQL 15 cluster for the run (scripts/postgres.sh) and removes it afterwards.
# Usage: bench/postgres.sh [--seconds S] [--memories N]   (defaults: 5 s per case, 100,000 memories)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/Engram.Bench >/dev/null
exec scripts/postgres.sh bash -c 'ENGRAM_BENCH_POSTGRES="$ENGRAM_TEST_POSTGRES" exec dotnet run -c Release --no-build --project bench/Engram.Bench -- postgres "$@"' bench "$@"
