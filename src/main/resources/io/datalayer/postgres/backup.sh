#!/bin/sh
# PostgreSQL logical backup: roles and tablespaces (pg_dumpall --globals-only), then one
# custom-format pg_dump per database, each verified before it counts as a backup.
#
# Configuration (all set by the postgresql-backup CronJob):
#   PGHOST, PGPORT, PGUSER      the server and the role to connect as (libpq)
#   POSTGRES_PASSWORD_FILE      file holding that role's password (the mounted Secret)
#   BACKUP_DIR                  where dumps live (the backup volume)
#   BACKUP_RETENTION            dumps kept per database, newest first (>= 1)
#   BACKUP_DATABASES            databases to dump, separated by spaces or commas;
#                               empty: every database that is not a template
#
# Files in BACKUP_DIR, all with the same UTC timestamp per run:
#   <database>-<YYYYMMDDTHHMMSSZ>.dump   one per database, renamed into place once verified
#   globals-<YYYYMMDDTHHMMSSZ>.sql       roles and tablespaces; renamed into place last, so it
#                                        marks a run in which every database was dumped
# A failed run exits non-zero, removes its own unfinished files and never touches older ones;
# retention only runs after a run that fully succeeded.
set -eu
umask 077 # dumps and the globals file (it holds role password hashes) are for this user only

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
fail() { log "ERROR: $*" >&2; exit 1; }

: "${PGHOST:?PGHOST is not set; the CronJob sets it to the server's Service}"
: "${PGUSER:?PGUSER is not set; the CronJob sets it to the superuser}"
: "${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE is not set; the CronJob mounts the superuser Secret and sets it}"
: "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume}"
BACKUP_RETENTION="${BACKUP_RETENTION:-7}"
BACKUP_DATABASES="${BACKUP_DATABASES:-}"
export PGPORT="${PGPORT:-5432}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

case "$BACKUP_RETENTION" in
  '' | *[!0-9]* | 0*) fail "BACKUP_RETENTION \"$BACKUP_RETENTION\" is not a whole number of at least 1" ;;
esac
[ -d "$BACKUP_DIR" ] || fail "BACKUP_DIR $BACKUP_DIR is not a directory; mount the backup volume there"
[ -w "$BACKUP_DIR" ] || fail "BACKUP_DIR $BACKUP_DIR is not writable by uid $(id -u); check the volume's owner"
[ -r "$POSTGRES_PASSWORD_FILE" ] || fail "cannot read the password file $POSTGRES_PASSWORD_FILE; check the Secret and its mount"

# The password reaches libpq through a private passfile, never a command line or the environment.
work=$(mktemp -d "${TMPDIR:-/tmp}/pg-backup.XXXXXX")
partial=""
globals_partial=""
cleanup() {
  rm -f "$partial" "$globals_partial"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
password=$(cat "$POSTGRES_PASSWORD_FILE")
[ -n "$password" ] || fail "the password file $POSTGRES_PASSWORD_FILE is empty"
# .pgpass syntax: ':' and '\' inside a field are escaped with '\'. printf is a shell builtin.
escaped=$(printf '%s' "$password" | sed -e 's/\\/\\\\/g' -e 's/:/\\:/g')
printf '*:*:*:*:%s\n' "$escaped" >"$work/pgpass"
unset password escaped
export PGPASSFILE="$work/pgpass"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
if ls "$BACKUP_DIR" | grep -q -- "-$stamp\.\(dump\|sql\)\$"; then
  fail "a backup with timestamp $stamp already exists in $BACKUP_DIR; run the job again in a second"
fi

if [ -n "$BACKUP_DATABASES" ]; then
  databases=$(printf '%s\n' "$BACKUP_DATABASES" | tr ', ' '\n\n' | sed '/^$/d')
else
  databases=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres \
    -c "SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname") ||
    fail "cannot list the databases on $PGHOST:$PGPORT as $PGUSER; is the server up and the password right?"
fi
[ -n "$databases" ] || fail "no databases to back up on $PGHOST:$PGPORT"
for db in $databases; do
  case "$db" in
    .* | *[!A-Za-z0-9_.-]*) fail "database name \"$db\" cannot be part of a file name; back it up by hand with pg_dump -Fc" ;;
  esac
done

# Roles first, so a restore can create them before the objects they own. Kept under a hidden
# partial name until every database is dumped.
log "dumping roles and tablespaces from $PGHOST:$PGPORT"
globals="globals-$stamp.sql"
globals_partial="$BACKUP_DIR/.$globals.partial"
pg_dumpall --globals-only --no-password --file="$globals_partial" ||
  fail "pg_dumpall --globals-only failed; earlier backups are untouched"

for db in $databases; do
  target="$db-$stamp.dump"
  partial="$BACKUP_DIR/.$target.partial"
  log "dumping database $db"
  pg_dump --format=custom --no-password --dbname="$db" --file="$partial" ||
    fail "pg_dump of database $db failed; earlier backups are untouched"
  pg_restore --list "$partial" >/dev/null ||
    fail "the dump of database $db does not read back (pg_restore --list failed); earlier backups are untouched"
  mv "$partial" "$BACKUP_DIR/$target"
  partial=""
  log "wrote $target ($(wc -c <"$BACKUP_DIR/$target") bytes)"
done

mv "$globals_partial" "$BACKUP_DIR/$globals"
globals_partial=""
log "wrote $globals"

# Retention: per database (and for the globals), keep the newest BACKUP_RETENTION files. Only
# names this script writes are counted; the timestamp sorts as text, newest last.
ls "$BACKUP_DIR" |
  sed -n 's/^\([A-Za-z0-9_.-]*\)-\([0-9]\{8\}T[0-9]\{6\}Z\)\.\(dump\|sql\)$/\3 \1 \2 &/p' |
  sort -k1,1 -k2,2 -k3,3r |
  awk -v keep="$BACKUP_RETENTION" '{ key = $1 " " $2; if (++seen[key] > keep) print $4 }' |
  while IFS= read -r old; do
    rm -f "$BACKUP_DIR/$old"
    log "retention: removed $old"
  done

log "backup $stamp complete: $(printf '%s\n' "$databases" | wc -l) database(s), keeping $BACKUP_RETENTION per database"
