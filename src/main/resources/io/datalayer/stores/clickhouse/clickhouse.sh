# ClickHouse pieces shared by backup.sh and restore.sh (sourced after runs.sh), which talk to the
# live server; what needs no server (names, digests, the drill's facts) is in clickhouse-common.sh,
# which this file sources and drill.sh sources alone.
#
# The SQL goes to the server with clickhouse-client over the native protocol. The server writes and
# reads the backups itself: BACKUP/RESTORE ... Disk('$CLICKHOUSE_BACKUP_DISK', 'runs/<run>/<file>'),
# a disk of the server whose root is the backup volume, mounted in the server pod AND in this Job's
# pod at BACKUP_DIR (the claim is ReadWriteOnce: the Job runs on the server's node, by podAffinity).
# The server and this Job run as the same uid, so the run folder this Job creates is writable by the
# server and the archives the server writes are readable here (for their SHA-256).
#
# Each database is one archive (db-<n>.tar): one plain file, whose size and SHA-256 the run's
# manifest records like any other store's data file (ClickHouse's folder layout would be thousands).

# shellcheck shell=sh # sourced by scripts run with sh: dash (the server image is Ubuntu)
: "${CLICKHOUSE_HOST:?CLICKHOUSE_HOST is not set; the CronJob sets it to the Service of the server}"
: "${CLICKHOUSE_PORT:?CLICKHOUSE_PORT is not set; the CronJob sets it to the native port of the server}"
: "${CLICKHOUSE_USER:?CLICKHOUSE_USER is not set; the CronJob sets it to the user the job connects as}"
: "${CLICKHOUSE_PASSWORD_FILE:?CLICKHOUSE_PASSWORD_FILE is not set; the CronJob mounts the Secret of the user and sets it}"
: "${CLICKHOUSE_BACKUP_DISK:?CLICKHOUSE_BACKUP_DISK is not set; the CronJob sets it to the server disk on the backup volume}"
: "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume}"
# The scratch databases the runs are proved in: never backed up, dropped before each use. The backup
# user's grants on them name the same prefix (ClickHouseConfig.SCRATCH_PREFIX sets both).
: "${CLICKHOUSE_SCRATCH_PREFIX:?CLICKHOUSE_SCRATCH_PREFIX is not set; the CronJob sets it to the prefix the backup user may create databases with}"
runs_number CLICKHOUSE_PORT "$CLICKHOUSE_PORT" 1

runs_check_dir
# shellcheck disable=SC2154 # here: set by the sourcing script (backup.sh, restore.sh) to their folder
. "$here/clickhouse-common.sh"

# The private folder (runs_workdir, in memory): the client config holding the password, scratch files.
clickhouse_workdir() { # name
  runs_workdir "clickhouse-$1"
  CLICKHOUSE_WORK=$RUNS_WORK
}

# The client reads the password from its config file, written 0600 in the private folder from the
# mounted Secret: never on a command line (where ps shows it) or in an environment (readable in /proc).
clickhouse_login() {
  [ -r "$CLICKHOUSE_PASSWORD_FILE" ] || fail "cannot read the password file $CLICKHOUSE_PASSWORD_FILE; check the Secret and its mount"
  [ -s "$CLICKHOUSE_PASSWORD_FILE" ] || fail "the password file $CLICKHOUSE_PASSWORD_FILE is empty"
  CLICKHOUSE_CLIENT_CONFIG="$CLICKHOUSE_WORK/client.xml"
  # XML text: & < > escaped; the password's bytes otherwise as they are (one line, no newline).
  {
    printf '<clickhouse>\n  <host>%s</host>\n  <port>%s</port>\n  <user>%s</user>\n  <password>' \
      "$CLICKHOUSE_HOST" "$CLICKHOUSE_PORT" "$CLICKHOUSE_USER"
    tr -d '\n' <"$CLICKHOUSE_PASSWORD_FILE" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
    printf '</password>\n</clickhouse>\n'
  } >"$CLICKHOUSE_CLIENT_CONFIG" || fail "cannot write the client config in $CLICKHOUSE_WORK"
  chmod 600 "$CLICKHOUSE_CLIENT_CONFIG"
}

# One statement; its result (TabSeparated: tabs, line breaks and backslashes escaped) on stdout and
# the server's error on stderr. The client runs as a child (runs_child): a SIGTERM stops it at once.
# Every name in the SQL is qualified; the session's database is system, which always exists (the
# user's default database may be the one a restore has renamed aside).
clickhouse_sql() { # sql
  runs_child clickhouse-client --config-file "$CLICKHOUSE_CLIENT_CONFIG" --database system --format TabSeparated \
    --query "$1"
}

# Restores the database of one archive of the run into a scratch database and prints
# "<table> <rows> <hash>" for each of its tables (clickhouse_digests); the caller drops the scratch.
clickhouse_restore_scratch() { # file database scratch
  clickhouse_sql "DROP DATABASE IF EXISTS \`$3\` SYNC" >/dev/null 2>"$CLICKHOUSE_WORK/err" || return 1
  clickhouse_status "RESTORE DATABASE \`$2\` AS \`$3\` FROM $(clickhouse_disk "$1")" RESTORED || return 1
  clickhouse_database_digests "$3"
}

# Where a run's file is on the server: Disk('<disk>', 'runs/<run>/<file>').
clickhouse_disk() { # file
  printf "Disk('%s', 'runs/%s/%s')" "$CLICKHOUSE_BACKUP_DISK" "$RUN_ID" "$1"
}
