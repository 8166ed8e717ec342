# ClickHouse pieces that need no live server (sourced after runs.sh by clickhouse.sh, for backup.sh
# and restore.sh, and by drill.sh): names, the per-table digests and the facts a restore drill
# checks. The sourcing script defines clickhouse_sql (one statement, TabSeparated on stdout, the
# error on stderr) and CLICKHOUSE_WORK (its private folder): clickhouse.sh sends the SQL to the live
# server with clickhouse-client, drill.sh to its private `clickhouse local`, so the digests are the
# same SQL on both sides.

# shellcheck shell=sh # sourced by scripts run with sh: dash (the server image is Ubuntu)

# A statement whose result must be a single word (BACKUP_CREATED, RESTORED): the output is kept in
# $CLICKHOUSE_WORK/out, the error in $CLICKHOUSE_WORK/err.
clickhouse_status() { # sql expected-status
  clickhouse_sql "$1" >"$CLICKHOUSE_WORK/out" 2>"$CLICKHOUSE_WORK/err" || return 1
  [ "$(cut -f 2 "$CLICKHOUSE_WORK/out" | head -n 1)" = "$2" ]
}

# The server's error, one line, for a log or manifest line.
clickhouse_error() {
  { cat "$CLICKHOUSE_WORK/err" "$CLICKHOUSE_WORK/out" 2>/dev/null || true; } | grep -v '^\s*$' | head -n 1 |
    cut -c 1-300 | tr '\t' ' '
}

# A name is quoted as an identifier: `name`. Names are listed in TabSeparated, which escapes tabs,
# line breaks and backslashes, the manifest separates fields by spaces and a name is also quoted as
# a string ('name'): a name holding white space, a backslash, a backquote or a quote is refused
# (named by its hex). Returns non-zero for such a
# name.
clickhouse_plain_name() { # name
  case "$1" in *[[:space:]]* | *\\* | *\`* | *\'* | '') return 1 ;; esac
}
clickhouse_hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

# A table's row count and content hash, "<rows> <hash>": the sum of cityHash64 of every row in
# RowBinary (every column's bytes and NULL markers; sum, not xor, so two equal rows do not cancel
# out). The order of rows and parts does not change it. Reading every row also checks every
# block's checksum: a damaged part fails here, with the server's error.
clickhouse_digest_sql() { # database table
  printf "SELECT '%s', count(), sum(cityHash64(formatRow('RowBinary', *))) FROM \`%s\`.\`%s\`" "$2" "$1" "$2"
}

# "<table> <rows> <hash>" for each table named in a file (one a line, plain names), sorted by name:
# one statement for the whole database (UNION ALL), so a database costs one round trip.
clickhouse_digests() { # database tables-file
  q=""
  while IFS= read -r t; do
    if ! clickhouse_plain_name "$t"; then
      echo "table with an unusual name (hex $(clickhouse_hex "$t")); rename it" >"$CLICKHOUSE_WORK/err"
      return 1
    fi
    q="$q${q:+ UNION ALL }$(clickhouse_digest_sql "$1" "$t")"
  done <"$2"
  [ -n "$q" ] || return 0
  # Through a file, not a pipe: the client's exit status must count.
  clickhouse_sql "$q" >"$CLICKHOUSE_WORK/digest" || return 1
  tr '\t' ' ' <"$CLICKHOUSE_WORK/digest" | LC_ALL=C sort
}

# The tables of a database that hold data of their own (not views, not tables over other sources),
# one name a line, sorted.
clickhouse_tables() { # database
  clickhouse_sql "SELECT name FROM system.tables WHERE database = '$1' AND has_own_data ORDER BY name"
}

# "<table> <rows> <hash>" for each table of a database (clickhouse_digests), sorted by name.
clickhouse_database_digests() { # database
  clickhouse_tables "$1" >"$CLICKHOUSE_WORK/tables" 2>"$CLICKHOUSE_WORK/err" || return 1
  clickhouse_digests "$1" "$CLICKHOUSE_WORK/tables" 2>"$CLICKHOUSE_WORK/err"
}

# The facts of one database (drills.sh compares them), from its digests on stdin
# (clickhouse_database_digests): the backup writes them from the digests its scratch restore read
# (the archive as BACKUP wrote it), the drill from the same function on its restored copy, so the
# two can never be computed differently. One line each:
#   database "<name>" table <table> = <rows>/<hash>
#   database "<name>" tables = <count>            (so a database restored without tables differs too)
clickhouse_fact_lines() { # database
  awk -v db="$1" '{ print "database \"" db "\" table " $1 " = " $2 "/" $3; n++ }
    END { print "database \"" db "\" tables = " (n + 0) }'
}
