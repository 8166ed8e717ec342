# PostgreSQL pieces that need no live server, sourced by pg.sh (backup.sh, restore.sh) and by
# drill.sh: names as exact bytes and the facts a drill checks.

# shellcheck shell=sh # sourced by scripts run with sh: dash (Debian images), busybox ash (Alpine)
# A libpq connection string naming one database by its exact bytes: the value is quoted, so
# '=', spaces, quotes and non-ASCII never turn the name into options.
pg_conn() { # database name
  v=$(printf '%sx' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")
  printf "dbname='%s'" "${v%x}"
}

# Hex (as the server's encode(..., 'hex') prints it) back to the exact bytes, through octal
# escapes that dash's printf %b understands. Prints the bytes with no newline added.
pg_unhex() { # hex
  printf '%b' "$(printf '%s\n' "$1" | awk '{
    for (i = 1; i < length($0); i += 2)
      printf "\\0%03o", (index("0123456789abcdef", substr($0, i, 1)) - 1) * 16 + index("0123456789abcdef", substr($0, i + 1, 1)) - 1
  }')"
}

# A name for logs: control characters shown as '?'.
pg_printable() { printf '%s' "$1" | tr '\n\t\r' '???'; }

# The facts of one database, one line each, "<key> = <value>" or "<key> >= <value>" (drills.sh
# compares them): every table with its row count and a content hash, every sequence's value. The
# backup computes them inside the snapshot its pg_dump reads (snapshot: pg_export_snapshot's id,
# held open by the caller); the drill computes them with this same function on the restored
# server (snapshot empty), so the two can never be computed differently.
#   table <schema>.<name> = <rows>/<hash>   hash: the sum of the first 64 bits of each row's md5
#                                           (order-independent, no sort, so cheap on big tables), of
#                                           the row's text with every output setting fixed below
#   sequence <schema>.<name> >= <last_value>
# Sequences are not transactional: a snapshot does not freeze them and pg_dump reads them after this
# runs, so the restored value must be at least the recorded one (below it, the restored server would
# hand out keys the source already used). Only ordinary tables count (a partition is one; its
# partitioned parent would count its rows twice); temporary and system ones do not.
pg_facts() { # libpq connection string, snapshot id or ""
  {
    printf 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n'
    [ -z "$2" ] || printf "SET TRANSACTION SNAPSHOT '%s';\n" "$2"
    cat <<'SQL'
SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL TimeZone = 'UTC';
SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'; SET LOCAL search_path = pg_catalog;
SELECT format('SELECT %L || '' = '' || count(*) || ''/'' || coalesce(sum((''x'' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0) FROM %s AS t',
              'table ' || translate(quote_ident(n.nspname) || '.' || quote_ident(c.relname), E'\n\r\t', '???'), c.oid::regclass)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND c.relpersistence <> 't'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
 ORDER BY n.nspname, c.relname \gexec
SELECT format('SELECT %L || '' >= '' || last_value FROM %s',
              'sequence ' || translate(quote_ident(n.nspname) || '.' || quote_ident(c.relname), E'\n\r\t', '???'), c.oid::regclass)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'S' AND c.relpersistence <> 't' AND n.nspname !~ '^pg_(toast|temp_)'
 ORDER BY n.nspname, c.relname \gexec
COMMIT;
SQL
  } | PGCLIENTENCODING=SQL_ASCII psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$1"
}
