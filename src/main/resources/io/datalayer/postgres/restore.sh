#!/bin/sh
# PostgreSQL restore from the files backup.sh writes: roles and tablespaces first, then each
# database with pg_restore --clean --if-exists --create --exit-on-error (the database is dropped
# and recreated from the dump, so nothing written after the backup survives).
#
# Configuration (all set by the postgresql-restore CronJob):
#   PGHOST, PGPORT, PGUSER      the server and the role to connect as (libpq)
#   POSTGRES_PASSWORD_FILE      file holding that role's password (the mounted Secret)
#   BACKUP_DIR                  where the dumps are (the backup volume)
#   RESTORE_FILE                empty: the newest complete backup (every database of the newest
#                               globals-<timestamp>.sql); a <database>-<timestamp>.dump: that one
#                               database; a globals-<timestamp>.sql: every database of that run.
#                               A name without '/' is looked up in BACKUP_DIR.
set -eu
umask 077

log() { printf '%s restore: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
fail() { log "ERROR: $*" >&2; exit 1; }

: "${PGHOST:?PGHOST is not set; the CronJob sets it to the server's Service}"
: "${PGUSER:?PGUSER is not set; the CronJob sets it to the superuser}"
: "${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE is not set; the CronJob mounts the superuser Secret and sets it}"
: "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume}"
RESTORE_FILE="${RESTORE_FILE:-}"
export PGPORT="${PGPORT:-5432}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
STAMP='[0-9]\{8\}T[0-9]\{6\}Z'

[ -d "$BACKUP_DIR" ] || fail "BACKUP_DIR $BACKUP_DIR is not a directory; mount the backup volume there"
[ -r "$POSTGRES_PASSWORD_FILE" ] || fail "cannot read the password file $POSTGRES_PASSWORD_FILE; check the Secret and its mount"

# Which files: the globals file (may be empty) and the dumps, in restore order.
globals=""
dumps=""
if [ -z "$RESTORE_FILE" ]; then
  globals=$(ls "$BACKUP_DIR" | grep "^globals-$STAMP\.sql\$" | sort | tail -n 1 || true)
  [ -n "$globals" ] || fail "no complete backup in $BACKUP_DIR (a complete run ends with a globals-<timestamp>.sql); list the files and set RESTORE_FILE to a .dump"
  stamp=$(printf '%s\n' "$globals" | sed 's/^globals-\(.*\)\.sql$/\1/')
  dumps=$(ls "$BACKUP_DIR" | grep "^[A-Za-z0-9_.-]*-$stamp\.dump\$" | sort | sed "s#^#$BACKUP_DIR/#" || true)
  [ -n "$dumps" ] || fail "the backup $stamp in $BACKUP_DIR has no database dumps"
  globals="$BACKUP_DIR/$globals"
  log "restoring the newest complete backup, $stamp"
else
  case "$RESTORE_FILE" in
    */*) file="$RESTORE_FILE" ;;
    *) file="$BACKUP_DIR/$RESTORE_FILE" ;;
  esac
  [ -f "$file" ] || fail "RESTORE_FILE $file does not exist; list the backups with: ls -l $BACKUP_DIR"
  name=$(basename "$file")
  stamp=$(printf '%s\n' "$name" | sed -n "s/^.*-\($STAMP\)\.\(dump\|sql\)\$/\1/p")
  case "$name" in
    globals-*.sql)
      [ -n "$stamp" ] || fail "RESTORE_FILE $name is not a globals-<timestamp>.sql from backup.sh"
      globals="$file"
      dumps=$(ls "$BACKUP_DIR" | grep "^[A-Za-z0-9_.-]*-$stamp\.dump\$" | sort | sed "s#^#$BACKUP_DIR/#" || true)
      [ -n "$dumps" ] || fail "the backup $stamp in $BACKUP_DIR has no database dumps"
      ;;
    *)
      dumps="$file"
      # The roles of the same run if they are there, else the newest roles there are.
      if [ -n "$stamp" ] && [ -f "$BACKUP_DIR/globals-$stamp.sql" ]; then
        globals="$BACKUP_DIR/globals-$stamp.sql"
      else
        newest=$(ls "$BACKUP_DIR" | grep "^globals-$STAMP\.sql\$" | sort | tail -n 1 || true)
        [ -z "$newest" ] || globals="$BACKUP_DIR/$newest"
      fi
      ;;
  esac
  log "restoring $name"
fi

# Check every dump before the server is touched.
for dump in $dumps; do
  pg_restore --list "$dump" >/dev/null 2>&1 ||
    fail "$dump is not a readable pg_dump custom-format archive (pg_restore --list failed); nothing was restored"
done

# The password reaches libpq through a private passfile, never a command line or the environment.
work=$(mktemp -d "${TMPDIR:-/tmp}/pg-restore.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
password=$(cat "$POSTGRES_PASSWORD_FILE")
[ -n "$password" ] || fail "the password file $POSTGRES_PASSWORD_FILE is empty"
# .pgpass syntax: ':' and '\' inside a field are escaped with '\'. printf is a shell builtin.
escaped=$(printf '%s' "$password" | sed -e 's/\\/\\\\/g' -e 's/:/\\:/g')
printf '*:*:*:*:%s\n' "$escaped" >"$work/pgpass"
unset password escaped
export PGPASSFILE="$work/pgpass"

psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres -c 'SELECT 1' >/dev/null ||
  fail "cannot connect to $PGHOST:$PGPORT as $PGUSER; is the server up and the password right?"

if [ -n "$globals" ]; then
  log "restoring roles and tablespaces from $(basename "$globals")"
  # The role this job connects as keeps its current password (the one in the Secret): the
  # dump's line for it would set the password of the backup's time.
  grep -v -e "^CREATE ROLE $PGUSER;\$" -e "^ALTER ROLE $PGUSER WITH " "$globals" >"$work/globals.sql" || true
  # pg_dumpall writes CREATE ROLE for every role; on a server that still has some of them
  # that fails harmlessly and the ALTER ROLE that follows sets their attributes. Any other
  # error stops the restore.
  psql -X -q -v ON_ERROR_STOP=0 -d postgres -f "$work/globals.sql" >/dev/null 2>"$work/globals.err" || true
  if grep 'ERROR:' "$work/globals.err" | grep -v 'ERROR:  role ".*" already exists$' >"$work/globals.bad"; then
    cat "$work/globals.bad" >&2
    fail "restoring roles from $(basename "$globals") failed (errors above); no database was restored"
  fi
else
  log "WARNING: no globals-<timestamp>.sql in $BACKUP_DIR; roles are not restored, and objects owned by missing roles will fail"
fi

for dump in $dumps; do
  db=$(pg_restore --list "$dump" | sed -n 's/^; *[Dd]bname: //p' | head -n 1)
  [ -n "$db" ] || fail "$dump names no database"
  # --create drops and recreates the database from a connection to another one.
  maintenance=postgres
  [ "$db" != postgres ] || maintenance=template1
  log "restoring database $db from $(basename "$dump")"
  pg_restore --clean --if-exists --create --exit-on-error --no-password --dbname="$maintenance" "$dump" ||
    fail "restoring database $db from $(basename "$dump") failed (errors above); if the database is in use, stop its clients and run the restore again"
done

log "restore complete: $(printf '%s\n' "$dumps" | wc -l) database(s)"
