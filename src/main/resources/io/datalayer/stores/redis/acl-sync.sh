#!/bin/sh
# Renders the Redis ACL file from the mounted Secrets and keeps the running server's users equal to
# them. Runs twice in the server's pod: as the init container ("--once": the file exists before the
# server starts, so it never starts without its users) and as the acl-sync sidecar (a loop: when
# ESO writes a rotated password and the kubelet swaps the Secret's files, it renders the file again
# and runs ACL LOAD as the admin user).
#
# Configuration (all set by the redis StatefulSet):
#   ACL_RULES_FILE         lines "user min-length password-file rules..." (the ConfigMap; no passwords)
#   ACL_FILE               the ACL file the server reads (aclfile), on a memory-backed volume
#   ADMIN_USER             the user ACL LOAD runs as
#   ADMIN_PASSWORD_FILE    that user's password (the mounted Secret)
#   REDIS_HOST, REDIS_PORT the server in the same pod
#   SYNC_INTERVAL_SECONDS  how often the files are read (loop only)
#   HEARTBEAT_FILE         touched every round; "--check" fails when it is stale (the probes)
#
# No password is ever on disk, on a command line or in an environment: the ACL file holds only
# "#<sha256>" of each password (sha256sum reads it on stdin from printf, a shell builtin), and
# redis-cli reads the admin password on stdin (--askpass), never from -a or REDISCLI_AUTH.
set -u
umask 077

log() { printf '%s acl-sync: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
# A refusal is logged once, not every round, until the files change or something else goes wrong.
last_complaint=""
complain() { [ "$1" = "$last_complaint" ] || log "$1"; last_complaint=$1; }

: "${ACL_RULES_FILE:?ACL_RULES_FILE is not set; the StatefulSet sets it to the rules in the ConfigMap}"
: "${ACL_FILE:?ACL_FILE is not set; the StatefulSet sets it to the aclfile of redis.conf}"
SYNC_INTERVAL_SECONDS="${SYNC_INTERVAL_SECONDS:-10}"
case "$SYNC_INTERVAL_SECONDS" in
  '' | *[!0-9]* | 0*) log "ERROR: SYNC_INTERVAL_SECONDS \"$SYNC_INTERVAL_SECONDS\" is not a whole number of at least 1"; exit 2 ;;
esac

if [ "${1:-}" = "--check" ]; then
  : "${HEARTBEAT_FILE:?HEARTBEAT_FILE is not set; the StatefulSet sets it}"
  [ -f "$HEARTBEAT_FILE" ] || { echo "no heartbeat yet at $HEARTBEAT_FILE"; exit 1; }
  age=$(( $(date +%s) - $(stat -c %Y "$HEARTBEAT_FILE") ))
  limit=$(( SYNC_INTERVAL_SECONDS * 3 + 30 ))
  [ "$age" -le "$limit" ] || { echo "the heartbeat is ${age}s old (limit ${limit}s): the sync loop is stuck"; exit 1; }
  exit 0
fi

# Whether a password may go into the ACL file; says why not. Trailing line breaks were already
# dropped by the command substitution that read it (redis-cli --askpass stops at the first one too).
acceptable() {  # value file min user
  if [ -z "$1" ]; then
    complain "ERROR: $2 is empty; the users stay as they were (write the password of $4 to Vault and let ESO refresh the Secret)"
    return 1
  fi
  case "$1" in
    *"
"*)
      complain "ERROR: the password in $2 spans lines; the users stay as they were (write a single-line password for $4 to Vault)"
      return 1 ;;
  esac
  # Characters, not bytes, as synth's Vault check counts them, whatever the locale (the image sets
  # none, so wc -m would count bytes): every byte but UTF-8's continuation bytes starts a character.
  length=$(printf '%s' "$1" | LC_ALL=C tr -d '\200-\277' | wc -c)
  if [ "$length" -lt "$3" ]; then
    complain "ERROR: the password in $2 has $length characters, fewer than $3; the users stay as they were (write a longer password for $4 to Vault)"
    return 1
  fi
  return 0
}

# Writes the whole ACL file to $ACL_FILE.next; fails, writing nothing usable, if any password is refused.
render() {
  if ! [ -r "$ACL_RULES_FILE" ]; then
    complain "ERROR: cannot read $ACL_RULES_FILE; check the ConfigMap and its mount"
    return 1
  fi
  : >"$ACL_FILE.next" || { complain "ERROR: cannot write $ACL_FILE.next"; return 1; }
  while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    set -f
    # A rule line is split on blanks into its words on purpose, never globbed (~* and &* are rules).
    # shellcheck disable=SC2086
    set -- $line
    set +f
    user=$1 min=$2 file=$3
    shift 3
    if [ "$file" = "-" ]; then
      printf 'user %s %s\n' "$user" "$*" >>"$ACL_FILE.next"
      continue
    fi
    if ! value=$(cat "$file" 2>/dev/null); then
      complain "ERROR: cannot read $file (the password of $user); the users stay as they were (check the Secret and its mount)"
      rm -f "$ACL_FILE.next"; return 1
    fi
    if ! acceptable "$value" "$file" "$min" "$user"; then
      unset value; rm -f "$ACL_FILE.next"; return 1
    fi
    hash=$(printf '%s' "$value" | sha256sum)
    unset value
    printf 'user %s %s #%s\n' "$user" "$*" "${hash%% *}" >>"$ACL_FILE.next"
  done <"$ACL_RULES_FILE"
  last_complaint=""
  return 0
}

# Runs one command as the admin user with the password given on stdin; prints the reply.
as_admin() {  # password command...
  pw=$1; shift
  printf '%s\n' "$pw" | redis-cli -h "${REDIS_HOST:?}" -p "${REDIS_PORT:?}" --user "${ADMIN_USER:?}" --askpass "$@" 2>&1
  unset pw
}

if [ "${1:-}" = "--once" ]; then
  render || exit 1
  mv -f "$ACL_FILE.next" "$ACL_FILE" || { log "ERROR: cannot replace $ACL_FILE"; exit 1; }
  log "wrote $ACL_FILE for $(grep -c '^user ' "$ACL_FILE") users"
  exit 0
fi

: "${ADMIN_PASSWORD_FILE:?ADMIN_PASSWORD_FILE is not set; the StatefulSet mounts the users Secret and sets it}"
: "${HEARTBEAT_FILE:?HEARTBEAT_FILE is not set; the StatefulSet sets it}"

# ACL LOAD as admin: with the admin password of the Secret, or, when that one is what just changed,
# with the one the server took last (kept in this shell's memory only). If neither works (this
# sidecar restarted in the middle of a rotation) the rendered file waits: the server's liveness
# probe logs in with the Secret's admin password, fails, and the restarted server reads the file.
load() {
  if ! current=$(cat "$ADMIN_PASSWORD_FILE" 2>/dev/null); then
    log "ERROR: cannot read $ADMIN_PASSWORD_FILE; check the Secret and its mount"
    return 1
  fi
  reply=$(as_admin "$current" ACL LOAD)
  if [ "$reply" != "OK" ] && [ -n "$accepted" ] && [ "$accepted" != "$current" ]; then
    reply=$(as_admin "$accepted" ACL LOAD)
  fi
  if [ "$reply" = "OK" ]; then
    accepted=$current
    unset current
    return 0
  fi
  unset current
  complain "cannot run ACL LOAD yet: $(printf '%s' "$reply" | tr '\n' ' '); retrying in ${SYNC_INTERVAL_SECONDS}s"
  return 1
}

trap 'log "stopping"; exit 0' TERM INT
log "watching the users' password files every ${SYNC_INTERVAL_SECONDS}s for $ACL_FILE"
accepted=""   # the admin password the server accepted last; never exported, never written
loaded=""     # the ACL file content the server loaded last
while :; do
  : >"$HEARTBEAT_FILE"
  if render; then
    wanted=$(cat "$ACL_FILE.next")
    if [ "$wanted" != "$loaded" ]; then
      # ACL LOAD disconnects the clients of the users it replaces (all of them on 7.0): only on a change.
      if mv -f "$ACL_FILE.next" "$ACL_FILE" && load; then
        loaded=$wanted
        log "loaded $ACL_FILE into the server ($(printf '%s\n' "$wanted" | grep -c '^user ') users)"
      fi
    else
      rm -f "$ACL_FILE.next"
    fi
  fi
  # sleep in the background: a TERM is handled at once, not after the sleep.
  sleep "$SYNC_INTERVAL_SECONDS" &
  wait $! || :
done
