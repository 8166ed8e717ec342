#!/bin/sh
# Keeps the PostgreSQL superuser's password equal to the mounted Secret. Runs as a sidecar in the
# server's pod: the image's entrypoint reads POSTGRES_PASSWORD_FILE only when it initializes an
# empty data directory, so without this a rotated password never reaches the server.
#
# Configuration (all set by the postgresql StatefulSet's password-sync container):
#   POSTGRES_PASSWORD_FILE  the mounted Secret's file (the kubelet replaces it by a symlink swap)
#   PGHOST, PGPORT          the pod-local socket folder and the server's port (libpq)
#   PGUSER                  the superuser; logs in by peer authentication on that socket
#   SYNC_INTERVAL_SECONDS   how often the file is read
#   SYNC_MIN_LENGTH         shorter values are refused (synth refuses them in Vault too)
#   HEARTBEAT_FILE          touched every round; "--check" fails when it is stale (the probes)
#   MONITORING_ROLE         optional: the metrics exporter's role. The sidecar creates it, keeps it at
#                           LOGIN + pg_monitor and nothing more (no superuser, createdb, createrole,
#                           replication, bypassrls, other memberships; read-only transactions), and
#   MONITORING_PASSWORD_FILE  keeps its password equal to this file (the exporter's Secret), the same
#                           way as the superuser's. A refused value leaves the role as it was.
#
# The password goes to psql on stdin only. psql's \password computes the SCRAM verifier on this
# side (PQencryptPasswordConn) and sends only the verifier; the session turns statement logging
# off first, so not even the verifier reaches the server log. printf is a shell builtin: the
# password is never on a command line or in any process's environment.
set -u
umask 077

log() { printf '%s password-sync: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

: "${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE is not set; the StatefulSet mounts the superuser Secret and sets it}"
: "${PGUSER:?PGUSER is not set; the StatefulSet sets it to the superuser}"
: "${PGHOST:?PGHOST is not set; the StatefulSet sets it to the socket folder}"
: "${HEARTBEAT_FILE:?HEARTBEAT_FILE is not set; the StatefulSet sets it}"
SYNC_INTERVAL_SECONDS="${SYNC_INTERVAL_SECONDS:-10}"
SYNC_MIN_LENGTH="${SYNC_MIN_LENGTH:-16}"
export PGDATABASE=postgres PGCONNECT_TIMEOUT=5 PGAPPNAME=password-sync

case "$SYNC_INTERVAL_SECONDS" in
  '' | *[!0-9]* | 0*) log "ERROR: SYNC_INTERVAL_SECONDS \"$SYNC_INTERVAL_SECONDS\" is not a whole number of at least 1"; exit 2 ;;
esac
case "$SYNC_MIN_LENGTH" in
  '' | *[!0-9]*) log "ERROR: SYNC_MIN_LENGTH \"$SYNC_MIN_LENGTH\" is not a whole number"; exit 2 ;;
esac
MONITORING_ROLE="${MONITORING_ROLE:-}"
if [ -n "$MONITORING_ROLE" ]; then
  # Written into SQL below: only plain lowercase names (synth allows no other).
  case "$MONITORING_ROLE" in
    pg_* | [0-9]* | *[!a-z0-9_]*) log "ERROR: MONITORING_ROLE \"$MONITORING_ROLE\" is not a plain role name"; exit 2 ;;
  esac
  : "${MONITORING_PASSWORD_FILE:?MONITORING_PASSWORD_FILE is not set; the StatefulSet sets it with MONITORING_ROLE}"
fi

if [ "${1:-}" = "--check" ]; then
  # The probes: alive while the loop below keeps touching the heartbeat.
  [ -f "$HEARTBEAT_FILE" ] || { echo "no heartbeat yet at $HEARTBEAT_FILE"; exit 1; }
  age=$(( $(date +%s) - $(stat -c %Y "$HEARTBEAT_FILE") ))
  limit=$(( SYNC_INTERVAL_SECONDS * 3 + 30 ))
  [ "$age" -le "$limit" ] || { echo "the heartbeat is ${age}s old (limit ${limit}s): the sync loop is stuck"; exit 1; }
  exit 0
fi

# The value is refused, with the reason, unless the server would accept it as the Secret's password.
# Trailing line breaks are dropped, as the image's entrypoint drops them when it initializes.
acceptable() { # value file what
  if [ -z "$1" ]; then
    log "ERROR: $2 is empty; $3 stays as it was (write the password to Vault and let ESO refresh the Secret)"
    return 1
  fi
  case "$1" in
    *"
"*)
      log "ERROR: the password in $2 spans lines; $3 stays as it was (write a single-line password to Vault)"
      return 1 ;;
  esac
  # Characters, not bytes (the shell's ${#} counts bytes); wc reads the value on stdin.
  length=$(printf '%s' "$1" | wc -m)
  if [ "$length" -lt "$SYNC_MIN_LENGTH" ]; then
    log "ERROR: the password in $2 has $length characters, fewer than $SYNC_MIN_LENGTH; $3 stays as it was (write a longer password to Vault)"
    return 1
  fi
  return 0
}

# The monitoring role, converged in one transaction before its password is set: created if
# missing, its attributes reset, pg_monitor granted and every other membership revoked, so a
# hand-made change (ALTER ROLE ... SUPERUSER, GRANT app TO ...) is undone on the next rotation or
# restart of the sidecar.
monitoring_sql() {
  r=$MONITORING_ROLE
  printf '%s' "BEGIN;
DO \$\$BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$r') THEN CREATE ROLE \"$r\"; END IF;
END\$\$;
ALTER ROLE \"$r\" WITH LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5;
ALTER ROLE \"$r\" SET default_transaction_read_only = on;
DO \$\$DECLARE g text;
BEGIN
  FOR g IN SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE u.rolname = '$r' AND b.rolname <> 'pg_monitor' LOOP
    EXECUTE format('REVOKE %I FROM %I', g, '$r');
  END LOOP;
END\$\$;
GRANT pg_monitor TO \"$r\";
COMMIT;"
}

# Sets the password of role $2 (default the superuser) through the socket, after the SQL in $3 if
# any; psql's own messages (never the password) go to the log.
set_password() { # password [role] [sql]
  role=${2:-$PGUSER}
  # Each -c runs in order in one session; stdin carries only the two answers to \password's prompts,
  # so it is never read as SQL (and never echoed back in an error).
  out=$(printf '%s\n%s\n' "$1" "$1" | psql -X -q -v ON_ERROR_STOP=1 --no-password \
    -c "SET log_statement = 'none'" -c "SET log_min_error_statement = 'panic'" \
    -c "SET log_min_duration_statement = -1" -c "SET statement_timeout = '10s'" \
    -c "SET client_min_messages = warning" -c "${3:-SELECT 1}" \
    -c "\\password \"$role\"" 2>&1 >/dev/null)
  status=$?
  # Without a terminal \password prompts on stderr; keep only what is not a prompt.
  out=$(printf '%s\n' "$out" | sed -e 's/Enter new password for user "[^"]*": //g' -e 's/Enter it again: //g' -e '/^$/d')
  if [ "$status" -ne 0 ] || [ -n "$out" ]; then
    log "cannot set the password yet (psql exit $status): $out; retrying in ${SYNC_INTERVAL_SECONDS}s"
    return 1
  fi
  return 0
}

trap 'log "stopping"; exit 0' TERM INT
log "watching $POSTGRES_PASSWORD_FILE every ${SYNC_INTERVAL_SECONDS}s for the password of $PGUSER"
handled=""   # the value last set or refused; a change of the file is what makes the next round act
first=1
m_handled="" m_first=1 # the same for the monitoring role
[ -z "$MONITORING_ROLE" ] || log "keeping role $MONITORING_ROLE (pg_monitor) and its password from $MONITORING_PASSWORD_FILE"
while :; do
  : >"$HEARTBEAT_FILE"
  if password=$(cat "$POSTGRES_PASSWORD_FILE" 2>/dev/null); then
    if [ "$first" = 1 ] || [ "$password" != "$handled" ]; then
      if ! acceptable "$password" "$POSTGRES_PASSWORD_FILE" "the superuser password"; then
        handled=$password first=0
      elif set_password "$password"; then
        handled=$password first=0
        log "set the password of $PGUSER from $POSTGRES_PASSWORD_FILE"
      fi
    fi
  else
    log "ERROR: cannot read $POSTGRES_PASSWORD_FILE; check the Secret and its mount"
  fi
  unset password
  if [ -n "$MONITORING_ROLE" ]; then
    if password=$(cat "$MONITORING_PASSWORD_FILE" 2>/dev/null); then
      if [ "$m_first" = 1 ] || [ "$password" != "$m_handled" ]; then
        if ! acceptable "$password" "$MONITORING_PASSWORD_FILE" "the password of role $MONITORING_ROLE"; then
          m_handled=$password m_first=0
        elif set_password "$password" "$MONITORING_ROLE" "$(monitoring_sql)"; then
          m_handled=$password m_first=0
          log "set role $MONITORING_ROLE (LOGIN, pg_monitor) and its password from $MONITORING_PASSWORD_FILE"
        fi
      fi
    else
      log "ERROR: cannot read $MONITORING_PASSWORD_FILE; check the monitoring Secret and its mount"
    fi
    unset password
  fi
  # sleep in the background: a TERM is handled at once, not after the sleep.
  sleep "$SYNC_INTERVAL_SECONDS" &
  wait $! || :
done
