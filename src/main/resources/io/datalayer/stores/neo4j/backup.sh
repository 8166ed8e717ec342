#!/bin/sh
# Neo4j backup as one recorded run (see runs.sh for the layout): an offline dump of every database
# in NEO4J_BACKUP_DATABASES (neo4j and system: Community keeps the users in system) with
# `neo4j-admin database dump`, each dump proven by loading it into a scratch home (neo4j-dumps.sh)
# before it counts, then recorded with its size, SHA-256, transaction id and store format. Same
# lock, retention, signals and failure isolation as the other stores: a run that fails is recorded
# as failed and leaves earlier runs untouched.
#
# Run by the server's supervisor (server.sh) inside the server container while neo4j is stopped,
# when the backup Job asks for it (request.sh); Community can dump only a stopped database. The
# supervisor kills it at the end of the maintenance window and starts neo4j again in every case.
#
# Configuration (the server pod's env, from Neo4jBackup.serverEnv):
#   BACKUP_DIR, BACKUP_RETENTION, BACKUP_KEEP_WEEKLY, BACKUP_SHRINK_PERCENT, BACKUP_LOCK_WAIT_SECONDS
#                               as in runs.sh
#   NEO4J_CONF, NEO4J_DATA_DIR, NEO4J_BACKUP_DATABASES, NEO4J_BACKUP_SCRATCH_DIR   see neo4j-dumps.sh
#   OFFSITE_DEPLOYMENT          with off-site copies: the deployment the manifest names
#
# In a run folder: <db>.dump per database and the manifest (lines database <db>, dump <db> <tx>
# <store format> <files> <bytes>, client_version, besides runs.sh's).
set -eu
umask 077 # the dumps hold every node and every user's password hash
RUNS_ROLE=backup
RUNS_STORE=neo4j # names the store in the summary line, even of a run that never began
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/neo4j-dumps.sh"
runs_backup_settings
runs_check_dir

runs_backup_traps
runs_workdir neo4j-backup
runs_lock backup
# Runs of earlier nights that failed or were killed are removed once a newer complete run exists.
runs_retention ""

# Each database's info, kept for its dump: the store lock (in use or not), its last committed
# transaction and store format, which the dump's proof must find again.
for db in $NEO4J_BACKUP_DATABASES; do
  [ -d "$NEO4J_DATA_DIR/databases/$db" ] || fail "database $db does not exist in $NEO4J_DATA_DIR/databases; check NEO4J_BACKUP_DATABASES and NEO4J_DATA_DIR"
  neo4j_require_stopped "$NEO4J_CONF" "$db" "$RUNS_WORK/info-$db" "$NEO4J_DATA_DIR"
done

runs_begin neo4j "$RUNS_WORK"
log "run $RUN_ID of $NEO4J_BACKUP_DATABASES into $RUN_DIR"
neo4j-admin --version >"$RUNS_WORK/version" 2>&1 || true
runs_note "client_version $(head -n 1 "$RUNS_WORK/version")"

# neo4j-admin writes <db>.dump into the folder it is given: a hidden folder of the run, so a dump
# cut off half way never has the final name (and a run without a manifest never counts).
partial_dir="$RUN_DIR/.dumping"
mkdir "$partial_dir"
dumped=0
for db in $NEO4J_BACKUP_DATABASES; do
  tx=$(neo4j_info_field "$RUNS_WORK/info-$db" 'Last committed transaction id')
  format=$(neo4j_info_field "$RUNS_WORK/info-$db" 'Store format version')
  log "dumping $db (last committed transaction $tx, format $format)"
  RUN_PARTIAL="$partial_dir/$db.dump"
  if ! neo4j_admin "$RUNS_WORK/dump" database dump "$db" --to-path="$partial_dir"; then
    cat "$RUNS_WORK/dump" >&2
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "neo4j-admin database dump $db failed: $(neo4j_problem "$RUNS_WORK/dump")"
    continue
  fi
  runs_test_pause "dumped-$db" ""
  log "proving $db.dump: loading it into a scratch home"
  if ! neo4j_prove_dump "$partial_dir" "$db" "$tx" "$format" "$RUNS_WORK/prove"; then
    rm -f "$RUN_PARTIAL"
    RUN_PARTIAL=""
    runs_failed "$db.dump is not a good dump: $PROVE_PROBLEM"
    continue
  fi
  mv "$RUN_PARTIAL" "$RUN_DIR/$db.dump"
  RUN_PARTIAL=""
  if runs_add_file "$db.dump"; then
    runs_note "database $db"
    runs_note "dump $db $DUMP_TX $DUMP_FORMAT $DUMP_FILES $DUMP_BYTES"
    dumped=$((dumped + 1))
    log "wrote $db.dump ($(stat -c %s "$RUN_DIR/$db.dump") bytes): loads into a scratch home as $DUMP_FILES files, $DUMP_BYTES bytes, transaction $DUMP_TX"
  else
    runs_failed "cannot checksum $db.dump"
  fi
done
rmdir "$partial_dir" 2>/dev/null || true

# A database that lost most of its data must not look like a normal night: compare the store's
# bytes with the last normal run (the dumps' database count must never drop).
neo4j_databases_in() { grep -c '^database ' "$1" || true; }
runs_shrink_check "$dumped" "database(s)" neo4j_databases_in strict

runs_finish "$dumped database dump(s)" ""
