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
# This restore's own psql connections carry a name nobody else knows (pg_psql), so its check for
# connected clients never counts them: a psql that just exited leaves its server process in
# pg_stat_activity for a moment, and the restore once refused to run because of its own previous
# query. pg_restore keeps its own name.
PG_PSQL_APPNAME="$PREFIX-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
created_dbs=""   # temporary databases, all named "$PREFIX-..." (plain ASCII)
control_made=""
roles_before=""
committed=""

# Runs SQL on one role or tablespace named by its oid: %I in the SQL is its quoted name, formed by
# the server from the stored bytes (psql never carries the name).
pg_on_oid() { # catalog column oid sql-with-%I
  pg_sql postgres "DO \$\$BEGIN EXECUTE format('$(printf '%s' "$4" | sed "s/'/''/g")', (SELECT $2 FROM pg_catalog.$1 WHERE oid = $3)); END\$\$"
}
pg_oid_name() { # catalog column oid -> the name, printable
  pg_printable "$(pg_unhex "$(pg_sql postgres "SELECT $(pg_name_hex "$2") FROM pg_catalog.$1 WHERE oid = $3")")"
}
pg_drop_by_oid() { # ROLE|TABLESPACE catalog column oid
  shown=$(pg_oid_name "$2" "$3" "$4" 2>/dev/null)
  if pg_on_oid "$2" "$3" "$4" "DROP $1 %I" >/dev/null 2>&1; then
    log "undone: DROP $1 \"$shown\""
  else
    warn "could not undo: DROP $1 \"$shown\" (oid $4)"
  fi
}

# globals.sql (pg_dumpall --globals-only) read as SQL statements, not lines: a statement ends at a
# ';' outside quotes, and a quoted name or comment may hold line breaks, ';' and quotes ('' and ""
# inside). Lines starting with '\' (\restrict, \connect) and '--' comments between statements are
# skipped; so are SET statements (this script's sessions set their own). Each statement is sorted by
# what it is about:
#   create  CREATE ROLE / CREATE TABLESPACE: printed in "create" mode;
#   role    ALTER ROLE, COMMENT ON ROLE, SECURITY LABEL ... ON ROLE: about that role;
#   ts      ALTER TABLESPACE, COMMENT ON / SECURITY LABEL ... ON TABLESPACE, GRANT / REVOKE ... ON
#           TABLESPACE: about that tablespace;
#   grant   GRANT / REVOKE ... ON PARAMETER: about the grantees; a membership (GRANT role TO member):
#           about both.
# In "apply" mode a statement is printed when it is about a role or tablespace of the new-roles or
# new-ts file (lines "oid hex-of-name"), compared by the exact bytes of the names. Anything else
# fails with the statement on stderr (exit 3): a form this script does not know is not guessed at.
pg_globals() { # create|apply globals.sql new-roles new-ts
  LC_ALL=C awk -v mode="$1" -v rolesfile="$3" -v tsfile="$4" -v sq="'" '
    BEGIN {
      for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
      while ((getline l < rolesfile) > 0) { split(l, f, " "); newrole[f[2]] = 1 }
      while ((getline l < tsfile) > 0) { split(l, f, " "); newts[f[2]] = 1 }
      st = ""; q = ""; bad = 0
    }
    function hex(s,   i, out) { out = ""; for (i = 1; i <= length(s); i++) out = out sprintf("%02x", ord[substr(s, i, 1)]); return out }
    # The next token of st from position p: sets tok (as written) and up (upper case, bare words only).
    function next_tok(   c, j, n) {
      n = length(st)
      while (p <= n && substr(st, p, 1) ~ /[ \t\r\n]/) p++
      if (p > n) { tok = ""; up = ""; return 0 }
      c = substr(st, p, 1)
      if (c == "\"" || c == sq) {
        for (j = p + 1; j <= n; j++) {
          if (substr(st, j, 1) == c) { if (substr(st, j + 1, 1) == c) j++; else break }
        }
        tok = substr(st, p, j - p + 1); up = ""; p = j + 1; return 1
      }
      if (c ~ /[A-Za-z0-9_$]/) {
        for (j = p; j <= n && substr(st, j, 1) ~ /[A-Za-z0-9_$]/; j++) ;
        tok = substr(st, p, j - p); up = toupper(tok); p = j; return 1
      }
      tok = c; up = c; p++; return 1
    }
    # The exact bytes of an identifier token, as hex: "a""b" is a"b; a bare word is as written
    # (pg_dumpall quotes every name that is not all lower case).
    function ident_hex(t,   v) {
      if (substr(t, 1, 1) == "\"") { v = substr(t, 2, length(t) - 2); gsub(/""/, "\"", v); return hex(v) }
      return hex(t)
    }
    function is_ident(t) { return t ~ /^"/ || t ~ /^[A-Za-z_][A-Za-z0-9_$]*$/ }
    function unknown(why) { printf "pg_globals: %s: %s;\n", why, st > "/dev/stderr"; bad = 1 }
    function emit(   w1, w2, w3, kind, subj, on, i, hit, nids) {
      sub(/^[ \t\r\n]+/, "", st)
      if (st == "") return
      p = 1; next_tok(); w1 = up; next_tok(); w2 = up; next_tok(); w3 = tok
      kind = ""
      if (w1 == "SET") return
      if (w1 == "CREATE" && (w2 == "ROLE" || w2 == "TABLESPACE")) kind = "create"
      else if (w1 == "ALTER" && w2 == "ROLE") { kind = "role"; subj = w3 }
      else if (w1 == "ALTER" && w2 == "TABLESPACE") { kind = "ts"; subj = w3 }
      else if (w1 == "COMMENT" && w2 == "ON") {
        w3 = toupper(w3); next_tok(); subj = tok
        if (w3 == "ROLE") kind = "role"; else if (w3 == "TABLESPACE") kind = "ts"
      } else if (w1 == "SECURITY" && w2 == "LABEL") {
        # SECURITY LABEL [FOR provider] ON ROLE|TABLESPACE name IS ...
        p = 1; while (next_tok() && up != "ON") ;
        next_tok(); if (up == "ROLE") kind = "role"; else if (up == "TABLESPACE") kind = "ts"
        next_tok(); subj = tok
      } else if (w1 == "GRANT" || w1 == "REVOKE") {
        # The first ON, TO or FROM after the privileges or roles granted.
        p = 1; next_tok(); nids = 0; on = ""
        while (next_tok()) {
          if (up == "ON") { next_tok(); on = up; break }
          if (up == "TO" || up == "FROM") break
          if (is_ident(tok) && tok != ",") ids[++nids] = tok
        }
        if (on == "TABLESPACE") { next_tok(); kind = "ts"; subj = tok }
        else if (on == "PARAMETER" || on == "") {
          if (on == "PARAMETER") { nids = 0; while (next_tok() && up != "TO" && up != "FROM") ; }
          # The grantees (and for a membership the roles granted, read above) up to WITH, GRANTED or the end.
          while (next_tok() && up != "WITH" && up != "GRANTED") if (tok != ",") ids[++nids] = tok
          kind = "grant"
        }
      }
      if (kind == "") { unknown("a statement this script does not know"); return }
      if (mode == "create") { if (kind == "create") printf "%s;\n", st; return }
      if (kind == "create") return
      hit = 0
      if (kind == "role") hit = is_ident(subj) && (ident_hex(subj) in newrole)
      else if (kind == "ts") hit = is_ident(subj) && (ident_hex(subj) in newts)
      else for (i = 1; i <= nids; i++) if (toupper(ids[i]) != "PUBLIC" && is_ident(ids[i]) && (ident_hex(ids[i]) in newrole)) hit = 1
      if (kind != "grant" && !is_ident(subj)) { unknown("no name found"); return }
      if (hit) printf "%s;\n", st
    }
    {
      line = $0
      if (q == "" && st !~ /[^ \t\r\n]/) {
        st = ""
        if (line ~ /^\\/ || line ~ /^--/ || line ~ /^[ \t\r]*$/) next
      }
      n = length(line)
      for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (q != "") {
          st = st c
          if (c == q) { if (substr(line, i + 1, 1) == q) { st = st q; i++ } else q = "" }
          continue
        }
        if (c == sq || c == "\"") { q = c; st = st c; continue }
        if (c == "-" && substr(line, i + 1, 1) == "-") break
        if (c == ";") { emit(); st = ""; continue }
        st = st c
      }
      if (q != "" || st ~ /[^ \t\r\n]/) st = st "\n"
    }
    END {
      if (q != "" || st ~ /[^ \t\r\n]/) { printf "pg_globals: the file ends inside a statement: %s\n", st > "/dev/stderr"; exit 2 }
      if (bad) exit 3
    }' "$2"
}

undo() {
  # Only what this restore created; live databases were not renamed yet (step 4 is atomic).
  for db in $created_dbs; do
    pg_sql "$CONTROL" "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      pg_sql postgres "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
      warn "could not drop the temporary database $db; the next restore drops it"
  done
  created_dbs=""
  if [ -n "$roles_before" ]; then
    # Tablespaces before their owners; roles newest first. By oid: a name may hold any byte.
    pg_sql postgres "SELECT oid FROM pg_tablespace WHERE oid::text::bigint > $ts_max ORDER BY oid DESC" 2>/dev/null |
      while read -r oid; do pg_drop_by_oid TABLESPACE pg_tablespace spcname "$oid"; done
    pg_sql postgres "SELECT oid FROM pg_authid WHERE oid::text::bigint > $role_max ORDER BY oid DESC" 2>/dev/null |
      while read -r oid; do pg_drop_by_oid ROLE pg_authid rolname "$oid"; done
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

# A database whose name holds a line break cannot come back through pg_restore --create (it refuses
# to write the \connect for it). backup.sh no longer dumps one; an older run may hold one, and is
# refused for that database. Roles and tablespaces of any name are restored (globals.sql is read
# statement by statement), so the "unrestorable role|tablespace" lines of older runs are ignored.
blocked=""
while read -r hex file; do
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  ! pg_has_line_break "$name" || blocked="${blocked}database \"$(pg_printable "$name")\", "
done <"$PG_WORK/targets"
[ -z "$blocked" ] || fail "run $run holds database names with a line break that pg_restore cannot recreate: ${blocked%, };" \
  "nothing was touched. Restore such a database by hand (runbook: \"A name with a line break\");" \
  "the other databases one at a time with RESTORE_DATABASE"

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
by_hex() { printf "textsend(datname::text) = decode('%s', 'hex')" "$1"; }

leftovers=$(pg_sql postgres "SELECT datname FROM pg_database WHERE starts_with(datname::text, '$PREFIX-')")
for db in $leftovers; do
  log "dropping $db, left by a restore that was killed"
  pg_sql postgres "ALTER DATABASE \"$db\" IS_TEMPLATE false" >/dev/null
  pg_sql postgres "DROP DATABASE \"$db\" WITH (FORCE)" >/dev/null
done

# Roles a killed restore created never got their attributes or password (those come with the
# swap): drop them, so this restore creates them again whole.
pg_sql postgres "SELECT a.oid FROM pg_authid a JOIN pg_shdescription d
    ON d.objoid = a.oid AND d.classoid = 'pg_authid'::regclass WHERE starts_with(d.description, '$PREFIX: unfinished ')" |
  while read -r oid; do
    shown=$(pg_oid_name pg_authid rolname "$oid")
    if pg_on_oid pg_authid rolname "$oid" "DROP ROLE %I" >/dev/null 2>&1; then
      log "left by a restore that was killed: DROP ROLE \"$shown\""
    else
      warn "a role left by a killed restore could not be dropped (\"$shown\", oid $oid); drop it by hand"
    fi
  done

sessions=""
while read -r hex file; do
  s=$(pg_sql postgres "SELECT 'pid=' || pid || ' user=' || coalesce(usename::text, '-') || ' application=' || coalesce(nullif(application_name, ''), '-')
      || ' client=' || coalesce(host(client_addr), 'local') || ' since=' || to_char(backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
      || ' database=' || datname
    FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name <> '$PG_PSQL_APPNAME' AND $(by_hex "$hex")")
  [ -z "$s" ] || sessions="$sessions$s
"
done <"$PG_WORK/targets"
if [ -n "$sessions" ] && [ "$RESTORE_TERMINATE_CLIENTS" != true ]; then
  printf '%s' "$sessions" | sed 's/^/  session: /' >&2
  fail "clients are connected to the databases to restore (sessions above); stop the apps, or set RESTORE_TERMINATE_CLIENTS=true to disconnect them. Nothing was touched"
fi

# --- 3. roles and tablespaces the server lacks, then each database under a temporary name -------
# The control database: SQL_ASCII, so SQL carrying a name's bytes (whatever encoding the name was
# created in) is taken as it is; every statement that names a database, role or tablespace runs here.
pg_sql postgres "CREATE DATABASE \"$CONTROL\" TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C' LOCALE_PROVIDER libc" >/dev/null
control_made=yes

role_max=$(pg_sql postgres "SELECT coalesce(max(oid::text::bigint), 0) FROM pg_authid")
ts_max=$(pg_sql postgres "SELECT coalesce(max(oid::text::bigint), 0) FROM pg_tablespace")
roles_before=yes
# globals.sql statement by statement (pg_globals): the CREATE ROLE and CREATE TABLESPACE statements
# first; an existing role or tablespace makes its CREATE fail with duplicate_object (42710), which
# is expected: existing ones are left as they are.
pg_globals create "$(runs_dir)/$run/globals.sql" /dev/null /dev/null >"$PG_WORK/create.sql" 2>"$PG_WORK/globals.err" || {
  cat "$PG_WORK/globals.err" >&2
  fail "globals.sql of run $run cannot be read as statements (above); nothing was touched"
}
pg_psql -X -q -v ON_ERROR_STOP=0 -v VERBOSITY=verbose --no-password -d "$(pg_conn "$CONTROL")" -f "$PG_WORK/create.sql" \
  >/dev/null 2>"$PG_WORK/create.err" || true
if grep 'ERROR:  ' "$PG_WORK/create.err" | grep -v 'ERROR:  42710: ' >/dev/null; then
  grep -v '^LOCATION:  ' "$PG_WORK/create.err" >&2
  fail "creating the roles and tablespaces of run $run failed (errors above; a tablespace needs its directory on the server)"
fi
pg_sql postgres "SELECT oid || ' ' || $(pg_name_hex rolname) FROM pg_authid WHERE oid::text::bigint > $role_max ORDER BY oid" >"$PG_WORK/new-roles"
pg_sql postgres "SELECT oid || ' ' || $(pg_name_hex spcname) FROM pg_tablespace WHERE oid::text::bigint > $ts_max ORDER BY oid" >"$PG_WORK/new-ts"
[ ! -s "$PG_WORK/new-roles" ] || log "created the missing roles: $(while read -r oid hex; do printf '"%s" ' "$(pg_printable "$(pg_unhex "$hex")")"; done <"$PG_WORK/new-roles")"
# Marked until the swap commits, so a killed restore's roles are recognised and dropped next time.
# The swap clears the mark first, then applies the role's own statements (its comment among them).
: >"$PG_WORK/roles-done.sql"
while read -r oid hex; do
  pg_on_oid pg_authid rolname "$oid" "COMMENT ON ROLE %I IS '$PREFIX: unfinished $STAMP'" >/dev/null
  printf "DO \$\$BEGIN EXECUTE format('COMMENT ON ROLE %%I IS NULL', (SELECT rolname FROM pg_catalog.pg_authid WHERE oid = %s)); END\$\$;\n" \
    "$oid" >>"$PG_WORK/roles-done.sql"
done <"$PG_WORK/new-roles"
# Every other statement of globals.sql about a role or tablespace this restore created: attributes,
# passwords, settings, comments, security labels, privileges on parameters, tablespace options and
# privileges, and the memberships that involve a created role. They take effect in the same
# transaction as the swap; statements about existing roles and tablespaces are left out.
pg_globals apply "$(runs_dir)/$run/globals.sql" "$PG_WORK/new-roles" "$PG_WORK/new-ts" >"$PG_WORK/roles.sql" 2>"$PG_WORK/globals.err" || {
  cat "$PG_WORK/globals.err" >&2
  fail "globals.sql of run $run holds statements this script does not know (above); nothing was changed. Restore the roles by hand (runbook)"
}

n=0
: >"$PG_WORK/swap.sql"
while read -r hex file; do
  n=$((n + 1))
  dump="$(runs_dir)/$run/$file"
  name=$(pg_unhex "$hex"; printf x)
  name=${name%x}
  shown=$(pg_printable "$name")
  tmp="$PREFIX-$STAMP-$n"
  # Quoted by the server from the bytes, in the SQL_ASCII control database (no check, no conversion).
  qname=$(pg_sql "$CONTROL" "SELECT quote_ident(convert_from(decode('$hex', 'hex'), 'SQL_ASCII'))")

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
  create=$(grep -v '^[\]' "$PG_WORK/db.sql" | PREFIX_TEXT="$prefix" LC_ALL=C awk -v tmp="\"$tmp\"" '
    index($0, ENVIRON["PREFIX_TEXT"]) == 1 { print "CREATE DATABASE " tmp " WITH " substr($0, length(ENVIRON["PREFIX_TEXT"]) + 1); found = 1 }
    END { exit !found }') || fail "the dump $file has no CREATE DATABASE statement for \"$shown\" in the form this script knows"

  log "loading \"$shown\" from $file into the temporary database $tmp"
  created_dbs="$created_dbs $tmp"
  pg_sql "$CONTROL" "$create" >/dev/null
  runs_test_pause before-load "database=$tmp"
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
    # Not its SET client_encoding: the swap runs with SQL_ASCII, which passes every name's bytes as they are.
    grep -v -e '^[\]' -e '^CREATE DATABASE ' -e '^--' -e '^SET client_encoding ' "$PG_WORK/db.sql" || true
  } >>"$PG_WORK/swap.sql"
done <"$PG_WORK/targets"

# --- 4. one transaction: roles of step 3, every database swapped with its properties ------------
terminate=""
if [ "$RESTORE_TERMINATE_CLIENTS" = true ]; then
  terminate=$(while read -r hex file; do
    printf "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name <> '%s' AND %s;\n" "$PG_PSQL_APPNAME" "$(by_hex "$hex")"
  done <"$PG_WORK/targets")
fi
attempt=1
while :; do
  { printf '%s\n' "$terminate"; cat "$PG_WORK/roles-done.sql" "$PG_WORK/roles.sql" "$PG_WORK/swap.sql"; } >"$PG_WORK/commit.sql"
  if runs_child pg_psql -X -q -1 -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn "$CONTROL")" -f "$PG_WORK/commit.sql" >/dev/null 2>"$PG_WORK/commit.err"; then
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
