# What a snapshot holds, as the restore drill compares it (sourced after runs.sh by backup.sh and
# drill.sh; needs no live server). ONE function, redis_facts, computes the facts at backup time (on the
# snapshot the backup just took) and at drill time (on the restored copy), so both read the same way.
#
# The snapshot is loaded into a private redis-server (redis_private_start): no TCP port, a Unix
# socket only this uid can open, no saving, DEBUG allowed on that socket only, and a replica of an
# address nobody serves. A replica loads every key of the file, also those whose TTL has passed, and
# never expires one (it waits for its master's deletes): the server holds exactly what the snapshot
# holds, whenever it is loaded. So a key that expires between the backup and the drill is still
# counted and digested at the drill: no fact is loosened for TTLs.
#
# Facts, per database the snapshot holds keys in ("db <n> ..."), then for the whole data set:
#   db <n> keys = <count>                 every key (INFO keyspace), volatile ones included
#   db <n> volatile keys = <count>        keys with a TTL (INFO keyspace's expires)
#   db <n> persistent keys = <count>      keys without a TTL, listed by SCAN
#   db <n> persistent digest = <sha256>   of each persistent key's name and DEBUG DIGEST-VALUE (type and
#                                         value, independent of encoding and of element order), sorted
#   data set digest = <sha1>              DEBUG DIGEST: every key of every database with its type, value
#                                         and whether it has a TTL
# Why the per-database digest leaves keys with a TTL out: SCAN hides a key whose TTL has passed (even
# on a replica), so which volatile keys it lists depends on the clock; the data set digest, which
# reads the server's tables directly, covers them, and the counts above come from the tables too.
# Why DEBUG and not SCAN + DUMP: DUMP's bytes depend on the encoding and on the order of a hash
# table (a random seed per process), so two loads of one snapshot can differ; DEBUG DIGEST-VALUE is
# Redis's own content digest (sets and hashes XORed element by element).

# shellcheck shell=sh # sourced by scripts run with sh: dash (Debian images), busybox ash (Alpine)
REDIS_PRIVATE_PID=""
REDIS_FACTS_BATCH=500
# RUNS_HELPER: runs.sh's helper process, which runs_stop_child stops and reaps; set here, read there.
RUNS_HELPER=""

# Starts the private server on <dir>/<file> and waits until it has loaded it; sets REDIS_PRIVATE_PID
# (also RUNS_HELPER: runs.sh stops and reaps it with the script's child, on exit and on signals).
# Returns 1, with the server's log in <log>, when it does not load the file.
redis_private_start() { # dir file socket log
  rm -f "$3"
  redis-server --port 0 --unixsocket "$3" --unixsocketperm 700 --dir "$1" --dbfilename "$2" \
    --appendonly no --save '' --enable-debug-command local --replicaof 127.0.0.1 1 --maxmemory 0 \
    --logfile "$4" >/dev/null 2>&1 &
  REDIS_PRIVATE_PID=$!
  RUNS_HELPER=$REDIS_PRIVATE_PID
  until timeout 10 redis-cli -s "$3" INFO persistence 2>/dev/null | grep -q '^loading:0'; do
    if ! kill -0 "$REDIS_PRIVATE_PID" 2>/dev/null; then
      wait "$REDIS_PRIVATE_PID" 2>/dev/null || true
      REDIS_PRIVATE_PID=""
      RUNS_HELPER=""
      return 1
    fi
    sleep 0.2
  done
}

redis_private_stop() {
  [ -n "$REDIS_PRIVATE_PID" ] || return 0
  runs_stop "$REDIS_PRIVATE_PID" 100
  wait "$REDIS_PRIVATE_PID" 2>/dev/null || true
  REDIS_PRIVATE_PID=""
  # shellcheck disable=SC2034 # read by runs_stop_child (runs.sh)
  RUNS_HELPER=""
}

# Prints the facts (see above) of the data set the private server on <socket> holds; scratch files
# go to <folder> (the key lists: on the backup volume or the drill's emptyDir, not in memory).
redis_facts() { # socket folder
  redis-cli -s "$1" INFO keyspace >"$2/keyspace" || return 1
  tr -d '\r' <"$2/keyspace" | sed -n 's/^db\([0-9]*\):keys=\([0-9]*\),expires=\([0-9]*\),.*$/\1 \2 \3/p' >"$2/dbs"
  while read -r rf_db rf_keys rf_expires; do
    # Names as redis-cli quotes them (--no-raw): one a line whatever bytes they hold, and read back
    # as the same bytes when given as arguments below. SCAN may list a key twice: sort -u.
    redis-cli -s "$1" -n "$rf_db" --no-raw --scan >"$2/scan" || return 1
    LC_ALL=C sort -u "$2/scan" >"$2/keys"
    rf_listed=$(wc -l <"$2/keys")
    # In batches: PTTL of each (a script, so one command answers for many keys), then the digests.
    awk -v n="$REDIS_FACTS_BATCH" -v cmd='EVAL "local r = {} for i, k in ipairs(KEYS) do r[i] = redis.call(\x27PTTL\x27, k) end return r"' '
      { b = b " " $0; c++ }
      c == n { print cmd, c b; b = ""; c = 0 }
      END { if (c) print cmd, c b }' "$2/keys" | redis-cli -s "$1" -n "$rf_db" >"$2/ttls" || return 1
    awk -v n="$REDIS_FACTS_BATCH" '
      { b = b " " $0; c++ }
      c == n { print "DEBUG DIGEST-VALUE" b; b = ""; c = 0 }
      END { if (c) print "DEBUG DIGEST-VALUE" b }' "$2/keys" | redis-cli -s "$1" -n "$rf_db" >"$2/digests" || return 1
    if [ "$(wc -l <"$2/ttls")" != "$rf_listed" ] || [ "$(wc -l <"$2/digests")" != "$rf_listed" ]; then
      echo "db $rf_db: $rf_listed keys listed, $(wc -l <"$2/ttls") TTLs and $(wc -l <"$2/digests") digests read: $(grep -v -m 1 -e '^-*[0-9]*$' -e '^[0-9a-f]\{40\}$' "$2/ttls" "$2/digests")" >&2
      return 1
    fi
    # Keys whose TTL has passed: hidden by SCAN; -2 for one that passed since.
    paste -d ' ' "$2/ttls" "$2/digests" "$2/keys" | awk '$1 == -1 { print $2, substr($0, length($1) + length($2) + 3) }' >"$2/persistent"
    printf 'db %s keys = %s\n' "$rf_db" "$rf_keys"
    printf 'db %s volatile keys = %s\n' "$rf_db" "$rf_expires"
    printf 'db %s persistent keys = %s\n' "$rf_db" "$(wc -l <"$2/persistent")"
    printf 'db %s persistent digest = %s\n' "$rf_db" "$(sha256sum <"$2/persistent" | cut -d ' ' -f 1)"
  done <"$2/dbs"
  rf_digest=$(redis-cli -s "$1" DEBUG DIGEST | tr -d '\r')
  case "$rf_digest" in *[!0-9a-f]* | '') echo "DEBUG DIGEST failed: $rf_digest" >&2; return 1 ;; esac
  printf 'data set digest = %s\n' "$rf_digest"
  rm -f "$2/keyspace" "$2/dbs" "$2/scan" "$2/keys" "$2/ttls" "$2/digests" "$2/persistent"
}
