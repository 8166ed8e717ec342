#!/bin/sh
# The example cache's restore of one recorded run (see backup.sh), with the server stopped: the
# run is verified (manifest and SHA-256) before anything is touched, then its dump.rdb is copied
# beside the live one and renamed over it; the replaced file is kept in replaced-<stamp>/ unless
# RESTORE_KEEP_REPLACED=false. Configuration (set by the example-cache-restore CronJob):
# CACHE_HOST, CACHE_PORT, CACHE_DATA_DIR, BACKUP_DIR, RESTORE_RUN, RESTORE_FROM,
# RESTORE_KEEP_REPLACED, BACKUP_LOCK_WAIT_SECONDS, JOB_NAME and POD_NAME.
set -eu
umask 077
RUNS_ROLE=restore
here=$(dirname "$0")
. "$here/runs.sh"
: "${CACHE_HOST:?CACHE_HOST is not set}"
: "${CACHE_PORT:?CACHE_PORT is not set}"
: "${CACHE_DATA_DIR:?CACHE_DATA_DIR is not set; the CronJob mounts the data claim of the server and sets it}"
: "${BACKUP_DIR:?BACKUP_DIR is not set}"
runs_restore_settings
runs_check_dir
runs_lock restore
runs_pick
reason=$(runs_verify "$RUN") || fail "refusing to restore: $reason; nothing was touched"
[ "$(runs_field "$(runs_dir)/$RUN/manifest" store)" = example-cache ] || fail "run $RUN is not an example-cache backup; nothing was touched"
if redis-cli -h "$CACHE_HOST" -p "$CACHE_PORT" PING 2>&1 | grep -q PONG; then
  fail "the cache answers at $CACHE_HOST:$CACHE_PORT; scale its StatefulSet to 0 first. Nothing was touched"
fi
staged="$CACHE_DATA_DIR/.dump.rdb.restore"
cp "$(runs_dir)/$RUN/dump.rdb" "$staged"
sync "$staged"
if [ -e "$CACHE_DATA_DIR/dump.rdb" ]; then
  replaced="$CACHE_DATA_DIR/replaced-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir "$replaced"
  mv "$CACHE_DATA_DIR/dump.rdb" "$replaced/dump.rdb"
  [ "$RESTORE_KEEP_REPLACED" = true ] || rm -rf "$replaced"
fi
mv "$staged" "$CACHE_DATA_DIR/dump.rdb"
sync "$CACHE_DATA_DIR"
log "restore of run $RUN complete; start the cache (scale its StatefulSet to 1)"
