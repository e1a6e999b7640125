#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, run as the postgres user on a loopback port.
#   scripts/pg-cluster.sh start DIR [PORT]   initdb DIR (if new), start it on PORT (default: a free
#                                            port), print the database URL
#   scripts/pg-cluster.sh stop DIR           stop it (fast shutdown)
# The cluster trusts local connections on 127.0.0.1 only; it is for tests, never for data.
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start|stop DIR [PORT]}
dir=${2:?usage: pg-cluster.sh start|stop DIR [PORT]}
port=${3:-}
if [ -z "$port" ]; then
  # A free loopback port: several clusters (several engineers, CI) may share this machine.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_pg initdb -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C >"$dir.initdb.log" 2>&1 ||
      { cat "$dir.initdb.log" >&2; exit 1; }
  fi
  as_pg pg_ctl -D "$dir" -l "$dir/server.log" -w -t 120 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=on" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  ;;
stop)
  as_pg pg_ctl -D "$dir" -m fast -w stop >/dev/null
  ;;
*)
  echo "usage: pg-cluster.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
