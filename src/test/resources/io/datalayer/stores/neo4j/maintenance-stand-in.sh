#!/bin/sh
# Test-only stand-in for the backup side's backup.sh and restore.sh (mounted under both names in the
# test's /scripts): proves the supervisor's side of the request protocol without a real dump. It
# records whether neo4j answered while it ran, then behaves as /backups/test-mode says:
#   ok (or no file)  prints its summary line and exits 0
#   fail             prints its summary line and exits 3
#   hang             never ends (the supervisor must kill it at the end of its window)
#   pause            writes /backups/test-paused and waits until the test deletes it
set -u
action=$(basename "$0" .sh)
mode=ok
[ ! -f /backups/test-mode ] || mode=$(cat /backups/test-mode)
if wget -q -T 2 -t 1 -O /dev/null "$NEO4J_HTTP_URL/" 2>/dev/null; then up=yes; else up=no; fi
echo "$action neo4j-answered=$up run=${RESTORE_RUN:-}" >> /backups/test-runs.log
case "$mode" in
  fail) echo "TEST_SUMMARY $action failed on purpose"; exit 3 ;;
  hang) : > /backups/test-hanging; while :; do sleep 1; done ;;
  pause) : > /backups/test-paused; while [ -f /backups/test-paused ]; do sleep 1; done ;;
  *) ;;
esac
echo "TEST_SUMMARY $action ok"
