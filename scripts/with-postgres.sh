#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 on a free port of 127.0.0.1 (DATABASE_URL is
# exported), and always stops and removes the server afterwards (also on failure or Ctrl-C).
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# FOR TESTS ONLY. The server runs with fsync, synchronous_commit and full_page_writes off: fast,
# and a crash of the machine loses or corrupts its data. Never run a real portal on it, nor
# copy these options to a real server (docs/deployment.md).
# POSTGRES_DURABLE=1 keeps PostgreSQL's defaults (all three on), as a real server runs: the
# benchmarks (`make bench`) measure every commit as durable as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_BIN=/usr/lib/postgresql/15/bin

tmp=$(mktemp -d /tmp/gdpr-portal-pg.XXXXXX)
data="$tmp/data"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres user the package created.
  chown postgres: "$tmp"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  status=$?
  if [ -f "$data/postmaster.pid" ]; then
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ "${POSTGRES_DURABLE:-0}" = 1 ]; then
  durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
fi

port=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${as_pg[@]}" "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start \
  -o "-h 127.0.0.1 -p $port -k $tmp $durability" \
  >/dev/null || { cat "$tmp/server.log"; exit 1; }
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres gdpr_portal
echo "Throwaway PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/gdpr_portal"
export THROWAWAY_POSTGRES=1
# The fault suite (tests/faults/) restarts this server with pg_ctl.
export THROWAWAY_POSTGRES_DATA="$data"
"$@"

