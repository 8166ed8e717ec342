#!/bin/sh
# The Neo4j server container's command: a supervisor with `neo4j console` as its child.
#
# Why not the image's entrypoint: it writes every NEO4J_* variable into the image's conf folder on
# every start (the root file system is read-only here) and sets the password from NEO4J_AUTH only
# before the very first start, on a command line. Community Edition can only dump a stopped
# database, so the backup and restore jobs ask this supervisor to stop the server, run their script
# and start it again (the request protocol below): the server comes back however the job ends,
# because the one process that restarts it is this one, not the job.
#
# What it does:
#   - at start, answers every maintenance request left by a previous container (stale) with a
#     failed result, so a killed server pod simply comes back serving;
#   - before the first start (no system database yet), sets the admin password from the mounted
#     Secret with neo4j-admin, the password in an argument file (picocli's @file), never on argv;
#   - runs `neo4j console` and waits until its HTTP endpoint (loopback only) answers;
#   - keeps the admin (neo4j) and the app user's passwords equal to the mounted Secrets: the
#     statements go to the loopback HTTP API with wget, the credentials in a wgetrc file in memory and
#     the new value in the request body file built by jq: no password on a command line, in an
#     environment or in a log. The password last applied is kept on the data volume (mode 0600), the
#     only way Community can change its own admin password (ALTER CURRENT USER needs the old one);
#   - every NEO4J_MAINTENANCE_POLL_SECONDS takes the oldest request in NEO4J_REQUESTS_DIR, stops
#     neo4j, runs NEO4J_SCRIPTS_DIR/<action>.sh with at most NEO4J_MAINTENANCE_WINDOW_SECONDS
#     (killed at the end of the window), starts neo4j again whatever the script did, and writes the
#     result;
#   - forwards SIGTERM to neo4j (and to a running maintenance script) and waits for them.
#
# Request protocol (the job side is request.sh): a job writes <id>.request atomically with the lines
# "action backup|restore", "id <id>", "run <run folder or empty>", "requested <epoch seconds>". The
# supervisor renames it to <id>.taken, runs the script (RESTORE_RUN=<run>), then writes <id>.result
# atomically ("status <exit code>", "downtime_seconds <n>", "summary <the script's summary line: its
# last line starting DATALAYER_BACKUP_SUMMARY, else its last line>"), THEN removes <id>.taken. A request older than the window is answered, never run.
#
# Modes: "--ready" (readiness and startup probes): neo4j answers on its loopback HTTP endpoint.
# "--live" (liveness probe): the same, or a maintenance is running within its window (neo4j is down
# on purpose then; the kubelet must not restart the container in the middle of a dump).
#
# Configuration (every variable set by the Neo4j StatefulSet, from Neo4jProps; no defaults here):
#   NEO4J_HOME, NEO4J_CONF            the image's home; the ConfigMap's folder with neo4j.conf
#   NEO4J_DATA_DIR                    the data volume (server.directories.data)
#   NEO4J_STATE_DIR                   on the data volume: the passwords last applied (mode 0600)
#   NEO4J_RUN_DIR                     memory: this supervisor's work files (wgetrc, bodies, markers)
#   NEO4J_HTTP_URL                    the loopback HTTP endpoint (server.http.listen_address)
#   NEO4J_ADMIN_PASSWORD_FILE         the admin (neo4j) password, from the mounted Secret
#   NEO4J_APP_USER, NEO4J_APP_PASSWORD_FILE  the L4 apps' user and its password file
#   NEO4J_SYNC_MIN_LENGTH             shorter passwords are refused (synth refuses them in Vault too)
#   NEO4J_START_TIMEOUT_SECONDS       how long neo4j may take to answer after a start
#   NEO4J_STOP_TIMEOUT_SECONDS        how long neo4j may take to stop before SIGKILL
#   NEO4J_MAINTENANCE_POLL_SECONDS    how often requests and Secrets are looked at
#   NEO4J_MAINTENANCE_WINDOW_SECONDS  the longest a maintenance script may run, and the oldest
#                                     request still run
#   NEO4J_REQUESTS_DIR                the requests folder on the backup volume
#   NEO4J_SCRIPTS_DIR                 where backup.sh and restore.sh are mounted
set -u
umask 077

log() { printf '%s supervisor: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
die() { log "ERROR: $*"; exit 2; }
now() { date -u +%s; }
whole() { # name value: a whole number of at least 1
  case "$2" in '' | *[!0-9]* | 0*) die "$1 \"$2\" is not a whole number of at least 1" ;; esac
}

: "${NEO4J_HTTP_URL:?NEO4J_HTTP_URL is not set; the StatefulSet sets it to the loopback HTTP endpoint}"
: "${NEO4J_RUN_DIR:?NEO4J_RUN_DIR is not set; the StatefulSet sets it to a memory volume}"
MARKER="$NEO4J_RUN_DIR/supervisor.maintenance"

http_ready() {
  wget -q -T 5 -t 1 -O /dev/null "$NEO4J_HTTP_URL/" 2>/dev/null
}

case "${1:-}" in
  --ready)
    http_ready || { echo "neo4j does not answer on $NEO4J_HTTP_URL"; exit 1; }
    exit 0 ;;
  --live)
    http_ready && exit 0
    if [ -f "$MARKER" ]; then
      until_epoch=$(cat "$MARKER")
      [ "$(now)" -le "$until_epoch" ] && exit 0
      echo "a maintenance overran its window (until $until_epoch) and neo4j does not answer"; exit 1
    fi
    echo "neo4j does not answer on $NEO4J_HTTP_URL"; exit 1 ;;
  '') ;;
  *) die "unknown argument \"$1\"; use none (run the server), --ready or --live" ;;
esac

: "${NEO4J_HOME:?NEO4J_HOME is not set; the StatefulSet sets it to the image home}"
: "${NEO4J_CONF:?NEO4J_CONF is not set; the StatefulSet sets it to the ConfigMap folder}"
: "${NEO4J_DATA_DIR:?NEO4J_DATA_DIR is not set; the StatefulSet sets it to the data volume}"
: "${NEO4J_STATE_DIR:?NEO4J_STATE_DIR is not set; the StatefulSet sets it}"
: "${NEO4J_ADMIN_PASSWORD_FILE:?NEO4J_ADMIN_PASSWORD_FILE is not set; the StatefulSet mounts the admin Secret}"
: "${NEO4J_APP_USER:?NEO4J_APP_USER is not set; the StatefulSet sets it}"
: "${NEO4J_APP_PASSWORD_FILE:?NEO4J_APP_PASSWORD_FILE is not set; the StatefulSet mounts the app Secret}"
: "${NEO4J_SYNC_MIN_LENGTH:?NEO4J_SYNC_MIN_LENGTH is not set; the StatefulSet sets it}"
: "${NEO4J_START_TIMEOUT_SECONDS:?NEO4J_START_TIMEOUT_SECONDS is not set; the StatefulSet sets it}"
: "${NEO4J_STOP_TIMEOUT_SECONDS:?NEO4J_STOP_TIMEOUT_SECONDS is not set; the StatefulSet sets it}"
: "${NEO4J_MAINTENANCE_POLL_SECONDS:?NEO4J_MAINTENANCE_POLL_SECONDS is not set; the StatefulSet sets it}"
: "${NEO4J_MAINTENANCE_WINDOW_SECONDS:?NEO4J_MAINTENANCE_WINDOW_SECONDS is not set; the StatefulSet sets it}"
: "${NEO4J_REQUESTS_DIR:?NEO4J_REQUESTS_DIR is not set; the StatefulSet sets it}"
: "${NEO4J_SCRIPTS_DIR:?NEO4J_SCRIPTS_DIR is not set; the StatefulSet sets it}"
whole NEO4J_SYNC_MIN_LENGTH "$NEO4J_SYNC_MIN_LENGTH"
whole NEO4J_START_TIMEOUT_SECONDS "$NEO4J_START_TIMEOUT_SECONDS"
whole NEO4J_STOP_TIMEOUT_SECONDS "$NEO4J_STOP_TIMEOUT_SECONDS"
whole NEO4J_MAINTENANCE_POLL_SECONDS "$NEO4J_MAINTENANCE_POLL_SECONDS"
whole NEO4J_MAINTENANCE_WINDOW_SECONDS "$NEO4J_MAINTENANCE_WINDOW_SECONDS"
# Written into Cypher between backticks: only plain names (synth allows no other).
case "$NEO4J_APP_USER" in
  neo4j | [!a-z]* | *[!a-z0-9_]*) die "NEO4J_APP_USER \"$NEO4J_APP_USER\" is not a plain user name other than neo4j" ;;
esac

NEO4J_PID=
SCRIPT_PID=
NL='
'

# The password in a file, as the server will take it: the file's text without trailing newlines.
# Refused (with the reason, never the value) when too short or when it spans lines.
check_password() { # file what
  p=$(cat "$1") || { log "ERROR: cannot read the $2 password file $1"; return 1; }
  case "$p" in *"$NL"*) log "ERROR: the $2 password in $1 spans several lines; refused"; p=; return 1 ;; esac
  if [ "${#p}" -lt "$NEO4J_SYNC_MIN_LENGTH" ]; then
    log "ERROR: the $2 password in $1 is shorter than $NEO4J_SYNC_MIN_LENGTH characters; refused"
    p=; return 1
  fi
  p=; return 0
}

# Runs one Cypher statement on the system database as neo4j with the password in $1 (a file),
# parameters from files: "$3" names the jq program that builds the body (old and new read with
# --rawfile). Prints nothing; returns 0 on success, 6 when the login was refused, 1 otherwise.
cypher() { # password-file body-file
  pw=$(cat "$1")
  {
    printf 'auth_no_challenge = on\n'
    printf 'header = Content-Type: application/json\n'
    # The scheme and the token are both arguments of printf (a builtin): nothing here is a literal.
    printf 'header = Authorization: %s %s\n' Basic "$(printf 'neo4j:%s' "$pw" | base64 -w 0)"
  } > "$NEO4J_RUN_DIR/supervisor.wgetrc"
  pw=
  WGETRC="$NEO4J_RUN_DIR/supervisor.wgetrc" wget -q -T 30 -t 1 -O "$NEO4J_RUN_DIR/supervisor.reply" \
    --post-file="$2" "$NEO4J_HTTP_URL/db/system/tx/commit" 2>/dev/null
  rc=$?
  rm -f "$NEO4J_RUN_DIR/supervisor.wgetrc" "$2"
  [ "$rc" -eq 6 ] && return 6
  [ "$rc" -eq 0 ] || { log "the HTTP endpoint failed (wget exit $rc)"; return 1; }
  # Neo4j refuses to "change" a password to the one it has: for a sync that is success.
  if jq -e '.errors | length > 0 and all(.message | test("Old password and new password cannot be the same"))' \
      "$NEO4J_RUN_DIR/supervisor.reply" >/dev/null 2>&1; then
    return 0
  fi
  if ! jq -e '.errors | length == 0' "$NEO4J_RUN_DIR/supervisor.reply" >/dev/null 2>&1; then
    # The error codes and messages; Neo4j never echoes a password parameter in them.
    log "neo4j refused the statement: $(jq -r '[.errors[]? | .code + ": " + .message] | join("; ")' \
      "$NEO4J_RUN_DIR/supervisor.reply" 2>/dev/null)"
    return 1
  fi
  return 0
}

# The JSON body of one statement with the passwords as parameters, read by jq from the files.
body() { # statement old-file new-file
  jq -n --arg s "$1" --rawfile old "$2" --rawfile new "$3" \
    '{statements: [{statement: $s, parameters: {old: ($old | sub("\n+$"; "")), new: ($new | sub("\n+$"; ""))}}]}' \
    > "$NEO4J_RUN_DIR/supervisor.body"
}

remember() { # password-file name
  cp "$1" "$NEO4J_STATE_DIR/$2.tmp" && mv "$NEO4J_STATE_DIR/$2.tmp" "$NEO4J_STATE_DIR/$2"
}

# The admin password: changed by neo4j itself with the password last applied; when that is gone
# (or was changed by hand) and the Secret's value already works, it is simply recorded.
sync_admin() {
  admin_file="$NEO4J_ADMIN_PASSWORD_FILE"
  applied="$NEO4J_STATE_DIR/admin-password"
  cmp -s "$admin_file" "$applied" && return 0
  check_password "$admin_file" admin || return 1
  if [ -f "$applied" ]; then
    # $old and $new are Cypher parameters, not shell variables.
    # shellcheck disable=SC2016
    body 'ALTER CURRENT USER SET PASSWORD FROM $old TO $new' "$applied" "$admin_file"
    if cypher "$applied" "$NEO4J_RUN_DIR/supervisor.body"; then
      remember "$admin_file" admin-password && log "admin password changed to the Secret's value"
      return 0
    fi
  fi
  body 'RETURN 1' "$admin_file" "$admin_file"
  if cypher "$admin_file" "$NEO4J_RUN_DIR/supervisor.body"; then
    remember "$admin_file" admin-password && log "admin password already is the Secret's value; recorded"
    return 0
  fi
  log "ERROR: cannot bring the admin password to the Secret's value: neither the password last applied nor the" \
    "Secret's logs in (see docs/runbooks/neo4j-password-rotation.md)"
  return 1
}

# The app user: created when missing, its password set to the Secret's value by the admin.
sync_app() {
  app_file="$NEO4J_APP_PASSWORD_FILE"
  applied="$NEO4J_STATE_DIR/app-password"
  cmp -s "$app_file" "$applied" && return 0
  [ -f "$NEO4J_STATE_DIR/admin-password" ] || return 1
  check_password "$app_file" app || return 1
  body "CREATE USER \`$NEO4J_APP_USER\` IF NOT EXISTS SET PASSWORD \$new CHANGE NOT REQUIRED" "$app_file" "$app_file"
  cypher "$NEO4J_STATE_DIR/admin-password" "$NEO4J_RUN_DIR/supervisor.body" || return 1
  body "ALTER USER \`$NEO4J_APP_USER\` SET PASSWORD \$new CHANGE NOT REQUIRED" "$app_file" "$app_file"
  cypher "$NEO4J_STATE_DIR/admin-password" "$NEO4J_RUN_DIR/supervisor.body" || return 1
  remember "$app_file" app-password && log "user $NEO4J_APP_USER has the Secret's password"
}

sync_passwords() {
  sync_admin && sync_app
  return 0
}

# Whether the child $1 still runs (a child that ended stays a zombie until waited for).
running() {
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
  read -r _ _ state _ < "/proc/$1/stat"
  [ "$state" != Z ]
}

start_neo4j() {
  log "starting neo4j"
  neo4j console &
  NEO4J_PID=$!
  deadline=$(( $(now) + NEO4J_START_TIMEOUT_SECONDS ))
  until http_ready; do
    if ! running "$NEO4J_PID"; then
      wait "$NEO4J_PID"; rc=$?; NEO4J_PID=
      log "ERROR: neo4j exited with $rc while starting"; return 1
    fi
    if [ "$(now)" -gt "$deadline" ]; then
      log "ERROR: neo4j did not answer within ${NEO4J_START_TIMEOUT_SECONDS}s"; return 1
    fi
    sleep 1
  done
  log "neo4j is ready"
}

stop_neo4j() {
  [ -n "$NEO4J_PID" ] || return 0
  log "stopping neo4j"
  kill -TERM "$NEO4J_PID" 2>/dev/null
  # A watchdog kills it when it overruns its stop timeout; the watchdog itself ends with it.
  ( sleep "$NEO4J_STOP_TIMEOUT_SECONDS" && log "neo4j did not stop within ${NEO4J_STOP_TIMEOUT_SECONDS}s; SIGKILL" \
      && kill -KILL "$NEO4J_PID" ) &
  watchdog=$!
  wait "$NEO4J_PID"; rc=$?
  kill "$watchdog" 2>/dev/null
  NEO4J_PID=
  log "neo4j stopped ($rc)"
}

on_term() {
  log "SIGTERM: stopping"
  if [ -n "$SCRIPT_PID" ]; then
    kill -TERM "-$SCRIPT_PID" 2>/dev/null
    wait "$SCRIPT_PID"
  fi
  stop_neo4j
  exit 0
}

# One line of a request file: "key value".
field() { # file key
  sed -n "s/^$2 //p" "$1" | head -n 1
}

result() { # id status downtime summary
  printf 'status %s\ndowntime_seconds %s\nsummary %s\n' "$2" "$3" "$4" > "$NEO4J_REQUESTS_DIR/$1.result.tmp" \
    && mv "$NEO4J_REQUESTS_DIR/$1.result.tmp" "$NEO4J_REQUESTS_DIR/$1.result"
}

# Requests left by a previous container: whatever it was doing ended with it. Each is answered, so
# its job fails at once with the reason instead of waiting out its window.
discard_stale() {
  for f in "$NEO4J_REQUESTS_DIR"/*.request "$NEO4J_REQUESTS_DIR"/*.taken; do
    [ -f "$f" ] || continue
    id=$(basename "$f"); id=${id%.*}
    log "discarding the stale request $id (left by a previous server container)"
    # A taken request whose result was written before the container ended is answered already.
    [ -f "$NEO4J_REQUESTS_DIR/$id.result" ] ||
      result "$id" 1 0 "discarded: the server container restarted before or while running it; ask again"
    rm -f "$f"
  done
}

# The oldest request by its "requested" time, or nothing.
oldest_request() {
  best='' best_at=''
  for f in "$NEO4J_REQUESTS_DIR"/*.request; do
    [ -f "$f" ] || continue
    at=$(field "$f" requested)
    case "$at" in '' | *[!0-9]*) at=0 ;; esac
    if [ -z "$best" ] || [ "$at" -lt "$best_at" ]; then best=$f best_at=$at; fi
  done
  printf '%s' "$best"
}

maintenance() { # request file
  id=$(basename "$1" .request)
  case "$id" in '' | *[!a-z0-9.-]*) log "removing the request file $1: not a pod name"; rm -f "$1"; return ;; esac
  action=$(field "$1" action) run=$(field "$1" run) requested=$(field "$1" requested)
  case "$requested" in '' | *[!0-9]*) requested=0 ;; esac
  age=$(( $(now) - requested ))
  mv "$1" "$NEO4J_REQUESTS_DIR/$id.taken" || return
  if [ "$age" -gt "$NEO4J_MAINTENANCE_WINDOW_SECONDS" ]; then
    log "request $id is ${age}s old, older than the ${NEO4J_MAINTENANCE_WINDOW_SECONDS}s window; not run"
    result "$id" 1 0 "refused: the request is ${age}s old, older than the ${NEO4J_MAINTENANCE_WINDOW_SECONDS}s window"
    rm -f "$NEO4J_REQUESTS_DIR/$id.taken"
    return
  fi
  case "$action" in
    backup | restore) ;;
    *) log "request $id asks for \"$action\"; not run"
       result "$id" 2 0 "refused: unknown action \"$action\"; use backup or restore"
       rm -f "$NEO4J_REQUESTS_DIR/$id.taken"
       return ;;
  esac
  log "request $id: $action${run:+ of run $run}; the server stops for at most ${NEO4J_MAINTENANCE_WINDOW_SECONDS}s"
  started=$(now)
  # The liveness probe passes until the window and a start are over.
  echo $(( started + NEO4J_MAINTENANCE_WINDOW_SECONDS + NEO4J_STOP_TIMEOUT_SECONDS + NEO4J_START_TIMEOUT_SECONDS + 60 )) \
    > "$MARKER"
  stop_neo4j
  rm -f "$NEO4J_RUN_DIR/supervisor.overran"
  # In a session of its own, so that the window's end kills the script and everything it started.
  RESTORE_RUN="$run" setsid sh "$NEO4J_SCRIPTS_DIR/$action.sh" > "$NEO4J_RUN_DIR/supervisor.out" 2>&1 &
  SCRIPT_PID=$!
  ( sleep "$NEO4J_MAINTENANCE_WINDOW_SECONDS" && : > "$NEO4J_RUN_DIR/supervisor.overran" \
      && kill -TERM "-$SCRIPT_PID" && sleep 10 && kill -KILL "-$SCRIPT_PID" ) 2>/dev/null &
  window=$!
  wait "$SCRIPT_PID"; status=$?
  kill "$window" 2>/dev/null
  SCRIPT_PID=
  sed 's/^/  | /' "$NEO4J_RUN_DIR/supervisor.out"
  # The run's summary line (runs.sh prints exactly one, last); a script that died before it, its last line.
  summary=$(grep '^DATALAYER_BACKUP_SUMMARY ' "$NEO4J_RUN_DIR/supervisor.out" | tail -n 1)
  [ -n "$summary" ] || summary=$(grep -v '^[[:space:]]*$' "$NEO4J_RUN_DIR/supervisor.out" | tail -n 1)
  if [ -f "$NEO4J_RUN_DIR/supervisor.overran" ]; then
    summary="killed: $action.sh overran the ${NEO4J_MAINTENANCE_WINDOW_SECONDS}s maintenance window"
    [ "$status" -ne 0 ] || status=124
  fi
  log "$action.sh exited with $status; starting neo4j again"
  start_neo4j; up=$?
  downtime=$(( $(now) - started ))
  rm -f "$MARKER" "$NEO4J_RUN_DIR/supervisor.out"
  # The result first, then <id>.taken goes: the waiting Job always sees one of the two (with neither
  # it concludes that a restarted container discarded its request).
  if [ "$up" -ne 0 ]; then
    result "$id" "$status" "$downtime" "$summary (and neo4j did not come back; the container restarts)"
    rm -f "$NEO4J_REQUESTS_DIR/$id.taken"
    exit 1
  fi
  result "$id" "$status" "$downtime" "$summary"
  rm -f "$NEO4J_REQUESTS_DIR/$id.taken"
  log "request $id done: status $status, downtime ${downtime}s"
}

trap on_term TERM INT
mkdir -p "$NEO4J_STATE_DIR" || die "cannot create $NEO4J_STATE_DIR on the data volume"
rm -f "$MARKER"
REQUESTS=yes
if ! mkdir -p "$NEO4J_REQUESTS_DIR" 2>/dev/null; then
  log "WARNING: cannot create $NEO4J_REQUESTS_DIR; maintenance requests are off"
  REQUESTS=
fi
[ -z "$REQUESTS" ] || discard_stale

if [ ! -d "$NEO4J_DATA_DIR/databases/system" ]; then
  # The first start: the admin password before neo4j creates its system database. neo4j-admin
  # takes it as an argument; picocli reads "@file" as the arguments in that file (quoted, with
  # backslash escapes), so the password stays off every command line.
  check_password "$NEO4J_ADMIN_PASSWORD_FILE" admin || die "the admin password is refused; fix it in Vault"
  args="$NEO4J_RUN_DIR/supervisor.initial-password"
  { printf '"'; printf '%s' "$(cat "$NEO4J_ADMIN_PASSWORD_FILE")" | sed 's/[\\"]/\\&/g'; printf '"\n'; } > "$args"
  out=$(neo4j-admin dbms set-initial-password "@$args" 2>&1); rc=$?
  rm -f "$args"
  [ "$rc" -eq 0 ] || die "neo4j-admin dbms set-initial-password failed ($rc): $out"
  remember "$NEO4J_ADMIN_PASSWORD_FILE" admin-password
  log "initial admin password set from the Secret"
fi

start_neo4j || exit 1
sync_passwords
while :; do
  sleep "$NEO4J_MAINTENANCE_POLL_SECONDS" &
  wait $!
  if ! running "$NEO4J_PID"; then
    wait "$NEO4J_PID"; rc=$?
    log "ERROR: neo4j exited with $rc; the container ends so that the kubelet restarts it"
    exit 1
  fi
  sync_passwords
  if [ -n "$REQUESTS" ]; then
    request=$(oldest_request)
    [ -z "$request" ] || maintenance "$request"
  fi
done
