#!/bin/sh
# ClickHouse backup as one recorded run (see runs.sh for the layout): the server's native
# BACKUP DATABASE of every database of its own (Atomic or Ordinary engine; not system, not
# information_schema, not this job's scratch databases), each into one archive of the run,
# db-<n>.tar, on the backup volume. Each archive counts only once it is proved: restored into a
# scratch database (RESTORE DATABASE ... AS datalayer_scratch_<n>), whose every table's row count
# and content hash (clickhouse_digests) are compared with the live table's, then dropped. The
# hashes are recorded in the manifest, so the restore can prove the run again before it touches
# anything. Same lock, retention, signals and failure isolation as the other stores: one database
# that fails fails the run (named, with the reason) and does not stop the others; a failed or
# killed run leaves earlier runs untouched.
#
# Every run is a full backup. Incremental backups (BACKUP ... SETTINGS base_backup) were measured
# (bench/clickhouse-backup.sh, docs/stores/clickhouse.md, Backups) and are not used: see the docs.
#
# A table written to while it is backed up: BACKUP holds the parts it saw when it began, so its
# proof is checked against the live table's digest taken before BACKUP; when they differ and the
# live table changed meanwhile, the run records "changed <file> <table>" (the run holds the table
# as BACKUP saw it, which the scratch restore proved readable) instead of failing.
#
# Configuration (all set by the clickhouse-backup CronJob):
#   CLICKHOUSE_HOST, CLICKHOUSE_PORT   the server's Service and native port
#   CLICKHOUSE_USER                    the backup user (BACKUP, SELECT, SHOW; the scratch databases)
#   CLICKHOUSE_PASSWORD_FILE           file holding that user's password (the mounted Secret)
#   CLICKHOUSE_BACKUP_DISK             the server's disk whose root is the backup volume
#   BACKUP_DIR                         the backup volume (the same volume, mounted in this pod)
#   BACKUP_RETENTION, BACKUP_KEEP_WEEKLY, BACKUP_SHRINK_PERCENT, BACKUP_LOCK_WAIT_SECONDS: runs.sh
#   JOB_NAME, POD_NAME                 who holds the lock (downward API)
#
# Manifest lines besides runs.sh's: server_version; per database "database <file> <tables> <name>";
# per table "table <file> <rows> <hash> <name>" (what the scratch restore read);
# "changed <file> <table>" for a table written to during its backup.
# The run's file "facts" (clickhouse_fact_lines): each proved database's tables with the row counts
# and hashes its scratch restore read, which the restore drill (drill.sh) compares with its own restore.
set -eu
umask 077
RUNS_ROLE=backup
RUNS_STORE=clickhouse # names the store in the summary line, even of a run that never began
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/clickhouse.sh"
runs_backup_settings

runs_backup_traps

clickhouse_workdir backup
clickhouse_login
runs_lock backup
# Runs of earlier nights that failed or were killed are removed once a newer complete run exists,
# so a full volume frees itself as soon as a run fits.
runs_retention ""

if ! clickhouse_sql "SELECT version()" >"$CLICKHOUSE_WORK/version" 2>"$CLICKHOUSE_WORK/err"; then
  fail "cannot reach ClickHouse at $CLICKHOUSE_HOST:$CLICKHOUSE_PORT as $CLICKHOUSE_USER ($(clickhouse_error)); is the server up and the password right?"
fi
runs_begin clickhouse "$CLICKHOUSE_WORK"
log "run $RUN_ID of $CLICKHOUSE_HOST:$CLICKHOUSE_PORT into $RUN_DIR"
runs_note "server_version $(head -n 1 "$CLICKHOUSE_WORK/version")"

if ! clickhouse_sql "SELECT name, engine FROM system.databases
    WHERE name NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema')
      AND NOT startsWith(name, '$CLICKHOUSE_SCRATCH_PREFIX') ORDER BY name" \
  >"$CLICKHOUSE_WORK/databases" 2>"$CLICKHOUSE_WORK/err"; then
  runs_failed "cannot list the databases: $(clickhouse_error)"
  : >"$CLICKHOUSE_WORK/databases"
fi

# Proves the archive of one database: restores it into a scratch database and compares each table
# with the live digests taken before BACKUP ($CLICKHOUSE_WORK/live). Records the tables read back
# and returns 0 when proved; else records why and returns 1.
prove() { # file database scratch
  if ! clickhouse_restore_scratch "$1" "$2" "$3" >"$CLICKHOUSE_WORK/restored"; then
    runs_failed "database $2: $1 does not restore into a scratch database: $(clickhouse_error)"
    return 1
  fi
  matched=yes
  if [ "$(cut -d ' ' -f 1 "$CLICKHOUSE_WORK/restored")" != "$(cut -d ' ' -f 1 "$CLICKHOUSE_WORK/live")" ]; then
    clickhouse_tables "$2" >"$CLICKHOUSE_WORK/now" 2>/dev/null || true
    if [ "$(cat "$CLICKHOUSE_WORK/now")" = "$(cut -d ' ' -f 1 "$CLICKHOUSE_WORK/live")" ]; then
      runs_failed "database $2: $1 holds the tables $(cut -d ' ' -f 1 "$CLICKHOUSE_WORK/restored" | tr '\n' ' ')but the database has $(tr '\n' ' ' <"$CLICKHOUSE_WORK/now")"
      matched=""
    else
      runs_note "changed $1 (tables created or dropped during the backup)"
    fi
  fi
  while read -r t rows hash; do
    live=$(awk -v t="$t" '$1 == t { print $2, $3 }' "$CLICKHOUSE_WORK/live")
    if [ -n "$live" ] && [ "$live" != "$rows $hash" ]; then
      printf '%s\n' "$t" >"$CLICKHOUSE_WORK/one"
      if [ "$(clickhouse_digests "$2" "$CLICKHOUSE_WORK/one" 2>/dev/null)" = "$t $live" ]; then
        runs_failed "database $2: table $t restored from $1 holds $rows rows (hash $hash), the live table $live and it did not change"
        matched=""
      else
        runs_note "changed $1 $t"
        log "table $2.$t was written to during its backup; the run holds it as BACKUP saw it ($rows rows)"
      fi
    fi
  done <"$CLICKHOUSE_WORK/restored"
  [ -n "$matched" ] || return 1
  runs_note "database $1 $(wc -l <"$CLICKHOUSE_WORK/restored" | tr -d ' ') $2"
  while read -r t rows hash; do runs_note "table $1 $rows $hash $t"; done <"$CLICKHOUSE_WORK/restored"
  # The restore drill's facts: what this scratch restore read from the archive (clickhouse-common.sh).
  clickhouse_fact_lines "$2" <"$CLICKHOUSE_WORK/restored" >>"$CLICKHOUSE_WORK/facts"
  log "database $2: $1 proved by a restore into $3 ($(wc -l <"$CLICKHOUSE_WORK/restored" | tr -d ' ') table(s))"
}

n=0
dbs=0
: >"$CLICKHOUSE_WORK/facts"
while IFS="$(printf '\t')" read -r db engine; do
  if ! clickhouse_plain_name "$db"; then
    runs_failed "database with an unusual name (hex $(clickhouse_hex "$db")): names holding white space, a backslash, a backquote or a quote are not backed up; rename it"
    continue
  fi
  case "$engine" in
    Atomic | Ordinary) ;;
    *)
      log "database $db: engine $engine holds no data of its own here; not backed up"
      runs_note "skipped $db engine $engine"
      continue
      ;;
  esac
  # Archives are numbered in name order among the databases backed up, never named after one.
  n=$((n + 1))
  file=$(printf 'db-%03d.tar' "$n")
  scratch="$CLICKHOUSE_SCRATCH_PREFIX$n"
  # The live tables' digests before BACKUP: what the scratch restore must read back.
  if ! clickhouse_tables "$db" >"$CLICKHOUSE_WORK/tables" 2>"$CLICKHOUSE_WORK/err"; then
    runs_failed "database $db: cannot list its tables: $(clickhouse_error)"
    continue
  fi
  if ! clickhouse_digests "$db" "$CLICKHOUSE_WORK/tables" >"$CLICKHOUSE_WORK/live" 2>>"$CLICKHOUSE_WORK/err"; then
    runs_failed "database $db: cannot read its tables: $(clickhouse_error)"
    continue
  fi
  runs_test_pause digested "database=$db"

  log "database $db: BACKUP DATABASE into $file"
  RUN_PARTIAL="$RUN_DIR/$file"
  if ! clickhouse_status "BACKUP DATABASE \`$db\` TO $(clickhouse_disk "$file")" BACKUP_CREATED; then
    runs_failed "database $db: BACKUP failed: $(clickhouse_error)"
    rm -f "$RUN_DIR/$file" "$RUN_DIR/$file.lock"
    RUN_PARTIAL=""
    continue
  fi
  RUN_PARTIAL=""
  runs_test_pause backed-up "database=$db file=$file"
  if ! runs_add_file "$file"; then
    runs_failed "database $db: cannot checksum $file"
    continue
  fi
  if prove "$file" "$db" "$scratch"; then proved=yes; else proved=""; fi
  if clickhouse_sql "DROP DATABASE IF EXISTS \`$scratch\` SYNC" >/dev/null 2>"$CLICKHOUSE_WORK/err"; then
    [ -z "$proved" ] || dbs=$((dbs + 1))
  else
    runs_failed "cannot drop the scratch database $scratch: $(clickhouse_error); the next run drops it before it uses the name"
  fi
done <"$CLICKHOUSE_WORK/databases"

# The facts the restore drill checks (drill.sh), a file of the run like the archives (runs.sh).
runs_add_facts "$CLICKHOUSE_WORK/facts"

# A dropped database or an emptied server must not look like a normal night: fewer databases than
# the last normal run, or far fewer bytes.
clickhouse_databases_in() { grep -c '^database ' "$1" || true; }
runs_shrink_check "$dbs" "database(s)" clickhouse_databases_in strict

runs_finish "$dbs database(s)" ""
