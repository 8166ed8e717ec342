#!/bin/sh
# Measures the downtime of one Neo4j backup: the wall time of backup.sh (what the supervisor's
# maintenance window holds neo4j stopped for, minus neo4j's own stop and start) on a graph of
# NODES nodes and RELS relationships (default 100000 and 500000), and of restore.sh into a fresh
# home. It runs the repository's scripts unchanged with the real neo4j-admin of Neo4j 5.26.30 from
# the server's own classpath, src/test/neo4j/pom.xml (as the tests' testing/Neo4jServer), so run it on a quiet
# machine and quote the load average with the numbers. Not a test: nothing here asserts a time.
#
#   sh bench/neo4j/downtime.sh [NODES] [RELS]
set -eu
nodes=${1:-100000}
rels=${2:-500000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/neo4j-downtime.XXXXXX")
trap 'rm -rf "$work"' EXIT
scripts=$repo/src/main/resources/io/datalayer/stores/neo4j
cd "$repo"
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath" >/dev/null
# neo4j-admin on the harness's own classpath: the test classpath mediates commons-io down to S3Proxy's.
version=$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' pom.xml)
mvn -q -B -f src/test/neo4j/pom.xml -Dneo4j.version="$version" dependency:build-classpath \
  -Dmdep.outputFile="$work/admin-classpath" >/dev/null
mkdir -p "$work/bin" "$work/admin-home" "$work/pod/conf" "$work/pod/data" "$work/pod/backups" "$work/pod/scratch" \
  "$work/pod/scripts" "$work/fresh/conf" "$work/fresh/data" "$work/fresh/scratch" "$work/tmp"
cp "$scripts"/*.sh src/main/resources/io/datalayer/backup/runs.sh "$work/pod/scripts/"
# The shim's own "$@" and $(cat ...) must stay literal in the file it writes.
# shellcheck disable=SC2016
printf '#!/bin/sh\nNEO4J_HOME=%s exec java -XX:+UseSerialGC -cp "$(cat %s)" org.neo4j.cli.AdminTool "$@"\n' \
  "$work/admin-home" "$work/admin-classpath" >"$work/bin/neo4j-admin"
chmod +x "$work/bin/neo4j-admin"
for home in pod fresh; do
  printf 'server.directories.data=%s\nserver.directories.logs=%s\n' "$work/$home/data" "$work/tmp" >"$work/$home/conf/neo4j.conf"
done

echo "load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
start=$(date +%s)
java -cp "$(cat "$work/classpath")" bench/neo4j/MakeGraph.java "$work/embedded" "$work/pod/data" "$nodes" "$rels" 2>/dev/null |
  grep 'relationships$'
echo "graph written in $(($(date +%s) - start))s; store: $(du -sh "$work/pod/data" | cut -f 1)"

# The server pod's env (Neo4jBackup.serverEnv with the default props), its paths on this machine.
run() { # home script
  env -i PATH="$work/bin:/usr/local/bin:/usr/bin:/bin" TMPDIR="$work/tmp" BACKUP_DIR="$work/pod/backups" \
    BACKUP_RETENTION=7 BACKUP_KEEP_WEEKLY=4 BACKUP_SHRINK_PERCENT=50 BACKUP_LOCK_WAIT_SECONDS=300 POD_NAME=neo4j-0 \
    NEO4J_CONF="$work/$1/conf" NEO4J_DATA_DIR="$work/$1/data" NEO4J_BACKUP_DATABASES="neo4j system" \
    NEO4J_BACKUP_SCRATCH_DIR="$work/$1/scratch" RESTORE_KEEP_REPLACED=true RESTORE_LOCK_WAIT_SECONDS=60 RESTORE_FROM=local \
    RESTORE_RUN="" sh "$work/pod/scripts/$2"
}
start=$(date +%s)
run pod backup.sh >"$work/backup.log" 2>&1 || { cat "$work/backup.log"; exit 1; }
backup=$(($(date +%s) - start))
grep DATALAYER_BACKUP_SUMMARY "$work/backup.log"
echo "dumps: $(find "$work"/pod/backups/runs -name '*.dump' -printf '%f %s bytes  ')"
start=$(date +%s)
run fresh restore.sh >"$work/restore.log" 2>&1 || { cat "$work/restore.log"; exit 1; }
restore=$(($(date +%s) - start))
echo "backup.sh (neo4j stopped): ${backup}s; restore.sh into a fresh home: ${restore}s"
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
