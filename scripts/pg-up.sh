#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for development and tests (not for production).
# Idempotent: an existing cluster is reused, a running one is left alone.
#   PGDIR  data directory (default: $PWD/.pgdata, gitignored)
#   PGPORT TCP port        (default: 54329)
# Prints DATABASE_URL=postgresql://app:app@127.0.0.1:$PGPORT/app at the end. Role `app` has CREATEDB,
# which `node scripts/migrate.mjs new|check` needs for its temporary shadow database.
# Stop it with scripts/pg-down.sh.
set -euo pipefail
PGDIR=${PGDIR:-$PWD/.pgdata}
PGPORT=${PGPORT:-54329}
case "$PGDIR" in /*) ;; *) PGDIR="$PWD/$PGDIR" ;; esac

# PostgreSQL refuses to run as root; the cluster is owned by the `postgres` OS user (created by the
# Debian package). As a non-root user we run the server directly.
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "pg-up: PostgreSQL is not installed; run as root: apt-get update && apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "pg-up: installing PostgreSQL with apt-get…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

if [ ! -f "$PGDIR/PG_VERSION" ]; then
  if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -g postgres -m 700 "$PGDIR"
  else
    install -d -m 700 "$PGDIR"
  fi
  # trust auth: no passwords checked. Acceptable only because the server listens on loopback.
  as_pg "'$BIN/initdb' -D '$PGDIR' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
fi

if as_pg "'$BIN/pg_ctl' -D '$PGDIR' status" >/dev/null 2>&1; then
  echo "pg-up: already running ($PGDIR)" >&2
else
  # fsync etc. off: a throw-away cluster, speed matters more than crash safety.
  as_pg "'$BIN/pg_ctl' -D '$PGDIR' -l '$PGDIR/server.log' -w -t 60 \
    -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k '$PGDIR' \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" \
    start" >/dev/null || {
    echo "pg-up: start failed, see $PGDIR/server.log" >&2
    tail -n 20 "$PGDIR/server.log" >&2 || true
    exit 1
  }
fi

PSQL=("$BIN/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname='app'" | grep -q 1 \
  || "${PSQL[@]}" -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB"
"${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname='app'" | grep -q 1 \
  || "${PSQL[@]}" -c "CREATE DATABASE app OWNER app"

echo "DATABASE_URL=postgresql://app:app@127.0.0.1:$PGPORT/app"
