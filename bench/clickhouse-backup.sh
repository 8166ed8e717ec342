#!/usr/bin/env bash
# Times backup.sh and restore.sh of the ClickHouse store on about 10 M rows, and measures what an
# incremental backup (BACKUP ... SETTINGS base_backup) would save, on the ClickHouse engine (26.7)
# embedded by chdb in the tests' stand-in server, with the stand-in clickhouse-client (as the tests
# run it: not ClickHouse's protocol; the SQL and the archives are the real engine's). Not a test: run it by hand, on a quiet
# machine, and quote the load average it prints with the numbers.
#   bench/clickhouse-backup.sh [rows]        (default 10000000; needs scripts/setup.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
here=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/clickhouse-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/backups" "$work/login" "$work/tmp"

cat >"$work/engine.xml" <<XML
<clickhouse>
  <storage_configuration><disks><backups><type>local</type><path>$work/backups/</path></backups></disks></storage_configuration>
  <backups><allowed_disk>backups</allowed_disk><allowed_path>$work/backups/</allowed_path></backups>
</clickhouse>
XML
cat >"$work/bin/clickhouse-client" <<SH
#!/bin/sh
exec '$here/node_modules/.bin/node' '$here/src/test/resources/io/datalayer/stores/clickhouse/clickhouse-client.js' "\$@"
SH
chmod +x "$work/bin/clickhouse-client"
printf 'bench-password' >"$work/login/password"
: >"$work/client.xml"
chmod 600 "$work/client.xml"
# The engine in one stand-in server process (as the tests run it), so no statement pays for loading
# the engine's library: the times are the engine's and the scripts' own.
mkfifo "$work/started"
NODE_PATH="$here/src/test/chdb/node_modules" "$here/node_modules/.bin/node" \
  "$here/src/test/resources/io/datalayer/stores/clickhouse/chdb-server.js" "$work/engine.sock" "$work/engine" \
  "$work/engine.xml" >"$work/started" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
read -r started <"$work/started"
[ "$started" = "listening $work/engine.sock" ] || { echo "the chdb stand-in server did not start: $started" >&2; exit 1; }
export PATH="$work/bin:$PATH" CHDB_SHIM_SOCKET="$work/engine.sock" TMPDIR="$work/tmp"
export CLICKHOUSE_HOST=bench CLICKHOUSE_PORT=9000 CLICKHOUSE_USER=backup CLICKHOUSE_PASSWORD_FILE="$work/login/password"
export CLICKHOUSE_BACKUP_DISK=backups CLICKHOUSE_SCRATCH_PREFIX=datalayer_scratch_ BACKUP_DIR="$work/backups"
export BACKUP_RETENTION=10 BACKUP_KEEP_WEEKLY=0 BACKUP_SHRINK_PERCENT=50 BACKUP_LOCK_WAIT_SECONDS=0
export RESTORE_RUN="" RESTORE_KEEP_REPLACED=false RESTORE_FROM=local
scripts_dir=src/main/resources/io/datalayer/stores/clickhouse
cp "$scripts_dir"/*.sh src/main/resources/io/datalayer/backup/runs.sh "$work/"

sql() { clickhouse-client --config-file "$work/client.xml" --query "$1"; }
seconds() { # command...
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

echo "load before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "loading $rows rows into bench.events (MergeTree, 8 columns)"
load=$(seconds sql "CREATE DATABASE bench")
sql "CREATE TABLE bench.events (id UInt64, at DateTime, user UInt32, page LowCardinality(String), ms Float32,
  ok Bool, referrer Nullable(String), tags Array(String)) ENGINE = MergeTree ORDER BY (at, id)"
load=$(seconds sql "INSERT INTO bench.events SELECT number, toDateTime('2026-01-01 00:00:00') + intDiv(number, 100),
  number % 100000, concat('/page/', toString(number % 500)), (number % 1000) / 7, number % 13 != 0,
  if(number % 4 = 0, NULL, concat('https://ref.example/', toString(number % 9000))), [toString(number % 10)]
  FROM numbers($rows)")
sql "OPTIMIZE TABLE bench.events FINAL"
echo "  insert: ${load} s; on disk: $(sql "SELECT formatReadableSize(sum(bytes_on_disk)) FROM system.parts WHERE database = 'bench' AND active")"

backup=$(seconds sh "$work/backup.sh")
run=$(find "$work/backups/runs" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tail -n 1)
size=$(du -sb "$work/backups/runs/$run" | cut -f 1)
echo "backup.sh (BACKUP + SHA-256 + scratch restore + digests): ${backup} s, run $run holds $size bytes"
restore=$(seconds sh "$work/restore.sh")
echo "restore.sh (verify + scratch proof + rename aside + RESTORE + digests + drop replaced): ${restore} s"

# What an incremental backup would save: a full backup, a day's growth of 1% in new parts, an
# incremental on the full; then another 1% and a merge of everything (OPTIMIZE FINAL, which rewrites
# every part, as background merges do over time), an incremental on the first incremental.
full_t=$(seconds sql "BACKUP DATABASE bench TO Disk('backups', 'inc/full.tar')")
sql "INSERT INTO bench.events SELECT number + $rows, toDateTime('2026-06-01 00:00:00') + intDiv(number, 100), number % 100000,
  '/page/new', 1, true, NULL, [] FROM numbers(intDiv($rows, 100))"
inc_t=$(seconds sql "BACKUP DATABASE bench TO Disk('backups', 'inc/day1.tar') SETTINGS base_backup = Disk('backups', 'inc/full.tar')")
sql "INSERT INTO bench.events SELECT number + $rows * 2, toDateTime('2026-07-01 00:00:00') + intDiv(number, 100), 1, '/page/x', 1, true, NULL, []
  FROM numbers(intDiv($rows, 100))"
sql "OPTIMIZE TABLE bench.events FINAL"
merged_t=$(seconds sql "BACKUP DATABASE bench TO Disk('backups', 'inc/day2.tar') SETTINGS base_backup = Disk('backups', 'inc/day1.tar')")
chain_t=$(seconds sql "RESTORE DATABASE bench AS bench_chain FROM Disk('backups', 'inc/day2.tar')")
echo "full BACKUP: ${full_t} s, $(stat -c %s "$work/backups/inc/full.tar") bytes"
echo "incremental after +1% rows: ${inc_t} s, $(stat -c %s "$work/backups/inc/day1.tar") bytes"
echo "incremental after +1% rows and a merge (OPTIMIZE FINAL): ${merged_t} s, $(stat -c %s "$work/backups/inc/day2.tar") bytes"
echo "RESTORE of the chain (full + 2 incrementals): ${chain_t} s, $(sql "SELECT count() FROM bench_chain.events") rows"
echo "load after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
