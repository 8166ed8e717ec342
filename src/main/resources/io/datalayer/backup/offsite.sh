#!/bin/sh
# Off-site copies of the backup runs (see runs.sh) in an S3-compatible object store, encrypted in
# the pod before anything leaves it (rclone crypt: contents and file names; the run folders keep
# their ids in plain text so a person can see which runs are there). Store-agnostic like runs.sh:
# any store whose backup writes runs gets off-site copies by running its scripts through this one.
#
#   sh offsite.sh after <backup script>    the backup, then `upload` (also when the backup failed:
#                                          earlier complete runs still go off-site). Exits non-zero
#                                          when either failed
#   sh offsite.sh upload                   every complete local run that is not complete off-site
#                                          (so a missed night is caught up): its files first, its
#                                          manifest last, so an interrupted upload never looks
#                                          complete; then off-site retention with runs.sh's rules
#   sh offsite.sh sync                     the off-site sync CronJob: `upload` (the catch-up), then
#                                          every complete off-site run checked object by object
#                                          (`verify`) and what is missing or damaged uploaded again
#                                          from the volume, then `check`, reading the store again;
#                                          prints one summary line. Exits non-zero while off-site is
#                                          behind, damaged beyond repair or unreachable, so the
#                                          CronJob's last success says how current off-site is
#   sh offsite.sh check                    the newest complete run on the volume is complete off-site
#                                          with the same manifest, and every complete off-site run
#                                          passes `verify` (nothing repaired); exits non-zero when not
#   sh offsite.sh floor                    raises the volume's .sequence-floor to the highest run
#                                          sequence in the deployment's folder (`after` runs it
#                                          before the backup, so run numbers continue above it)
#   sh offsite.sh before <restore script>  RESTORE_FROM=offsite: fetch the run first (below), then
#                                          run the restore on it; RESTORE_FROM=local: the restore
#   sh offsite.sh fetch                    fetch RESTORE_RUN, or the newest complete off-site run
#                                          (the highest sequence: the run this deployment took
#                                          last), into the volume, verified against its manifest's
#                                          SHA-256s before it is moved into runs/
#   sh offsite.sh list                     the off-site runs
#   sh offsite.sh drill <drill script>     the restore drill: fetch the newest complete off-site run
#                                          into DRILL_DATA_DIR (not the volume, which the drill
#                                          mounts read-only), verified, then run the drill on it
#
# One folder per deployment: OFFSITE_PATH is <prefix>/<environment>/<namespace>/<store> and every
# manifest records "deployment <environment>/<namespace>" (OFFSITE_DEPLOYMENT), as does the
# key-check object. A job refuses, before writing or deleting anything, a folder holding another
# deployment's runs, so retention never deletes them and a restore never fetches one.
#
# Configuration (set by the backup and restore CronJobs):
#   BACKUP_DIR, BACKUP_RETENTION, BACKUP_KEEP_WEEKLY, BACKUP_LOCK_WAIT_SECONDS   as in runs.sh
#   OFFSITE_CONFIG_DIR    the mounted Secret, one file per key: bucket, endpoint, region,
#                         access-key-id, secret-access-key, crypt-password, crypt-salt
#   OFFSITE_VAULT_PATH    where that Secret comes from (for messages), e.g. secret/data/backup-s3
#   OFFSITE_PROVIDER      rclone's S3 provider (AWS, Ceph, Minio, Other, ...)
#   OFFSITE_PATH          this store's folder in the bucket, e.g. data-layer/prod/data/postgresql
#   OFFSITE_DEPLOYMENT    the deployment whose runs the folder holds, e.g. prod/data
#   OFFSITE_RCLONE        the rclone binary (copied from the pinned rclone image by an init container)
#   OFFSITE_CA_FILE       the CA bundle rclone trusts (copied with it); empty: the system's
#   RESTORE_FROM          before: local or offsite
#   RESTORE_RUN           fetch: a run id; empty for the newest complete off-site run
#
# No secret reaches a command line: rclone reads its configuration from variables exported here,
# the crypt passwords are obscured through stdin, and the rclone work folder lives in the pod's
# memory-backed /tmp.
set -eu
umask 077
RUNS_ROLE=offsite
here=$(dirname "$0")
. "$here/runs.sh"

# No defaults here: every CronJob that runs this script sets these (Offsite.java, from the off-site
# settings); the runs.sh settings are checked where a mode uses them (runs_number).
: "${OFFSITE_VAULT_PATH:?OFFSITE_VAULT_PATH is not set; the CronJob sets it from the off-site settings}"
: "${OFFSITE_PROVIDER:?OFFSITE_PROVIDER is not set; the CronJob sets it from the off-site settings}"
: "${OFFSITE_RCLONE:?OFFSITE_RCLONE is not set; the CronJob sets it to the rclone its init container copies}"
: "${OFFSITE_DEPLOYMENT:?OFFSITE_DEPLOYMENT is not set; the CronJob sets it from the environment and namespace}"
case "$OFFSITE_DEPLOYMENT" in
  /* | */ | *//* | *[!a-z0-9./-]*) fail "OFFSITE_DEPLOYMENT \"$OFFSITE_DEPLOYMENT\" is not a deployment id like prod/data" ;;
esac
RESTORE_RUN="${RESTORE_RUN:-}"
# A file at the root of the encrypted folder: when it cannot be read back, the key differs from
# the one the copies were written with, and nothing may be deleted or counted as missing.
KEY_CHECK=key-check
KEY_CHECK_TEXT='datalayer off-site key check 1'
RUN_PATTERN='[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'

OFF_WORK=""
cleanup() {
  cleanup_status=$?
  [ -z "$OFF_WORK" ] || rm -rf "$OFF_WORK"
  [ -z "${OFF_FETCH:-}" ] || rm -rf "$OFF_FETCH"
  # The sync's one summary line, whichever way it ends (fail, a signal, or done).
  [ -z "${SYNC_STARTED:-}" ] || offsite_sync_summary "$cleanup_status"
  # A drill that failed before its restore began: the drill's one summary line.
  if [ -n "${OFF_DRILL:-}" ]; then
    OFF_DRILL=""
    if [ "$cleanup_status" -ge 128 ]; then drill_summary interrupted; else drill_summary failed; fi
  fi
}
# SIGTERM (the kubelet) stops the child (rclone, or the store's script, which cleans up after
# itself) and waits for it: an upload cut short has no manifest off-site and does not count.
on_signal() { # name code
  trap - HUP INT TERM
  exec 2>&3
  log "ERROR: stopped by $1" >&2
  if [ -n "$RUNS_CHILD" ]; then
    kill -TERM "$RUNS_CHILD" 2>/dev/null || true
    wait "$RUNS_CHILD" 2>/dev/null || true
    RUNS_CHILD=""
  fi
  exit "$2"
}
trap cleanup EXIT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGHUP 129' HUP

# --- configuration from the mounted Secret ------------------------------------------------------
secret_value() { # key
  f="${OFFSITE_CONFIG_DIR:?OFFSITE_CONFIG_DIR is not set}/$1"
  [ -s "$f" ] || fail "the off-site Secret has no value for \"$1\" ($f is missing or empty); write key \"$1\" to Vault $OFFSITE_VAULT_PATH and let External Secrets refresh the Secret"
  v=$(cat "$f")
  case "$v" in *"
"*) fail "the value of \"$1\" in Vault $OFFSITE_VAULT_PATH holds a line break; write it as one line" ;; esac
  printf '%s' "$v"
}

# Exports rclone's configuration as RCLONE_CONFIG_<REMOTE>_<OPTION> variables: the S3 remote
# "datalayers3" and the crypt remote "datalayer" over this store's folder of the bucket.
offsite_config() {
  OFF_WORK=$(mktemp -d "${TMPDIR:-/tmp}/offsite-XXXXXX")
  bucket=$(secret_value bucket)
  endpoint=$(secret_value endpoint)
  region=$(secret_value region)
  case "$bucket" in
    *[!a-z0-9.-]* | [.-]* | *[.-]) fail "bucket \"$bucket\" in Vault $OFFSITE_VAULT_PATH is not an S3 bucket name; use lower-case letters, digits, '.' and '-'" ;;
  esac
  case "$endpoint" in
    http://?* | https://?*) ;;
    *) fail "endpoint \"$endpoint\" in Vault $OFFSITE_VAULT_PATH is not an http:// or https:// URL; write the object store's URL, e.g. https://s3.eu-central-1.amazonaws.com" ;;
  esac
  case "${OFFSITE_PATH:-}" in
    '' | /* | */ | *//* | *[!A-Za-z0-9._/-]*) fail "OFFSITE_PATH \"${OFFSITE_PATH:-}\" is not a folder path like data-layer/postgresql" ;;
  esac
  password=$(secret_value crypt-password)
  salt=$(secret_value crypt-salt)
  [ "${#password}" -ge 16 ] || fail "crypt-password in Vault $OFFSITE_VAULT_PATH is shorter than 16 characters; write a long random one (and keep it: the copies cannot be read without it)"
  [ "${#salt}" -ge 16 ] || fail "crypt-salt in Vault $OFFSITE_VAULT_PATH is shorter than 16 characters; write a long random one (and keep it: the copies cannot be read without it)"
  : >"$OFF_WORK/rclone.conf"
  export RCLONE_CONFIG="$OFF_WORK/rclone.conf"
  export RCLONE_CACHE_DIR="$OFF_WORK/cache"
  # Go's TLS reads its roots from here; set for rclone alone, not for the store's own clients.
  [ -z "${OFFSITE_CA_FILE:-}" ] || export SSL_CERT_FILE="$OFFSITE_CA_FILE"
  export RCLONE_CONFIG_DATALAYERS3_TYPE=s3
  export RCLONE_CONFIG_DATALAYERS3_PROVIDER="$OFFSITE_PROVIDER"
  export RCLONE_CONFIG_DATALAYERS3_ENV_AUTH=false
  export RCLONE_CONFIG_DATALAYERS3_ACCESS_KEY_ID
  RCLONE_CONFIG_DATALAYERS3_ACCESS_KEY_ID=$(secret_value access-key-id)
  export RCLONE_CONFIG_DATALAYERS3_SECRET_ACCESS_KEY
  RCLONE_CONFIG_DATALAYERS3_SECRET_ACCESS_KEY=$(secret_value secret-access-key)
  export RCLONE_CONFIG_DATALAYERS3_ENDPOINT="$endpoint"
  export RCLONE_CONFIG_DATALAYERS3_REGION="$region"
  # The bucket is the platform's; creating or probing it needs rights this job does not have.
  export RCLONE_CONFIG_DATALAYERS3_NO_CHECK_BUCKET=true
  export RCLONE_CONFIG_DATALAYER_TYPE=crypt
  export RCLONE_CONFIG_DATALAYER_REMOTE="datalayers3:$bucket/$OFFSITE_PATH"
  export RCLONE_CONFIG_DATALAYER_FILENAME_ENCRYPTION=standard
  export RCLONE_CONFIG_DATALAYER_DIRECTORY_NAME_ENCRYPTION=false
  # rclone keeps crypt passwords obscured; obscure reads the value from stdin (printf is a builtin).
  export RCLONE_CONFIG_DATALAYER_PASSWORD
  RCLONE_CONFIG_DATALAYER_PASSWORD=$(printf '%s\n' "$password" | "$OFFSITE_RCLONE" obscure -) ||
    fail "cannot run $OFFSITE_RCLONE obscure; is the rclone binary there (the init container copies it)?"
  export RCLONE_CONFIG_DATALAYER_PASSWORD2
  RCLONE_CONFIG_DATALAYER_PASSWORD2=$(printf '%s\n' "$salt" | "$OFFSITE_RCLONE" obscure -)
  password=""
  salt=""
  OFF="datalayer:"
  OFF_RAW="datalayers3:$bucket/$OFFSITE_PATH"
  OFF_WHERE="bucket $bucket at $endpoint, folder $OFFSITE_PATH"
}

# rclone with bounded retries and timeouts, as a child the signal traps can stop. Its messages go
# to $OFF_WORK/err; rc_error prints the line that says what went wrong.
# Memory bounded whatever the run holds: rclone's defaults (4 transfers, each with a 16 MiB read
# buffer and 4 multipart chunks of 5 MiB in flight) grow with the number of large files; measured
# with this Debian rclone 1.60 through crypt to an S3 API server: 4 files of 250 MB peaked at 214 MB
# RSS with the defaults, 82 MB with these flags (one file of 300 MB: 89 MB, 79 MB), which fits the
# smallest backup container's limit (dev Redis, 128Mi) with room; upload times stayed within the
# noise of that loaded machine.
rc() {
  runs_child "$OFFSITE_RCLONE" --retries 2 --low-level-retries 3 --contimeout 15s --timeout 5m \
    --transfers 2 --s3-upload-concurrency 2 --buffer-size 0 --multi-thread-streams 2 \
    --stats 0 --log-level NOTICE "$@" 2>"$OFF_WORK/err"
}
rc_error() {
  l=$(grep -E 'ERROR|Failed|failed|error' "$OFF_WORK/err" | tail -n 1 | sed 's/^[0-9\/]* [0-9:]* //')
  [ -n "$l" ] || l=$(tail -n 1 "$OFF_WORK/err")
  printf '%s' "${l:-rclone gave no reason}"
}

# The key check. The copies can be read with this key when the key-check object decrypts to its
# text. When it does not, the folder's own objects tell why: none decrypts with this key (a
# changed crypt-password or crypt-salt: everything stops, nothing is written or deleted), or they
# do (the check object alone was lost to a lifecycle rule or a person, or never written): the key
# is proven by reading an object with it (decryption is authenticated), and the check object is
# written again by the next upload (KEY_CHECK_WRITE; offsite_key_write reads it back). An empty
# folder gets it when create=yes. The check object names the deployment that owns the folder.
offsite_key_check() { # create
  KEY_CHECK_WRITE=""
  if rc cat "$OFF$KEY_CHECK" >"$OFF_WORK/key-check" && [ "$(head -n 1 "$OFF_WORK/key-check")" = "$KEY_CHECK_TEXT" ]; then
    owner=$(runs_field "$OFF_WORK/key-check" deployment)
    [ -z "$owner" ] || [ "$owner" = "$OFFSITE_DEPLOYMENT" ] ||
      fail "the off-site folder ($OFF_WHERE) belongs to deployment $owner (its key-check object says so), not to this one, $OFFSITE_DEPLOYMENT; two deployments must not share a folder. Nothing was written, deleted or restored; check OffsiteProps.environment of both (see the runbook)"
    return 0
  fi
  if ! rc lsf -R --files-only "$OFF_RAW" >"$OFF_WORK/raw"; then
    grep -q 'directory not found' "$OFF_WORK/err" ||
      fail "cannot reach the off-site store ($OFF_WHERE): $(rc_error). Check endpoint, region, access-key-id and secret-access-key in Vault $OFFSITE_VAULT_PATH and the egress NetworkPolicy; the local runs are untouched"
    : >"$OFF_WORK/raw"
  fi
  if [ ! -s "$OFF_WORK/raw" ]; then
    [ "$1" = yes ] || fail "the off-site store ($OFF_WHERE) holds no copies yet"
    KEY_CHECK_WRITE=new
    return 0
  fi
  # The names this key decrypts (crypt skips the others), then one object read whole with it.
  rc lsf -R --files-only "$OFF" >"$OFF_WORK/readable" ||
    fail "cannot list the off-site store ($OFF_WHERE): $(rc_error); the local runs are untouched"
  proof=""
  for f in $(grep -v "^$KEY_CHECK\$" "$OFF_WORK/readable" | grep '/manifest$' | head -n 3) \
    $(grep -v "^$KEY_CHECK\$" "$OFF_WORK/readable" | head -n 3); do
    if rc cat "$OFF$f" >/dev/null; then
      proof=$f
      break
    fi
  done
  unreadable=$(($(wc -l <"$OFF_WORK/raw") - $(wc -l <"$OFF_WORK/readable")))
  [ -n "$proof" ] ||
    fail "the off-site store ($OFF_WHERE) holds $(wc -l <"$OFF_WORK/raw") object(s) this key cannot read: crypt-password or crypt-salt in Vault $OFFSITE_VAULT_PATH differ from the ones the copies were written with. Put the old values back (without them the copies are unreadable); nothing was changed"
  [ "$unreadable" -le 0 ] ||
    warn "the off-site store ($OFF_WHERE) holds $unreadable object(s) this key cannot read beside the copies it reads; they are left as they are"
  if grep -qx "$KEY_CHECK" "$OFF_WORK/readable"; then
    what="does not read back as the check text (damaged or replaced)"
  else
    what="is missing (a bucket lifecycle rule or a person removed it)"
  fi
  if [ "$1" = yes ]; then
    warn "the off-site key-check object $what; not a changed key: $proof decrypts with the configured one. Writing the check object again"
    KEY_CHECK_WRITE=again
  else
    warn "the off-site key-check object $what; not a changed key: $proof decrypts with the configured one. The next backup or sync writes it again"
  fi
}

# Writes the key-check object (when offsite_key_check asked for it) and reads it back with this key.
offsite_key_write() {
  [ -n "$KEY_CHECK_WRITE" ] || return 0
  printf '%s\ndeployment %s\n' "$KEY_CHECK_TEXT" "$OFFSITE_DEPLOYMENT" >"$OFF_WORK/key-check"
  rc copyto "$OFF_WORK/key-check" "$OFF$KEY_CHECK" ||
    fail "cannot write to the off-site store ($OFF_WHERE): $(rc_error). Check the credentials' write permission and the bucket name in Vault $OFFSITE_VAULT_PATH; the local runs are untouched"
  if ! rc cat "$OFF$KEY_CHECK" >"$OFF_WORK/key-check.back" || ! cmp -s "$OFF_WORK/key-check" "$OFF_WORK/key-check.back"; then
    fail "wrote the off-site key-check object ($OFF_WHERE) but cannot read it back with the configured key: $(rc_error)"
  fi
  if [ "$KEY_CHECK_WRITE" = new ]; then
    log "started off-site copies in $OFF_WHERE for deployment $OFFSITE_DEPLOYMENT"
  else
    log "wrote the off-site key-check object again and read it back with the configured key ($OFF_WHERE)"
  fi
  KEY_CHECK_WRITE=""
}

# The off-site runs as runs.sh sees runs: $OFF_WORK/shadow/runs/<run>/ holding the off-site
# manifest when the run's upload finished, nothing when it did not. runs.sh's functions then
# answer for the off-site store with BACKUP_DIR=$OFF_WORK/shadow (one set of rules for both).
offsite_shadow() {
  s="$OFF_WORK/shadow"
  rm -rf "$s"
  mkdir -p "$s/runs"
  rc lsf --dirs-only "$OFF" >"$OFF_WORK/dirs" ||
    fail "cannot list the off-site store ($OFF_WHERE): $(rc_error); the local runs are untouched"
  sed -n 's:/$::p' "$OFF_WORK/dirs" | grep -x "$RUN_PATTERN" | while IFS= read -r r; do mkdir "$s/runs/$r"; done
  rc copy --include "/*/manifest" "$OFF" "$s/runs" ||
    fail "cannot read the off-site manifests ($OFF_WHERE): $(rc_error); the local runs are untouched"
  # The folder is this deployment's alone: another's runs stop everything here, before any write.
  foreign=""
  for m in "$s"/runs/*/manifest; do
    [ -f "$m" ] || continue
    owner=$(runs_field "$m" deployment)
    [ -z "$owner" ] || [ "$owner" = "$OFFSITE_DEPLOYMENT" ] || foreign="$foreign${foreign:+, }$(basename "$(dirname "$m")") ($owner)"
  done
  [ -z "$foreign" ] ||
    fail "the off-site folder ($OFF_WHERE) holds runs of another deployment: $foreign; this is deployment $OFFSITE_DEPLOYMENT, and two deployments must not share a folder. Nothing was written, deleted or restored; check OffsiteProps.environment and OFFSITE_PATH of both (see the runbook)"
}

# Raises the volume's .sequence-floor to the highest run sequence among the run ids listed in a
# file (one per line): the next backup is numbered above every run of this deployment off-site.
offsite_raise_floor() { # file
  top=$(grep -x "$RUN_PATTERN" "$1" | sort | tail -n 1)
  [ -n "$top" ] || return 0
  n=$(printf '%s' "${top%%-*}" | sed 's/^0*//')
  [ "${n:-0}" -gt "$(runs_sequence_floor)" ] || return 0
  if runs_raise_floor "${n:-0}"; then
    log "the deployment's off-site runs go up to sequence ${n:-0} ($top); the next run on this volume is numbered above it"
  else
    warn "cannot write $BACKUP_DIR/.sequence-floor; the next run is numbered from the volume's runs alone"
  fi
}

# A runs.sh function over another folder of runs (the shadow, a fetched copy): BACKUP_DIR is
# changed in a subshell only, so the caller's stays the volume's.
offsite_runs_in() { # folder function [args]
  # The change of BACKUP_DIR must stay in this subshell: that is the point of the function.
  # shellcheck disable=SC2030
  (
    BACKUP_DIR=$1
    shift
    "$@"
  )
}

offsite_outcome() { # run -> complete | failed | interrupted, off-site
  offsite_runs_in "$OFF_WORK/shadow" runs_outcome "$1"
}

# Deletes an off-site run: its manifest first, so a half-deleted run is never complete.
offsite_delete() { # run
  rc deletefile "$OFF$1/manifest" 2>/dev/null || true
  rc purge "$OFF$1" || {
    warn "off-site retention could not remove run $1: $(rc_error)"
    return 1
  }
  log "off-site retention: removed run $1"
}

offsite_upload() {
  runs_number BACKUP_RETENTION "${BACKUP_RETENTION:-}" 1
  runs_number BACKUP_KEEP_WEEKLY "${BACKUP_KEEP_WEEKLY:-}" 0
  runs_number BACKUP_LOCK_WAIT_SECONDS "${BACKUP_LOCK_WAIT_SECONDS:-}" 0
  offsite_config
  runs_lock offsite
  offsite_key_check yes
  offsite_shadow
  offsite_key_write
  problems=0
  uploaded=0
  last=""
  for r in $(runs_all); do
    [ "$(runs_outcome "$r")" = complete ] || continue
    if [ "$(offsite_outcome "$r")" = complete ]; then
      if ! cmp -s "$(runs_dir)/$r/manifest" "$OFF_WORK/shadow/runs/$r/manifest"; then
        warn "run $r is complete off-site with another manifest than on the volume; both are left as they are"
        problems=$((problems + 1))
      fi
      continue
    fi
    if ! reason=$(runs_verify "$r"); then
      warn "not copying run $r off-site: $reason"
      problems=$((problems + 1))
      continue
    fi
    log "copying run $r off-site ($(runs_field "$(runs_dir)/$r/manifest" total_bytes) bytes)"
    # Data files first, the manifest last: until the manifest is there, the run does not count.
    if rc copy --exclude /manifest --exclude "*.partial" "$(runs_dir)/$r" "$OFF$r" &&
      rc copyto "$(runs_dir)/$r/manifest" "$OFF$r/manifest"; then
      uploaded=$((uploaded + 1))
      last=$r
      # What the store now holds, without listing it again.
      mkdir -p "$OFF_WORK/shadow/runs/$r"
      cp "$(runs_dir)/$r/manifest" "$OFF_WORK/shadow/runs/$r/manifest"
    else
      fail "the off-site copy of run $r failed: $(rc_error). The run does not count off-site until its manifest is there; the local runs are untouched and the next run copies it again"
    fi
  done
  # Retention with runs.sh's own rules, decided on the off-site runs as they are now.
  ls "$OFF_WORK/shadow/runs" >"$OFF_WORK/before"
  offsite_runs_in "$OFF_WORK/shadow" runs_retention "$last" >/dev/null
  ls "$OFF_WORK/shadow/runs" >"$OFF_WORK/after"
  for r in $(comm -23 "$OFF_WORK/before" "$OFF_WORK/after"); do
    offsite_delete "$r" || problems=$((problems + 1))
  done
  complete=0
  while IFS= read -r r; do
    [ "$(offsite_outcome "$r")" != complete ] || complete=$((complete + 1))
  done <"$OFF_WORK/after"
  [ "$problems" = 0 ] || fail "off-site copy finished with $problems problem(s), listed above; $uploaded run(s) copied"
  log "off-site copy done: $uploaded run(s) copied, $complete complete run(s) off-site, newest $(offsite_runs_in "$OFF_WORK/shadow" runs_newest_complete)"
}

# Every complete off-site run, object by object (the sync; `check` without repair). A run the
# volume holds complete, with the same manifest: rclone cryptcheck (each
# object's hash in the store against the local file encrypted with that object's nonce: nothing is
# downloaded), and an object whose hash the store does not keep (a multipart upload) is
# downloaded, decrypted and compared (rclone check --download). What is missing or differs is
# uploaded again from the volume, once the volume's run passes its own SHA-256s (runs_verify: read
# only when something needs repair), and checked again. A run the volume does not hold: every file of
# its manifest must be there with its size (decrypted sizes from the listing). What cannot be
# repaired is named, and the job fails. Sets VERIFIED (runs), REPAIRED and BROKEN (objects).
offsite_verify() { # repair: yes | no
  VERIFIED=0
  REPAIRED=0
  BROKEN=0
  for r in $(offsite_runs_in "$OFF_WORK/shadow" runs_all); do
    [ "$(offsite_outcome "$r")" = complete ] || continue
    VERIFIED=$((VERIFIED + 1))
    om="$OFF_WORK/shadow/runs/$r/manifest"
    if [ "$(runs_outcome "$r")" = complete ] && cmp -s "$(runs_dir)/$r/manifest" "$om"; then
      offsite_compare "$r"
      [ -s "$OFF_WORK/bad" ] || continue
      # Only a volume copy whose SHA-256s still match its manifest may replace anything off-site.
      if ! reason=$(runs_verify "$r"); then
        while IFS= read -r f; do
          log "ERROR: off-site run $r: $f is $(offsite_bad_word "$f") off-site, and the volume's copy cannot repair it: $reason" >&2
          BROKEN=$((BROKEN + 1))
        done <"$OFF_WORK/bad"
        continue
      fi
      if [ "$1" != yes ]; then
        while IFS= read -r f; do
          log "ERROR: off-site run $r: $f is $(offsite_bad_word "$f") off-site (the volume's copy is intact; the sync uploads it again)" >&2
          BROKEN=$((BROKEN + 1))
        done <"$OFF_WORK/bad"
        continue
      fi
      while IFS= read -r f; do
        warn "off-site run $r: $f is $(offsite_bad_word "$f") off-site; uploading it again from the volume"
        rc copyto "$(runs_dir)/$r/$f" "$OFF$r/$f" || warn "cannot upload $f of run $r again: $(rc_error)"
      done <"$OFF_WORK/bad"
      cp "$OFF_WORK/bad" "$OFF_WORK/repairing"
      offsite_compare "$r"
      while IFS= read -r f; do
        if grep -qxF "$f" "$OFF_WORK/bad"; then
          log "ERROR: off-site run $r: $f is still $(offsite_bad_word "$f") off-site after uploading it again" >&2
          BROKEN=$((BROKEN + 1))
        else
          log "off-site run $r: $f uploaded again and checked"
          REPAIRED=$((REPAIRED + 1))
        fi
      done <"$OFF_WORK/repairing"
      continue
    fi
    # Not on the volume (or another copy there): what the listing proves, files and sizes.
    if ! rc lsf --files-only --format sp --separator '|' "$OFF$r" >"$OFF_WORK/sizes"; then
      log "ERROR: cannot list off-site run $r: $(rc_error)" >&2
      BROKEN=$((BROKEN + 1))
      continue
    fi
    # The listing's lines are size|name, the manifest's "file <name> <bytes> <sha256>".
    awk 'NR == FNR { i = index($0, "|"); have[substr($0, i + 1)] = substr($0, 1, i - 1); next }
      $1 == "file" { if (!($2 in have)) print $2 " is missing"; else if (have[$2] != $3) print $2 " is " have[$2] " bytes, the manifest says " $3 }' \
      "$OFF_WORK/sizes" "$om" >"$OFF_WORK/bad"
    while IFS= read -r line; do
      log "ERROR: off-site run $r: $line, and the volume holds no intact copy of the run to repair it from; this run will not restore (choose another: offsite.sh list)" >&2
      BROKEN=$((BROKEN + 1))
    done <"$OFF_WORK/bad"
  done
  [ "$BROKEN" = 0 ] ||
    fail "off-site copies ($OFF_WHERE) hold $BROKEN missing or damaged object(s) that were not repaired, listed above; $REPAIRED repaired"
  log "off-site runs checked object by object: $VERIFIED complete run(s), $REPAIRED object(s) uploaded again"
}

# What offsite_compare found of a file: missing or damaged.
offsite_bad_word() { # file
  if grep -qxF "$1" "$OFF_WORK/missing"; then echo missing; else echo damaged; fi
}

# One run on the volume against its off-site copy: $OFF_WORK/bad lists the files missing
# ($OFF_WORK/missing) or differing off-site.
# A check rclone could not finish (the store unreachable mid-way) and that names no file fails the
# job: silence is never taken for a match.
offsite_compare() { # run
  : >"$OFF_WORK/missing"
  : >"$OFF_WORK/combined"
  compare_rc=0
  rc cryptcheck --one-way --checkers 2 --combined "$OFF_WORK/combined" --exclude "*.partial" "$(runs_dir)/$1" "$OFF$1" ||
    compare_rc=$?
  # No hash in the store for some objects: download and compare those runs' files instead.
  if grep -q 'hashes could not be checked' "$OFF_WORK/err"; then
    : >"$OFF_WORK/combined"
    compare_rc=0
    rc check --download --one-way --checkers 2 --combined "$OFF_WORK/combined" --exclude "*.partial" "$(runs_dir)/$1" "$OFF$1" ||
      compare_rc=$?
  fi
  sed -n 's/^+ //p' "$OFF_WORK/combined" >"$OFF_WORK/missing"
  sed -n 's/^[-+*!] //p' "$OFF_WORK/combined" | grep -v '/' >"$OFF_WORK/bad" || true
  [ "$compare_rc" = 0 ] || [ -s "$OFF_WORK/bad" ] ||
    fail "cannot check off-site run $1 object by object ($OFF_WHERE): $(rc_error); nothing was changed"
  rm -f "$OFF_WORK/combined"
}

# Whether off-site holds what the volume holds: the newest complete local run is complete off-site
# with the same manifest, read from the store now. Sets CHECK_LOCAL and CHECK_OFFSITE (for the
# summary); fails, naming both runs, when off-site is behind.
offsite_check() {
  offsite_shadow
  CHECK_LOCAL=$(runs_newest_complete)
  CHECK_OFFSITE=$(offsite_runs_in "$OFF_WORK/shadow" runs_newest_complete)
  if [ -z "$CHECK_LOCAL" ]; then
    log "no complete run on the volume yet; off-site has nothing to catch up (newest off-site: ${CHECK_OFFSITE:-none})"
    return 0
  fi
  [ "$(offsite_outcome "$CHECK_LOCAL")" = complete ] ||
    fail "off-site is behind: the newest complete run on the volume, $CHECK_LOCAL, is not complete off-site ($OFF_WHERE; newest complete there: ${CHECK_OFFSITE:-none}). A node lost now would take it with it; see the runbook (DataLayerOffsiteCopyLagging)"
  cmp -s "$(runs_dir)/$CHECK_LOCAL/manifest" "$OFF_WORK/shadow/runs/$CHECK_LOCAL/manifest" ||
    fail "run $CHECK_LOCAL is complete off-site with another manifest than on the volume ($OFF_WHERE); the two copies differ, compare them by hand (offsite.sh list) before relying on either"
  log "off-site is current: the newest complete run on the volume, $CHECK_LOCAL, is complete off-site with the same manifest ($OFF_WHERE)"
}

# ONE summary line per sync, with runs.sh's marker so one log search finds backups and syncs:
#   {"store":"postgresql","job":"offsite-sync","outcome":"complete","local_run":"<id>",
#    "offsite_run":"<id>","uploaded":1,"verified":7,"repaired":0,"unrepaired":0,"seconds":4}
# outcome: complete (off-site is current) or failed (behind, damaged beyond repair, unreachable, or
# stopped); verified: complete off-site runs checked object by object, repaired: objects uploaded
# again, unrepaired: objects missing or damaged that could not be. Every value is a fixed word, a
# run id or a number: nothing to escape, nothing secret.
offsite_sync_summary() { # exit status
  s_outcome=failed
  [ "$1" != 0 ] || s_outcome=complete
  s_secs=$(( $(date -u +%s) - SYNC_STARTED ))
  [ "$s_secs" -ge 0 ] || s_secs=0
  printf '%s {"store":"%s","job":"offsite-sync","outcome":"%s","local_run":"%s","offsite_run":"%s","uploaded":%s,"verified":%s,"repaired":%s,"unrepaired":%s,"seconds":%s}\n' \
    "$RUNS_SUMMARY_MARKER" "${OFFSITE_PATH##*/}" "$s_outcome" "${CHECK_LOCAL:-}" "${CHECK_OFFSITE:-}" "${uploaded:-0}" \
    "${VERIFIED:-0}" "${REPAIRED:-0}" "${BROKEN:-0}" "$s_secs"
  SYNC_STARTED=""
}

# Fetches a run into the volume; prints nothing, sets FETCHED_RUN. The caller holds the lock.
offsite_fetch() {
  offsite_key_check no
  offsite_shadow
  # Whatever is fetched, the next backup on this volume is numbered above every off-site run.
  ls "$OFF_WORK/shadow/runs" >"$OFF_WORK/ids"
  offsite_raise_floor "$OFF_WORK/ids"
  if [ -z "$RESTORE_RUN" ]; then
    run=$(offsite_runs_in "$OFF_WORK/shadow" runs_newest_complete)
    [ -n "$run" ] || fail "no complete run off-site ($OFF_WHERE); list them with: sh /opt/data-layer/offsite.sh list"
    log "fetching the newest complete off-site run, $run: the run deployment $OFFSITE_DEPLOYMENT took last (the highest" \
      "sequence of its $(offsite_runs_in "$OFF_WORK/shadow" runs_complete_count) complete off-site run(s); every run is numbered" \
      "above all earlier ones, on a volume or off-site, whatever the clock). Set RESTORE_RUN to choose another (offsite.sh list)"
  else
    # RUN_PATTERN is a glob (the shape of a run id), matched as a pattern on purpose.
    # shellcheck disable=SC2254
    case "$RESTORE_RUN" in
      $RUN_PATTERN) run=$RESTORE_RUN ;;
      *) fail "RESTORE_RUN \"$RESTORE_RUN\" is not a run id like 000042-20261127T023000Z; list the off-site runs with: sh /opt/data-layer/offsite.sh list" ;;
    esac
    [ "$(offsite_outcome "$run")" = complete ] ||
      fail "run $run is not a complete off-site copy ($(offsite_outcome "$run")); list the off-site runs with: sh /opt/data-layer/offsite.sh list"
    log "fetching run $run from off-site"
  fi
  if [ -d "$(runs_dir)/$run" ] && runs_verify "$run" >/dev/null; then
    cmp -s "$(runs_dir)/$run/manifest" "$OFF_WORK/shadow/runs/$run/manifest" ||
      fail "run $run on the volume is complete but differs from the off-site copy of that id; move it away by hand (see the runbook) or choose another run"
    log "run $run is already complete on the volume, the same as off-site; using it"
    FETCHED_RUN=$run
    return 0
  fi
  mkdir -p "$(runs_dir)" || fail "cannot create $(runs_dir); is the volume full or read-only?"
  # Fetched outside runs/ first (the dot keeps it out of every listing), verified, then renamed in.
  # BACKUP_DIR is the volume's here: offsite_runs_in changes it only in its own subshell.
  # shellcheck disable=SC2031
  OFF_FETCH="$BACKUP_DIR/.offsite-fetch"
  rm -rf "$OFF_FETCH"
  mkdir -p "$OFF_FETCH/runs"
  rc copy "$OFF$run" "$OFF_FETCH/runs/$run" ||
    fail "cannot fetch run $run ($OFF_WHERE): $(rc_error); nothing on the volume was changed"
  reason=$(offsite_runs_in "$OFF_FETCH" runs_verify "$run") ||
    fail "refusing the off-site copy: $reason. Nothing on the volume was changed and the restore did not start; choose another run (RESTORE_RUN) from: sh /opt/data-layer/offsite.sh list"
  if [ -d "$(runs_dir)/$run" ]; then
    warn "run $run on the volume is damaged or incomplete; replacing it with the verified off-site copy"
    mv "$(runs_dir)/$run" "$OFF_FETCH/damaged"
  fi
  mv "$OFF_FETCH/runs/$run" "$(runs_dir)/$run"
  rm -rf "$OFF_FETCH"
  OFF_FETCH=""
  log "fetched run $run ($(runs_field "$(runs_dir)/$run/manifest" total_bytes) bytes), every SHA-256 matches its manifest"
  FETCHED_RUN=$run
}

# The restore drill's fetch (sh offsite.sh drill <drill script>): the newest complete off-site run,
# downloaded and decrypted into the drill's own emptyDir (DRILL_DATA_DIR/fetch) and checked against
# its manifest's SHA-256s, as a recovery would; then the drill script runs on it (DRILL_RUN_DIR). It
# takes no lock and writes nothing on the volume (mounted read-only) or off-site: no key-check
# object, no sequence floor. A failure here is the drill's failure, with the drill's summary line.
offsite_drill_fetch() { # drill script
  : "${DRILL_DATA_DIR:?DRILL_DATA_DIR is not set; the CronJob sets it to the emptyDir of the drill}"
  . "$here/drills.sh"
  DRILL_STORE=${OFFSITE_PATH##*/}
  DRILL_SOURCE=offsite
  OFF_DRILL=yes
  fetch_started=$(drill_clock)
  offsite_config
  offsite_key_check no
  offsite_shadow
  DRILL_RUN=$(offsite_runs_in "$OFF_WORK/shadow" runs_newest_complete)
  [ -n "$DRILL_RUN" ] || fail "no complete run off-site ($OFF_WHERE) to drill; is the off-site sync failing too (DataLayerOffsiteCopyLagging)?"
  log "fetching the newest complete off-site run, $DRILL_RUN, for the restore drill"
  # A fetch cut short by a killed drill is removed first; nothing else writes here.
  OFF_FETCH="$DRILL_DATA_DIR/fetch"
  rm -rf "$OFF_FETCH"
  mkdir -p "$OFF_FETCH/runs" || fail "cannot create $OFF_FETCH; is the drill's emptyDir full?"
  rc copy "$OFF$DRILL_RUN" "$OFF_FETCH/runs/$DRILL_RUN" ||
    fail "cannot fetch and decrypt run $DRILL_RUN ($OFF_WHERE): $(rc_error); a recovery from off-site would fail the same way"
  reason=$(offsite_runs_in "$OFF_FETCH" runs_verify "$DRILL_RUN") ||
    fail "the off-site copy of run $DRILL_RUN does not match its manifest: $reason"
  log "fetched run $DRILL_RUN, every SHA-256 matches its manifest"
  # The fetched run stays for the drill (which removes it); the rclone folder goes now.
  OFF_FETCH=""
  OFF_DRILL=""
  cleanup
  OFF_WORK=""
  # Nothing of the object store's configuration reaches the drill and its private server.
  for v in $(env | sed -n 's/^\(RCLONE_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
  unset SSL_CERT_FILE
  export DRILL_RUN_DIR="$DRILL_DATA_DIR/fetch/runs/$DRILL_RUN"
  DRILL_FETCH_SECONDS=$(drill_since "$fetch_started")
  export DRILL_FETCH_SECONDS
  exec sh "$1"
}

offsite_list() {
  offsite_config
  offsite_key_check no
  offsite_shadow
  # runs.sh's listing of the shadow; a run without manifest has no size worth showing.
  offsite_runs_in "$OFF_WORK/shadow" runs_list | sed 's/^\([^ ]*  *interrupted  *-  *\)[0-9]*  (no manifest)$/\1-  (upload unfinished: no manifest)/'
}

case "${1:-}" in
  after)
    [ -n "${2:-}" ] || fail "usage: sh offsite.sh after <backup script>"
    # The run's number continues above the deployment's off-site runs (a new volume after a restore).
    runs_child sh "$0" floor || warn "could not read the off-site run numbers before the backup; the run is numbered from the volume's runs alone"
    brc=0
    runs_child sh "$2" || brc=$?
    [ "$brc" = 0 ] || log "the backup failed (exit $brc); copying the earlier complete runs off-site all the same"
    urc=0
    runs_child sh "$0" upload || urc=$?
    [ "$brc" = 0 ] || exit "$brc"
    exit "$urc"
    ;;
  upload) offsite_upload ;;
  sync)
    SYNC_STARTED=$(date -u +%s)
    offsite_upload
    offsite_verify yes
    offsite_check
    ;;
  check)
    runs_number BACKUP_LOCK_WAIT_SECONDS "${BACKUP_LOCK_WAIT_SECONDS:-}" 0
    offsite_config
    runs_lock offsite-check
    offsite_key_check no
    offsite_shadow
    offsite_verify no
    offsite_check
    ;;
  floor)
    # Names only (the run folders' ids are plain): no key needed, nothing written off-site. A store
    # that cannot be listed leaves the numbering to the volume; the upload then says why it failed.
    offsite_config
    if rc lsf --dirs-only "$OFF_RAW" >"$OFF_WORK/dirs"; then
      sed -n 's:/$::p' "$OFF_WORK/dirs" >"$OFF_WORK/ids"
      offsite_raise_floor "$OFF_WORK/ids"
    elif ! grep -q 'directory not found' "$OFF_WORK/err"; then
      warn "cannot list the off-site runs before the backup ($OFF_WHERE): $(rc_error); the run is numbered from the volume's runs alone"
    fi
    ;;
  list) offsite_list ;;
  drill)
    [ -n "${2:-}" ] || fail "usage: sh offsite.sh drill <drill script>"
    offsite_drill_fetch "$2"
    ;;
  fetch | before)
    if [ "$1" = before ]; then
      [ -n "${2:-}" ] || fail "usage: sh offsite.sh before <restore script>"
      case "${RESTORE_FROM:-}" in
        local) exec sh "$2" ;;
        offsite) ;;
        '') fail "RESTORE_FROM is not set; the CronJob sets it to local (set offsite to fetch the run from the object store)" ;;
        *) fail "RESTORE_FROM is \"$RESTORE_FROM\"; set it to local (the volume) or offsite (the object store)" ;;
      esac
    fi
    runs_number BACKUP_LOCK_WAIT_SECONDS "${BACKUP_LOCK_WAIT_SECONDS:-}" 0
    offsite_config
    runs_lock offsite-fetch
    offsite_fetch
    [ "$1" = before ] || exit 0
    # The restore takes the lock itself.
    exec 9>&-
    cleanup
    OFF_WORK=""
    # Nothing of the object store's configuration reaches the restore and its children.
    for v in $(env | sed -n 's/^\(RCLONE_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
    unset SSL_CERT_FILE
    export RESTORE_RUN="$FETCHED_RUN" RESTORE_FROM=local
    exec sh "$2"
    ;;
  *) fail "usage: sh offsite.sh after <backup script> | upload | sync | check | floor | before <restore script> | fetch | list | drill <drill script>" ;;
esac
