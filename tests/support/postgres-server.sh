#!/usr/bin/env bash
# A private, throwaway PostgreSQL server for the test suite (and bench/queue).
#   tests/support/postgres-server.sh start <dir>   prints `export NASLAB_TEST_POSTGRES=...` and `export PGPASSWORD=...`
#   tests/support/postgres-server.sh stop <dir>    stops it and removes <dir>
# Usage: eval "$(tests/support/postgres-server.sh start "$dir")"
#
# start: installs Debian's postgresql with apt-get when no initdb is found (and says so on stderr), creates
# the `postgres` system user if absent (initdb refuses to run as root), runs initdb into <dir>/data, listens
# on 127.0.0.1 on a free port and on a unix socket in <dir>. TCP logins need a password (scram-sha-256);
# only the postgres system user may log in over the socket (peer). Creates role `naslab` (LOGIN CREATEDB,
# so tests can create their own databases) with a generated password and database `naslab_test` owned by it.
# Durability is switched off (fsync=off): the data is thrown away with <dir>.
# Idempotent: start on a running server prints the same lines again; stop on a missing <dir> does nothing.
# Quiet: stdout carries only the export lines; on failure the server log goes to stderr.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ] || { [ "$cmd" != start ] && [ "$cmd" != stop ]; }; then
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
fi

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
}

# initdb refuses root: as root, the server runs as the postgres system user; as anyone else, as that user.
if [ "$(id -u)" = 0 ]; then
  superuser=postgres
  # From / : the postgres user may not enter the caller's directory (a private mktemp clone, for example).
  as_postgres() { (cd / && runuser -u postgres -- "$@"); }
else
  superuser=$(id -un)
  as_postgres() { "$@"; }
fi

if [ "$cmd" = stop ]; then
  [ -d "$dir" ] || exit 0
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit 0
fi

# ---- start -----------------------------------------------------------------------------------------------
bin=$(pg_bin)
if [ -z "$bin" ]; then
  echo "[postgres] no PostgreSQL server found; installing Debian's postgresql package (apt-get install -y postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq postgresql >/dev/null; }
  bin=$(pg_bin)
  [ -n "$bin" ] || { echo "[postgres] installing postgresql did not provide initdb" >&2; exit 1; }
fi
if [ "$superuser" = postgres ] && ! id -u postgres >/dev/null 2>&1; then
  echo "[postgres] creating the postgres system user (initdb refuses to run as root)" >&2
  useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
state="$dir/server.env"

print_exports() {
  # shellcheck disable=SC1090
  . "$state"
  echo "export NASLAB_TEST_POSTGRES=postgresql://naslab@127.0.0.1:$PORT/naslab_test"
  echo "export PGPASSWORD=$PASSWORD"
}

if [ -f "$state" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  print_exports
  exit 0
fi

[ "$superuser" = postgres ] && chown postgres "$dir"
chmod 700 "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  rm -rf "$dir/data"
  as_postgres "$bin/initdb" -D "$dir/data" -U "$superuser" -E UTF8 --locale=C.UTF-8 --no-sync \
    --auth-local=peer --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

started=
for _ in 1 2 3 4 5; do
  port=$(free_port) || break
  if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
       -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
       start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  echo "[postgres] the test server did not start; its log:" >&2
  tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
  exit 1
fi

password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
# The password goes through stdin, never the command line (other users could read it from ps).
as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U "$superuser" -d postgres >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
CREATE ROLE naslab LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE naslab_test OWNER naslab;
SQL
umask 077
printf 'PORT=%s\nPASSWORD=%s\n' "$port" "$password" >"$state"
print_exports
