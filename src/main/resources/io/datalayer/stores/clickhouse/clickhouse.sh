# ClickHouse pieces shared by backup.sh and restore.sh (sourced after runs.sh).
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

# A statement whose result must be a single word (BACKUP_CREATED, RESTORED): the output is kept in
# $CLICKHOUSE_WORK/out, the error in $CLICKHOUSE_WORK/err.
clickhouse_status() { # sql expected-status
  clickhouse_sql "$1" >"$CLICKHOUSE_WORK/out" 2>"$CLICKHOUSE_WORK/err" || return 1
  [ "$(cut -f 2 "$CLICKHOUSE_WORK/out" | head -n 1)" = "$2" ]
}

# The server's error, one line, for a log or manifest line.
clickhouse_error() {
  { cat "$CLICKHOUSE_WORK/err" "$CLICKHOUSE_WORK/out" 2>/dev/null || true; } | grep -v '^\s*$' | head -n 1 |
    cut -c 1-300 | tr '\t' ' '
}

# A name is quoted as an identifier: `name`. Names are listed in TabSeparated, which escapes tabs,
# line breaks and backslashes, the manifest separates fields by spaces and a name is also quoted as
# a string ('name'): a name holding white space, a backslash, a backquote or a quote is refused
# (named by its hex). Returns non-zero for such a
# name.
clickhouse_plain_name() { # name
  case "$1" in *[[:space:]]* | *\\* | *\`* | *\'* | '') return 1 ;; esac
}
clickhouse_hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

# A table's row count and content hash, "<rows> <hash>": the sum of cityHash64 of every row in
# RowBinary (every column's bytes and NULL markers; sum, not xor, so two equal rows do not cancel
# out). The order of rows and parts does not change it. Reading every row also checks every
# block's checksum: a damaged part fails here, with the server's error.
clickhouse_digest_sql() { # database table
  printf "SELECT '%s', count(), sum(cityHash64(formatRow('RowBinary', *))) FROM \`%s\`.\`%s\`" "$2" "$1" "$2"
}

# "<table> <rows> <hash>" for each table named in a file (one a line, plain names), sorted by name:
# one statement for the whole database (UNION ALL), so a database costs one round trip.
clickhouse_digests() { # database tables-file
  q=""
  while IFS= read -r t; do
    if ! clickhouse_plain_name "$t"; then
      echo "table with an unusual name (hex $(clickhouse_hex "$t")); rename it" >"$CLICKHOUSE_WORK/err"
      return 1
    fi
    q="$q${q:+ UNION ALL }$(clickhouse_digest_sql "$1" "$t")"
  done <"$2"
  [ -n "$q" ] || return 0
  # Through a file, not a pipe: the client's exit status must count.
  clickhouse_sql "$q" >"$CLICKHOUSE_WORK/digest" || return 1
  tr '\t' ' ' <"$CLICKHOUSE_WORK/digest" | LC_ALL=C sort
}

# The tables of a database that hold data of their own (not views, not tables over other sources),
# one name a line, sorted.
clickhouse_tables() { # database
  clickhouse_sql "SELECT name FROM system.tables WHERE database = '$1' AND has_own_data ORDER BY name"
}

# Restores the database of one archive of the run into a scratch database and prints
# "<table> <rows> <hash>" for each of its tables (clickhouse_digests); the caller drops the scratch.
clickhouse_restore_scratch() { # file database scratch
  clickhouse_sql "DROP DATABASE IF EXISTS \`$3\` SYNC" >/dev/null 2>"$CLICKHOUSE_WORK/err" || return 1
  clickhouse_status "RESTORE DATABASE \`$2\` AS \`$3\` FROM $(clickhouse_disk "$1")" RESTORED || return 1
  clickhouse_tables "$3" >"$CLICKHOUSE_WORK/tables" 2>"$CLICKHOUSE_WORK/err" || return 1
  clickhouse_digests "$3" "$CLICKHOUSE_WORK/tables" 2>"$CLICKHOUSE_WORK/err"
}

# Where a run's file is on the server: Disk('<disk>', 'runs/<run>/<file>').
clickhouse_disk() { # file
  printf "Disk('%s', 'runs/%s/%s')" "$CLICKHOUSE_BACKUP_DISK" "$RUN_ID" "$1"
}
