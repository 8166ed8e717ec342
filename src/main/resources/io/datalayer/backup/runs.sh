# Store-agnostic backup runs, sourced by backup.sh and restore.sh (POSIX sh: dash, coreutils,
# util-linux flock, sed, mawk). Nothing here knows PostgreSQL, so another store's scripts can
# source the same file from the same ConfigMap.
#
# Layout under BACKUP_DIR:
#   .lock                        flock(1) lock shared by every backup and restore; its text names
#                                the holder (what, job, pod, pid, since)
#   runs/<seq>-<UTC stamp>/      one folder per run. <seq> is a 6-digit counter taken under the
#                                lock, so runs order by it whatever the node's clock says; it
#                                continues above the highest sequence of this volume and of
#                                .sequence-floor, so "newest" is the run taken last even across a
#                                restore onto a new volume
#   .sequence-floor              the highest run sequence known elsewhere (offsite.sh writes the
#                                highest one in the deployment's off-site folder before every
#                                backup and after every fetch); the next run is numbered above it
#     <data files>               named by the store script, never after a database
#     manifest                   written last, published by an atomic rename. A run is complete
#                                only if its manifest says "outcome complete" and every "file"
#                                line's size and SHA-256 match.
#
# Manifest lines ("key value..."): format, run, sequence, store, deployment (with off-site copies:
# which deployment took the run, OFFSITE_DEPLOYMENT), started, finished,
# file <name> <bytes> <sha256>, total_bytes, warning <text>, failed <text>, outcome complete|failed,
# plus lines the store adds (PostgreSQL: database, server_version, client_version; Redis: snapshot,
# keys, server_version).
#
# Every run prints one summary line (runs_summary) when it is published.
#
# Run directly, it lists the runs:  sh runs.sh list [BACKUP_DIR]

# shellcheck shell=sh # sourced by scripts run with sh: dash (Debian images), busybox ash (Alpine)
RUNS_FORMAT='datalayer-backup-manifest 1'
# The job's own stderr, kept on fd 3: a signal can arrive while a command's stderr is redirected
# to a scratch file, and the trap's messages must still reach the log.
exec 3>&2

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${RUNS_ROLE:-runs}" "$*"; }
warn() { log "WARNING: $*" >&2; }
fail() {
  log "ERROR: $*" >&2
  # A backup that stops before its run was published still prints its one summary line.
  [ -z "${RUNS_STORE:-}" ] || [ -n "${RUN_SUMMARY_PRINTED:-}" ] || runs_summary failed false
  exit 1
}

# A whole number >= min, or a clear error naming the variable. Empty is "not set": the CronJob
# sets every one of these from the Java props, which hold the defaults (the scripts hold none).
runs_number() { # name value min
  case "$2" in
    '') fail "$1 is not set; the CronJob sets it from the backup settings" ;;
    *[!0-9]*) fail "$1 \"$2\" is not a whole number; set it to a number of at least $3" ;;
  esac
  [ "$2" -ge "$3" ] || fail "$1 is $2; set it to at least $3"
}

# The settings every store's backup reads, each checked. No defaults here: the CronJob sets each
# one from the backup's props (BackupJobs.runsEnv and the stores' backups), where they are written once.
runs_backup_settings() {
  runs_number BACKUP_RETENTION "${BACKUP_RETENTION:-}" 1
  runs_number BACKUP_KEEP_WEEKLY "${BACKUP_KEEP_WEEKLY:-}" 0
  runs_number BACKUP_SHRINK_PERCENT "${BACKUP_SHRINK_PERCENT:-}" 1
  runs_number BACKUP_LOCK_WAIT_SECONDS "${BACKUP_LOCK_WAIT_SECONDS:-}" 0
}

# The settings every store's restore reads: the run (empty: the newest complete one), whether the
# replaced data is kept, the lock wait, where the run comes from; all set by the restore CronJob.
runs_restore_settings() {
  RESTORE_RUN="${RESTORE_RUN:-}"
  runs_number BACKUP_LOCK_WAIT_SECONDS "${BACKUP_LOCK_WAIT_SECONDS:-}" 0
  case "${RESTORE_KEEP_REPLACED:-}" in
    true | false) ;;
    '') fail "RESTORE_KEEP_REPLACED is not set; the CronJob sets it from the restore settings" ;;
    *) fail "RESTORE_KEEP_REPLACED is \"$RESTORE_KEEP_REPLACED\"; set it to true or false" ;;
  esac
  # offsite.sh fetches an off-site run first and then runs the restore with RESTORE_FROM=local;
  # reaching here with offsite means the environment has no off-site copies.
  case "${RESTORE_FROM:-}" in
    local) ;;
    '') fail "RESTORE_FROM is not set; the CronJob sets it to local (set offsite to fetch the run from the object store)" ;;
    offsite) fail "RESTORE_FROM=offsite, but this environment has no off-site copies (OffsiteProps.off()); restore a run from the volume, or copy one back by hand (see the runbook)" ;;
    *) fail "RESTORE_FROM is \"$RESTORE_FROM\"; set it to local (the volume) or offsite (the object store)" ;;
  esac
}

# The backup volume, checked before anything is written to it.
runs_check_dir() {
  [ -d "$BACKUP_DIR" ] || fail "BACKUP_DIR $BACKUP_DIR is not a directory; mount the backup volume there"
  [ -w "$BACKUP_DIR" ] || fail "BACKUP_DIR $BACKUP_DIR is not writable by uid $(id -u); check the volume's owner and that the claim is not mounted read-only"
}

# --- children and signals -------------------------------------------------------------------
# A foreground child keeps sh from running a trap until it exits, so a SIGTERM from the kubelet
# would wait for pg_dump. Children run in the background and the shell waits, which a trapped
# signal interrupts; the trap then stops the child.
# RUNS_CHILD_STDIN names a file for the child's standard input (a background command's stdin is
# /dev/null unless it is redirected on the command itself).
RUNS_CHILD=""
RUNS_CHILD_STDIN=""
runs_child() { # command args...; returns the command's exit status
  if [ -n "$RUNS_CHILD_STDIN" ]; then
    "$@" <"$RUNS_CHILD_STDIN" &
  else
    "$@" &
  fi
  RUNS_CHILD=$!
  runs_rc=0
  wait "$RUNS_CHILD" || runs_rc=$?
  RUNS_CHILD=""
  return "$runs_rc"
}

runs_stop_child() {
  if [ -n "$RUNS_CHILD" ]; then
    runs_stop "$RUNS_CHILD" 50
    RUNS_CHILD=""
  fi
  # A helper the store's script keeps running beside its children (PostgreSQL: the session holding
  # the snapshot its dump reads): stopped and reaped with them, so it never outlives the script.
  if [ -n "${RUNS_HELPER:-}" ]; then
    kill -TERM "$RUNS_HELPER" 2>/dev/null || true
    wait "$RUNS_HELPER" 2>/dev/null || true
    RUNS_HELPER=""
  fi
}

# SIGTERM, then SIGKILL after the tenths of a second given: the few seconds a database client
# needs to close its connection, or a server to exit.
runs_stop() { # pid tenths
  kill -TERM "$1" 2>/dev/null || true
  n=0
  while kill -0 "$1" 2>/dev/null && [ "$n" -lt "$2" ]; do
    sleep 0.1
    n=$((n + 1))
  done
  kill -KILL "$1" 2>/dev/null || true
}

# Tests only; no CronJob sets these. At each point named in DATALAYER_TEST_PAUSE_AT (space-separated)
# the script writes DATALAYER_TEST_PAUSE_FILE (the point, its pid and the extra text given) and waits
# until the test removes it. The wait is a child (runs_child), so a signal is handled at once, as
# anywhere else. Every store's scripts pause through this one function.
runs_test_pause() { # point text
  case " ${DATALAYER_TEST_PAUSE_AT:-} " in *" $1 "*) ;; *) return 0 ;; esac
  printf 'point=%s pid=%s %s\n' "$1" "$$" "$2" >"$DATALAYER_TEST_PAUSE_FILE.partial"
  mv "$DATALAYER_TEST_PAUSE_FILE.partial" "$DATALAYER_TEST_PAUSE_FILE"
  # shellcheck disable=SC2016 # $1 is the inner shell's argument
  runs_child sh -c 'while [ -e "$1" ]; do sleep 0.05; done' sh "$DATALAYER_TEST_PAUSE_FILE"
}

# A private folder OUTSIDE the backup volume (the pod's /tmp, an in-memory emptyDir) for scratch
# files and credentials; a SIGKILL can leave it behind, but never on the volume. Sets RUNS_WORK.
RUNS_WORK=""
runs_workdir() { # name
  RUNS_WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || fail "cannot create a private folder in ${TMPDIR:-/tmp}"
  case "$RUNS_WORK" in
    "$BACKUP_DIR"/*) fail "TMPDIR ${TMPDIR:-} is on the backup volume; private files must not be written there" ;;
  esac
}

# The traps of a backup: on exit the child is stopped and the unfinished file and the private folder
# removed; SIGTERM, SIGINT and SIGHUP record the run as interrupted (runs_on_signal).
runs_backup_traps() {
  trap 'runs_stop_child; [ -z "$RUN_PARTIAL" ] || rm -f "$RUN_PARTIAL"; [ -z "$RUNS_WORK" ] || rm -rf "$RUNS_WORK"' EXIT
  trap 'runs_on_signal SIGTERM' TERM
  trap 'runs_on_signal SIGINT' INT
  trap 'runs_on_signal SIGHUP' HUP
}

# A backup's reaction to the kubelet's SIGTERM (or SIGINT, SIGHUP): stop the child, remove the file
# being written (RUN_PARTIAL), record the run as failed with the reason (its summary line says
# interrupted), exit 143. The store script
# installs it: trap 'runs_on_signal SIGTERM' TERM, and keeps RUN_PARTIAL and RUN_PUBLISHED current.
RUN_DIR=""
RUN_PARTIAL=""
RUN_PUBLISHED=""
runs_on_signal() { # signal name
  trap - HUP INT TERM
  exec 2>&3
  log "ERROR: stopped by $1; removing unfinished files" >&2
  runs_stop_child
  [ -z "$RUN_PARTIAL" ] || rm -f "$RUN_PARTIAL"
  RUN_PARTIAL=""
  if [ -n "$RUN_DIR" ] && [ -z "$RUN_PUBLISHED" ]; then
    runs_failed "interrupted by $1 (the kubelet stops a Job past its deadline or on eviction)"
    runs_publish interrupted 2>/dev/null || true
    RUN_PUBLISHED=yes
  fi
  # Stopped before its run began (waiting for the lock), or during retention after the run was
  # recorded: the night still has its one line.
  if [ -n "${RUNS_STORE:-}" ] && [ -z "${RUN_SUMMARY_PRINTED:-}" ]; then
    if [ -n "${RUNS_RECORDED:-}" ]; then runs_summary "$RUNS_RECORDED" true; else runs_summary interrupted false; fi
  fi
  exit 143
}

# --- the lock -------------------------------------------------------------------------------
# flock(1) on BACKUP_DIR/.lock: the kernel drops it when the holder dies, even by SIGKILL, so a
# lock can never outlive its run. Waits up to BACKUP_LOCK_WAIT_SECONDS, then names the holder.
runs_lock() { # what
  runs_lock_file="$BACKUP_DIR/.lock"
  exec 9>>"$runs_lock_file" || fail "cannot open the lock file $runs_lock_file; is $BACKUP_DIR writable by uid $(id -u)?"
  if ! flock -n 9; then
    holder=$(head -c 300 "$runs_lock_file" 2>/dev/null | tr '\n' ' ')
    log "waiting up to ${BACKUP_LOCK_WAIT_SECONDS}s for the lock on $BACKUP_DIR, held by: ${holder:-unknown}"
    if ! runs_child flock -w "$BACKUP_LOCK_WAIT_SECONDS" 9; then
      holder=$(head -c 300 "$runs_lock_file" 2>/dev/null | tr '\n' ' ')
      fail "another backup or restore holds the lock on $BACKUP_DIR (${holder:-unknown}) and did not release it within ${BACKUP_LOCK_WAIT_SECONDS}s; wait for it to finish (kubectl -n <namespace> get jobs) and run this again"
    fi
  fi
  # The text is for people; the lock itself is the flock. A full volume must not stop a restore.
  printf '%s job=%s pod=%s pid=%s since=%s\n' "$1" "${JOB_NAME:-unknown}" "${POD_NAME:-$(hostname)}" "$$" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" 2>/dev/null >"$runs_lock_file" || true
}

# --- runs -----------------------------------------------------------------------------------
runs_dir() { printf '%s/runs' "$BACKUP_DIR"; }

# Every run folder name, oldest (lowest sequence) first.
runs_all() {
  [ -d "$(runs_dir)" ] || return 0
  # A glob, not ls | grep: every name whole, whatever characters it holds; the pattern is the run
  # id's (<6 digits>-<8 digits>T<6 digits>Z), so an unmatched glob's own text never passes.
  for runs_entry in "$(runs_dir)"/*; do
    case "${runs_entry##*/}" in
      [0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) printf '%s\n' "${runs_entry##*/}" ;;
    esac
  done | sort || true
}

# Prints a manifest field's value (the rest of the first line starting with the key).
runs_field() { # manifest key
  sed -n "s/^$2 //p" "$1" | head -n 1
}

runs_outcome() { # run id -> complete | failed | interrupted
  m="$(runs_dir)/$1/manifest"
  if [ -f "$m" ]; then
    o=$(runs_field "$m" outcome)
    [ "$o" = complete ] && [ "$(runs_field "$m" format)" = "${RUNS_FORMAT#* }" ] && echo complete || echo failed
  else
    echo interrupted
  fi
}

# How many runs say complete.
runs_complete_count() {
  n=0
  for r in $(runs_all); do [ "$(runs_outcome "$r")" != complete ] || n=$((n + 1)); done
  echo "$n"
}

# Newest run whose manifest says complete (checksums are checked by runs_verify).
runs_newest_complete() {
  for r in $(runs_all | sort -r); do
    if [ "$(runs_outcome "$r")" = complete ]; then
      printf '%s\n' "$r"
      return 0
    fi
  done
}

# The highest sequence recorded in .sequence-floor (0 when there is none or it is unreadable).
runs_sequence_floor() {
  f=$(head -n 1 "$BACKUP_DIR/.sequence-floor" 2>/dev/null || true)
  case "$f" in '' | *[!0-9]*) f=0 ;; esac
  f=$(printf '%s' "$f" | sed 's/^0*//')
  echo "${f:-0}"
}

# Raises .sequence-floor to n (never lowers it): the next run is numbered above n. Written under a
# temporary name and renamed, so a reader sees the old or the new number, never half of one.
runs_raise_floor() { # n
  case "$1" in '' | *[!0-9]*) return 1 ;; esac
  n=$(printf '%s' "$1" | sed 's/^0*//')
  [ "${n:-0}" -gt "$(runs_sequence_floor)" ] || return 0
  printf '%s\n' "$n" >"$BACKUP_DIR/.sequence-floor.partial" &&
    mv "$BACKUP_DIR/.sequence-floor.partial" "$BACKUP_DIR/.sequence-floor"
}

# Starts a run under the lock: RUN_ID, RUN_DIR, RUN_STARTED, and a manifest being written
# outside the volume (RUN_MANIFEST) until runs_publish. The sequence continues above the newest run
# on the volume and above .sequence-floor (the deployment's highest off-site sequence).
runs_begin() { # store work-dir
  RUNS_STORE=$1
  mkdir -p "$(runs_dir)" || fail "cannot create $(runs_dir); is the volume full or read-only?"
  last=$(runs_all | tail -n 1)
  seq=0
  [ -z "$last" ] || seq=$((1${last%%-*} - 1000000))
  floor=$(runs_sequence_floor)
  [ "$floor" -le "$seq" ] || seq=$floor
  seq=$((seq + 1))
  RUN_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  RUN_ID=$(printf '%06d-%s' "$seq" "$(date -u -d "$RUN_STARTED" +%Y%m%dT%H%M%SZ)")
  RUN_DIR="$(runs_dir)/$RUN_ID"
  mkdir "$RUN_DIR" || fail "cannot create the run folder $RUN_DIR; is the volume full?"
  RUN_MANIFEST="$2/manifest"
  {
    printf 'format %s\n' "${RUNS_FORMAT#* }"
    printf 'run %s\n' "$RUN_ID"
    printf 'sequence %s\n' "$seq"
    printf 'store %s\n' "$1"
    [ -z "${OFFSITE_DEPLOYMENT:-}" ] || printf 'deployment %s\n' "$OFFSITE_DEPLOYMENT"
    printf 'started %s\n' "$RUN_STARTED"
  } >"$RUN_MANIFEST"
  RUN_FAILURES=0
}

runs_note() { printf '%s\n' "$*" >>"$RUN_MANIFEST"; }

runs_failed() { # text
  RUN_FAILURES=$((RUN_FAILURES + 1))
  runs_note "failed $*"
  log "ERROR: $*" >&2
}

# Records a finished data file of the run: its size and SHA-256.
runs_add_file() { # name (inside RUN_DIR)
  f="$RUN_DIR/$1"
  size=$(stat -c %s "$f") || return 1
  sum=$(sha256sum "$f" | cut -d ' ' -f 1) || return 1
  [ -n "$sum" ] || return 1
  runs_note "file $1 $size $sum"
}

runs_total_bytes() { # manifest
  awk '$1 == "file" { s += $3 } END { printf "%.0f\n", s }' "$1"
}

# Writes the manifest into the run folder under a temporary name, syncs it and renames it: the
# run becomes visible whole or not at all. Returns non-zero if the volume refused. Either way it
# prints the run's summary line (runs_summary), unless "later" says the caller prints it (after
# retention, whose problems it counts). "interrupted" (a signal stopped the run) is
# recorded as "failed" in the manifest, whose format knows only complete and failed.
runs_publish() { # complete | failed | interrupted [later]
  runs_note "total_bytes $(runs_total_bytes "$RUN_MANIFEST")"
  runs_note "finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [ "$1" = complete ]; then runs_note "outcome complete"; else runs_note "outcome failed"; fi
  if cp "$RUN_MANIFEST" "$RUN_DIR/manifest.partial" &&
    sync "$RUN_DIR"/* &&
    mv "$RUN_DIR/manifest.partial" "$RUN_DIR/manifest" &&
    sync "$RUN_DIR"; then
    RUNS_RECORDED=$1
    [ "${2:-}" = later ] || runs_summary "$1" true
  else
    # Not recorded: the run does not count, whatever its data files say.
    if [ "$1" = complete ]; then runs_summary failed false; else runs_summary "$1" false; fi
    return 1
  fi
}

# ONE machine-readable line per run on stdout, for log search and graphs: the fixed marker
# RUNS_SUMMARY_MARKER, a space, and a JSON object on the same line:
#   {"store":"postgresql","run":"000042-20261127T023000Z","outcome":"complete","recorded":true,
#    "databases":3,"bytes":81234567,"seconds":16,"failures":0}
# outcome: complete | failed | interrupted; recorded: false when the manifest could not be
# written (the run does not count). databases counts the manifest's "database" lines (what the
# store recorded as backed up), bytes the run's data files. Every value is a fixed word, a run id
# or a number, so no escaping is needed and no database name (or anything secret) is printed.
# A backup script sets RUNS_STORE (its store's name) first thing; a backup that fails before its
# run began (server down, lock held) then prints the line too, with an empty run id.
RUNS_SUMMARY_MARKER=DATALAYER_BACKUP_SUMMARY
RUNS_SCRIPT_STARTED=$(date -u +%s)
runs_summary() { # outcome recorded
  RUN_SUMMARY_PRINTED=yes
  s_dbs=0 s_bytes=0 s_from=$RUNS_SCRIPT_STARTED
  if [ -n "${RUN_MANIFEST:-}" ] && [ -f "$RUN_MANIFEST" ]; then
    s_dbs=$(grep -c '^database ' "$RUN_MANIFEST" || true)
    s_bytes=$(runs_total_bytes "$RUN_MANIFEST")
    s_from=$(date -u -d "$RUN_STARTED" +%s)
  fi
  s_secs=$(( $(date -u +%s) - s_from ))
  [ "$s_secs" -ge 0 ] || s_secs=0 # a clock stepped back during the run
  printf '%s {"store":"%s","run":"%s","outcome":"%s","recorded":%s,"databases":%s,"bytes":%s,"seconds":%s,"failures":%s}\n' \
    "$RUNS_SUMMARY_MARKER" "${RUNS_STORE:-unknown}" "${RUN_ID:-}" "$1" "$2" "${s_dbs:-0}" "${s_bytes:-0}" "$s_secs" \
    "${RUN_FAILURES:-1}"
}

# Checks a run before anything relies on it: complete manifest, every file present with the
# recorded size and SHA-256. Prints the reason and returns non-zero otherwise.
runs_verify() { # run id
  d="$(runs_dir)/$1"
  [ -d "$d" ] || {
    echo "run $1 does not exist in $(runs_dir)"
    return 1
  }
  [ -f "$d/manifest" ] || {
    echo "run $1 has no manifest: it was interrupted and is not a backup"
    return 1
  }
  o=$(runs_field "$d/manifest" outcome)
  [ "$o" = complete ] || {
    echo "run $1 is recorded as $o ($(sed -n 's/^failed //p' "$d/manifest" | head -n 3 | tr '\n' ';'))"
    return 1
  }
  bad=$(awk '$1 == "file" { print $2, $3, $4 }' "$d/manifest" | while read -r name size sum; do
    case "$name" in */* | .*) echo "file name $name in the manifest is not a plain name"; continue ;; esac
    if [ ! -f "$d/$name" ]; then
      echo "$name is missing"
    elif [ "$(stat -c %s "$d/$name")" != "$size" ]; then
      echo "$name is $(stat -c %s "$d/$name") bytes, the manifest says $size"
    elif [ "$(sha256sum "$d/$name" | cut -d ' ' -f 1)" != "$sum" ]; then
      echo "$name does not match its SHA-256 in the manifest"
    fi
  done)
  [ -z "$bad" ] || {
    echo "run $1 is damaged: $(printf '%s' "$bad" | tr '\n' ';')"
    return 1
  }
}

# Ends a backup: publishes the manifest (complete when nothing failed), applies retention, and
# exits 0 for a complete run or 1 naming the problems. A manifest the volume refuses leaves the run
# uncounted and earlier runs untouched.
# A run folder retention cannot remove counts in the summary line's failures and fails the job,
# after the run was recorded (its outcome stays what the manifest says).
runs_finish() { # what-the-run-holds (for the log) what-was-still-done-on-failure
  if [ "$RUN_FAILURES" = 0 ]; then runs_outcome=complete; else runs_outcome=failed; fi
  if ! runs_publish "$runs_outcome" later; then
    rm -f "$RUN_DIR/manifest.partial"
    RUN_PUBLISHED=yes
    runs_retention "$RUN_ID"
    fail "cannot write the manifest of run $RUN_ID (is the volume full?); the run does not count and earlier runs are untouched"
  fi
  RUN_PUBLISHED=yes
  runs_retention "$RUN_ID"
  runs_run_failures=$RUN_FAILURES
  RUN_FAILURES=$((RUN_FAILURES + RUNS_RETENTION_FAILED))
  runs_summary "$runs_outcome" true
  if [ "$runs_outcome" != complete ]; then
    fail "run $RUN_ID FAILED: $runs_run_failures problem(s), listed above and in $RUN_DIR/manifest; $2earlier runs are untouched"
  fi
  log "run $RUN_ID complete: $1, $(runs_total_bytes "$RUN_MANIFEST") bytes"
  [ "$RUNS_RETENTION_FAILED" = 0 ] ||
    fail "run $RUN_ID is complete and recorded, but retention cannot remove $RUNS_RETENTION_FAILED run(s): $RUNS_RETENTION_STUCK" \
      "(the ERROR lines above say why); they use space until a person removes them (see the runbook)"
}

# The run a restore uses: RESTORE_RUN, or the newest complete run when it is empty. Sets RUN.
runs_pick() {
  if [ -z "${RESTORE_RUN:-}" ]; then
    RUN=$(runs_newest_complete)
    [ -n "$RUN" ] || fail "no complete run in $(runs_dir); list the runs with: sh /opt/data-layer/runs.sh list"
    log "restoring the newest complete run, $RUN (the highest sequence among the volume's $(runs_complete_count) complete run(s); RESTORE_RUN chooses another)"
  else
    case "$RESTORE_RUN" in
      [0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) RUN=$RESTORE_RUN ;;
      *) fail "RESTORE_RUN \"$RESTORE_RUN\" is not a run id like 000042-20261127T023000Z; list the runs with: sh /opt/data-layer/runs.sh list" ;;
    esac
    log "restoring run $RUN"
  fi
}

# The newest complete run other than the current one that was not itself flagged as shrunk:
# what tonight is compared with, and what retention always keeps.
runs_baseline() { # current run id (excluded)
  for r in $(runs_all | sort -r); do
    [ "$r" != "$1" ] || continue
    [ "$(runs_outcome "$r")" = complete ] || continue
    grep -q '^shrunk ' "$(runs_dir)/$r/manifest" && continue
    printf '%s\n' "$r"
    return 0
  done
}

# Warns and marks the run ("shrunk" in its manifest, which keeps the last normal run from rotating
# out) when it holds fewer items or far fewer bytes than the last normal run. Items are what the
# store counts (databases, keys): "strict" warns at any drop, "percent" like the bytes, below
# BACKUP_SHRINK_PERCENT of the last normal run.
runs_shrink_check() { # count unit count-function(manifest) strict|percent
  shrink_base=$(runs_baseline "$RUN_ID")
  [ -n "$shrink_base" ] && [ "$RUN_FAILURES" = 0 ] || return 0
  bm="$(runs_dir)/$shrink_base/manifest"
  b_count=$($3 "$bm")
  case "$b_count" in '' | *[!0-9]*) b_count=0 ;; esac
  b_bytes=$(runs_field "$bm" total_bytes)
  case "$b_bytes" in '' | *[!0-9]*) b_bytes=0 ;; esac
  bytes=$(runs_total_bytes "$RUN_MANIFEST")
  if [ "$4" = strict ]; then
    [ "$1" -lt "$b_count" ] && fewer=yes || fewer=""
  else
    [ "$(($1 * 100))" -lt "$((b_count * BACKUP_SHRINK_PERCENT))" ] && fewer=yes || fewer=""
  fi
  if [ -n "$fewer" ] || [ "$((bytes * 100))" -lt "$((b_bytes * BACKUP_SHRINK_PERCENT))" ]; then
    warn "run $RUN_ID holds $1 $2 and $bytes bytes, against $b_count and $b_bytes in run $shrink_base;" \
      "if the server was emptied or rebuilt by mistake, restore run $shrink_base (RESTORE_RUN=$shrink_base)." \
      "Run $shrink_base is kept until a person removes it (see the runbook)"
    runs_note "shrunk against $shrink_base: $1 of $b_count $2, $bytes of $b_bytes bytes"
  fi
}

# Retention over runs, never over single files:
#   - complete runs: keep the newest BACKUP_RETENTION, the newest of each of the newest
#     BACKUP_KEEP_WEEKLY ISO weeks, the newest complete run and the newest complete run that was
#     not flagged as shrunk (an empty rebuilt server never rotates out the last real backup);
#   - failed or interrupted runs: removed once any newer run exists (the newest run is kept for
#     a person to read);
#   - the current run is never removed. Order is by sequence, so the clock cannot fool it.
# Runs also before a backup, so a volume filled by failed runs frees itself.
# A run is removed manifest first, so a half-removed run never counts as complete. A run that
# cannot be removed (read-only, another owner) never stops anything: it is named (a WARNING before
# the run, an ERROR after it) and counted in RUNS_RETENTION_FAILED, RUNS_RETENTION_STUCK; the
# caller decides (runs_finish fails the job once the new run is recorded). Always returns 0.
runs_retention() { # current run id or ""
  RUNS_RETENTION_FAILED=0
  RUNS_RETENTION_STUCK=""
  baseline=$(runs_baseline "")
  runs_doomed=$(runs_all | sort -r | while IFS= read -r r; do
    m="$(runs_dir)/$r/manifest"
    outcome=$(runs_outcome "$r")
    week=-
    [ "$outcome" != complete ] || week=$(date -u -d "$(runs_field "$m" started)" +%G-W%V 2>/dev/null || echo -)
    printf '%s %s %s\n' "$r" "$outcome" "$week"
  done | awk -v keep="$BACKUP_RETENTION" -v weeks="$BACKUP_KEEP_WEEKLY" -v current="$1" -v baseline="$baseline" '
    {
      if ($2 != "complete") { if (NR > 1 && $1 != current) print $1; next }
      complete++
      weekly = 0
      if ($3 != "-" && !($3 in seen) && nweeks < weeks) { seen[$3] = 1; nweeks++; weekly = 1 }
      if ($1 == current || complete <= keep || weekly || $1 == baseline) next
      print $1
    }
  ') || runs_doomed=""
  runs_root=$(runs_dir)
  # Run ids hold no spaces or glob characters (runs_all passes only the id's pattern).
  for old in $runs_doomed; do
    if runs_err=$(rm -f "${runs_root:?}/${old:?}/manifest" 2>&1 && rm -rf "${runs_root:?}/${old:?}" 2>&1); then
      log "retention: removed run $old"
      continue
    fi
    RUNS_RETENTION_FAILED=$((RUNS_RETENTION_FAILED + 1))
    RUNS_RETENTION_STUCK="$RUNS_RETENTION_STUCK${RUNS_RETENTION_STUCK:+, }$old"
    runs_err=$(printf '%s' "$runs_err" | head -n 1)
    if [ -z "$1" ]; then
      warn "retention: cannot remove run $old (${runs_err:-rm failed}); the backup goes on and retention tries again after it"
    else
      log "ERROR: retention: cannot remove run $old (${runs_err:-rm failed}); remove it by hand (runbook backup-runs.md: Remove a run by hand)" >&2
    fi
  done
  return 0
}

runs_list() {
  printf '%-24s %-11s %-20s %12s  %s\n' RUN OUTCOME STARTED BYTES CONTENT
  for r in $(runs_all); do
    m="$(runs_dir)/$r/manifest"
    o=$(runs_outcome "$r")
    if [ -f "$m" ]; then
      printf '%-24s %-11s %-20s %12s  %s\n' "$r" "$o" "$(runs_field "$m" started)" "$(runs_field "$m" total_bytes)" \
        "$(sed -n -e 's/^database [^ ]* [^ ]* //p' -e 's/^keys \([0-9]*\)$/\1 keys/p' "$m" | tr '\n' ',' | sed 's/,$//')$(grep -q '^failed ' "$m" && printf ' FAILED: %s' "$(sed -n 's/^failed //p' "$m" | tr '\n' ';')")"
    else
      printf '%-24s %-11s %-20s %12s  %s\n' "$r" "$o" - "$(du -sb "$(runs_dir)/$r" | cut -f 1)" "(no manifest)"
    fi
  done
}

case "$0" in
  runs.sh | */runs.sh)
    set -eu
    BACKUP_DIR="${2:-${BACKUP_DIR:-/backups}}"
    case "${1:-}" in
      list) runs_list ;;
      *) fail "usage: sh runs.sh list [BACKUP_DIR]" ;;
    esac
    ;;
esac
