#!/bin/sh
# ClickHouse restore drill (drills.sh has the shared part): the newest complete run, fetched from
# off-site (offsite.sh drill) or read from the volume (mounted read-only), restored WITHOUT the live
# server: by `clickhouse local` (the server binary of this pod's image, the live server's version,
# with no listener at all), each database's archive restored with RESTORE ... FROM File(...) into a
# private data folder on the drill's emptyDir, then checked:
#   1. every archive restores (RESTORE answers RESTORED);
#   2. each database's facts (clickhouse_fact_lines in clickhouse-common.sh: every table's row count
#      and content hash) equal the ones the backup recorded from the archive as BACKUP wrote it. They
#      are read by new `clickhouse local` processes, which load the restored databases from their
#      files on the emptyDir, as a server starting on them would; reading every row also checks
#      every block's checksum.
# The first failure fails the drill naming it. The live server and the runs are never touched.
#
# Configuration (set by the clickhouse-drill CronJob): BACKUP_DIR, DRILL_DATA_DIR (drills.sh);
# the clickhouse binary on PATH, from the image.
set -eu
umask 077
RUNS_ROLE=drill
here=$(dirname "$0")
. "$here/runs.sh"
. "$here/drills.sh"
. "$here/clickhouse-common.sh"

drill_begin clickhouse
drill_pick
CLICKHOUSE_WORK=$RUNS_WORK

# The run's folder is quoted as a string in RESTORE ... FROM File('...'): a path holding a quote or a
# backslash is not one drills.sh makes (the volume's or the emptyDir's runs/<id>).
case "$DRILL_RUN_PATH" in *\'* | *\\*) drill_fail "the run's folder $DRILL_RUN_PATH holds a quote or a backslash" ;; esac
CH_DRILL_DATA="$DRILL_WORK/data"
mkdir -m 700 "$CH_DRILL_DATA"
# clickhouse local's own config: RESTORE may read File(...) backups under the run's folder alone
# (backups.allowed_path); its temporary files go to the emptyDir too (tmp_path), never /tmp.
{
  printf '<clickhouse>\n  <tmp_path>%s/tmp/</tmp_path>\n' "$CH_DRILL_DATA"
  printf '  <backups><allowed_path>%s/</allowed_path></backups>\n</clickhouse>\n' "$DRILL_RUN_PATH"
} >"$DRILL_WORK/local.xml"

# One statement in a new `clickhouse local` on the private data folder: what one process restores,
# the next reads back from the files. A child (runs_child): a SIGTERM stops it at once.
clickhouse_sql() { # sql
  runs_child clickhouse local --config-file "$DRILL_WORK/local.xml" --path "$CH_DRILL_DATA" --format TabSeparated \
    --query "$1"
}

started=$(drill_clock)
sed -n 's/^database \(db-[0-9]*\.tar\) [0-9]* \(.*\)$/\1 \2/p' "$DRILL_MANIFEST" >"$DRILL_WORK/databases"
log "restoring run $DRILL_RUN with clickhouse local (data in $CH_DRILL_DATA, no listener)"
while read -r file db; do
  clickhouse_plain_name "$db" || drill_fail "the manifest names a database with an unusual name (hex $(clickhouse_hex "$db"))"
  log "restoring database $db from $file"
  clickhouse_status "RESTORE DATABASE \`$db\` FROM File('$DRILL_RUN_PATH/$file')" RESTORED ||
    drill_fail "database $db does not restore from $file: $(clickhouse_error)"
done <"$DRILL_WORK/databases"
DRILL_RESTORE_SECONDS=$(drill_since "$started")
# The fetched run is no longer needed: its space goes back to the emptyDir before the checks.
rm -rf "$DRILL_DATA_DIR/fetch"
runs_test_pause restored "data=$CH_DRILL_DATA"

checked=$(drill_clock)
: >"$DRILL_WORK/restored.facts"
while read -r file db; do
  clickhouse_database_digests "$db" >"$DRILL_WORK/digests" ||
    drill_fail "cannot read the restored database $db: $(clickhouse_error)"
  clickhouse_fact_lines "$db" <"$DRILL_WORK/digests" >>"$DRILL_WORK/restored.facts"
done <"$DRILL_WORK/databases"
difference=$(drill_compare_facts "$DRILL_FACTS" "$DRILL_WORK/restored.facts") ||
  drill_fail "the restored data differs from the facts recorded at backup time: $difference"
DRILL_CHECK_SECONDS=$(drill_since "$checked")
log "facts match: $(wc -l <"$DRILL_FACTS" | tr -d ' ') fact(s) of $(wc -l <"$DRILL_WORK/databases" | tr -d ' ') database(s) as recorded at backup time"
drill_summary passed
