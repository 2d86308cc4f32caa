#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster: made in a temporary folder, reached
# only through a Unix socket there, and removed afterwards. The command finds it in
# SAMSKAB_TEST_PG (libpq key=value form, maintenance database, superuser "postgres"), and
# can stop and start the server with "$SAMSKAB_TEST_PG_CTL stop|start" (the lost-connection
# tests). The same server also listens on 127.0.0.1 with TLS (a certificate for
# "localhost" signed by an authority made for this run, SAMSKAB_TEST_PG_CA) and SCRAM
# passwords: SAMSKAB_TEST_PG_TLS gives host and port (the TLS and sign-in tests).
# Used by scripts/test.sh for the PostgreSQL half of the test suite.
#   bash scripts/with-postgres.sh cargo test
set -euo pipefail

bin=""
for v in 17 16 15; do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then bin="/usr/lib/postgresql/$v/bin"; break; fi
done
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (bash scripts/setup.sh --test installs it)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/samskab-pg.XXXXXX)
chmod 755 "$tmp"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses root: the cluster belongs to the postgres user.
  chown postgres "$tmp"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# The socket: trust (the tests' superuser). TCP: TLS only, SCRAM passwords.
cat >"$tmp/pg_hba.conf" <<HBA
local all all trust
hostssl all all 127.0.0.1/32 scram-sha-256
HBA
"${as_owner[@]}" cp "$tmp/pg_hba.conf" "$tmp/data/pg_hba.conf"
# An authority and a certificate for "localhost" signed by it, for this run only.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Samskab test CA" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$tmp/server.key" -out "$tmp/server.csr" 2>/dev/null
printf "subjectAltName=DNS:localhost\n" >"$tmp/san.ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial \
  -days 2 -extfile "$tmp/san.ext" -out "$tmp/server.pem" 2>/dev/null
chmod 600 "$tmp/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp/server.key" "$tmp/server.pem"
# A port of its own (socket and TCP), so a PostgreSQL already on this machine is no bother.
port=$((20000 + RANDOM % 30000))
# No TCP, socket in the folder; fsync off: the cluster is thrown away after the run.
cat >"$tmp/ctl" <<CTL
#!/usr/bin/env bash
# stop | start the throw-away cluster
set -euo pipefail
case "\$1" in
  stop) ${as_owner[*]} "$bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null ;;
  start) ${as_owner[*]} "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \\
    -o "-k $tmp -p $port -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=$tmp/server.pem -c ssl_key_file=$tmp/server.key -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \\
    start >/dev/null ;;
esac
CTL
chmod 755 "$tmp/ctl"
# A port of its own, picked at random: tried again on another if it is taken.
started=false
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  sed -i "s/-p [0-9]* /-p $port /" "$tmp/ctl"
  if "$tmp/ctl" start; then started=true; break; fi
done
$started || { cat "$tmp/server.log" >&2; exit 1; }
export SAMSKAB_TEST_PG_CTL="$tmp/ctl"

export SAMSKAB_TEST_PG="host=$tmp port=$port user=postgres dbname=postgres"
export SAMSKAB_TEST_PG_TLS="host=localhost port=$port"
export SAMSKAB_TEST_PG_CA="$tmp/ca.pem"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $tmp"
"$@"
