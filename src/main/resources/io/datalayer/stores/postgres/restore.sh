#!/bin/sh
# PostgreSQL restore of one recorded run (see runs.sh and backup.sh) that cannot destroy the live
# database:
#   1. before the server is touched: the run's manifest must say complete, every file must match
#      its size and SHA-256, and every dump to load is read through completely;
#   2. connected clients are listed and the restore refuses, unless RESTORE_TERMINATE_CLIENTS=true;
#   3. roles and tablespaces the server lacks are created (existing roles keep their passwords
#      and attributes), then each database is loaded under a temporary name;
#   4. only when every database loaded, ONE transaction renames each live database aside
#      (replaced-<restore stamp>-<n>), renames the loaded one into place, applies its properties
#      (owner, template flag, connection settings, ACL, comment) and the attributes, passwords and
#      memberships of the roles created in step 3: all of it happens, or none;
#   5. the replaced databases are kept (RESTORE_KEEP_REPLACED=true) or dropped.
# Any failure before step 4 drops what the restore created (temporary databases, roles,
# tablespaces): the server is as it was. A killed restore leaves datalayer-restore-* databases and
# roles marked "datalayer-restore: unfinished", which the next restore drops first. A restore can
# always be run again.
#
# Configuration (set by the postgresql-restore CronJob; an operator overrides the RESTORE_*):
#   PGHOST, PGPORT, PGUSER, POSTGRES_PASSWORD_FILE, BACKUP_DIR   as for backup.sh
#   RESTORE_RUN                  empty: the newest complete run; else a run id (sh runs.sh list)
#   RESTORE_FROM                 local; offsite is handled by offsite.sh, which fetches the run first
#   RESTORE_DATABASE             empty: every database of the run; else exactly this one
#   RESTORE_TERMINATE_CLIENTS    false: refuse while clients are connected; true: disconnect them
#   RESTORE_KEEP_REPLACED        true: keep the replaced databases; false: drop them at the end
#   BACKUP_LOCK_WAIT_SECONDS     how long to wait for a running backup or restore
set -eu
umask 077
RUNS_ROLE=restore
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/pg.sh"

runs_restore_settings
RESTORE_DATABASE="${RESTORE_DATABASE:-}"
case "${RESTORE_TERMINATE_CLIENTS:-}" in
  true | false) ;;
  '') fail "RESTORE_TERMINATE_CLIENTS is not set; the CronJob sets it from the restore settings" ;;
  *) fail "RESTORE_TERMINATE_CLIENTS is \"$RESTORE_TERMINATE_CLIENTS\"; set it to true or false" ;;
esac
case "$RESTORE_KEEP_REPLACED" in true | false) ;; *) fail "RESTORE_KEEP_REPLACED is \"$RESTORE_KEEP_REPLACED\"; set it to true or false" ;; esac

PREFIX=datalayer-restore
CONTROL="$PREFIX-control"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
created_dbs=""   # temporary databases, all named "$PREFIX-..." (plain ASCII)
control_made=""
roles_before=""
committed=""

undo() {
  # Only what this restore created; live databases were not renamed yet (step 4 is atomic).
  for db in $created_dbs; do
    pg_sql "$CONTROL" "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      pg_sql postgres "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      warn "could not drop the temporary database $db; the next restore drops it"
  done
  created_dbs=""
  if [ -n "$roles_before" ]; then
    # Tablespaces before their owners; roles newest first.
    for sql in "SELECT 'DROP TABLESPACE ' || quote_ident(spcname) FROM pg_tablespace WHERE oid > $ts_max ORDER BY oid DESC" \
      "SELECT 'DROP ROLE ' || quote_ident(rolname) FROM pg_authid WHERE oid > $role_max ORDER BY oid DESC"; do
      pg_sql postgres "$sql" 2>/dev/null | while IFS= read -r stmt; do
        if pg_sql postgres "$stmt" >/dev/null 2>&1; then log "undone: $stmt"; else warn "could not undo: $stmt"; fi
      done
    done
    roles_before=""
  fi
  if [ -n "$control_made" ]; then
    pg_sql postgres "DROP DATABASE IF EXISTS \"$CONTROL\" WITH (FORCE)" >/dev/null 2>&1 || true
    control_made=""
  fi
}
cleanup() {
  rc=$?
  runs_stop_child
  if [ -z "$committed" ] && [ -n "${PG_WORK:-}" ] && [ -f "$PG_WORK/pgpass" ]; then
    undo
    [ "$rc" = 0 ] || log "nothing was changed: the live databases and existing roles are as they were" >&2
  fi
  [ -z "${PG_WORK:-}" ] || rm -rf "$PG_WORK"
}
trap cleanup EXIT
trap 'exec 2>&3; log "ERROR: stopped by SIGTERM; dropping what this restore created" >&2; exit 143' TERM
trap 'exec 2>&3; log "ERROR: stopped by SIGINT; dropping what this restore created" >&2; exit 130' INT
trap 'exit 129' HUP

pg_workdir restore
runs_lock restore

# --- 1. what to restore, checked before the server is touched --------------------------------
runs_pick
run=$RUN
reason=$(runs_verify "$run") || fail "refusing to restore: $reason. Nothing was touched; choose another run (RESTORE_RUN) from: sh /opt/data-layer/runs.sh list"
manifest="$(runs_dir)/$run/manifest"
[ "$(runs_field "$manifest" store)" = postgresql ] || fail "run $run is not a PostgreSQL backup"

awk '$1 == "database" { print $2, $3 }' "$manifest" >"$PG_WORK/targets"
# The manifest's names reach SQL and paths: only hex and this script's file names are accepted.
if grep -v -E '^([0-9a-f][0-9a-f])+ db-[0-9]{4,}\.dump$' "$PG_WORK/targets" >"$PG_WORK/bad-targets"; then
  fail "the manifest of run $run has database lines this script did not write: $(head -n 3 "$PG_WORK/bad-targets" | tr '\n' ';'); nothing was touched"
fi
if [ -n "$RESTORE_DATABASE" ]; then
  want=$(printf '%s' "$RESTORE_DATABASE" | od -An -v -tx1 | tr -d ' \n')
  awk -v want="$want" '$1 == want' "$PG_WORK/targets" >"$PG_WORK/one"
  [ -s "$PG_WORK/one" ] || fail "run $run holds no database named \"$RESTORE_DATABASE\"; it holds: $(sed -n 's/^database [^ ]* [^ ]* //p' "$manifest" | tr '\n' ',' | sed 's/,$//')"
  mv "$PG_WORK/one" "$PG_WORK/targets"
fi
[ -s "$PG_WORK/targets" ] || fail "run $run holds no database"

# Names with a line break cannot come back through this script: pg_restore --create refuses such
# a database name, and the roles and tablespaces of globals.sql are taken line by line, where a
# cut-off quoted name would swallow the statements after it. backup.sh marks them "unrestorable"
# in the manifest; the databases of older runs are checked by their names.
blocked=$(awk '$1 == "unrestorable" && $2 != "database" && $3 ~ /^([0-9a-f][0-9a-f])+$/ { print $2, $3 }' "$manifest" |
  while read -r kind hex; do printf '%s "%s", ' "$kind" "$(pg_printable "$(pg_unhex "$hex")")"; done)
while read -r hex file; do
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  ! pg_has_line_break "$name" || blocked="${blocked}database \"$(pg_printable "$name")\", "
done <"$PG_WORK/targets"
[ -z "$blocked" ] || fail "run $run holds names with a line break that this script cannot restore: ${blocked%, };" \
  "nothing was touched. Restore such a database by hand (README: \"A name with a line break\");" \
  "the other databases one at a time with RESTORE_DATABASE, unless a role or tablespace is named here"

while read -r hex file; do
  log "reading $file through (\"$(pg_printable "$(pg_unhex "$hex")")\")"
  runs_child pg_restore --file=/dev/null "$(runs_dir)/$run/$file" 2>"$PG_WORK/err" || {
    cat "$PG_WORK/err" >&2
    fail "$file of run $run does not read back completely; nothing was touched. Choose another run (RESTORE_RUN)"
  }
done <"$PG_WORK/targets"

# --- 2. the server, and who is connected -------------------------------------------------------
pg_check_server
# SQL naming a database by the hex of its bytes: no quoting of names anywhere.
by_hex() { printf "convert_to(datname::text, pg_catalog.getdatabaseencoding()) = decode('%s', 'hex')" "$1"; }

leftovers=$(pg_sql postgres "SELECT datname FROM pg_database WHERE datname LIKE '$PREFIX-%'")
for db in $leftovers; do
  log "dropping $db, left by a restore that was killed"
  pg_sql postgres "ALTER DATABASE \"$db\" IS_TEMPLATE false" >/dev/null
  pg_sql postgres "DROP DATABASE \"$db\" WITH (FORCE)" >/dev/null
done

# Roles a killed restore created never got their attributes or password (those come with the
# swap): drop them, so this restore creates them again whole.
pg_sql postgres "SELECT 'DROP ROLE ' || quote_ident(rolname) FROM pg_authid a JOIN pg_shdescription d
    ON d.objoid = a.oid AND d.classoid = 'pg_authid'::regclass WHERE d.description LIKE '$PREFIX: unfinished %'" |
  while IFS= read -r stmt; do
    if pg_sql postgres "$stmt" >/dev/null 2>&1; then
      log "left by a restore that was killed: $stmt"
    else
      warn "a role left by a killed restore could not be dropped ($stmt); drop it by hand"
    fi
  done

sessions=""
while read -r hex file; do
  s=$(pg_sql postgres "SELECT 'pid=' || pid || ' user=' || coalesce(usename::text, '-') || ' application=' || coalesce(nullif(application_name, ''), '-')
      || ' client=' || coalesce(host(client_addr), 'local') || ' since=' || to_char(backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
      || ' database=' || datname
    FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND $(by_hex "$hex")")
  [ -z "$s" ] || sessions="$sessions$s
"
done <"$PG_WORK/targets"
if [ -n "$sessions" ] && [ "$RESTORE_TERMINATE_CLIENTS" != true ]; then
  printf '%s' "$sessions" | sed 's/^/  session: /' >&2
  fail "clients are connected to the databases to restore (sessions above); stop the apps, or set RESTORE_TERMINATE_CLIENTS=true to disconnect them. Nothing was touched"
fi

# --- 3. roles and tablespaces the server lacks, then each database under a temporary name -------
role_max=$(pg_sql postgres "SELECT coalesce(max(oid::text::bigint), 0) FROM pg_authid")
ts_max=$(pg_sql postgres "SELECT coalesce(max(oid::text::bigint), 0) FROM pg_tablespace")
roles_before=yes
# Meta-commands (\restrict, \connect) are dropped: we run the statements ourselves.
grep -v '^[\]' "$(runs_dir)/$run/globals.sql" >"$PG_WORK/globals.sql" || true
grep -e '^CREATE ROLE ' -e '^CREATE TABLESPACE ' "$PG_WORK/globals.sql" >"$PG_WORK/create.sql" || true
psql -X -q -v ON_ERROR_STOP=0 --no-password -d "$(pg_conn postgres)" -f "$PG_WORK/create.sql" >/dev/null 2>"$PG_WORK/create.err" || true
if grep 'ERROR:' "$PG_WORK/create.err" | grep -v -e 'ERROR:  role ".*" already exists$' -e 'ERROR:  tablespace ".*" already exists$' >"$PG_WORK/create.bad"; then
  cat "$PG_WORK/create.bad" >&2
  fail "creating the roles and tablespaces of run $run failed (errors above; a tablespace needs its directory on the server)"
fi
pg_sql postgres "SELECT quote_ident(rolname) FROM pg_authid WHERE oid::text::bigint > $role_max" >"$PG_WORK/new-roles"
[ ! -s "$PG_WORK/new-roles" ] || log "created the missing roles: $(tr '\n' ' ' <"$PG_WORK/new-roles")"
# Marked until the swap commits, so a killed restore's roles are recognised and dropped next time.
while IFS= read -r role; do
  pg_sql postgres "COMMENT ON ROLE $role IS '$PREFIX: unfinished $STAMP'" >/dev/null
  printf 'COMMENT ON ROLE %s IS NULL;\n' "$role" >>"$PG_WORK/roles-done.sql"
done <"$PG_WORK/new-roles"
# Attributes, passwords and settings of the roles just created, and every membership grant; they
# take effect in the same transaction as the swap.
awk 'NR == FNR { role["ALTER ROLE " $0 " "] = 1; next }
     /^GRANT / { print; next }
     { for (p in role) if (index($0, p) == 1) { print; next } }' "$PG_WORK/new-roles" "$PG_WORK/globals.sql" >"$PG_WORK/roles.sql"

pg_sql postgres "CREATE DATABASE \"$CONTROL\" TEMPLATE template0" >/dev/null
control_made=yes

n=0
: >"$PG_WORK/swap.sql"
while read -r hex file; do
  n=$((n + 1))
  dump="$(runs_dir)/$run/$file"
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  shown=$(pg_printable "$name")
  tmp="$PREFIX-$STAMP-$n"
  qname=$(pg_sql postgres "SELECT quote_ident(convert_from(decode('$hex', 'hex'), pg_catalog.getdatabaseencoding()))")

  # The database-level entries (CREATE DATABASE, owner, properties, comment, ACL) are applied by
  # this script; everything inside the database comes from pg_restore.
  pg_restore --create --list "$dump" >"$PG_WORK/all.list"
  grep -E '^[0-9]+; [0-9]+ [0-9]+ (DATABASE PROPERTIES - |COMMENT - DATABASE |ACL - DATABASE |SECURITY LABEL - DATABASE )' \
    "$PG_WORK/all.list" >"$PG_WORK/props.list" || true
  grep -v -E '^[0-9]+; [0-9]+ [0-9]+ (DATABASE - |DATABASE PROPERTIES - |COMMENT - DATABASE |ACL - DATABASE |SECURITY LABEL - DATABASE )' \
    "$PG_WORK/all.list" >"$PG_WORK/content.list" || true
  # With --create, pg_restore writes the CREATE DATABASE and owner entries whatever the list says.
  pg_restore --create --use-list="$PG_WORK/props.list" --file="$PG_WORK/db.sql" "$dump"
  prefix="CREATE DATABASE $qname WITH "
  create=$(grep -v '^[\]' "$PG_WORK/db.sql" | PREFIX_TEXT="$prefix" awk -v tmp="\"$tmp\"" '
    index($0, ENVIRON["PREFIX_TEXT"]) == 1 { print "CREATE DATABASE " tmp " WITH " substr($0, length(ENVIRON["PREFIX_TEXT"]) + 1); found = 1 }
    END { exit !found }') || fail "the dump $file has no CREATE DATABASE statement for \"$shown\" in the form this script knows"

  log "loading \"$shown\" from $file into the temporary database $tmp"
  created_dbs="$created_dbs $tmp"
  pg_sql "$CONTROL" "$create" >/dev/null
  runs_child pg_restore --exit-on-error --no-password --use-list="$PG_WORK/content.list" --dbname="$(pg_conn "$tmp")" "$dump" ||
    fail "loading \"$shown\" from $file failed (errors above)"

  # Swap statements: the live database aside (if there is one), the loaded one into place, then
  # its properties, written by pg_restore for the real name.
  live=$(pg_sql postgres "SELECT count(*) FROM pg_database WHERE $(by_hex "$hex")")
  {
    if [ "$live" = 1 ]; then
      printf 'ALTER DATABASE %s RENAME TO "replaced-%s-%s";\n' "$qname" "$STAMP" "$n"
      printf 'ALTER DATABASE "replaced-%s-%s" IS_TEMPLATE false;\n' "$STAMP" "$n"
      printf '%s %s\n' "$hex" "replaced-$STAMP-$n" >>"$PG_WORK/replaced"
    fi
    printf 'ALTER DATABASE "%s" RENAME TO %s;\n' "$tmp" "$qname"
    grep -v -e '^[\]' -e '^CREATE DATABASE ' -e '^--' "$PG_WORK/db.sql" || true
  } >>"$PG_WORK/swap.sql"
done <"$PG_WORK/targets"

# --- 4. one transaction: roles of step 3, every database swapped with its properties ------------
terminate=""
if [ "$RESTORE_TERMINATE_CLIENTS" = true ]; then
  terminate=$(while read -r hex file; do
    printf 'SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND %s;\n' "$(by_hex "$hex")"
  done <"$PG_WORK/targets")
fi
attempt=1
while :; do
  { printf '%s\n' "$terminate"; cat "$PG_WORK/roles.sql" "$PG_WORK/swap.sql"
    [ ! -f "$PG_WORK/roles-done.sql" ] || cat "$PG_WORK/roles-done.sql"; } >"$PG_WORK/commit.sql"
  if runs_child psql -X -q -1 -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn "$CONTROL")" -f "$PG_WORK/commit.sql" >/dev/null 2>"$PG_WORK/commit.err"; then
    break
  fi
  # A client that connected again between the terminate and the rename: try again, briefly.
  if [ "$RESTORE_TERMINATE_CLIENTS" = true ] && [ "$attempt" -lt 3 ] && grep -q 'is being accessed by other users' "$PG_WORK/commit.err"; then
    attempt=$((attempt + 1))
    sleep 1
    continue
  fi
  cat "$PG_WORK/commit.err" >&2
  fail "the swap of run $run was rolled back (errors above)"
done
committed=yes
created_dbs=""
roles_before=""
log "swapped in $(wc -l <"$PG_WORK/targets") database(s) from run $run"

# --- 5. the replaced databases ------------------------------------------------------------------
if [ -f "$PG_WORK/replaced" ]; then
  while read -r hex old; do
    if [ "$RESTORE_KEEP_REPLACED" = true ]; then
      log "kept the replaced \"$(pg_printable "$(pg_unhex "$hex")")\" as $old; drop it when the restore is confirmed: DROP DATABASE \"$old\""
    elif pg_sql "$CONTROL" "DROP DATABASE \"$old\" WITH (FORCE)" >/dev/null 2>"$PG_WORK/err"; then
      log "dropped the replaced \"$(pg_printable "$(pg_unhex "$hex")")\" ($old)"
    else
      cat "$PG_WORK/err" >&2
      warn "could not drop the replaced database $old; the restore itself succeeded, drop it by hand"
    fi
  done <"$PG_WORK/replaced"
fi
pg_sql postgres "DROP DATABASE \"$CONTROL\" WITH (FORCE)" >/dev/null || warn "could not drop $CONTROL; the next restore drops it"
control_made=""
log "restore of run $run complete: $(wc -l <"$PG_WORK/targets") database(s)"
