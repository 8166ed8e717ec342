#!/bin/sh
# Redis restore drill (drills.sh has the shared part): the newest complete run, fetched from off-site
# (offsite.sh drill) or read from the volume (mounted read-only), its dump.rdb copied into the drill's
# emptyDir and loaded by a private redis-server in this pod (the store's own image; no TCP port, a
# Unix socket in a private folder only this uid can open), then checked: the facts of the loaded data
# (redis_facts in redis-facts.sh: per database the key counts and a digest of keys, types and values,
# and the data set's DEBUG DIGEST) must equal the ones the backup recorded from the same snapshot. The
# first difference fails the drill naming it. The live server and the runs are never touched.
#
# Configuration (set by the redis-drill CronJob): BACKUP_DIR, DRILL_DATA_DIR (drills.sh); redis-server
# and redis-cli on PATH, from the image.
set -eu
umask 077
RUNS_ROLE=drill
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/drills.sh"
. "$here/redis-facts.sh"
# redis-cli must never pick up a password: the private server has none.
unset REDISCLI_AUTH 2>/dev/null || true

drill_stop_server() { redis_private_stop; }

drill_begin redis
drill_pick

# The summary's databases: those the snapshot holds keys in.
DRILL_DATABASES=$(grep -c '^db [0-9]* keys = ' "$DRILL_FACTS" || true)
snapshot=$(runs_field "$DRILL_MANIFEST" snapshot)
[ "$snapshot" = dump.rdb ] || drill_fail "the manifest of run $DRILL_RUN names the snapshot \"$snapshot\", which backup.sh does not write"
socket="$DRILL_WORK/socket"
mkdir -m 700 "$socket" "$DRILL_WORK/data" "$DRILL_WORK/scratch"

started=$(drill_clock)
log "restoring run $DRILL_RUN into a private redis-server (data in $DRILL_WORK/data, socket only)"
# Where a recovery puts it: a data folder of the server's own. A fetched run is moved (one
# filesystem); the volume's is copied (read-only) and checked against the manifest again.
if [ "$DRILL_SOURCE" = offsite ]; then
  mv "$DRILL_RUN_PATH/$snapshot" "$DRILL_WORK/data/dump.rdb"
else
  runs_child cp "$DRILL_RUN_PATH/$snapshot" "$DRILL_WORK/data/dump.rdb" 2>"$DRILL_WORK/err" ||
    drill_fail "cannot copy $snapshot into the drill's emptyDir: $(tail -n 1 "$DRILL_WORK/err"); is DrillSettings.dataSize too small?"
fi
[ "$(sha256sum "$DRILL_WORK/data/dump.rdb" | cut -d ' ' -f 1)" = "$(awk '$1 == "file" && $2 == "dump.rdb" { print $4 }' "$DRILL_MANIFEST")" ] ||
  drill_fail "the copy of $snapshot in the drill's emptyDir does not match the SHA-256 its manifest records"
redis_private_start "$DRILL_WORK/data" dump.rdb "$socket/redis.sock" "$DRILL_WORK/server.log" || {
  tail -n 5 "$DRILL_WORK/server.log" >&2
  drill_fail "the private redis-server does not load $snapshot: $(tail -n 1 "$DRILL_WORK/server.log")"
}
DRILL_RESTORE_SECONDS=$(drill_since "$started")
# The fetched run is no longer needed: its space goes back to the emptyDir before the checks.
rm -rf "$DRILL_DATA_DIR/fetch"
runs_test_pause loaded "socket=$socket/redis.sock"

checked=$(drill_clock)
runs_child redis_facts "$socket/redis.sock" "$DRILL_WORK/scratch" >"$DRILL_WORK/restored.facts" 2>"$DRILL_WORK/err" || {
  cat "$DRILL_WORK/err" >&2
  drill_fail "cannot read the facts of the restored data: $(tail -n 1 "$DRILL_WORK/err")"
}
difference=$(drill_compare_facts "$DRILL_FACTS" "$DRILL_WORK/restored.facts") ||
  drill_fail "the restored data differs from the facts recorded at backup time: $difference"
DRILL_CHECK_SECONDS=$(drill_since "$checked")
log "facts match: $(wc -l <"$DRILL_FACTS") fact(s) of $DRILL_DATABASES database(s) as recorded at backup time"
redis_private_stop
log "restore drill of run $DRILL_RUN passed: restored in ${DRILL_RESTORE_SECONDS}s, checked in ${DRILL_CHECK_SECONDS}s"
drill_summary passed
