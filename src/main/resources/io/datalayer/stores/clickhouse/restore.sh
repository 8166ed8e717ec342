#!/bin/sh
# Restores the databases of one recorded ClickHouse run (backup.sh) with the same guarantees as the
# other stores' restores:
#   1. the run is proved before anything is touched: its manifest says complete, every archive has
#      its recorded size and SHA-256 (runs_verify), and every database restores into a scratch
#      database whose every table has the row count and content hash the backup recorded;
#   2. what it replaces is kept: each live database of the run is renamed aside to
#      <name>_replaced_<UTC stamp> (RENAME DATABASE, Atomic engine) before the run's copy is
#      restored under its name; with RESTORE_KEEP_REPLACED=false they are dropped once every
#      database is restored and proved again;
#   3. a failure or a signal at any point puts the live databases back as they were: the restored
#      copies are dropped and the renamed ones renamed back.
# Databases of the server that the run does not hold are not touched. The server keeps running:
# stop the writers first (the runbook says how), since writes to a database between its rename
# and the end of the restore go to the copy set aside.
#
# Configuration (all set by the clickhouse-restore CronJob; the runbook shows how to start a Job):
#   CLICKHOUSE_HOST, CLICKHOUSE_PORT, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD_FILE, CLICKHOUSE_BACKUP_DISK,
#   BACKUP_DIR                         as for backup.sh; the user may create, rename and drop databases
#   RESTORE_RUN                        the run id; empty: the newest complete run
#   RESTORE_KEEP_REPLACED              true: keep the databases set aside; false: drop them at the end
#   RESTORE_FROM                       local (offsite.sh fetches an off-site run first)
#   BACKUP_LOCK_WAIT_SECONDS           how long to wait for a running backup
set -eu
umask 077
RUNS_ROLE=restore
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/clickhouse.sh"
runs_restore_settings

# "<database> <aside or ->" for each database replaced so far, in order: what a rollback undoes.
SWAPPED=""
rollback() {
  [ -n "$SWAPPED" ] && [ -s "$SWAPPED" ] || return 0
  log "putting the live databases back as they were"
  sed '1!G;h;$!d' "$SWAPPED" | while read -r db aside; do
    clickhouse_sql "DROP DATABASE IF EXISTS \`$db\` SYNC" >/dev/null 2>&1 ||
      log "ERROR: cannot drop the partly restored database $db; drop it, then rename $aside back (runbook clickhouse-restore.md)" >&2
    if [ "$aside" != - ]; then
      clickhouse_sql "RENAME DATABASE \`$aside\` TO \`$db\`" >/dev/null 2>&1 ||
        log "ERROR: cannot rename $aside back to $db; do it by hand (runbook clickhouse-restore.md)" >&2
    fi
  done
  : >"$SWAPPED"
}
on_signal() { # signal
  trap - HUP INT TERM
  exec 2>&3
  log "ERROR: stopped by $1" >&2
  runs_stop_child
  rollback
  exit 143
}
# Any exit in step 2 that did not roll back itself (an unexpected error under set -e) rolls back here.
trap 'runs_stop_child; rollback; [ -z "$RUNS_WORK" ] || rm -rf "$RUNS_WORK"' EXIT
trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGINT' INT
trap 'on_signal SIGHUP' HUP

clickhouse_workdir restore
clickhouse_login
runs_lock restore
runs_pick
if ! problem=$(runs_verify "$RUN"); then
  fail "$problem; nothing was changed. Choose another run (RESTORE_RUN; sh /opt/data-layer/runs.sh list)"
fi
RUN_ID=$RUN
MANIFEST="$(runs_dir)/$RUN/manifest"
[ "$(runs_field "$MANIFEST" store)" = clickhouse ] ||
  fail "run $RUN is a backup of $(runs_field "$MANIFEST" store), not of ClickHouse; nothing was changed"
grep '^database ' "$MANIFEST" >"$CLICKHOUSE_WORK/databases" ||
  fail "run $RUN holds no database; nothing was changed"

if ! clickhouse_sql "SELECT version()" >"$CLICKHOUSE_WORK/version" 2>"$CLICKHOUSE_WORK/err"; then
  fail "cannot reach ClickHouse at $CLICKHOUSE_HOST:$CLICKHOUSE_PORT as $CLICKHOUSE_USER ($(clickhouse_error)); nothing was changed"
fi

# What the backup recorded of one archive's tables: "<table> <rows> <hash>", sorted by table.
recorded() { # file
  awk -v f="$1" '$1 == "table" && $2 == f { print $5, $3, $4 }' "$MANIFEST" | sort
}
# Reads back a restored database and compares it with the record; prints the difference.
differs() { # file restored-listing
  sort "$2" >"$2.sorted"
  recorded "$1" >"$CLICKHOUSE_WORK/recorded"
  diff "$CLICKHOUSE_WORK/recorded" "$2.sorted" | sed -n 's/^\([<>]\) /\1/p' | tr '\n' ';' | cut -c 1-400
}

# 1. Prove every database of the run in a scratch database.
n=0
while read -r _ file _ db; do
  n=$((n + 1))
  clickhouse_plain_name "$db" || fail "run $RUN names a database $(clickhouse_hex "$db") (hex) that cannot be restored safely; nothing was changed"
  scratch="$CLICKHOUSE_SCRATCH_PREFIX$n"
  if ! clickhouse_restore_scratch "$file" "$db" "$scratch" >"$CLICKHOUSE_WORK/restored"; then
    clickhouse_sql "DROP DATABASE IF EXISTS \`$scratch\` SYNC" >/dev/null 2>&1 || true
    fail "run $RUN: database $db ($file) does not restore into a scratch database: $(clickhouse_error); nothing was changed"
  fi
  diff=$(differs "$file" "$CLICKHOUSE_WORK/restored")
  clickhouse_sql "DROP DATABASE IF EXISTS \`$scratch\` SYNC" >/dev/null 2>"$CLICKHOUSE_WORK/err" ||
    fail "cannot drop the scratch database $scratch: $(clickhouse_error); nothing was changed"
  [ -z "$diff" ] ||
    fail "run $RUN: database $db ($file) restores, but not as recorded (< recorded, > read back: $diff); nothing was changed"
  log "database $db: $file proved in a scratch database ($(wc -l <"$CLICKHOUSE_WORK/restored" | tr -d ' ') table(s) as recorded)"
done <"$CLICKHOUSE_WORK/databases"
runs_test_pause proved "run=$RUN"

# 2. Set each live database aside and restore the run's copy under its name.
stamp=$(date -u +%Y%m%dT%H%M%SZ)
clickhouse_sql "SELECT name FROM system.databases" >"$CLICKHOUSE_WORK/live" 2>"$CLICKHOUSE_WORK/err" ||
  fail "cannot list the databases: $(clickhouse_error); nothing was changed"
while read -r _ file _ db; do
  if grep -qxF "${db}_replaced_$stamp" "$CLICKHOUSE_WORK/live"; then
    fail "a database ${db}_replaced_$stamp exists already; nothing was changed. Run the restore again in a second"
  fi
done <"$CLICKHOUSE_WORK/databases"
SWAPPED="$CLICKHOUSE_WORK/swapped"
: >"$SWAPPED"
while read -r _ file _ db; do
  aside=-
  if grep -qxF "$db" "$CLICKHOUSE_WORK/live"; then
    aside="${db}_replaced_$stamp"
    if ! clickhouse_sql "RENAME DATABASE \`$db\` TO \`$aside\`" >/dev/null 2>"$CLICKHOUSE_WORK/err"; then
      rollback
      fail "cannot set database $db aside as $aside: $(clickhouse_error); the live databases are as they were"
    fi
  fi
  printf '%s %s\n' "$db" "$aside" >>"$SWAPPED"
  runs_test_pause set-aside "database=$db aside=$aside"
  if [ "$aside" = - ]; then was="it did not exist"; else was="the live one is set aside as $aside"; fi
  log "database $db: restoring $file ($was)"
  if ! clickhouse_status "RESTORE DATABASE \`$db\` FROM $(clickhouse_disk "$file")" RESTORED; then
    problem=$(clickhouse_error)
    rollback
    fail "database $db: RESTORE of $file failed: $problem; the live databases are as they were"
  fi
  if ! clickhouse_tables "$db" >"$CLICKHOUSE_WORK/tables" 2>"$CLICKHOUSE_WORK/err"; then
    problem=$(clickhouse_error)
    rollback
    fail "database $db: cannot read the restored database back: $problem; the live databases are as they were"
  fi
  if ! clickhouse_digests "$db" "$CLICKHOUSE_WORK/tables" >"$CLICKHOUSE_WORK/restored" 2>"$CLICKHOUSE_WORK/err"; then
    problem=$(clickhouse_error)
    rollback
    fail "database $db: cannot read the restored database back: $problem; the live databases are as they were"
  fi
  diff=$(differs "$file" "$CLICKHOUSE_WORK/restored")
  if [ -n "$diff" ]; then
    rollback
    fail "database $db: restored from $file but not as recorded ($diff); the live databases are as they were"
  fi
done <"$CLICKHOUSE_WORK/databases"
# Restored and proved: from here nothing is undone.
awk '$2 != "-" { print $2 }' "$SWAPPED" >"$CLICKHOUSE_WORK/replaced"
: >"$SWAPPED"

# 3. The databases set aside: kept for a person to compare and drop, or dropped now.
if [ "$RESTORE_KEEP_REPLACED" = false ]; then
  while IFS= read -r aside; do
    clickhouse_sql "DROP DATABASE \`$aside\` SYNC" >/dev/null 2>"$CLICKHOUSE_WORK/err" ||
      warn "cannot drop $aside: $(clickhouse_error); drop it by hand"
  done <"$CLICKHOUSE_WORK/replaced"
  log "restored run $RUN: $(wc -l <"$CLICKHOUSE_WORK/databases" | tr -d ' ') database(s); the replaced ones were dropped"
else
  log "restored run $RUN: $(wc -l <"$CLICKHOUSE_WORK/databases" | tr -d ' ') database(s); the replaced ones are kept: $(tr '\n' ' ' <"$CLICKHOUSE_WORK/replaced")(drop them when no longer needed: runbook clickhouse-restore.md)"
fi
