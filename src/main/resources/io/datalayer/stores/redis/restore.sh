#!/bin/sh
# Redis restore of one recorded run (see runs.sh and backup.sh) onto the server's data volume, with
# the server stopped (its StatefulSet scaled to 0). It cannot destroy the live data:
#   1. before anything is touched: the run's manifest must say complete, the snapshot must match
#      its size and SHA-256 and pass redis-check-rdb with the key count the manifest recorded;
#   2. the server must be stopped, proven on the data volume: the restore takes the flock the
#      server's command holds on REDIS_SERVER_LOCK while the server runs (ready or not) and keeps it
#      to the end; and nothing may answer at REDIS_HOST:REDIS_PORT (a running server would overwrite
#      the files it did not write at its next save, and loads them only at start);
#   3. the snapshot is copied into a staging folder on the data volume and loaded by a private
#      redis-server (no network, a socket in /tmp) with appendonly no, which then writes the append-only
#      files from it (CONFIG SET appendonly yes); a second private server starts from those files with
#      appendonly yes, exactly as the real server will, and must hold the same keys with the same
#      DEBUG DIGEST. Both run as replicas of nothing, so no key expires during the check;
#   4. only then the live snapshot file and append-only folder are moved aside into replaced-<stamp>/
#      and the staged ones renamed into place (renames on one volume); a failure rolls the renames back;
#   5. replaced-<stamp>/ is kept (RESTORE_KEEP_REPLACED=true) or removed.
# Why step 3: with appendonly yes Redis loads the append-only files and ignores the RDB; a server that
# finds no append-only files starts EMPTY and writes empty ones. Putting only the RDB in place loses
# every key.
# Any failure before step 4 removes the staging folder: the data volume is as it was. A restore
# killed in step 4 left replaced-<stamp>/.swap-unfinished, and the next restore rolls it back first.
#
# Configuration (set by the redis-restore CronJob; an operator overrides the RESTORE_*):
#   REDIS_HOST, REDIS_PORT, BACKUP_DIR   as for backup.sh
#   REDIS_DATA_DIR               the server's data volume (its claim, mounted by the restore pod)
#   REDIS_SERVER_LOCK            the file on it whose flock the server's command holds while it runs
#   REDIS_DBFILENAME, REDIS_APPENDDIRNAME, REDIS_APPENDFILENAME   the server's dbfilename, appenddirname
#                                and appendfilename (redis.conf)
#   RESTORE_RUN                  empty: the newest complete run; else a run id (sh runs.sh list)
#   RESTORE_FROM                 local; offsite is handled by offsite.sh, which fetches the run first
#   RESTORE_KEEP_REPLACED        true: keep the replaced files in replaced-<stamp>/; false: remove them
#   BACKUP_LOCK_WAIT_SECONDS     how long to wait for a running backup or restore
set -eu
umask 077
RUNS_ROLE=restore
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/redis.sh"

: "${REDIS_DATA_DIR:?REDIS_DATA_DIR is not set; the CronJob mounts the data claim of the server and sets it}"
runs_restore_settings
# The server's file names, from its redis.conf: the CronJob sets them (RedisRestore.java); no defaults here.
redis_file_name() { # name value
  case "$2" in
    '') fail "$1 is not set; the CronJob sets it to the redis.conf value of the server" ;;
    */* | .*) fail "$1 \"$2\" is not a plain file name; set it to the server's redis.conf value" ;;
  esac
}
redis_file_name REDIS_DBFILENAME "${REDIS_DBFILENAME:-}"
redis_file_name REDIS_APPENDDIRNAME "${REDIS_APPENDDIRNAME:-}"
redis_file_name REDIS_APPENDFILENAME "${REDIS_APPENDFILENAME:-}"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
STAGE="$REDIS_DATA_DIR/.datalayer-restore-$STAMP"
REPLACED="$REDIS_DATA_DIR/replaced-$STAMP"
# The two things a server loads from its dir, in the order they are swapped.
LIVE_NAMES="$REDIS_APPENDDIRNAME $REDIS_DBFILENAME"
temp_pid=""
staged=""
swapping=""
committed=""

# Puts back what a swap moved aside, using the marker it wrote first ("present NAME" or "absent
# NAME" for each live name as it was before).
undo_swap() { # replaced folder
  while read -r state name; do
    if [ -e "$1/$name" ]; then
      rm -rf "${REDIS_DATA_DIR:?}/$name"
      mv "$1/$name" "$REDIS_DATA_DIR/$name"
    elif [ "$state" = absent ]; then
      rm -rf "${REDIS_DATA_DIR:?}/$name"
    fi
  done <"$1/.swap-unfinished"
  rm -rf "$1"
}

stop_temp() {
  [ -n "$temp_pid" ] || return 0
  runs_stop "$temp_pid" 100
  wait "$temp_pid" 2>/dev/null || true
  temp_pid=""
}

cleanup() {
  rc=$?
  runs_stop_child
  stop_temp
  if [ -z "$committed" ]; then
    if [ -n "$swapping" ]; then
      if undo_swap "$REPLACED"; then
        log "rolled the swap back" >&2
      else
        warn "could not roll the swap back; the live files are in $REPLACED, see the runbook"
      fi
    fi
    [ -z "$staged" ] || rm -rf "$STAGE"
    [ "$rc" = 0 ] || [ -z "$staged" ] || log "nothing was changed: the data volume holds the files it held before" >&2
  fi
  [ -z "${REDIS_WORK:-}" ] || rm -rf "$REDIS_WORK"
}
trap cleanup EXIT
trap 'exec 2>&3; log "ERROR: stopped by SIGTERM; removing what this restore staged" >&2; exit 143' TERM
trap 'exec 2>&3; log "ERROR: stopped by SIGINT; removing what this restore staged" >&2; exit 130' INT
trap 'exit 129' HUP

redis_workdir restore
runs_lock restore

# --- 1. what to restore, checked before anything is touched ------------------------------------
runs_pick
run=$RUN
reason=$(runs_verify "$run") || fail "refusing to restore: $reason. Nothing was touched; choose another run (RESTORE_RUN) from: sh /opt/data-layer/runs.sh list"
manifest="$(runs_dir)/$run/manifest"
[ "$(runs_field "$manifest" store)" = redis ] || fail "run $run is not a Redis backup (store $(runs_field "$manifest" store)); nothing was touched"
snapshot=$(runs_field "$manifest" snapshot)
keys=$(runs_field "$manifest" keys)
[ "$snapshot" = dump.rdb ] || fail "the manifest of run $run names the snapshot \"$snapshot\", which this script did not write; nothing was touched"
case "$keys" in '' | *[!0-9]*) fail "the manifest of run $run has no key count; nothing was touched" ;; esac
rdb="$(runs_dir)/$run/$snapshot"
log "checking $snapshot of run $run with redis-check-rdb"
if ! redis_check_rdb "$rdb"; then
  tail -n 5 "$REDIS_WORK/check.out" >&2
  fail "$snapshot of run $run does not pass redis-check-rdb ($(redis_check_problem)); nothing was touched. Choose another run (RESTORE_RUN)"
fi
[ "$RDB_KEYS" = "$keys" ] || fail "$snapshot of run $run holds $RDB_KEYS keys, its manifest says $keys; nothing was touched"

# --- 2. the server must be stopped, proven on the data volume ------------------------------------
# The server's command holds an exclusive flock on REDIS_SERVER_LOCK for the server's whole life
# (Redis.serverCommand): loading, not Ready, or serving. The Service hides a pod that is not Ready,
# so an answer there proves nothing; the lock is on the volume this restore writes, and the kernel
# drops it only when the server (and any save child it forked) is gone. This restore takes it and
# keeps it to its end: a server that starts meanwhile waits for it.
[ -d "$REDIS_DATA_DIR" ] || fail "REDIS_DATA_DIR $REDIS_DATA_DIR is not a directory; mount the server's data claim there"
[ -w "$REDIS_DATA_DIR" ] || fail "REDIS_DATA_DIR $REDIS_DATA_DIR is not writable by uid $(id -u)"
case "${REDIS_SERVER_LOCK:-}" in
  '') fail "REDIS_SERVER_LOCK is not set; the CronJob sets it to the lock file the server holds on its data volume" ;;
  "$REDIS_DATA_DIR"/*) ;;
  *) fail "REDIS_SERVER_LOCK $REDIS_SERVER_LOCK is not on the data volume $REDIS_DATA_DIR" ;;
esac
exec 8>>"$REDIS_SERVER_LOCK" || fail "cannot open the server lock $REDIS_SERVER_LOCK on the data volume"
if ! flock -n 8; then
  fail "redis-server is running on this data volume: it holds $REDIS_SERVER_LOCK (whether or not its pod is Ready;" \
    "a pod still loading is not behind the Service). A restore needs it stopped: kubectl -n <namespace> scale statefulset <redis> --replicas=0," \
    "wait until its pod is gone, and run this again. Nothing was touched"
fi
log "the server is stopped: this restore holds the server lock on the data volume ($REDIS_SERVER_LOCK)"
# And nothing answers on the Service (a server started some other way): any reply (PONG, NOAUTH,
# LOADING, ...) means a server is up; no password is sent.
if timeout 10 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" PING >"$REDIS_WORK/up" 2>&1 ||
  ! grep -q '^Could not connect to Redis at' "$REDIS_WORK/up"; then
  fail "Redis answers at $REDIS_HOST:$REDIS_PORT ($(head -c 200 "$REDIS_WORK/up" | tr '\n' ' ')); a restore needs it stopped:" \
    "kubectl -n <namespace> scale statefulset <redis> --replicas=0, wait until its pod is gone, and run this again. Nothing was touched"
fi

# --- 3. leftovers of a killed restore, then stage and prove ------------------------------------
for marker in "$REDIS_DATA_DIR"/replaced-*/.swap-unfinished; do
  [ -f "$marker" ] || continue
  log "rolling back the unfinished swap of a restore that was killed ($(dirname "$marker"))"
  undo_swap "$(dirname "$marker")"
done
for d in "$REDIS_DATA_DIR"/.datalayer-restore-*; do
  [ -d "$d" ] || continue
  rm -rf "$d"
  log "removed $d, left by a restore that was killed"
done

staged=yes
mkdir "$STAGE"
log "copying $snapshot of run $run into $STAGE"
runs_child cp "$rdb" "$STAGE/$REDIS_DBFILENAME" 2>"$REDIS_WORK/err" || {
  cat "$REDIS_WORK/err" >&2
  fail "cannot copy the snapshot onto the data volume ($(tail -n 1 "$REDIS_WORK/err")); is it full? It needs room for the snapshot and the append-only files made from it"
}
[ "$(sha256sum "$STAGE/$REDIS_DBFILENAME" | cut -d ' ' -f 1)" = "$(awk '$1 == "file" && $2 == "dump.rdb" { print $4 }' "$manifest")" ] ||
  fail "the copy of $snapshot on the data volume does not match its SHA-256"

# Every call is bounded: a shell runs its trap only after the foreground command returns, so a hung
# private server must not keep SIGTERM from stopping the restore.
local_cli() { timeout 10 redis-cli -s "$REDIS_WORK/redis.sock" "$@"; }
# DEBUG DIGEST reads the whole data set and may take longer: it runs as the interruptible child.
local_digest() {
  runs_child redis-cli -s "$REDIS_WORK/redis.sock" DEBUG DIGEST >"$REDIS_WORK/digest" 2>&1 ||
    fail "DEBUG DIGEST failed on the private server: $(head -c 200 "$REDIS_WORK/digest")"
  tr -d '\r' <"$REDIS_WORK/digest"
}
# A private server on the staging folder: no TCP port, a socket only this uid can open, DEBUG for
# the digest, no saving on its own, and a replica of an address nobody serves, so it never expires
# a key (a replica waits for its master's deletes).
temp_server() { # appendonly yes|no
  rm -f "$REDIS_WORK/redis.sock"
  redis-server --port 0 --unixsocket "$REDIS_WORK/redis.sock" --unixsocketperm 700 --dir "$STAGE" \
    --dbfilename "$REDIS_DBFILENAME" --appenddirname "$REDIS_APPENDDIRNAME" --appendfilename "$REDIS_APPENDFILENAME" \
    --appendonly "$1" --save '' --enable-debug-command local --replicaof 127.0.0.1 1 --maxmemory 0 \
    --logfile "$REDIS_WORK/server.log" >/dev/null 2>&1 &
  temp_pid=$!
  until local_cli INFO persistence 2>/dev/null | grep -q '^loading:0'; do
    if ! kill -0 "$temp_pid" 2>/dev/null; then
      temp_pid=""
      tail -n 5 "$REDIS_WORK/server.log" >&2
      fail "redis-server could not load the staged files (log above); nothing was changed"
    fi
    sleep 0.2
  done
}
keyspace_keys() { local_cli INFO keyspace | tr -d '\r' | sed -n 's/^db[0-9]*:keys=\([0-9]*\),.*/\1/p' | awk '{ s += $1 } END { print s + 0 }'; }
shutdown_temp() {
  local_cli SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  wait "$temp_pid" 2>/dev/null || true
  temp_pid=""
}

log "loading the snapshot into a private redis-server (appendonly no)"
temp_server no
loaded=$(keyspace_keys)
[ "$loaded" = "$keys" ] || fail "the private server loaded $loaded keys from $snapshot, the manifest says $keys"
runs_test_pause private-server-loaded "server=$temp_pid"
[ "$(local_cli CONFIG SET appendonly yes | tr -d '\r')" = OK ] || fail "CONFIG SET appendonly yes failed on the private server"
log "writing the append-only files from it (CONFIG SET appendonly yes)"
# Until the rewrite is done, or failed: Redis itself would retry a failed rewrite (a full volume)
# for ever, so the first failure ends the restore.
while :; do
  local_cli INFO persistence | tr -d '\r' >"$REDIS_WORK/persistence"
  grep -q '^aof_last_bgrewrite_status:err' "$REDIS_WORK/persistence" && break
  grep -q '^aof_rewrite_in_progress:0' "$REDIS_WORK/persistence" &&
    grep -q '^aof_rewrite_scheduled:0' "$REDIS_WORK/persistence" && break
  sleep 0.2
done
grep -q '^aof_last_bgrewrite_status:ok' "$REDIS_WORK/persistence" || {
  tail -n 5 "$REDIS_WORK/server.log" >&2
  fail "writing the append-only files failed (log above; is the data volume full?)"
}
local_digest >"$REDIS_WORK/digest.a"
digest=$(cat "$REDIS_WORK/digest.a")
shutdown_temp

log "starting a private redis-server from the staged files as the server will (appendonly yes)"
temp_server yes
again=$(keyspace_keys)
local_digest >"$REDIS_WORK/digest.b"
digest_again=$(cat "$REDIS_WORK/digest.b")
shutdown_temp
if [ "$again" != "$keys" ] || [ "$digest_again" != "$digest" ]; then
  fail "the staged append-only files hold $again keys (digest $digest_again), the snapshot $keys (digest $digest); nothing was changed"
fi
[ -d "$STAGE/$REDIS_APPENDDIRNAME" ] || fail "the private server wrote no $REDIS_APPENDDIRNAME; nothing was changed"
sync "$STAGE/$REDIS_DBFILENAME" "$STAGE/$REDIS_APPENDDIRNAME"/* "$STAGE/$REDIS_APPENDDIRNAME" "$STAGE"
log "staged and proven: $keys keys, digest $digest"

# --- 4. the swap ---------------------------------------------------------------------------------
mkdir "$REPLACED"
for name in $LIVE_NAMES; do
  if [ -e "$REDIS_DATA_DIR/$name" ]; then echo "present $name"; else echo "absent $name"; fi
done >"$REPLACED/.swap-unfinished"
sync "$REPLACED/.swap-unfinished" "$REPLACED"
swapping=yes
for name in $LIVE_NAMES; do
  [ ! -e "$REDIS_DATA_DIR/$name" ] || mv "$REDIS_DATA_DIR/$name" "$REPLACED/$name"
done
for name in $LIVE_NAMES; do
  mv "$STAGE/$name" "$REDIS_DATA_DIR/$name"
done
rm "$REPLACED/.swap-unfinished"
sync "$REDIS_DATA_DIR" "$REPLACED"
committed=yes
swapping=""
rm -rf "$STAGE"
log "swapped in run $run: $REDIS_DBFILENAME and $REDIS_APPENDDIRNAME/ in $REDIS_DATA_DIR"

# --- 5. the replaced files ---------------------------------------------------------------------------
if [ -z "$(ls -A "$REPLACED")" ]; then
  rmdir "$REPLACED"
elif [ "$RESTORE_KEEP_REPLACED" = true ]; then
  log "kept the replaced files in $REPLACED; remove it when the restore is confirmed (see the runbook)"
else
  if rm -rf "$REPLACED"; then
    log "removed the replaced files"
  else
    warn "could not remove $REPLACED; the restore itself succeeded, remove it by hand"
  fi
fi
log "restore of run $run complete: $keys keys; start the server (kubectl -n <namespace> scale statefulset <redis> --replicas=1)"
