#!/usr/bin/env bash
# scripts/postgres.sh COMMAND [ARGS...]: runs COMMAND with a throwaway PostgreSQL 15 cluster, for the tests of the
# PostgreSQL backend (tests/Engram.Postgres.Tests, and the CLI's tests on PostgreSQL). scripts/test.sh runs the
# test suite through it.
#
# The cluster lives in a fresh temporary directory (its data, its log and its unix socket), listens on a free
# loopback port only, trusts connections from loopback only, and keeps fsync on. COMMAND gets its connection
# string in ENGRAM_TEST_POSTGRES ("Host=127.0.0.1;Port=...;Username=engram;Database=postgres", a superuser each test
# creates and drops its own database with). When COMMAND exits, fails, or is interrupted (Ctrl-C, SIGTERM), the
# cluster is stopped and its directory removed; the script exits with COMMAND's status.
#
# PostgreSQL 15 is Debian's (/usr/lib/postgresql/15/bin); run as root on Debian (CI's machines), it is installed
# with apt-get when missing. PostgreSQL refuses to run as root: as root the cluster runs as the package's
# `postgres` system user (created here if missing). With ENGRAM_TEST_POSTGRES already set, COMMAND runs on that
# cluster instead, and none is started.
set -euo pipefail
me="scripts/postgres.sh"
bin="${ENGRAM_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
superuser="engram"

if (($# == 0)); then
  echo "usage: $me COMMAND [ARGS...]  (runs COMMAND with ENGRAM_TEST_POSTGRES naming a throwaway cluster)" >&2
  exit 2
fi

if [[ -n "${ENGRAM_TEST_POSTGRES:-}" ]]; then
  echo "$me: ENGRAM_TEST_POSTGRES is set; the tests use that cluster" >&2
  exec "$@"
fi

if [[ ! -x "$bin/initdb" ]]; then
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "$me: the PostgreSQL tests need PostgreSQL 15's server ($bin/initdb is missing); on Debian: apt-get install postgresql-15, or set ENGRAM_TEST_POSTGRES to a cluster's connection string (a superuser, trust or password in the string)" >&2
    exit 1
  fi
  echo "$me: installing Debian's postgresql-15 for the PostgreSQL tests (once)" >&2
  log="$(mktemp)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "$me: could not install postgresql-15 with apt-get (above: the end of its output)" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  [[ -x "$bin/initdb" ]] || { echo "$me: apt-get installed postgresql-15, but $bin/initdb is not there" >&2; exit 1; }
fi

# Who runs the cluster: this user, or as root the `postgres` system user (the package makes it).
as=()
if [[ "$(id -u)" == 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin postgres
  fi
  as=(runuser -u postgres --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/engram-postgres.XXXXXX")"
data="$dir/data"
started=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$started" ]]; then
    "${as[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ((${#as[@]})); then
  chown postgres: "$dir"
  if ! "${as[@]}" test -w "$dir"; then
    echo "$me: the postgres user cannot reach $dir (is a directory above it closed to others?); set TMPDIR to one it can, such as /tmp" >&2
    exit 1
  fi
fi

cd "$dir" # a directory the cluster's user can read, for initdb and pg_ctl
if ! "${as[@]}" "$bin/initdb" -D "$data" --username="$superuser" --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  echo "$me: initdb failed (above: its output)" >&2
  exit 1
fi

# Loopback only: no other address is listened on, and pg_hba.conf trusts loopback (and the socket in $dir) alone.
cat >"$data/pg_hba.conf" <<'EOF'
local all all trust
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
EOF
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
max_connections = 300
EOF

# A port the OS has nobody listening on; another process may take it before the server binds it, so a start
# that fails is tried again on another port.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

port=""
for attempt in 1 2 3 4 5; do
  candidate="$(free_port)"
  if "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -o "-p $candidate" -w -t 60 start >/dev/null 2>&1; then
    port="$candidate"
    started=1
    break
  fi
  # pg_ctl may give up while the server still starts: make sure it is not running before the next try.
  "${as[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
done
if [[ -z "$port" ]]; then
  tail -n 20 "$dir/server.log" >&2 || true
  echo "$me: the PostgreSQL test cluster did not start (above: the end of its log)" >&2
  exit 1
fi

export ENGRAM_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=$superuser;Database=postgres"
echo "$me: PostgreSQL test cluster on 127.0.0.1:$port ($dir)" >&2
cd - >/dev/null
status=0
"$@" || status=$?
exit "$status"
