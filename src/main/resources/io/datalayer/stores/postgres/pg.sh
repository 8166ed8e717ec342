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

# psql for one value or a list: no psqlrc, unaligned, tuples only, stop at the first error.
pg_sql() { # database sql
  psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$(pg_conn "$1")" -c "$2"
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

# Whether a name holds a line break (LF or CR): pg_restore --create refuses such a database name and
# globals.sql is read line by line, so backup.sh flags such names and restore.sh refuses them.
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
