# Redis pieces shared by backup.sh and restore.sh (sourced after runs.sh).

# shellcheck shell=sh # sourced by scripts run with sh: dash (Debian images), busybox ash (Alpine)
: "${REDIS_HOST:?REDIS_HOST is not set; the CronJob sets it to the Service of the server}"
: "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume}"
: "${REDIS_PORT:?REDIS_PORT is not set; the CronJob sets it to the port of the server}"
runs_number REDIS_PORT "$REDIS_PORT" 1
# redis-cli must never pick up a password from anywhere but redis_login.
unset REDISCLI_AUTH 2>/dev/null || true

runs_check_dir

# The private folder (runs_workdir): scratch files and the restore's server socket.
redis_workdir() { # name
  runs_workdir "redis-$1"
  REDIS_WORK=$RUNS_WORK
}

# The backup user's password stays in its file: redis-cli reads it from its standard input
# (--askpass), redirected from the mounted Secret. Never on a command line (where ps shows it), in
# an environment (readable in /proc) or in a file on the volume.
redis_login() {
  : "${REDIS_USER:?REDIS_USER is not set; the CronJob sets it to the Redis user allowed to take snapshots}"
  : "${REDIS_PASSWORD_FILE:?REDIS_PASSWORD_FILE is not set; the CronJob mounts the Secret of the user and sets it}"
  [ -r "$REDIS_PASSWORD_FILE" ] || fail "cannot read the password file $REDIS_PASSWORD_FILE; check the Secret and its mount"
  [ -s "$REDIS_PASSWORD_FILE" ] || fail "the password file $REDIS_PASSWORD_FILE is empty"
}

# One command to the server as REDIS_USER.
redis_remote() {
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --user "$REDIS_USER" --askpass "$@" <"$REDIS_PASSWORD_FILE"
}

# redis-check-rdb reads every key of a snapshot and its trailing CRC64. Sets RDB_KEYS (every key in
# the file, expired ones included); non-zero with the tool's report in $REDIS_WORK/check.out.
redis_check_rdb() { # file
  RDB_KEYS=""
  runs_child redis-check-rdb "$1" >"$REDIS_WORK/check.out" 2>&1 || return 1
  grep -q 'RDB looks OK' "$REDIS_WORK/check.out" || return 1
  RDB_KEYS=$(sed -n 's/^\[info\] \([0-9]*\) keys read$/\1/p' "$REDIS_WORK/check.out" | head -n 1)
  [ -n "$RDB_KEYS" ]
}

# The line of redis-check-rdb's report that says what is wrong.
redis_check_problem() {
  grep -i -m 1 -e 'error' -e 'unexpected' -e 'wrong' -e 'invalid' "$REDIS_WORK/check.out" | tr '\t' ' ' ||
    tail -n 1 "$REDIS_WORK/check.out"
}
