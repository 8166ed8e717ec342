# PostgreSQL pieces shared by backup.sh and restore.sh (sourced after runs.sh).

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
pg_psql() { PGCLIENTENCODING=SQL_ASCII psql "$@"; }
pg_name_hex() { # column of type name -> SQL for the hex of its exact bytes
  printf "encode(textsend(%s::text), 'hex')" "$1"
}

# psql for one value or a list: no psqlrc, unaligned, tuples only, stop at the first error.
pg_sql() { # database sql
  pg_psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn "$1")" -c "$2"
}

# A libpq connection string naming one database by its exact bytes: the value is quoted, so
# '=', spaces, quotes and non-ASCII never turn the name into options.
pg_conn() { # database name
  v=$(printf '%sx' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")
  printf "dbname='%s'" "${v%x}"
}

# Hex (as the server's encode(..., 'hex') prints it) back to the exact bytes, through octal
# escapes that dash's printf %b understands. Prints the bytes with no newline added.
pg_unhex() { # hex
  printf '%b' "$(printf '%s\n' "$1" | awk '{
    for (i = 1; i < length($0); i += 2)
      printf "\\0%03o", (index("0123456789abcdef", substr($0, i, 1)) - 1) * 16 + index("0123456789abcdef", substr($0, i + 1, 1)) - 1
  }')"
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

# A name for logs: control characters shown as '?'.
pg_printable() { printf '%s' "$1" | tr '\n\t\r' '???'; }

pg_check_server() {
  pg_sql postgres 'SELECT 1' >/dev/null 2>"$PG_WORK/connect.err" || {
    cat "$PG_WORK/connect.err" >&2
    fail "cannot connect to $PGHOST:$PGPORT as $PGUSER; is the server up and the password right?"
  }
}

# Tests only; no CronJob sets these. At the point named DATALAYER_TEST_PAUSE_AT the script writes
# DATALAYER_TEST_PAUSE_FILE (the point, its pid and the extra text given) and waits until the test
# removes it. The wait is a child (runs_child), so a signal is handled at once, as anywhere else.
pg_test_pause() { # point text
  [ -n "${DATALAYER_TEST_PAUSE_AT:-}" ] && [ "$DATALAYER_TEST_PAUSE_AT" = "$1" ] || return 0
  printf 'point=%s pid=%s %s\n' "$1" "$$" "$2" >"$DATALAYER_TEST_PAUSE_FILE.partial"
  mv "$DATALAYER_TEST_PAUSE_FILE.partial" "$DATALAYER_TEST_PAUSE_FILE"
  # shellcheck disable=SC2016 # $1 is the inner shell's argument
  runs_child sh -c 'while [ -e "$1" ]; do sleep 0.05; done' sh "$DATALAYER_TEST_PAUSE_FILE"
}
