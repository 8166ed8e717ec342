#!/bin/sh
# PostgreSQL restore drill (drills.sh has the shared part): the newest complete run, fetched from
# off-site (offsite.sh drill) or read from the volume (mounted read-only), restored into a private
# server in this pod (the store's own image; data on the drill's emptyDir; no TCP listener, only a
# Unix socket in a private folder, trust for this uid alone), then checked:
#   1. the server is stopped and started again: the restored cluster comes back from its files;
#   2. each database's facts (pg_facts in pg-common.sh: tables with row counts and content hashes,
#      sequences) equal the ones the backup recorded from the snapshot its dump read;
#   3. pg_amcheck, heap and B-tree with --heapallindexed, finds no corruption in any database.
# The first failure fails the drill naming it. The live server and the runs are never touched.
#
# Configuration (set by the postgresql-drill CronJob): BACKUP_DIR, DRILL_DATA_DIR (drills.sh);
# the PostgreSQL binaries on PATH, from the image.
set -eu
umask 077
RUNS_ROLE=drill
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/drills.sh"
. "$here/pg-common.sh"
# The private server's bootstrap superuser: not a name a backup holds (globals.sql creates the
# source's roles, the source's superuser among them, beside it).
DRILL_SUPERUSER=datalayer_drill
unset PGHOST PGPORT PGUSER PGPASSWORD PGPASSFILE PGDATABASE PGSERVICE 2>/dev/null || true

PG_DRILL_DATA=""
drill_stop_server() {
  [ -n "$PG_DRILL_DATA" ] && [ -f "$PG_DRILL_DATA/postmaster.pid" ] || return 0
  pg_ctl -D "$PG_DRILL_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}

drill_begin postgresql
drill_pick

socket="$DRILL_WORK/socket"
PG_DRILL_DATA="$DRILL_WORK/data"
mkdir -m 700 "$socket"
drill_conn() { # database name
  printf "host='%s' user='%s' %s" "$socket" "$DRILL_SUPERUSER" "$(pg_conn "$1")"
}
drill_sql() { # database sql
  PGCLIENTENCODING=SQL_ASCII psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(drill_conn "$1")" -c "$2"
}
# fsync and full-page writes off: the private server's data is thrown away, and the clean stop after
# the restore writes every page to the emptyDir before the start that reads them back; only an OS crash
# (which ends the drill anyway) could lose what they protect.
drill_start() {
  runs_child pg_ctl -D "$PG_DRILL_DATA" -l "$DRILL_WORK/server.log" -w -t 120 \
    -o "-c listen_addresses='' -c unix_socket_directories='$socket' -c fsync=off -c full_page_writes=off" start \
    >/dev/null 2>"$DRILL_WORK/err" || {
    tail -n 20 "$DRILL_WORK/server.log" >&2 2>/dev/null || true
    drill_fail "the private server does not start$1: $(tail -n 1 "$DRILL_WORK/server.log" 2>/dev/null || tail -n 1 "$DRILL_WORK/err")"
  }
}

started=$(drill_clock)
log "restoring run $DRILL_RUN into a private server (data in $PG_DRILL_DATA, socket only)"
runs_child initdb --pgdata="$PG_DRILL_DATA" --username="$DRILL_SUPERUSER" --auth=trust --encoding=UTF8 --locale=C \
  --no-sync >"$DRILL_WORK/initdb.log" 2>&1 || {
  cat "$DRILL_WORK/initdb.log" >&2
  drill_fail "initdb of the private server failed: $(tail -n 1 "$DRILL_WORK/initdb.log")"
}
drill_start ""
# The run recreates postgres and template1 too: make room, from a database of the drill's own.
drill_sql postgres "CREATE DATABASE datalayer_drill" >/dev/null
drill_sql datalayer_drill "ALTER DATABASE template1 IS_TEMPLATE false" >/dev/null
drill_sql datalayer_drill "DROP DATABASE template1" >/dev/null
drill_sql datalayer_drill "DROP DATABASE postgres" >/dev/null
PGCLIENTENCODING=SQL_ASCII runs_child psql -X -q -v ON_ERROR_STOP=1 --no-password -d "$(drill_conn datalayer_drill)" \
  -f "$DRILL_RUN_PATH/globals.sql" >/dev/null 2>"$DRILL_WORK/err" || {
  cat "$DRILL_WORK/err" >&2
  drill_fail "roles and tablespaces (globals.sql) do not restore: $(grep -v '^\s*$' "$DRILL_WORK/err" | tail -n 1)"
}
sed -n 's/^database \([0-9a-f]*\) \(db-[0-9]*\.dump\) .*$/\1 \2/p' "$DRILL_MANIFEST" >"$DRILL_WORK/databases"
while read -r hex file; do
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  shown=$(pg_printable "$name")
  log "restoring database \"$shown\" from $file"
  runs_child pg_restore --create --exit-on-error --no-password --dbname="$(drill_conn datalayer_drill)" \
    "$DRILL_RUN_PATH/$file" 2>"$DRILL_WORK/err" || {
    cat "$DRILL_WORK/err" >&2
    drill_fail "database \"$shown\" does not restore from $file: $(grep -v '^\s*$' "$DRILL_WORK/err" | tail -n 1)"
  }
done <"$DRILL_WORK/databases"
runs_test_pause loaded "socket=$socket"
# A clean stop writes everything to the emptyDir; the start reads the restored cluster back.
runs_child pg_ctl -D "$PG_DRILL_DATA" -m fast -w -t 120 stop >/dev/null 2>"$DRILL_WORK/err" ||
  drill_fail "the private server does not stop after the restore: $(tail -n 1 "$DRILL_WORK/err")"
DRILL_RESTORE_SECONDS=$(drill_since "$started")
# The fetched run is no longer needed: its space goes back to the emptyDir before the checks.
rm -rf "$DRILL_DATA_DIR/fetch"
runs_test_pause restored "data=$PG_DRILL_DATA"
drill_start " again after the restore"

checked=$(drill_clock)
: >"$DRILL_WORK/restored.facts"
while read -r hex file; do
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  shown=$(pg_printable "$name")
  runs_child pg_facts "$(drill_conn "$name")" "" >"$DRILL_WORK/db.facts" 2>"$DRILL_WORK/err" || {
    cat "$DRILL_WORK/err" >&2
    drill_fail "cannot read the facts of the restored database \"$shown\": $(tail -n 1 "$DRILL_WORK/err")"
  }
  # The same keys as backup.sh writes them.
  sed "s/^/database \"$(printf '%s' "$shown" | sed 's/[\\/&]/\\&/g')\" /" "$DRILL_WORK/db.facts" >>"$DRILL_WORK/restored.facts"
done <"$DRILL_WORK/databases"
difference=$(drill_compare_facts "$DRILL_FACTS" "$DRILL_WORK/restored.facts") ||
  drill_fail "the restored data differs from the facts recorded at backup time: $difference"
log "facts match: $(wc -l <"$DRILL_FACTS") fact(s) of $(wc -l <"$DRILL_WORK/databases") database(s) as recorded at backup time"
runs_child pg_amcheck --host="$socket" --username="$DRILL_SUPERUSER" --no-password --all --install-missing \
  --heapallindexed --no-strict-names >"$DRILL_WORK/amcheck" 2>&1 || {
  head -n 20 "$DRILL_WORK/amcheck" >&2
  drill_fail "pg_amcheck finds corruption in the restored data: $(grep -v '^\s*$' "$DRILL_WORK/amcheck" | head -n 2 | tr '\n' ' ')"
}
log "pg_amcheck (heap and B-tree, --heapallindexed) finds no corruption"
DRILL_CHECK_SECONDS=$(drill_since "$checked")
drill_stop_server
PG_DRILL_DATA=""
log "restore drill of run $DRILL_RUN passed: restored in ${DRILL_RESTORE_SECONDS}s, checked in ${DRILL_CHECK_SECONDS}s"
drill_summary passed
