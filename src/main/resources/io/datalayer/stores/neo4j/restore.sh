#!/bin/sh
# Neo4j restore of one recorded run (see runs.sh and backup.sh) into the server's data folder. It
# cannot destroy the live data:
#   1. before anything is touched: the run's manifest must say complete, every dump must match its
#      size and SHA-256, and every dump must load into a scratch home with the file and byte counts
#      its header declares and the transaction and store format the manifest recorded;
#   2. neo4j must be stopped: neo4j-admin reads each database's store lock (a running server holds
#      it), and the restore refuses while one is held (checked before the proof, and neo4j-admin load
#      checks it again);
#   3. only then each database's store and transaction folders are moved aside into
#      NEO4J_DATA_DIR/replaced-<stamp>/ (renames on the data volume), and the dumps loaded in their
#      place. A failed load puts the moved folders back (the marker .swap-unfinished says what to
#      put back, also for the next restore when this one was killed half way);
#   4. replaced-<stamp>/ is kept (RESTORE_KEEP_REPLACED=true; the runbook says how to go back to it)
#      or removed.
# The system database holds the users: after a restore the passwords are those of the run's night,
# until the supervisor's password sync sets them from the Secret again.
#
# Run by the server's supervisor inside the server container while neo4j is stopped, when the
# restore Job asks for it (request.sh); RESTORE_RUN comes from the request.
#
# Configuration (the server pod's env, from Neo4jRestore.serverEnv; RESTORE_RUN from the request):
#   BACKUP_DIR                   the backup volume
#   NEO4J_CONF, NEO4J_DATA_DIR, NEO4J_BACKUP_DATABASES, NEO4J_BACKUP_SCRATCH_DIR   see neo4j-dumps.sh
#   RESTORE_RUN                  empty: the newest complete run; else a run id (sh runs.sh list)
#   RESTORE_FROM                 local (an off-site run is fetched by the restore Job first)
#   RESTORE_KEEP_REPLACED        true: keep the replaced folders in replaced-<stamp>/; false: remove them
#   RESTORE_LOCK_WAIT_SECONDS    how long to wait for a running backup or restore (the server pod
#                                also carries the backup's BACKUP_LOCK_WAIT_SECONDS)
set -eu
umask 077
RUNS_ROLE=restore
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/neo4j-dumps.sh"

BACKUP_LOCK_WAIT_SECONDS=${RESTORE_LOCK_WAIT_SECONDS:-}
runs_restore_settings
runs_check_dir
[ -d "$NEO4J_DATA_DIR" ] || fail "NEO4J_DATA_DIR $NEO4J_DATA_DIR is not a directory; it must be the server's data folder"
[ -w "$NEO4J_DATA_DIR" ] || fail "NEO4J_DATA_DIR $NEO4J_DATA_DIR is not writable by uid $(id -u)"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
REPLACED="$NEO4J_DATA_DIR/replaced-$STAMP"
swapping=""
committed=""

# Puts back what a swap moved aside, from the marker it wrote first: one line per database folder
# ("present <dir>" or "absent <dir>", relative to NEO4J_DATA_DIR) as it was before the restore.
undo_swap() { # replaced folder
  while read -r state rel; do
    rm -rf "${NEO4J_DATA_DIR:?}/$rel"
    if [ "$state" = present ]; then
      mkdir -p "$(dirname "$NEO4J_DATA_DIR/$rel")"
      mv "$1/$rel" "$NEO4J_DATA_DIR/$rel" || return 1
    fi
  done <"$1/.swap-unfinished"
  rm -rf "$1"
}

cleanup() {
  rc=$?
  runs_stop_child
  if [ -z "$committed" ] && [ -n "$swapping" ]; then
    if undo_swap "$REPLACED"; then
      log "rolled the restore back: the data folder holds the databases it held before" >&2
    else
      warn "could not roll the restore back; the live folders are in $REPLACED, see the runbook (docs/runbooks/neo4j-restore.md)"
    fi
  fi
  [ -z "$RUNS_WORK" ] || rm -rf "$RUNS_WORK"
  [ "$rc" = 0 ] || [ -n "$swapping" ] || log "nothing was changed: the data folder holds the databases it held before" >&2
}
trap cleanup EXIT
trap 'exec 2>&3; log "ERROR: stopped by SIGTERM; putting back what this restore moved" >&2; exit 143' TERM
trap 'exec 2>&3; log "ERROR: stopped by SIGINT; putting back what this restore moved" >&2; exit 130' INT
trap 'exit 129' HUP

runs_workdir neo4j-restore
runs_lock restore

# --- 1. what to restore, checked before anything is touched ------------------------------------
runs_pick
run=$RUN
reason=$(runs_verify "$run") || fail "refusing to restore: $reason. Nothing was touched; choose another run (RESTORE_RUN) from: sh /scripts/runs.sh list"
manifest="$(runs_dir)/$run/manifest"
[ "$(runs_field "$manifest" store)" = neo4j ] || fail "run $run is not a Neo4j backup (store $(runs_field "$manifest" store)); nothing was touched"

# --- 2. neo4j must be stopped (before the slow proof: a running server is the commonest mistake) ----
for db in $NEO4J_BACKUP_DATABASES; do
  neo4j_require_stopped "$NEO4J_CONF" "$db" "$RUNS_WORK/info" "$NEO4J_DATA_DIR"
done

# --- 3. every dump proven in a scratch home ---------------------------------------------------------
for db in $NEO4J_BACKUP_DATABASES; do
  line=$(sed -n "s/^dump $db //p" "$manifest" | head -n 1)
  [ -n "$line" ] || fail "run $run holds no dump of $db (its manifest has no \"dump $db\" line); nothing was touched"
  # shellcheck disable=SC2086 # the manifest's fields, split on purpose: tx format files bytes
  set -- $line
  log "proving $db.dump of run $run: loading it into a scratch home"
  neo4j_prove_dump "$(runs_dir)/$run" "$db" "$1" "$2" "$RUNS_WORK/prove" ||
    fail "refusing to restore run $run: $PROVE_PROBLEM. Nothing was touched; choose another run (RESTORE_RUN)"
done

# --- 4. leftovers of a killed restore, then move aside and load --------------------------------------
for marker in "$NEO4J_DATA_DIR"/replaced-*/.swap-unfinished; do
  [ -f "$marker" ] || continue
  log "rolling back the unfinished restore that was killed ($(dirname "$marker"))"
  undo_swap "$(dirname "$marker")" || fail "cannot roll back $(dirname "$marker"); see the runbook. Nothing else was touched"
done

mkdir "$REPLACED"
for db in $NEO4J_BACKUP_DATABASES; do
  for rel in "databases/$db" "transactions/$db"; do
    if [ -e "$NEO4J_DATA_DIR/$rel" ]; then echo "present $rel"; else echo "absent $rel"; fi
  done
done >"$REPLACED/.swap-unfinished"
sync "$REPLACED/.swap-unfinished" "$REPLACED"
swapping=yes
while read -r state rel; do
  [ "$state" = present ] || continue
  mkdir -p "$(dirname "$REPLACED/$rel")"
  mv "$NEO4J_DATA_DIR/$rel" "$REPLACED/$rel"
done <"$REPLACED/.swap-unfinished"
for db in $NEO4J_BACKUP_DATABASES; do
  log "loading $db.dump of run $run into $NEO4J_DATA_DIR"
  NEO4J_CONF=$NEO4J_CONF neo4j_admin "$RUNS_WORK/load" database load --from-path="$(runs_dir)/$run" "$db" || {
    cat "$RUNS_WORK/load" >&2
    fail "neo4j-admin database load $db failed: $(neo4j_problem "$RUNS_WORK/load"); putting back what was moved"
  }
  runs_test_pause "loaded-$db" ""
done
sync "$NEO4J_DATA_DIR"
rm "$REPLACED/.swap-unfinished"
committed=yes
swapping=""
log "loaded run $run: $NEO4J_BACKUP_DATABASES"

# --- 5. the replaced folders ------------------------------------------------------------------------
if [ -z "$(ls -A "$REPLACED")" ]; then
  rmdir "$REPLACED"
elif [ "$RESTORE_KEEP_REPLACED" = true ]; then
  log "kept the replaced databases in $REPLACED; remove it when the restore is confirmed (see the runbook)"
else
  if rm -rf "$REPLACED"; then
    log "removed the replaced databases"
  else
    warn "could not remove $REPLACED; the restore itself succeeded, remove it by hand"
  fi
fi
log "restore of run $run complete; the supervisor starts neo4j again"
