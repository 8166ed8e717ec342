#!/bin/sh
# Redis backup as one recorded run (see runs.sh for the layout): a consistent point-in-time
# snapshot pulled over the network with `redis-cli --rdb` (the server forks and streams an RDB, as
# it does for a new replica), checked in full with redis-check-rdb before it counts, then recorded
# with its size, SHA-256 and key count. Same lock, retention, signals and failure isolation as the
# PostgreSQL backup: a run that fails is recorded as failed and leaves earlier runs untouched.
#
# Configuration (all set by the redis-backup CronJob):
#   REDIS_HOST, REDIS_PORT       the server's Service
#   REDIS_USER                   the ACL user allowed to take snapshots (PING, REPLCONF, SYNC, PSYNC)
#   REDIS_PASSWORD_FILE          file holding that user's password (the mounted Secret)
#   BACKUP_DIR                   the backup volume
#   BACKUP_RETENTION             newest complete runs kept (>= 1)
#   BACKUP_KEEP_WEEKLY           and the newest complete run of each of this many ISO weeks (>= 0)
#   BACKUP_SHRINK_PERCENT        a run below this share of the last normal run's keys or bytes logs a
#                                WARNING and keeps that run (1-100)
#   BACKUP_LOCK_WAIT_SECONDS     how long to wait for a running backup or restore
#   JOB_NAME, POD_NAME           who holds the lock (downward API)
#
# In a run folder: dump.rdb, facts (what the restore drill checks: redis_facts in redis-facts.sh, read
# from dump.rdb itself loaded into a private redis-server in this pod, so from the very snapshot the
# run holds) and the manifest (lines snapshot, keys, server_version, client_version besides runs.sh's).
# The private server holds the whole data set: the Job's memory limit must cover it.
set -eu
umask 077 # the snapshot holds every value of the cache: for this user only
RUNS_ROLE=backup
RUNS_STORE=redis # names the store in the summary line, even of a run that never began
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/redis.sh"
. "$here/redis-facts.sh"
runs_backup_settings

runs_backup_traps

redis_workdir backup
redis_login
runs_lock backup
# Runs of earlier nights that failed or were killed are removed once a newer complete run exists,
# so a full volume frees itself as soon as a run fits.
runs_retention ""

if ! redis_remote PING >"$REDIS_WORK/ping" 2>&1 || [ "$(cat "$REDIS_WORK/ping")" != PONG ]; then
  fail "cannot reach Redis at $REDIS_HOST:$REDIS_PORT as $REDIS_USER ($(head -c 300 "$REDIS_WORK/ping" | tr '\n' ' ')); is the server up and the password right?"
fi
runs_begin redis "$REDIS_WORK"
log "run $RUN_ID of $REDIS_HOST:$REDIS_PORT into $RUN_DIR"
runs_note "client_version $(redis-cli --version)"

# The facts the restore drill checks (drill.sh), a file of the run like dump.rdb: its SHA-256 in the
# manifest, so a drill compares with exactly what this backup saw. The private server reads dump.rdb
# through a link in the private folder (nothing of it is written to the run); the key lists go to a
# scratch folder in the run (they can outgrow the in-memory /tmp), removed before the run is published.
redis_record_facts() {
  mkdir "$REDIS_WORK/facts-server" "$RUN_DIR/facts.work"
  ln -s "$RUN_DIR/dump.rdb" "$REDIS_WORK/facts-server/dump.rdb"
  started=$(date -u +%s)
  if ! redis_private_start "$REDIS_WORK/facts-server" dump.rdb "$REDIS_WORK/facts.sock" "$REDIS_WORK/facts-server.log"; then
    tail -n 5 "$REDIS_WORK/facts-server.log" >&2
    runs_failed "a private redis-server cannot load dump.rdb to record its facts for the restore drill: $(tail -n 1 "$REDIS_WORK/facts-server.log")"
  elif ! runs_child redis_facts "$REDIS_WORK/facts.sock" "$RUN_DIR/facts.work" >"$RUN_DIR/facts.work/facts" 2>"$REDIS_WORK/err"; then
    runs_failed "cannot record the facts of dump.rdb for the restore drill: $(tail -n 1 "$REDIS_WORK/err")"
  else
    facts_keys=$(awk '/^db [0-9]* keys = / { s += $NF } END { print s + 0 }' "$RUN_DIR/facts.work/facts")
    if [ "$facts_keys" != "$RDB_KEYS" ]; then
      runs_failed "the private server loaded $facts_keys keys from dump.rdb, redis-check-rdb read $RDB_KEYS"
    elif mv "$RUN_DIR/facts.work/facts" "$RUN_DIR/facts" && runs_add_file facts; then
      log "recorded the facts for the restore drill in $(($(date -u +%s) - started))s: $(grep -c '^db [0-9]* keys = ' "$RUN_DIR/facts") database(s), data set digest $(runs_field "$RUN_DIR/facts" 'data set digest =')"
    else
      runs_failed "cannot write the facts file for the restore drill into $RUN_DIR"
    fi
  fi
  redis_private_stop
  rm -rf "$RUN_DIR/facts.work" "$REDIS_WORK/facts-server"
}

log "pulling a snapshot (redis-cli --rdb)"
RUN_PARTIAL="$RUN_DIR/dump.rdb.partial"
# redis-cli itself, not a function, runs as the child: SIGTERM must reach the process that
# transfers. Its stdin is the password file (--askpass).
transferred=yes
RUNS_CHILD_STDIN=$REDIS_PASSWORD_FILE
runs_child redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --user "$REDIS_USER" --askpass --rdb "$RUN_PARTIAL" \
  >"$REDIS_WORK/rdb.out" 2>&1 || transferred=""
RUNS_CHILD_STDIN=""
if [ -z "$transferred" ]; then
  cat "$REDIS_WORK/rdb.out" >&2
  rm -f "$RUN_PARTIAL"
  RUN_PARTIAL=""
  runs_failed "redis-cli --rdb failed: $(grep -v '^\s*$' "$REDIS_WORK/rdb.out" | tail -n 1 | tr '\t' ' ')"
elif ! redis_check_rdb "$RUN_PARTIAL"; then
  tail -n 5 "$REDIS_WORK/check.out" >&2
  rm -f "$RUN_PARTIAL"
  RUN_PARTIAL=""
  runs_failed "the snapshot does not pass redis-check-rdb: $(redis_check_problem)"
else
  mv "$RUN_PARTIAL" "$RUN_DIR/dump.rdb"
  RUN_PARTIAL=""
  if runs_add_file dump.rdb; then
    runs_note "snapshot dump.rdb"
    runs_note "keys $RDB_KEYS"
    # The version that wrote the snapshot, from the snapshot itself (the backup user may not run INFO).
    runs_note "server_version $(sed -n "s/.*AUX FIELD redis-ver = '\(.*\)'$/\1/p" "$REDIS_WORK/check.out" | head -n 1)"
    log "wrote dump.rdb ($(stat -c %s "$RUN_DIR/dump.rdb") bytes, $RDB_KEYS keys), checked with redis-check-rdb"
    redis_record_facts
  else
    runs_failed "cannot checksum dump.rdb"
  fi
fi

# A flushed or rebuilt cache must not look like a normal night: compare with the last normal run.
redis_keys_in() { runs_field "$1" keys; }
runs_shrink_check "${RDB_KEYS:-0}" "key(s)" redis_keys_in percent

runs_finish "${RDB_KEYS:-0} key(s)" ""
