#!/bin/sh
# The example cache's backup as one recorded run (see runs.sh): an RDB snapshot pulled with
# `redis-cli --rdb`, recorded with its size and SHA-256. Lock, retention, signals and the summary
# line are runs.sh's. Configuration (set by the example-cache-backup CronJob): CACHE_HOST,
# CACHE_PORT, BACKUP_DIR and the BACKUP_* of runs.sh, JOB_NAME and POD_NAME.
set -eu
umask 077
RUNS_ROLE=backup
RUNS_STORE=example-cache
here=$(dirname "$0")
. "$here/runs.sh"
: "${CACHE_HOST:?CACHE_HOST is not set; the CronJob sets it to the Service of the server}"
: "${CACHE_PORT:?CACHE_PORT is not set; the CronJob sets it}"
: "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume}"
runs_backup_settings
runs_check_dir
runs_backup_traps
runs_workdir example-cache-backup
runs_lock backup
runs_retention ""

runs_begin example-cache "$RUNS_WORK"
log "run $RUN_ID of $CACHE_HOST:$CACHE_PORT into $RUN_DIR"
RUN_PARTIAL="$RUN_DIR/dump.rdb.partial"
if runs_child redis-cli -h "$CACHE_HOST" -p "$CACHE_PORT" --rdb "$RUN_PARTIAL" >"$RUNS_WORK/rdb.out" 2>&1; then
  mv "$RUN_PARTIAL" "$RUN_DIR/dump.rdb"
  RUN_PARTIAL=""
  runs_add_file dump.rdb || runs_failed "cannot checksum dump.rdb"
  runs_note "snapshot dump.rdb"
else
  rm -f "$RUN_PARTIAL"
  RUN_PARTIAL=""
  runs_failed "redis-cli --rdb failed: $(tail -n 1 "$RUNS_WORK/rdb.out")"
fi
runs_finish "dump.rdb" ""
