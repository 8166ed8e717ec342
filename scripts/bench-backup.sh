#!/usr/bin/env bash
# Measures backup.sh, restore.sh and drill.sh on about 250 MB of data (not run by CI; run it by hand):
# backup time, dump size, the cost of the full read-through verification, of the SHA-256 and of the
# facts the restore drill checks, restore time, and the drill's time and peak memory (its private
# server and clients, PSS summed over the processes). A throwaway PostgreSQL server from Debian's packages (scripts/setup.sh),
# the scripts exactly as the ConfigMap embeds them (src/main/resources/io/datalayer/stores/postgres).
#
#   scripts/bench-backup.sh [MEGABYTES]     default 250
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-250}"
scripts_dir=$(mktemp -d /tmp/bench-scripts.XXXXXX)
# The ConfigMap's layout: every script in one folder.
cp src/main/resources/io/datalayer/stores/postgres/*.sh src/main/resources/io/datalayer/backup/runs.sh \
  src/main/resources/io/datalayer/backup/drills.sh "$scripts_dir/"
chmod 755 "$scripts_dir"
chmod 644 "$scripts_dir"/*
bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | head -n 1)
[ -x "$bin/initdb" ] || { echo "bench: no PostgreSQL in /usr/lib/postgresql; run scripts/setup.sh" >&2; exit 1; }

work=$(mktemp -d /tmp/bench-backup.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$bin/pg_ctl" stop -D "$work/data" -m fast >/dev/null 2>&1 || true
  rm -rf "$work" "$scripts_dir"
}
trap cleanup EXIT
mkdir -p "$work/data" "$work/backups" "$work/tmp" "$work/drill" "$work/drill-tmp"
[ "$(id -u)" != 0 ] || chown postgres "$work/drill" "$work/drill-tmp"
[ "$(id -u)" != 0 ] || chown postgres "$work/data"
password="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$password" >"$work/pw"
chmod 600 "$work/pw"
[ "$(id -u)" != 0 ] || chown postgres "$work/pw"
port=$(( 20000 + RANDOM % 20000 ))
as_pg "$bin/initdb" -D "$work/data" -U postgres --pwfile="$work/pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" start -D "$work/data" -w -l "$work/data/server.log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work/data -c max_wal_size=2GB" >/dev/null

export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD="$password"
rows=$(( mb * 1024 * 1024 / 100 )) # about 100 bytes per row on disk, tuple header included
seconds() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", b - a }'; }

echo "bench: loading $rows rows (about $mb MB) into database bench"
"$bin/psql" -X -q -c "CREATE DATABASE bench"
"$bin/psql" -X -q -d bench -c "CREATE TABLE orders (id bigint PRIMARY KEY, customer int, total numeric(10,2),
  at timestamptz, note text);
  INSERT INTO orders SELECT g, g % 10000, (g % 100000) / 100.0, '2026-01-01'::timestamptz + g * interval '1 second',
  md5(g::text) FROM generate_series(1, $rows) g" -c "VACUUM ANALYZE orders"
size=$("$bin/psql" -X -A -t -d bench -c "SELECT pg_database_size('bench')")
unset PGPASSWORD

# pg_dump alone first, so both it and backup.sh read a warm cache (a fresh bulk load also sets
# hint bits on first read, which would be charged to whichever runs first).
t=$(seconds)
PGPASSWORD="$password" "$bin/pg_dump" --format=custom --dbname=bench --file="$work/only-dump.dump"
dump_only_s=$(since "$t")
rm -f "$work/only-dump.dump"

env_common=(PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres POSTGRES_PASSWORD_FILE="$work/pw" BACKUP_DIR="$work/backups"
  TMPDIR="$work/tmp" PATH="$bin:/usr/bin:/bin" BACKUP_LOCK_WAIT_SECONDS=10)
t=$(seconds)
env -i "${env_common[@]}" BACKUP_RETENTION=7 BACKUP_KEEP_WEEKLY=4 BACKUP_SHRINK_PERCENT=50 BACKUP_DATABASES= \
  /bin/sh "$scripts_dir/backup.sh" >"$work/backup.log" 2>&1 || { cat "$work/backup.log"; exit 1; }
backup_s=$(since "$t")
runs=("$work/backups/runs"/*)
run=${runs[-1]##*/}
dump=$(awk -v hex="$(printf bench | od -An -tx1 | tr -d ' \n')" '$1 == "database" && $2 == hex { print $3 }' \
  "$work/backups/runs/$run/manifest")
dump_bytes=$(stat -c %s "$work/backups/runs/$run/$dump")

t=$(seconds)
PGPASSFILE=/dev/null "$bin/pg_restore" --file=/dev/null "$work/backups/runs/$run/$dump"
verify_s=$(since "$t")
t=$(seconds)
sha256sum "$work/backups/runs/$run/$dump" >/dev/null
sha_s=$(since "$t")

t=$(seconds)
env -i "${env_common[@]}" RESTORE_RUN= RESTORE_FROM=local RESTORE_DATABASE=bench RESTORE_TERMINATE_CLIENTS=false RESTORE_KEEP_REPLACED=false \
  /bin/sh "$scripts_dir/restore.sh" >"$work/restore.log" 2>&1 || { cat "$work/restore.log"; exit 1; }
restore_s=$(since "$t")

# The facts alone (pg_facts, the function backup.sh runs inside the dump's snapshot): their share of
# the backup.
t=$(seconds)
PGPASSWORD="$password" sh -c '. "$1/pg-common.sh"; pg_facts "dbname=bench" ""' sh "$scripts_dir" >"$work/bench.facts"
facts_s=$(since "$t")

# The drill on the newest run (from the volume), as the pod's uid: its time, and its peak memory as
# the sum of the PSS of the processes it adds (the private server's and its clients'), sampled.
pss_of_postgres_user() {
  total=0
  for p in $(pgrep -u postgres); do
    v=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
base_kb=$(pss_of_postgres_user)
chmod -R a+rX "$work/backups"
t=$(seconds)
as_pg env -i PATH="$bin:/usr/bin:/bin" BACKUP_DIR="$work/backups" DRILL_DATA_DIR="$work/drill" TMPDIR="$work/drill-tmp" \
  /bin/sh "$scripts_dir/drill.sh" >"$work/drill.log" 2>&1 &
drill_pid=$!
peak_kb=0
while kill -0 "$drill_pid" 2>/dev/null; do
  now_kb=$(( $(pss_of_postgres_user) - base_kb ))
  [ "$now_kb" -le "$peak_kb" ] || peak_kb=$now_kb
  sleep 0.2
done
wait "$drill_pid" || { cat "$work/drill.log"; exit 1; }
drill_s=$(since "$t")

cat <<EOF
bench: PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), $(nproc) CPU(s), load $(cut -d ' ' -f 1-3 /proc/loadavg)
  database size           $((size / 1024 / 1024)) MB ($rows rows)
  backup.sh (whole run)   ${backup_s} s   (postgres, template1 and bench; globals; verification; manifest)
  pg_dump alone           ${dump_only_s} s
  dump size               $((dump_bytes / 1024 / 1024)) MB (custom format, default compression)
  full read-through       ${verify_s} s   (pg_restore --file=/dev/null: every data block decompressed)
  SHA-256 of the dump     ${sha_s} s
  restore.sh (bench)      ${restore_s} s   (checksums, read-through, load under a temporary name, swap, drop replaced)
  facts of bench alone    ${facts_s} s   (pg_facts: every row hashed; backup.sh runs it inside the dump's snapshot)
  drill.sh (whole run)    ${drill_s} s   (verify, initdb, load every database, restart, facts, pg_amcheck --heapallindexed)
  drill peak memory       $((peak_kb / 1024)) MB PSS (private server and clients, sampled every 0.2 s)
  drill summary           $(grep '^DATALAYER_DRILL_SUMMARY' "$work/drill.log")
backup.sh log:
$(sed 's/^/  /' "$work/backup.log")
restore.sh log:
$(sed 's/^/  /' "$work/restore.log")
drill.sh log:
$(sed 's/^/  /' "$work/drill.log")
EOF
