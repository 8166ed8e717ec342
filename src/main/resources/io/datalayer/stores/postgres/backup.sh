#!/bin/sh
# PostgreSQL logical backup as one recorded run (see runs.sh for the layout): roles and
# tablespaces (pg_dumpall --globals-only), then one custom-format pg_dump per database, every
# database except template0 (template1 and other templates included), each read back in full
# before it counts. One database that cannot be dumped does not stop the others: the run is then
# recorded as failed, names the database and the reason, and the job exits non-zero.
#
# Configuration (all set by the postgresql-backup CronJob):
#   PGHOST, PGPORT, PGUSER       the server and the role to connect as (libpq)
#   POSTGRES_PASSWORD_FILE       file holding that role's password (the mounted Secret)
#   BACKUP_DIR                   the backup volume
#   BACKUP_RETENTION             newest complete runs kept (>= 1)
#   BACKUP_KEEP_WEEKLY           and the newest complete run of each of this many ISO weeks (>= 0)
#   BACKUP_DATABASES             empty: every database but template0; else these, space-separated
#   BACKUP_SHRINK_PERCENT        a run below this share of the last normal run's bytes, or with
#                                fewer databases, logs a WARNING and keeps that run (1-100)
#   BACKUP_LOCK_WAIT_SECONDS     how long to wait for a running backup or restore
#   JOB_NAME, POD_NAME           who holds the lock (downward API)
#
# Databases named datalayer-restore-* are a killed restore's leftovers (restore.sh drops them) and
# are not backed up.
#
# In a run folder: globals.sql, db-0001.dump, db-0002.dump, ... and the manifest, which maps
# each file to its database by the name's exact bytes (hex) and holds sizes and SHA-256.
set -eu
umask 077 # dumps and globals.sql (it holds role password hashes) are for this user only
RUNS_ROLE=backup
RUNS_STORE=postgresql # names the store in the summary line, even of a run that never began
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/pg.sh"

runs_backup_settings
BACKUP_DATABASES="${BACKUP_DATABASES:-}"

runs_backup_traps

pg_workdir backup
runs_lock backup
# Before anything else: runs of earlier nights that failed or were killed are removed once a
# newer complete run exists, so a full volume frees itself as soon as a run fits.
runs_retention ""

pg_check_server
runs_begin postgresql "$PG_WORK"
log "run $RUN_ID of $PGHOST:$PGPORT into $RUN_DIR"
runs_note "server_version $(pg_sql postgres 'SHOW server_version' | tr '\n' ' ')"
runs_note "client_version $(pg_dump --version | tr '\n' ' ')"

# Every database by the hex of its exact bytes: one per line whatever the name holds.
# psql interpolates :'list' (quoted as a literal) only in SQL read from stdin, not in -c.
printf '%s\n' "SELECT encode(convert_to(d.name, pg_catalog.getdatabaseencoding()), 'hex') || CASE WHEN d.found THEN '|t' ELSE '|f' END
  FROM (SELECT datname::text AS name, true AS found FROM pg_database
         WHERE datname <> 'template0' AND datname NOT LIKE 'datalayer-restore-%' AND :'list' = ''
        UNION ALL
        SELECT l.name, EXISTS (SELECT 1 FROM pg_database WHERE datname = l.name)
          FROM unnest(string_to_array(:'list', ' ')) AS l(name) WHERE :'list' <> '') d
 ORDER BY d.name;" |
  psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn postgres)" \
    -v list="$(printf '%s' "$BACKUP_DATABASES" | tr -s ' \t,' '   ' | sed 's/^ //;s/ $//')" \
    >"$PG_WORK/databases" 2>"$PG_WORK/list.err" || {
  cat "$PG_WORK/list.err" >&2
  runs_failed "cannot list the databases on $PGHOST:$PGPORT"
}

log "dumping roles and tablespaces"
RUN_PARTIAL="$RUN_DIR/globals.sql.partial"
if runs_child pg_dumpall --globals-only --no-password --file="$RUN_PARTIAL" 2>"$PG_WORK/err"; then
  mv "$RUN_PARTIAL" "$RUN_DIR/globals.sql"
  RUN_PARTIAL=""
  runs_add_file globals.sql || runs_failed "cannot checksum globals.sql"
else
  cat "$PG_WORK/err" >&2
  rm -f "$RUN_PARTIAL"
  RUN_PARTIAL=""
  runs_failed "roles and tablespaces: pg_dumpall --globals-only failed: $(tail -n 1 "$PG_WORK/err" | tr '\t' ' ')"
fi

# Names holding a line break (LF or CR) are dumped like any other, but restore.sh cannot bring
# them back: PostgreSQL's pg_restore --create refuses such a database name (it cannot write the
# \connect), and roles and tablespaces are restored statement by statement from globals.sql's
# lines. The run stays complete (its files are exact, and every other database restores from it
# with RESTORE_DATABASE), but the manifest says "unrestorable" and the job fails, so a person
# hears of it and renames the object before a restore is needed.
unrestorable=""
pg_unrestorable() { # kind (database, role, tablespace) hex shown
  unrestorable="$unrestorable${unrestorable:+, }$1 \"$3\""
  runs_note "unrestorable $1 $2"
  warn "$1 \"$3\" (hex $2): its name holds a line break, which restore.sh cannot restore; rename it" \
    "(ALTER $(printf '%s' "$1" | tr '[:lower:]' '[:upper:]') ... RENAME TO ...), then the next run is restorable whole"
}
pg_sql postgres "SELECT kind || '|' || encode(convert_to(name, pg_catalog.getdatabaseencoding()), 'hex')
  FROM (SELECT 'role' AS kind, rolname::text AS name FROM pg_roles
        UNION ALL SELECT 'tablespace', spcname::text FROM pg_tablespace) o
 WHERE name ~ '[\r\n]' ORDER BY 1" >"$PG_WORK/line-breaks" 2>"$PG_WORK/err" || {
  cat "$PG_WORK/err" >&2
  runs_failed "cannot list the roles and tablespaces on $PGHOST:$PGPORT"
}
while IFS='|' read -r kind hex; do
  [ -n "$hex" ] || continue
  pg_unrestorable "$kind" "$hex" "$(pg_printable "$(pg_unhex "$hex")")"
done <"$PG_WORK/line-breaks"

count=0
n=0
while IFS='|' read -r hex found; do
  [ -n "$hex" ] || continue
  n=$((n + 1))
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  shown=$(pg_printable "$name")
  if [ "$found" != t ]; then
    runs_failed "database \"$shown\" (hex $hex): listed in BACKUP_DATABASES but does not exist"
    continue
  fi
  file=$(printf 'db-%04d.dump' "$n")
  RUN_PARTIAL="$RUN_DIR/$file.partial"
  log "dumping database \"$shown\" into $file"
  if ! runs_child pg_dump --format=custom --no-password --dbname="$(pg_conn "$name")" --file="$RUN_PARTIAL" 2>"$PG_WORK/err"; then
    cat "$PG_WORK/err" >&2
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "database \"$shown\" (hex $hex): pg_dump failed: $(grep -v '^\s*$' "$PG_WORK/err" | tail -n 1 | tr '\t' ' ')"
    continue
  fi
  # Read every data block back, not only the table of contents: a dump that cannot be restored
  # is not a backup.
  if ! runs_child pg_restore --file=/dev/null "$RUN_PARTIAL" 2>"$PG_WORK/err"; then
    cat "$PG_WORK/err" >&2
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "database \"$shown\" (hex $hex): the dump does not read back: $(tail -n 1 "$PG_WORK/err" | tr '\t' ' ')"
    continue
  fi
  mv "$RUN_PARTIAL" "$RUN_DIR/$file"
  RUN_PARTIAL=""
  if runs_add_file "$file"; then
    runs_note "database $hex $file $shown"
    count=$((count + 1))
    log "wrote $file ($(stat -c %s "$RUN_DIR/$file") bytes) for \"$shown\""
    ! pg_has_line_break "$name" || pg_unrestorable database "$hex" "$shown"
  else
    runs_failed "database \"$shown\" (hex $hex): cannot checksum $file"
  fi
done <"$PG_WORK/databases"
[ "$n" -gt 0 ] || runs_failed "no database found on $PGHOST:$PGPORT"

# An empty rebuilt server must not look like a normal night: compare with the last normal run.
# Any database fewer counts; the bytes by BACKUP_SHRINK_PERCENT.
pg_databases_in() { grep -c '^database ' "$1" || true; }
runs_shrink_check "$count" "database(s)" pg_databases_in strict

runs_finish "$count database(s)" "the other databases were dumped, "
[ -z "$unrestorable" ] ||
  fail "run $RUN_ID is complete, but restore.sh cannot restore it whole: $unrestorable; rename each (see the WARNING lines above)." \
    "Until then restore the other databases one at a time (RESTORE_DATABASE) and these by hand (README, runbook)"
