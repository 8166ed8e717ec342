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
# Names are handled as bytes end to end: listed as the hex of the bytes pg_database stores (a name
# created from a LATIN1 database is not valid UTF-8, and is dumped like any other), passed to pg_dump
# as exact bytes, and recorded in the manifest as hex. A database whose name holds a line break is
# not dumped: pg_restore cannot recreate it; that database fails the run alone, named in hex.
#
# Databases named datalayer-restore-* are a killed restore's leftovers (restore.sh drops them) and
# are not backed up.
#
# In a run folder: globals.sql, db-0001.dump, db-0002.dump, ..., facts (each database's tables with
# row counts and content hashes and its sequences, read from the snapshot its dump read: what the
# restore drill checks; see pg_facts in pg-common.sh) and the manifest, which maps
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

# Every database by the hex of its exact bytes (pg_name_hex: no conversion, so a name in any
# encoding or none is listed like the others): one per line whatever the name holds, in byte order.
# psql interpolates :'list' (quoted as a literal) only in SQL read from stdin, not in -c.
listed=yes
printf '%s\n' "SELECT d.hex || CASE WHEN d.found THEN '|t' ELSE '|f' END
  FROM (SELECT $(pg_name_hex datname) AS hex, true AS found FROM pg_database
         WHERE datname <> 'template0' AND NOT starts_with(datname::text, 'datalayer-restore-') AND :'list' = ''
        UNION ALL
        SELECT encode(textsend(l.name), 'hex'), EXISTS (SELECT 1 FROM pg_database WHERE datname::text = l.name)
          FROM unnest(string_to_array(:'list', ' ')) AS l(name) WHERE :'list' <> '') d
 ORDER BY d.hex;" |
  pg_psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn postgres)" \
    -v list="$(printf '%s' "$BACKUP_DATABASES" | tr -s ' \t,' '   ' | sed 's/^ //;s/ $//')" \
    >"$PG_WORK/databases" 2>"$PG_WORK/list.err" || {
  cat "$PG_WORK/list.err" >&2
  : >"$PG_WORK/databases"
  listed=""
  runs_failed "cannot list the databases on $PGHOST:$PGPORT: $(grep -v '^\s*$' "$PG_WORK/list.err" | tail -n 1 | tr '\t' ' ')"
}

log "dumping roles and tablespaces"
RUN_PARTIAL="$RUN_DIR/globals.sql.partial"
# Client encoding SQL_ASCII: every name and comment as the bytes the server stores. In any other
# encoding libpq's quoting replaces a sequence that is invalid there (a role named from a LATIN1
# database, in a UTF8 cluster), and the name would come back different or not at all.
if runs_child pg_dumpall --globals-only --encoding=SQL_ASCII --no-password --file="$RUN_PARTIAL" 2>"$PG_WORK/err"; then
  mv "$RUN_PARTIAL" "$RUN_DIR/globals.sql"
  RUN_PARTIAL=""
  runs_add_file globals.sql || runs_failed "cannot checksum globals.sql"
else
  cat "$PG_WORK/err" >&2
  rm -f "$RUN_PARTIAL"
  RUN_PARTIAL=""
  runs_failed "roles and tablespaces: pg_dumpall --globals-only failed: $(tail -n 1 "$PG_WORK/err" | tr '\t' ' ')"
fi

# Roles and tablespaces of any name, line breaks included, are restored from globals.sql (restore.sh
# reads it statement by statement). A DATABASE whose name holds a line break is refused below.
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
  # pg_restore --create cannot recreate it (it refuses to write the \connect for such a name, after
  # the CREATE DATABASE and before the database's properties), so a dump of it would not restore.
  if pg_has_line_break "$name"; then
    runs_failed "database \"$shown\" (hex $hex): not dumped: its name holds a line break, and pg_restore cannot" \
      "recreate a database of such a name (it refuses to write the \\connect for it), so no dump of it would restore;" \
      "rename it (ALTER DATABASE ... RENAME TO ...), then the next run dumps it"
    continue
  fi
  file=$(printf 'db-%04d.dump' "$n")
  RUN_PARTIAL="$RUN_DIR/$file.partial"
  # pg_dump writes in the database's own encoding, and libpq's quoting replaces a sequence invalid
  # there: a name created from a database of another encoding (LATIN1 bytes in a UTF8 database)
  # would be written wrong. Such a database is dumped with client encoding SQL_ASCII: names and data
  # as the bytes stored (the restore creates the database with its original encoding again).
  as_bytes=""
  pg_sql postgres "SELECT convert_from(decode('$hex', 'hex'), pg_encoding_to_char(encoding)) IS NOT NULL
    FROM pg_database WHERE textsend(datname::text) = decode('$hex', 'hex')" >/dev/null 2>&1 || as_bytes=--encoding=SQL_ASCII
  log "dumping database \"$shown\" into $file${as_bytes:+ (its name is not valid in its own encoding: dumped as bytes, $as_bytes)}"
  # The dump and the facts the drill checks (pg_facts) read one snapshot, held open meanwhile.
  if ! pg_hold_snapshot "$name"; then
    cat "$PG_WORK/hold.err" >&2
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "database \"$shown\" (hex $hex): pg_dump failed: cannot take the snapshot it reads (pg_export_snapshot): $(grep -v '^\s*$' "$PG_WORK/hold.err" | tail -n 1 | tr '\t' ' ')"
    continue
  fi
  if ! runs_child pg_dump ${as_bytes:+"$as_bytes"} --snapshot="$PG_SNAPSHOT" --format=custom --no-password --dbname="$(pg_conn "$name")" --file="$RUN_PARTIAL" 2>"$PG_WORK/err"; then
    pg_release_snapshot
    cat "$PG_WORK/err" >&2
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "database \"$shown\" (hex $hex): pg_dump failed: $(grep -v '^\s*$' "$PG_WORK/err" | tail -n 1 | tr '\t' ' ')"
    continue
  fi
  # Keys name the database as the drill will (pg_printable of the same bytes).
  if ! runs_child pg_facts "$(pg_conn "$name")" "$PG_SNAPSHOT" >"$PG_WORK/db.facts" 2>"$PG_WORK/err"; then
    pg_release_snapshot
    cat "$PG_WORK/err" >&2
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "database \"$shown\" (hex $hex): cannot record its facts for the restore drill: $(grep -v '^\s*$' "$PG_WORK/err" | tail -n 1 | tr '\t' ' ')"
    continue
  fi
  pg_release_snapshot
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
  sed "s/^/database \"$(printf '%s' "$shown" | sed 's/[\\/&]/\\&/g')\" /" "$PG_WORK/db.facts" >>"$PG_WORK/facts"
  if runs_add_file "$file"; then
    runs_note "database $hex $file $shown"
    count=$((count + 1))
    log "wrote $file ($(stat -c %s "$RUN_DIR/$file") bytes) for \"$shown\""
  else
    runs_failed "database \"$shown\" (hex $hex): cannot checksum $file"
  fi
done <"$PG_WORK/databases"
[ "$n" -gt 0 ] || [ -z "$listed" ] || runs_failed "no database found on $PGHOST:$PGPORT"

# The facts the restore drill checks (drill.sh), a file of the run like the dumps: its SHA-256 in the
# manifest, so a drill compares with exactly what this backup saw.
[ "$count" -eq 0 ] || runs_add_facts "$PG_WORK/facts"

# An empty rebuilt server must not look like a normal night: compare with the last normal run.
# Any database fewer counts; the bytes by BACKUP_SHRINK_PERCENT.
pg_databases_in() { grep -c '^database ' "$1" || true; }
runs_shrink_check "$count" "database(s)" pg_databases_in strict

# What the log says on failure is what happened: how many of the listed databases were dumped.
if [ -z "$listed" ]; then
  dumped="the databases could not be listed, so no database was dumped, "
elif [ "$count" = 0 ]; then
  dumped="no database was dumped, "
else
  dumped="$count of $n database(s) were dumped and read back ($RUN_DIR), "
fi
runs_finish "$count database(s)" "$dumped"
