# PostgreSQL pieces shared by backup.sh and restore.sh (sourced after runs.sh): the live server's
# connection. What needs no live server (names, facts) is in pg-common.sh, which the
# drill sources too.

# shellcheck shell=sh # sourced by scripts run with sh: dash (Debian images), busybox ash (Alpine)
: "${PGHOST:?PGHOST is not set; the CronJob sets it to the Service of the server}"
: "${PGUSER:?PGUSER is not set; the CronJob sets it to the superuser}"
: "${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE is not set; the CronJob mounts the superuser Secret and sets it}"
: "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume}"
: "${PGPORT:?PGPORT is not set; the CronJob sets it to the port of the server}"
export PGPORT
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
# libpq must never fall back to a service file, a password from the environment or a database
# named after the user: everything is explicit.
unset PGPASSWORD PGDATABASE PGSERVICE 2>/dev/null || true
# shellcheck source=pg-common.sh
. "$(dirname "$0")/pg-common.sh"

runs_check_dir
[ -r "$POSTGRES_PASSWORD_FILE" ] || fail "cannot read the password file $POSTGRES_PASSWORD_FILE; check the Secret and its mount"

# The private folder (runs_workdir) with the passfile: outside the volume, in the pod's memory.
pg_workdir() { # name
  runs_workdir "pg-$1"
  PG_WORK=$RUNS_WORK
  password=$(cat "$POSTGRES_PASSWORD_FILE")
  [ -n "$password" ] || fail "the password file $POSTGRES_PASSWORD_FILE is empty"
  # .pgpass syntax: ':' and '\' inside a field are escaped with '\'. printf is a shell builtin,
  # so the password never appears on a command line.
  escaped=$(printf '%s' "$password" | sed -e 's/\\/\\\\/g' -e 's/:/\\:/g')
  printf '*:*:*:*:%s\n' "$escaped" >"$PG_WORK/pgpass"
  unset password escaped
  export PGPASSFILE="$PG_WORK/pgpass"
}

# Every psql of these scripts runs with client_encoding SQL_ASCII (pg_psql; not pg_dump, whose
# client encoding is the dump's): the server then sends text as the
# bytes it stores, unconverted and unchecked. Names live in shared catalogs (pg_database,
# pg_authid, pg_tablespace) as the bytes of whatever database they were created from: a name created
# from a LATIN1 database is invalid UTF-8 in every UTF8 database, and any conversion or check of it
# (convert_to, a client_encoding that differs from the server's) fails the whole query. Names are
# therefore only ever read as PG_NAME_HEX (textsend gives the stored bytes when the client encoding
# is SQL_ASCII or the server's) and written back through a SQL_ASCII database (restore.sh).
# PG_PSQL_APPNAME (a script's own, not exported): the application_name of its psql sessions, so it
# can tell them from clients (restore.sh); else the environment's or psql's.
pg_psql() { PGCLIENTENCODING=SQL_ASCII PGAPPNAME="${PG_PSQL_APPNAME:-${PGAPPNAME:-psql}}" psql "$@"; }
pg_name_hex() { # column of type name -> SQL for the hex of its exact bytes
  printf "encode(textsend(%s::text), 'hex')" "$1"
}

# psql for one value or a list: no psqlrc, unaligned, tuples only, stop at the first error.
pg_sql() { # database sql
  pg_psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn "$1")" -c "$2"
}

# Whether a name holds a line break (LF or CR): pg_restore --create cannot recreate a database of
# such a name (it refuses to write the \connect for it, after the CREATE DATABASE and before the
# database's properties), so backup.sh refuses to dump such a database and restore.sh refuses one
# an older run holds. Roles and tablespaces of any name are restored (restore.sh reads globals.sql
# statement by statement, not line by line).
PG_LF='
'
PG_CR=$(printf '\r')
pg_has_line_break() { case "$1" in *"$PG_LF"* | *"$PG_CR"*) return 0 ;; esac; return 1; }

pg_check_server() {
  pg_sql postgres 'SELECT 1' >/dev/null 2>"$PG_WORK/connect.err" || {
    cat "$PG_WORK/connect.err" >&2
    fail "cannot connect to $PGHOST:$PGPORT as $PGUSER; is the server up and the password right?"
  }
}

# One transaction held open on a database while its dump and its facts are taken, so both read the
# same snapshot (pg_export_snapshot; pg_dump --snapshot and pg_facts import it): a psql reading its
# statements from a FIFO in the private folder, on descriptor 7 of this shell. It is runs.sh's
# RUNS_HELPER, stopped with the child on a signal; and when this shell ends however it ends, even by
# SIGKILL, the descriptor closes, psql reads the end of its input and the transaction ends with it. Sets PG_SNAPSHOT; returns non-zero (with the reason in
# $PG_WORK/hold.err) when the snapshot cannot be had within PGCONNECT_TIMEOUT and a little.
pg_hold_snapshot() { # database name
  PG_SNAPSHOT=""
  rm -f "$PG_WORK/hold.in" "$PG_WORK/hold.out"
  mkfifo "$PG_WORK/hold.in" || return 1
  # psql itself (not the pg_psql function, which would be a subshell) is the background process, so
  # the pid is psql's and stopping it ends the session.
  PGCLIENTENCODING=SQL_ASCII psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn "$1")" \
    <"$PG_WORK/hold.in" >"$PG_WORK/hold.out" 2>"$PG_WORK/hold.err" &
  RUNS_HELPER=$!
  exec 7>"$PG_WORK/hold.in"
  printf 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSELECT pg_export_snapshot();\n' >&7
  hold_tenths=0
  while [ -z "$PG_SNAPSHOT" ]; do
    PG_SNAPSHOT=$(grep -m 1 -E '^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$' "$PG_WORK/hold.out" || true)
    [ -z "$PG_SNAPSHOT" ] || break
    if ! kill -0 "$RUNS_HELPER" 2>/dev/null || [ "$hold_tenths" -ge $(((PGCONNECT_TIMEOUT + 5) * 10)) ]; then
      pg_release_snapshot
      return 1
    fi
    sleep 0.1
    hold_tenths=$((hold_tenths + 1))
  done
}

# Ends the held transaction (psql reads the end of its input) and waits for psql.
pg_release_snapshot() {
  exec 7>&-
  [ -z "${RUNS_HELPER:-}" ] || wait "$RUNS_HELPER" 2>/dev/null || true
  RUNS_HELPER=""
}
