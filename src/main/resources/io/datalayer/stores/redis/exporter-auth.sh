#!/bin/sh
# Renders redis_exporter's password file (--redis.password-file: a JSON object mapping the Redis
# URI to the password) from the mounted Secret, in the exporter's pod. Runs twice, like acl-sync.sh:
# as the init container ("--once": the file exists before the exporter starts and reads it) and as
# the password-sync sidecar (a loop: when ESO writes a rotated password and the kubelet swaps the
# Secret's file, it renders the file again and asks the exporter to re-read it, GET /-/reload).
#
# Configuration (all set by the exporter's Deployment):
#   PASSWORD_FILE          the monitoring user's password (the mounted Secret)
#   MIN_LENGTH    the shortest password accepted (as acl-sync.sh counts: characters)
#   OUTPUT_FILE            the JSON file, on a memory-backed volume the exporter mounts read-only
#   REDIS_URIS             the keys the file maps, separated by blanks (the URI as redis_exporter
#                          looks it up: with the user since v1.5x, without it before)
#   RELOAD_URL             the exporter's reload endpoint (loop only)
#   SYNC_INTERVAL_SECONDS  how often the Secret is read (loop only)
#   HEARTBEAT_FILE         touched every round; "--check" fails when it is stale (the probes)
#
# No password is ever on a command line or in an environment: it is read with cat into a shell
# variable, turned into JSON by shell builtins (printf) from od's octal bytes on a pipe, and the
# file is written with umask 077 (mode 0600) and renamed into place, so the exporter never reads
# half a file.
set -u
umask 077

log() { printf '%s password-sync: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
last_complaint=""
complain() { [ "$1" = "$last_complaint" ] || log "$1"; last_complaint=$1; }

: "${PASSWORD_FILE:?PASSWORD_FILE is not set; the Deployment sets it to the mounted Secret}"
: "${OUTPUT_FILE:?OUTPUT_FILE is not set; the Deployment sets it to the --redis.password-file of the exporter}"
: "${REDIS_URIS:?REDIS_URIS is not set; the Deployment sets it to the --redis.addr of the exporter}"
MIN_LENGTH="${MIN_LENGTH:-1}"
SYNC_INTERVAL_SECONDS="${SYNC_INTERVAL_SECONDS:-10}"
for n in "$MIN_LENGTH" "$SYNC_INTERVAL_SECONDS"; do
  case "$n" in
    '' | *[!0-9]* | 0*) log "ERROR: MIN_LENGTH and SYNC_INTERVAL_SECONDS must be whole numbers of at least 1 (got \"$n\")"; exit 2 ;;
  esac
done

if [ "${1:-}" = "--check" ]; then
  : "${HEARTBEAT_FILE:?HEARTBEAT_FILE is not set; the Deployment sets it}"
  [ -f "$HEARTBEAT_FILE" ] || { echo "no heartbeat yet at $HEARTBEAT_FILE"; exit 1; }
  age=$(( $(date +%s) - $(stat -c %Y "$HEARTBEAT_FILE") ))
  limit=$(( SYNC_INTERVAL_SECONDS * 3 + 30 ))
  [ "$age" -le "$limit" ] || { echo "the heartbeat is ${age}s old (limit ${limit}s): the sync loop is stuck"; exit 1; }
  exit 0
fi

# A JSON string (with its quotes) of the bytes on stdin: '"' and '\' escaped, every control
# character (0-31, 127) as \u00XX, every other byte as it is (UTF-8 from Vault stays UTF-8).
json_string() {
  printf '"'
  # od prints each byte as three octal digits; no subshell per byte, so long passwords stay quick.
  # Blanks and newlines both become one newline (squeezed): the two newlines are a map, not a word.
  # shellcheck disable=SC2020
  od -An -v -to1 | tr -s ' \n' '\n\n' | while read -r o; do
    case "$o" in
      '') ;;
      042) printf '\\"' ;;
      134)
        # printf's escapes for two backslashes (JSON's escaped backslash), not a shell escape.
        # shellcheck disable=SC1003
        printf '\\\\' ;;
      0[0-3][0-7] | 177) printf '\\u%04x' "0$o" ;;
      # %b with \0NNN: the byte itself, never read as a format (a '%' stays a '%').
      *) printf '%b' "\\0$o" ;;
    esac
  done
  printf '"'
}

# Writes $OUTPUT_FILE.next; fails, writing nothing usable, when the password is refused. The
# checks and the trimming of trailing line breaks are acl-sync.sh's, so both sides agree on the
# password the server hashed.
render() {
  if ! value=$(cat "$PASSWORD_FILE" 2>/dev/null); then
    complain "ERROR: cannot read $PASSWORD_FILE (the monitoring user's password); the file stays as it was (check the Secret and its mount)"
    return 1
  fi
  if [ -z "$value" ]; then
    complain "ERROR: $PASSWORD_FILE is empty; the file stays as it was (write the monitoring user's password to Vault)"
    return 1
  fi
  case "$value" in
    *"
"*)
      unset value
      complain "ERROR: the password in $PASSWORD_FILE spans lines; the file stays as it was (write a single-line password to Vault)"
      return 1 ;;
  esac
  length=$(printf '%s' "$value" | LC_ALL=C tr -d '\200-\277' | wc -c)
  if [ "$length" -lt "$MIN_LENGTH" ]; then
    unset value
    complain "ERROR: the password in $PASSWORD_FILE has $length characters, fewer than $MIN_LENGTH; the file stays as it was (write a longer password to Vault)"
    return 1
  fi
  quoted=$(printf '%s' "$value" | json_string)
  unset value
  {
    printf '{'
    sep=""
    set -f
    for uri in $REDIS_URIS; do
      printf '%s"%s":%s' "$sep" "$uri" "$quoted"
      sep=","
    done
    printf '}\n'
  } >"$OUTPUT_FILE.next" || { unset quoted; complain "ERROR: cannot write $OUTPUT_FILE.next"; rm -f "$OUTPUT_FILE.next"; return 1; }
  unset quoted
  last_complaint=""
  return 0
}

if [ "${1:-}" = "--once" ]; then
  render || exit 1
  mv -f "$OUTPUT_FILE.next" "$OUTPUT_FILE" || { log "ERROR: cannot replace $OUTPUT_FILE"; exit 1; }
  # REDIS_URIS is a list separated by blanks, split on purpose to count its addresses.
  # shellcheck disable=SC2086
  log "wrote $OUTPUT_FILE for $(set -- $REDIS_URIS; echo $#) address(es)"
  exit 0
fi

: "${RELOAD_URL:?RELOAD_URL is not set; the Deployment sets it to the /-/reload URL of the exporter}"
: "${HEARTBEAT_FILE:?HEARTBEAT_FILE is not set; the Deployment sets it}"

trap 'log "stopping"; exit 0' TERM INT
log "watching $PASSWORD_FILE every ${SYNC_INTERVAL_SECONDS}s for $OUTPUT_FILE"
pending=""   # a new file the exporter has not re-read yet
while :; do
  : >"$HEARTBEAT_FILE"
  if render; then
    if cmp -s "$OUTPUT_FILE.next" "$OUTPUT_FILE"; then
      rm -f "$OUTPUT_FILE.next"
    elif mv -f "$OUTPUT_FILE.next" "$OUTPUT_FILE"; then
      pending=yes
    else
      complain "ERROR: cannot replace $OUTPUT_FILE"
    fi
  fi
  if [ -n "$pending" ]; then
    # busybox wget, bounded by timeout (not wget -T: Debian's busybox 1.35 crashes on it); the
    # reply is "ok" or the exporter's reason.
    if reply=$(timeout 5 wget -q -O - "$RELOAD_URL" 2>&1) && [ "$reply" = ok ]; then
      pending=""
      log "the password changed; the exporter re-read $OUTPUT_FILE"
    else
      complain "the exporter did not re-read $OUTPUT_FILE yet ($(printf '%s' "$reply" | tr '\n' ' ')); retrying in ${SYNC_INTERVAL_SECONDS}s"
    fi
  fi
  sleep "$SYNC_INTERVAL_SECONDS" &
  wait $! || :
done
