#!/bin/sh
# Writes ClickHouse's users file from the template in the ConfigMap and the mounted Secrets, and
# writes it again when a Secret changes. Runs twice in the server's pod: as the init container
# ("--once": the file exists before the server starts, so it never starts without its users) and as
# the users-render sidecar (a loop). The server re-reads its users file by itself when the file
# changes (its config reloader compares the file's modification time every few seconds), so a
# rotated password takes effect without a restart and without this script talking to the server.
#
# Configuration (all set by the clickhouse StatefulSet):
#   USERS_TEMPLATE         the users XML with a marker "@@sha256 <min-length> <file>@@" for each password
#   USERS_FILE             the users file the server reads, on a memory-backed volume
#   WATCH_DIRS            the mounted Secrets' folders, separated by spaces: when the kubelet swaps a
#                          Secret's files it repoints that folder's "..data" link, which the loop watches
#   SYNC_INTERVAL_SECONDS  how often the loop looks at the links
#   HEARTBEAT_FILE         touched every round; "--check" fails when it is stale (the probes)
#
# No password is ever on disk outside the Secret's own files, on a command line or in an environment:
# sha256sum and tr read each file on stdin through a redirection, and only the hex digest is written.
set -u
umask 077

log() { printf '%s users-render: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
# A refusal is logged once, not every round, until something else goes wrong.
last_complaint=""
complain() { [ "$1" = "$last_complaint" ] || log "$1"; last_complaint=$1; }

: "${USERS_TEMPLATE:?USERS_TEMPLATE is not set; the StatefulSet sets it to the template in the ConfigMap}"
: "${USERS_FILE:?USERS_FILE is not set; the StatefulSet sets it to the users_xml path of config.xml}"
: "${WATCH_DIRS:?WATCH_DIRS is not set; the StatefulSet sets it to the mounted Secrets}"
: "${SYNC_INTERVAL_SECONDS:?SYNC_INTERVAL_SECONDS is not set; the StatefulSet sets it from ClickHouseProps}"
: "${HEARTBEAT_FILE:?HEARTBEAT_FILE is not set; the StatefulSet sets it}"
case "$SYNC_INTERVAL_SECONDS" in
  '' | *[!0-9]* | 0*) log "ERROR: SYNC_INTERVAL_SECONDS \"$SYNC_INTERVAL_SECONDS\" is not a whole number of at least 1"; exit 2 ;;
esac

if [ "${1:-}" = "--check" ]; then
  [ -f "$HEARTBEAT_FILE" ] || { echo "no heartbeat yet at $HEARTBEAT_FILE"; exit 1; }
  age=$(( $(date +%s) - $(stat -c %Y "$HEARTBEAT_FILE") ))
  limit=$(( SYNC_INTERVAL_SECONDS * 3 + 30 ))
  [ "$age" -le "$limit" ] || { echo "the heartbeat is ${age}s old (limit ${limit}s): the render loop is stuck"; exit 1; }
  exit 0
fi

# Sets hex to the SHA-256 of a password file, after checking the file; says why not. The file is hashed
# byte for byte, as clients send it: a line break in it would be part of the password, so it is refused.
digest() {  # file min-length
  if ! [ -r "$1" ]; then
    complain "ERROR: cannot read $1; the users stay as they were (check the Secret and its mount)"
    return 1
  fi
  if ! [ -s "$1" ]; then
    complain "ERROR: $1 is empty; the users stay as they were (write the password to Vault and let ESO refresh the Secret)"
    return 1
  fi
  if [ "$(wc -l <"$1")" -ne 0 ]; then
    complain "ERROR: the password in $1 holds a line break; the users stay as they were (write a single-line password without a trailing newline to Vault)"
    return 1
  fi
  # Characters, not bytes, as synth's Vault check counts them, whatever the locale: every byte but
  # UTF-8's continuation bytes starts a character.
  length=$(LC_ALL=C tr -d '\200-\277' <"$1" | wc -c)
  if [ "$length" -lt "$2" ]; then
    complain "ERROR: the password in $1 has $length characters, fewer than $2; the users stay as they were (write a longer password to Vault)"
    return 1
  fi
  sum=$(sha256sum <"$1") || { complain "ERROR: sha256sum failed on $1"; return 1; }
  hex=${sum%% *}
}

# Writes the whole users file to $USERS_FILE.next; fails, leaving nothing usable, if any password is refused.
render() {
  if ! [ -r "$USERS_TEMPLATE" ]; then
    complain "ERROR: cannot read $USERS_TEMPLATE; check the ConfigMap and its mount"
    return 1
  fi
  : >"$USERS_FILE.next" || { complain "ERROR: cannot write $USERS_FILE.next"; return 1; }
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      *'@@sha256 '*'@@'*)
        before=${line%%@@sha256 *}
        rest=${line#*@@sha256 }
        spec=${rest%%@@*}
        after=${rest#*@@}
        min=${spec%% *}
        file=${spec#* }
        if ! digest "$file" "$min"; then
          rm -f "$USERS_FILE.next"; return 1
        fi
        printf '%s%s%s\n' "$before" "$hex" "$after" >>"$USERS_FILE.next" ;;
      *) printf '%s\n' "$line" >>"$USERS_FILE.next" ;;
    esac
  done <"$USERS_TEMPLATE"
  last_complaint=""
  return 0
}

# Where each Secret's "..data" link points: changes exactly when the kubelet swaps that Secret's files.
links() {
  out=""
  for dir in $WATCH_DIRS; do
    out="$out $dir=$(readlink "$dir/..data" 2>/dev/null || echo missing)"
  done
  printf '%s' "$out"
}

# Renders and, when the result differs from the file the server reads, replaces that file by a rename
# on the same volume: the server never reads half a file.
replace_users() {
  render || return 1
  if [ -f "$USERS_FILE" ] && [ "$(cat "$USERS_FILE.next")" = "$(cat "$USERS_FILE")" ]; then
    rm -f "$USERS_FILE.next"
    return 0
  fi
  mv -f "$USERS_FILE.next" "$USERS_FILE" || { complain "ERROR: cannot replace $USERS_FILE"; return 1; }
  log "wrote $USERS_FILE for $(grep -c '<password_sha256_hex>' "$USERS_FILE") users"
}

if [ "${1:-}" = "--once" ]; then
  replace_users || exit 1
  exit 0
fi

trap 'log "stopping"; exit 0' TERM INT
log "watching $WATCH_DIRS every ${SYNC_INTERVAL_SECONDS}s for $USERS_FILE"
seen=""   # the links of the last round whose render succeeded
while :; do
  : >"$HEARTBEAT_FILE"
  now=$(links)
  if [ "$now" != "$seen" ] && replace_users; then
    seen=$now
  fi
  # sleep in the background: a TERM is handled at once, not after the sleep.
  sleep "$SYNC_INTERVAL_SECONDS" &
  wait $! || :
done
