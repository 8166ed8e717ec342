#!/usr/bin/env bash
# Measures what the Redis restore drill costs on about 250 MB of data (not run by CI; run it by hand):
# backup.sh with and without the facts it records (a private redis-server loads the snapshot it took,
# redis_facts reads it), the backup's peak memory, and drill.sh's time and peak memory (its private
# server and clients, PSS summed over the processes of its session). A throwaway redis-server from
# Debian's packages (scripts/setup.sh), the scripts exactly as the ConfigMap embeds them.
#
#   scripts/bench-redis-drill.sh [MEGABYTES]     default 250
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-250}"
scripts_dir=$(mktemp -d /tmp/bench-scripts.XXXXXX)
cp src/main/resources/io/datalayer/stores/redis/*.sh src/main/resources/io/datalayer/backup/runs.sh \
  src/main/resources/io/datalayer/backup/drills.sh "$scripts_dir/"
work=$(mktemp -d /tmp/bench-redis.XXXXXX)
mkdir -p "$work/backups" "$work/tmp" "$work/drill" "$work/drill-tmp"
password="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$password" >"$work/pw"
chmod 600 "$work/pw"
port=$((20000 + RANDOM % 20000))
printf 'user default off\nuser backup on >%s +ping +replconf +sync +psync\nuser admin on >%s ~* +@all\n' "$password" "$password" >"$work/users.acl"
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no --repl-diskless-sync-delay 0 \
  --aclfile "$work/users.acl" --logfile "$work/live.log" --daemonize yes --pidfile "$work/live.pid"
cleanup() {
  kill "$(cat "$work/live.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$work" "$scripts_dir"
}
trap cleanup EXIT
cli() { redis-cli -h 127.0.0.1 -p "$port" --user admin --askpass "$@" <"$work/pw"; }
n=0
until cli PING 2>/dev/null | grep -q PONG; do
  n=$((n + 1))
  [ "$n" -lt 100 ] || { tail -n 5 "$work/live.log" >&2; exit 1; }
  sleep 0.1
done
seconds() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", b - a }'; }

# Strings of 1 KB (90%) and hashes of 20 fields of 50 bytes (10%), values of pseudo-random hex (RDB's
# LZF compresses them about as little as real data), 10% of the strings with a TTL of a day, in 2 databases.
keys=$((mb * 1024 * 9 / 10))
hashes=$((mb * 1024 / 10))
echo "bench: loading $keys strings and $hashes hashes (about $mb MB)"
awk -v keys="$keys" -v hashes="$hashes" -v pw="$password" 'function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
  function hex(n,   s) { s = ""; while (length(s) < n) s = s sprintf("%08x", int(rand() * 4294967296)); return substr(s, 1, n) }
  BEGIN {
    # A pool of random values (LZF compresses within one value, so repeats across keys cost nothing).
    srand(42)
    for (p = 0; p < 256; p++) { big[p] = hex(1000); small[p] = hex(50) }
    printf "*3\r\n%s%s%s", bulk("AUTH"), bulk("admin"), bulk(pw)
    for (i = 0; i < keys; i++) {
      if (i == int(keys / 2)) printf "*2\r\n%s%s", bulk("SELECT"), bulk("1")
      if (i % 10 == 0) printf "*5\r\n%s%s%s%s%s", bulk("SET"), bulk("s:" i), bulk(big[i % 256]), bulk("EX"), bulk("86400")
      else printf "*3\r\n%s%s%s", bulk("SET"), bulk("s:" i), bulk(big[i % 256])
    }
    for (i = 0; i < hashes; i++) {
      printf "*42\r\n%s%s", bulk("HSET"), bulk("h:" i)
      for (f = 0; f < 20; f++) printf "%s%s", bulk("f" f), bulk(small[(i + f) % 256])
    }
  }' | redis-cli -h 127.0.0.1 -p "$port" --pipe >/dev/null
echo "bench: live server used_memory $(cli INFO memory | tr -d '\r' | sed -n 's/^used_memory_human://p')"

# The backup as the CronJob runs it, its peak memory (PSS of its session) sampled every 0.2 s.
pss_of_session() {
  total=0
  for p in $(pgrep -s "$1" 2>/dev/null); do
    v=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
run_sampled() { # log command...
  log=$1
  shift
  setsid "$@" >"$log" 2>&1 &
  pid=$!
  peak_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    now_kb=$(pss_of_session "$pid")
    [ "$now_kb" -le "$peak_kb" ] || peak_kb=$now_kb
    sleep 0.2
  done
  wait "$pid" || { cat "$log"; exit 1; }
}
t=$(seconds)
run_sampled "$work/backup.log" env -i PATH=/usr/bin:/bin REDIS_HOST=127.0.0.1 REDIS_PORT="$port" REDIS_USER=backup \
  REDIS_PASSWORD_FILE="$work/pw" BACKUP_DIR="$work/backups" BACKUP_RETENTION=3 BACKUP_KEEP_WEEKLY=0 BACKUP_SHRINK_PERCENT=50 \
  BACKUP_LOCK_WAIT_SECONDS=60 JOB_NAME=bench POD_NAME=bench TMPDIR="$work/tmp" /bin/sh "$scripts_dir/backup.sh"
backup_s=$(since "$t")
backup_peak_kb=$peak_kb
run=$(find "$work/backups/runs" -mindepth 1 -maxdepth 1 -type d -printf "%f\n" | sort | tail -n 1)
facts_s=$(sed -n 's/.*recorded the facts for the restore drill in \([0-9]*\)s.*/\1/p' "$work/backup.log")
# The same snapshot without the facts: redis-cli --rdb and redis-check-rdb alone.
t=$(seconds)
redis-cli -h 127.0.0.1 -p "$port" --user backup --askpass --rdb "$work/only.rdb" <"$work/pw" >/dev/null 2>&1
redis-check-rdb "$work/only.rdb" >/dev/null
snapshot_s=$(since "$t")
rm -f "$work/only.rdb"

t=$(seconds)
run_sampled "$work/drill.log" env -i PATH=/usr/bin:/bin BACKUP_DIR="$work/backups" DRILL_DATA_DIR="$work/drill" \
  TMPDIR="$work/drill-tmp" /bin/sh "$scripts_dir/drill.sh"
drill_s=$(since "$t")

cat <<REPORT
bench ($(date -u +%Y-%m-%dT%H:%MZ), $(redis-server --version | cut -d ' ' -f 3), load $(cut -d ' ' -f 1 /proc/loadavg)):
  snapshot                $(stat -c %s "$work/backups/runs/$run/dump.rdb") bytes, $(sed -n "s/^keys //p" "$work/backups/runs/$run/manifest") keys
  backup.sh (whole run)   ${backup_s} s, peak ${backup_peak_kb} kB PSS (script, redis-cli, the private server)
  of which the facts      ${facts_s} s (load dump.rdb into a private server, redis_facts)
  --rdb + redis-check-rdb ${snapshot_s} s (the backup without the facts)
  drill.sh (whole run)    ${drill_s} s, peak ${peak_kb} kB PSS (script, the private server, redis-cli)
  drill summary           $(grep '^DATALAYER_DRILL_SUMMARY' "$work/drill.log")
REPORT
