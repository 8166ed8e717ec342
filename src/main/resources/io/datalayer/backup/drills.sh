# Store-agnostic restore drills, sourced after runs.sh by a store's drill.sh (and by offsite.sh in
# its drill mode, for the summary line). A drill proves the newest complete run restores: it takes
# the run (fetched from off-site by `offsite.sh drill`, decrypted and checked against its manifest
# as a real recovery would, or else read from the backup volume, mounted read-only), the store's
# script restores it into a private server inside the drill's own pod and compares the facts the
# backup recorded (a file of the run, listed in the manifest) with the same facts computed on the
# restored data. Nothing here writes to the backup volume or to the live server.
#
# Configuration (set by the drill CronJob, RestoreDrill.java):
#   BACKUP_DIR       the backup volume, read-only
#   DRILL_DATA_DIR   the pod's emptyDir for the fetched run and the private server's data
#   DRILL_RUN_DIR    set by `offsite.sh drill`: the fetched, verified run folder; unset: the volume
#   DRILL_FETCH_SECONDS  set with it: how long the fetch took
#   DRILL_DATABASES  set by a store's drill.sh whose manifest lists no "database" lines (Redis): the
#                    summary's databases
#
# Facts files: one fact a line, "<key> = <value>" (must be equal) or "<key> >= <value>" (the
# restored number must be at least the recorded one: a sequence). The key is everything before the
# operator, the value one word.
#
# ONE summary line per drill on stdout, whichever way it ends:
#   DATALAYER_DRILL_SUMMARY {"store":"postgresql","run":"<id>","source":"offsite","outcome":"passed",
#    "fetch_seconds":3,"restore_seconds":41,"rto_seconds":44,"check_seconds":12,"run_age_seconds":11234,
#    "bytes":262144000,"databases":3}
# outcome: passed | failed | interrupted; rto_seconds = fetch + restore (what a recovery of this run
# would take); run_age_seconds: from the run's end to the drill (what a recovery now would lose, the
# RPO); every value a fixed word, a run id or a number.

# shellcheck shell=sh # sourced by scripts run with sh: dash (Debian images), busybox ash (Alpine)
DRILL_SUMMARY_MARKER=DATALAYER_DRILL_SUMMARY
DRILL_STARTED=$(date -u +%s)
DRILL_STORE=""
DRILL_SOURCE=""
DRILL_RUN=""
DRILL_WORK=""
DRILL_SUMMARY_PRINTED=""
DRILL_RESTORE_SECONDS=0
DRILL_CHECK_SECONDS=0

drill_summary() { # outcome
  DRILL_SUMMARY_PRINTED=yes
  d_bytes=0 d_items=0 d_age=0
  if [ -n "${DRILL_MANIFEST:-}" ] && [ -f "$DRILL_MANIFEST" ]; then
    d_bytes=$(runs_total_bytes "$DRILL_MANIFEST")
    # The manifest's databases (PostgreSQL), unless the store's drill.sh counted them (DRILL_DATABASES).
    d_items=${DRILL_DATABASES:-$(grep -c '^database ' "$DRILL_MANIFEST" || true)}
    d_finished=$(date -u -d "$(runs_field "$DRILL_MANIFEST" finished)" +%s 2>/dev/null || echo "$DRILL_STARTED")
    d_age=$((DRILL_STARTED - d_finished))
    [ "$d_age" -ge 0 ] || d_age=0
  fi
  d_fetch=${DRILL_FETCH_SECONDS:-0}
  case "$d_fetch" in '' | *[!0-9]*) d_fetch=0 ;; esac
  printf '%s {"store":"%s","run":"%s","source":"%s","outcome":"%s","fetch_seconds":%s,"restore_seconds":%s,"rto_seconds":%s,"check_seconds":%s,"run_age_seconds":%s,"bytes":%s,"databases":%s}\n' \
    "$DRILL_SUMMARY_MARKER" "${DRILL_STORE:-unknown}" "$DRILL_RUN" "${DRILL_SOURCE:-unknown}" "$1" "$d_fetch" \
    "$DRILL_RESTORE_SECONDS" "$((d_fetch + DRILL_RESTORE_SECONDS))" "$DRILL_CHECK_SECONDS" "$d_age" "${d_bytes:-0}" "${d_items:-0}"
}

# Seconds since a drill_clock reading.
drill_clock() { date -u +%s; }
drill_since() { echo $(($(date -u +%s) - $1)); }

# Stops the store's private server (the store script defines drill_stop_server) and removes what
# this drill wrote: the private folder in /tmp, the server's data and the fetched run.
drill_cleanup() {
  runs_stop_child
  command -v drill_stop_server >/dev/null 2>&1 && drill_stop_server
  [ -z "$DRILL_WORK" ] || rm -rf "$DRILL_WORK"
  [ -z "$RUNS_WORK" ] || rm -rf "$RUNS_WORK"
  rm -rf "$DRILL_DATA_DIR/work" "$DRILL_DATA_DIR/fetch"
}

drill_on_signal() { # name code
  trap - HUP INT TERM
  exec 2>&3
  log "ERROR: stopped by $1; stopping the private server and removing what the drill wrote" >&2
  [ -n "$DRILL_SUMMARY_PRINTED" ] || drill_summary interrupted
  exit "$2"
}

drill_fail() { # text
  log "ERROR: restore drill of run ${DRILL_RUN:-?} FAILED: $*" >&2
  [ -n "$DRILL_SUMMARY_PRINTED" ] || drill_summary failed
  exit 1
}

# Starts a drill: checks the settings, removes what a killed drill left in this pod (its /tmp
# folders, the server's data, a fetch cut short unless it is the run this drill was handed), installs
# the traps and makes the private folders. Sets DRILL_WORK (on DRILL_DATA_DIR) and RUNS_WORK (/tmp).
drill_begin() { # store
  DRILL_STORE=$1
  : "${BACKUP_DIR:?BACKUP_DIR is not set; the CronJob sets it to the backup volume, mounted read-only}"
  : "${DRILL_DATA_DIR:?DRILL_DATA_DIR is not set; the CronJob sets it to the emptyDir of the drill}"
  { [ -d "$DRILL_DATA_DIR" ] && [ -w "$DRILL_DATA_DIR" ]; } ||
    fail "DRILL_DATA_DIR $DRILL_DATA_DIR is not a writable folder; the CronJob mounts the drill's emptyDir there"
  case "$DRILL_DATA_DIR" in "$BACKUP_DIR" | "$BACKUP_DIR"/*) fail "DRILL_DATA_DIR $DRILL_DATA_DIR is on the backup volume; the drill never writes there" ;; esac
  trap 'drill_cleanup' EXIT
  trap 'drill_on_signal SIGTERM 143' TERM
  trap 'drill_on_signal SIGINT 130' INT
  trap 'drill_on_signal SIGHUP 129' HUP
  # A drill killed by SIGKILL (or an evicted pod's container restarted) leaves these; nothing else runs here.
  rm -rf "$DRILL_DATA_DIR/work" "${TMPDIR:-/tmp}"/drill-*
  if [ -z "${DRILL_RUN_DIR:-}" ]; then rm -rf "$DRILL_DATA_DIR/fetch"; fi
  mkdir -p "$DRILL_DATA_DIR/work" || fail "cannot create $DRILL_DATA_DIR/work; is the emptyDir full?"
  DRILL_WORK="$DRILL_DATA_DIR/work"
  runs_workdir "drill-$1"
}

# The run to drill: the one offsite.sh fetched (DRILL_RUN_DIR), or the volume's newest complete one,
# checked against its manifest (every file's size and SHA-256) either way. Needs the facts file the
# backup recorded. Sets DRILL_RUN, DRILL_SOURCE, DRILL_RUN_PATH, DRILL_MANIFEST, DRILL_FACTS.
drill_pick() {
  if [ -n "${DRILL_RUN_DIR:-}" ]; then
    DRILL_SOURCE=offsite
    DRILL_RUN=$(basename "$DRILL_RUN_DIR")
    DRILL_RUN_PATH=$DRILL_RUN_DIR
    reason=$(BACKUP_DIR=$(dirname "$(dirname "$DRILL_RUN_DIR")") runs_verify "$DRILL_RUN") || drill_fail "$reason"
  else
    DRILL_SOURCE=volume
    [ -d "$BACKUP_DIR" ] || fail "BACKUP_DIR $BACKUP_DIR is not a directory; mount the backup volume there (read-only)"
    DRILL_RUN=$(runs_newest_complete)
    [ -n "$DRILL_RUN" ] || drill_fail "no complete run in $(runs_dir) to drill; the backup has not succeeded yet (sh runs.sh list)"
    DRILL_RUN_PATH="$(runs_dir)/$DRILL_RUN"
    reason=$(runs_verify "$DRILL_RUN") || drill_fail "$reason"
  fi
  # The manifest and the facts, checked above, are kept in the drill's folder: the store's drill.sh may
  # remove the fetched run once it is restored, to give its space to the restored data.
  cp "$DRILL_RUN_PATH/manifest" "$DRILL_WORK/run.manifest"
  DRILL_MANIFEST="$DRILL_WORK/run.manifest"
  grep -q '^file facts ' "$DRILL_MANIFEST" ||
    drill_fail "run $DRILL_RUN records no facts (a run taken before restore drills existed, or by an older backup.sh); the next backup records them"
  cp "$DRILL_RUN_PATH/facts" "$DRILL_WORK/run.facts"
  # The store's drill.sh compares with this file (drill_compare_facts).
  # shellcheck disable=SC2034
  DRILL_FACTS="$DRILL_WORK/run.facts"
  log "drilling run $DRILL_RUN (source: $DRILL_SOURCE, $(runs_field "$DRILL_MANIFEST" total_bytes) bytes, finished $(runs_field "$DRILL_MANIFEST" finished))"
}

# Compares the recorded facts with the restored ones; prints the first difference and how many
# there are, and returns 1, when they differ.
drill_compare_facts() { # recorded restored
  awk '
    function parse(line, arr) {
      n = split(line, w, " ")
      arr["value"] = w[n]; arr["op"] = w[n - 1]
      arr["key"] = substr(line, 1, length(line) - length(w[n]) - length(w[n - 1]) - 2)
    }
    NR == FNR { parse($0, a); order[++nrec] = a["key"]; rec[a["key"]] = a["value"]; op[a["key"]] = a["op"]; next }
    { parse($0, a); res[a["key"]] = a["value"]; resorder[++nres] = a["key"] }
    END {
      for (i = 1; i <= nrec; i++) {
        k = order[i]
        if (!(k in res)) d = k ": recorded " rec[k] ", missing after the restore"
        else if (op[k] == ">=" && res[k] + 0 < rec[k] + 0) d = k ": restored " res[k] ", below the " rec[k] " recorded at backup time"
        else if (op[k] != ">=" && res[k] != rec[k]) d = k ": recorded " rec[k] ", restored " res[k]
        else continue
        if (!diffs++) first = d
      }
      for (i = 1; i <= nres; i++) {
        k = resorder[i]
        if (k in rec) continue
        if (!diffs++) first = k ": restored " res[k] ", not in the facts recorded at backup time"
      }
      if (diffs) { printf "%s (%d difference(s) in all)\n", first, diffs; exit 1 }
    }' "$1" "$2"
}
