#!/bin/sh
# The Job side of the Neo4j maintenance protocol (docs/stores/neo4j.md, Backups): the backup and
# restore Jobs cannot dump or load themselves (Community needs neo4j stopped, and only the server
# pod may stop it), so they ask the server's supervisor through files on the backup volume, which
# the server pod mounts too:
#   1. write BACKUP_DIR/.requests/<id>.request atomically (<id>.request.tmp, then mv), lines:
#      action backup|restore, id <id>, run <run> (restore only; empty: newest complete), requested <epoch>;
#   2. the supervisor renames it to <id>.taken, stops neo4j, runs backup.sh or restore.sh with a
#      deadline of the maintenance window, starts neo4j, writes <id>.result atomically (status,
#      downtime_seconds, summary: the script's summary line), THEN removes <id>.taken, so this
#      script always sees one of the two (neither: a restarted server container discarded it);
#   3. this script waits for <id>.result up to the window plus a margin, prints the summary line
#      with the downtime in it, removes its files and exits with the status.
# A request nobody takes within the window is withdrawn (the supervisor never processes one that
# old). A SIGTERM before the supervisor took the request withdraws it; once taken, the supervisor
# finishes and starts neo4j again whatever happens to this Job.
#
# Configuration (set by the neo4j-backup and neo4j-restore CronJobs):
#   BACKUP_DIR                          the backup volume
#   NEO4J_REQUEST_ACTION                backup or restore
#   POD_NAME                            this Job's pod: the request's id (downward API)
#   RESTORE_RUN                         restore: the run (empty: the newest complete one)
#   NEO4J_MAINTENANCE_WINDOW_SECONDS    how long the supervisor lets the script run
#   NEO4J_REQUEST_MARGIN_SECONDS        on top: the poll, stopping and starting neo4j
set -eu
umask 077
RUNS_ROLE=request
here=$(dirname "$0")
. "$here/runs.sh"

case "${NEO4J_REQUEST_ACTION:-}" in
  backup) RUNS_STORE=neo4j ;; # a backup that never ran still prints its one summary line
  restore) ;;
  '') fail "NEO4J_REQUEST_ACTION is not set; the CronJob sets it to backup or restore" ;;
  *) fail "NEO4J_REQUEST_ACTION is \"$NEO4J_REQUEST_ACTION\"; set it to backup or restore" ;;
esac
runs_number NEO4J_MAINTENANCE_WINDOW_SECONDS "${NEO4J_MAINTENANCE_WINDOW_SECONDS:-}" 1
runs_number NEO4J_REQUEST_MARGIN_SECONDS "${NEO4J_REQUEST_MARGIN_SECONDS:-}" 0
: "${POD_NAME:?POD_NAME is not set; the CronJob sets it from the pod name (downward API)}"
case "$POD_NAME" in
  *[!a-z0-9.-]* | .*) fail "POD_NAME \"$POD_NAME\" is not a pod name; it names the request file" ;;
esac
RESTORE_RUN="${RESTORE_RUN:-}"
case "$RESTORE_RUN" in
  '' | [0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) ;;
  *) fail "RESTORE_RUN \"$RESTORE_RUN\" is not a run id like 000042-20261127T023000Z; list the runs with: sh /opt/data-layer/runs.sh list" ;;
esac
runs_check_dir

requests="$BACKUP_DIR/.requests"
id=$POD_NAME
mkdir -p "$requests" || fail "cannot create $requests on the backup volume"
request="$requests/$id.request"
taken="$requests/$id.taken"
result="$requests/$id.result"
rm -f "$request.tmp" "$result.tmp"

withdraw() {
  # Withdrawn only while nobody took it: a taken request is the supervisor's to finish.
  if [ -f "$request" ] && rm -f "$request"; then
    log "withdrew the request $id.request; neo4j was not stopped for it"
  fi
  rm -f "$request.tmp"
}
trap 'exec 2>&3; log "ERROR: stopped by SIGTERM" >&2; withdraw; exit 143' TERM
trap 'exec 2>&3; log "ERROR: stopped by SIGINT" >&2; withdraw; exit 130' INT
trap 'withdraw; exit 129' HUP

{
  printf 'action %s\n' "$NEO4J_REQUEST_ACTION"
  printf 'id %s\n' "$id"
  [ "$NEO4J_REQUEST_ACTION" != restore ] || printf 'run %s\n' "$RESTORE_RUN"
  printf 'requested %s\n' "$(date -u +%s)"
} >"$request.tmp"
mv "$request.tmp" "$request"
log "asked the Neo4j supervisor for a $NEO4J_REQUEST_ACTION ($request); neo4j is down while it runs, at most ${NEO4J_MAINTENANCE_WINDOW_SECONDS}s"

# Poll: the supervisor runs in another pod, so there is no event to wait on but the file itself.
waited=0
limit=$((NEO4J_MAINTENANCE_WINDOW_SECONDS + NEO4J_REQUEST_MARGIN_SECONDS))
announced=""
until [ -f "$result" ]; do
  if [ -f "$taken" ] && [ -z "$announced" ]; then
    announced=yes
    log "the supervisor took the request: neo4j is stopped for the $NEO4J_REQUEST_ACTION"
  fi
  if [ ! -f "$request" ] && [ ! -f "$taken" ] && [ ! -f "$result" ]; then
    fail "the request $id disappeared before a result was written: the server container restarted and discarded it as stale; neo4j serves again. Look at the server pod's log and run this Job again"
  fi
  if [ "$waited" -ge "$limit" ]; then
    withdraw
    if [ -f "$taken" ]; then
      fail "no result for $id after ${limit}s (window ${NEO4J_MAINTENANCE_WINDOW_SECONDS}s plus ${NEO4J_REQUEST_MARGIN_SECONDS}s); the supervisor still holds the request. Look at the server pod (kubectl -n <namespace> logs <neo4j>-0) and docs/runbooks/neo4j-downtime.md"
    fi
    fail "nobody took the request $id within ${limit}s: is the Neo4j server pod running with the supervisor (server.sh)? The request was withdrawn"
  fi
  runs_child sleep 1
  waited=$((waited + 1))
done

status=$(runs_field "$result" status)
downtime=$(runs_field "$result" downtime_seconds)
summary=$(runs_field "$result" summary)
result_text=$(head -c 300 "$result" | tr "\n" " ")
rm -f "$result"
case "$status" in '' | *[!0-9]*) fail "the result of $id has no status line ($result_text)" ;; esac
case "$downtime" in '' | *[!0-9]*) downtime=null ;; esac
log "neo4j was down for ${downtime}s for the $NEO4J_REQUEST_ACTION; the script exited $status"
summary_line=""
case "$summary" in "$RUNS_SUMMARY_MARKER {"*"}") summary_line=$summary ;; esac
if [ -n "$summary_line" ]; then
  # The run's summary line, with the downtime the supervisor measured from the stop of neo4j to its
  # start: the line this Job's log is searched for.
  printf '%s,"downtime_seconds":%s}\n' "${summary_line%\}}" "$downtime"
  RUN_SUMMARY_PRINTED=yes
elif [ "$NEO4J_REQUEST_ACTION" = backup ]; then
  warn "the result of $id carries no summary line (${summary:-no summary}): the script ended before it"
fi
if [ "$status" != 0 ]; then
  fail "the $NEO4J_REQUEST_ACTION failed in the server pod (exit $status); its log lines are in the server pod's log (kubectl -n <namespace> logs <neo4j>-0). neo4j serves again"
fi
log "$NEO4J_REQUEST_ACTION done; neo4j serves again"
