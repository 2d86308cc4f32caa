#!/usr/bin/env bash
# Starts a throw-away PostgreSQL on this machine for trying Samskab's team mode, set up as
# docs/team-mode.md tells IT to (owner, group, one person), and prints how to start Samskab
# on it. Runs until Ctrl+C; then the cluster is deleted.
#   bash scripts/dev-postgres.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test >/dev/null

bin=""
for v in 17 16 15; do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then bin="/usr/lib/postgresql/$v/bin"; break; fi
done
[ -n "$bin" ] || { echo "dev-postgres: PostgreSQL is not installed" >&2; exit 1; }

tmp=$(mktemp -d /tmp/samskab-dev-pg.XXXXXX)
chmod 755 "$tmp"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$tmp"; as_owner=(runuser -u postgres --); fi
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
  echo "dev-postgres: stopped and deleted"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# The superuser on trust for this script; everyone else signs in with a SCRAM password.
cat >"$tmp/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
HBA
"${as_owner[@]}" cp "$tmp/pg_hba.conf" "$tmp/data/pg_hba.conf"
"${as_owner[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
  -o "-k $tmp -c listen_addresses=''" start >/dev/null

admin="host=$tmp user=postgres dbname=postgres"
sed -e "s/'skift-mig-ejer'/'ejer'/" -e "s/'skift-mig'/'samskab'/" docs/team-mode-setup.sql \
  | psql -q -v ON_ERROR_STOP=1 "$admin" >/dev/null
npm --prefix ui run build --silent
PGPASSWORD=ejer cargo run --release --quiet -- --database "host=$tmp dbname=samskab user=samskab_owner" --migrate

cat <<INFO

A throw-away PostgreSQL runs with the database "samskab" (socket in $tmp).
Start Samskab on it in another terminal:

  bash scripts/start.sh --data-dir /tmp/samskab-team --database "host=$tmp dbname=samskab user=ab1234"

and sign in with the password: samskab
Or in Indstillinger → Fælles database: host $tmp, port 5432, database samskab, user ab1234.

Ctrl+C stops and deletes it.
INFO
while true; do sleep 3600; done
