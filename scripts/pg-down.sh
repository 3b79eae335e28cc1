#!/usr/bin/env bash
# Stops the throw-away PostgreSQL cluster started by scripts/pg-up.sh (same PGDIR). Keeps its data;
# `rm -rf .pgdata` afterwards for a clean slate. Not running → nothing to do.
set -euo pipefail
PGDIR=${PGDIR:-$PWD/.pgdata}
case "$PGDIR" in /*) ;; *) PGDIR="$PWD/$PGDIR" ;; esac
if [ ! -f "$PGDIR/PG_VERSION" ]; then
  echo "pg-down: no cluster in $PGDIR" >&2
  exit 0
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
if as_pg "'$BIN/pg_ctl' -D '$PGDIR' status" >/dev/null 2>&1; then
  as_pg "'$BIN/pg_ctl' -D '$PGDIR' -m fast -w stop" >/dev/null
  echo "pg-down: stopped ($PGDIR)"
else
  echo "pg-down: not running ($PGDIR)"
fi
