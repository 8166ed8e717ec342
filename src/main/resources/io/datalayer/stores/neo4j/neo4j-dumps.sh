# Neo4j pieces shared by backup.sh and restore.sh (sourced after runs.sh): the settings both read,
# neo4j-admin run as an interruptible child, the store-lock check, and the proof of a dump: loading
# it into a scratch home and comparing what the load wrote with what the dump declares.
#
# Both scripts run INSIDE the Neo4j server container, started by its supervisor (server.sh) while
# neo4j is stopped (see docs/stores/neo4j.md, Backups): Community Edition can dump and load only a
# database no server holds. They use the image's own neo4j-admin on PATH.
#
# Configuration (the server pod's env, from Neo4jBackup.serverEnv; no defaults here):
#   NEO4J_CONF                  the server's configuration folder (neo4j.conf names the data folder)
#   NEO4J_DATA_DIR              the server's data folder (server.directories.data), on the data volume
#   NEO4J_BACKUP_DATABASES      the databases every run holds, e.g. "neo4j system" (users live in system)
#   NEO4J_BACKUP_SCRATCH_DIR    an emptyDir of the server pod for the scratch homes the dumps are loaded into

# shellcheck shell=sh # sourced by scripts run with sh (the image's dash)
: "${NEO4J_CONF:?NEO4J_CONF is not set; the server pod sets it to its configuration folder}"
: "${NEO4J_DATA_DIR:?NEO4J_DATA_DIR is not set; the server pod sets it to server.directories.data}"
: "${NEO4J_BACKUP_DATABASES:?NEO4J_BACKUP_DATABASES is not set; the server pod sets it from Neo4jBackupProps}"
: "${NEO4J_BACKUP_SCRATCH_DIR:?NEO4J_BACKUP_SCRATCH_DIR is not set; the server pod mounts the scratch emptyDir and sets it}"
for neo4j_db in $NEO4J_BACKUP_DATABASES; do
  case "$neo4j_db" in
    *[!a-z0-9.-]* | .* | -*) fail "NEO4J_BACKUP_DATABASES holds \"$neo4j_db\", not a Neo4j database name; set it from Neo4jBackupProps" ;;
  esac
done
command -v neo4j-admin >/dev/null 2>&1 || fail "neo4j-admin is not on PATH ($PATH); this script runs in the Neo4j image"

# neo4j-admin as the child runs.sh stops on SIGTERM; its output goes to a file the caller names, so a
# failure can quote its last lines.
neo4j_admin() { # output-file args...
  neo4j_out=$1
  shift
  runs_child neo4j-admin "$@" >"$neo4j_out" 2>&1
}

# The last meaningful line neo4j-admin wrote (an ERROR line when there is one), for messages.
neo4j_problem() { # output-file
  { grep -E 'ERROR|Exception|failed|Failed' "$1" || grep -v '^[[:space:]]*$' "$1"; } | grep -v '^[[:space:]]*at ' | tail -n 1 | cut -c 1-300
}

# One field of `neo4j-admin database info <db>` ("Last committed transaction id", "Store format
# version", "Database in use").
neo4j_info_field() { # info-output field
  sed -n "s/^$2:[[:space:]]*//p" "$1" | head -n 1
}

# Refuses when a server holds the database: Community's dump and load need it stopped, and a
# running server would keep writing under a restore. neo4j-admin reads the store lock for us (it
# refuses "as the database is in use", or reports "Database in use: true"). A database folder that
# does not exist yet (a fresh data volume) is held by nobody.
neo4j_require_stopped() { # conf-dir db work-file data-dir
  [ -d "$4/databases/$2" ] || return 0
  if ! NEO4J_CONF=$1 neo4j_admin "$3" database info "$2"; then
    grep -q 'is in use' "$3" || fail "neo4j-admin database info $2 failed: $(neo4j_problem "$3")"
    in_use=true
  else
    in_use=$(neo4j_info_field "$3" 'Database in use')
  fi
  [ "$in_use" = false ] ||
    fail "database $2 is in use (Database in use: ${in_use:-unknown}): a Neo4j server holds its store lock. This script runs only while the supervisor has stopped neo4j (through a request, see the runbook); nothing was touched"
}

# A scratch home: its own neo4j.conf whose data and logs folders are on the scratch emptyDir, so a
# load there never touches the server's data. Sets SCRATCH_CONF and SCRATCH_DATA.
neo4j_scratch_home() { # name
  scratch=$NEO4J_BACKUP_SCRATCH_DIR/$1
  rm -rf "$scratch"
  mkdir -p "$scratch/conf" "$scratch/data" "$scratch/logs" ||
    fail "cannot create the scratch home $scratch; is NEO4J_BACKUP_SCRATCH_DIR ($NEO4J_BACKUP_SCRATCH_DIR) writable and big enough?"
  printf 'server.directories.data=%s\nserver.directories.logs=%s\n' "$scratch/data" "$scratch/logs" >"$scratch/conf/neo4j.conf"
  SCRATCH_CONF=$scratch/conf
  SCRATCH_DATA=$scratch/data
}

# Files and bytes of one database's store as a load wrote it (store and transaction folders).
neo4j_store_counts() { # data-dir db -> "<files> <bytes>"
  find "$1/databases/$2" "$1/transactions/$2" -type f ! -name database_lock -printf '%s\n' 2>/dev/null |
    awk '{ n++; s += $1 } END { printf "%d %.0f\n", n, s }'
}

# Proves a dump: what its header declares (files, bytes), loaded into a fresh scratch home, the
# loaded store's files and bytes equal to the header's, and its last committed transaction and
# store format equal to the expected ones (the live store's at dump time, or the manifest's).
# Sets DUMP_FILES, DUMP_BYTES, DUMP_TX, DUMP_FORMAT; otherwise sets PROVE_PROBLEM and returns 1. Call it
# in the shell itself, not in $(...), or the variables are lost with the subshell.
# shellcheck disable=SC2034 # DUMP_* and PROVE_PROBLEM are read by backup.sh and restore.sh
neo4j_prove_dump() { # dump-folder db expected-tx expected-format work-file
  if ! NEO4J_CONF=$NEO4J_CONF neo4j_admin "$5" database load --info --from-path="$1" "$2"; then
    PROVE_PROBLEM="neo4j-admin database load --info cannot read $2.dump: $(neo4j_problem "$5")"
    return 1
  fi
  DUMP_FILES=$(sed -n 's/^Files:[[:space:]]*//p' "$5" | head -n 1)
  DUMP_BYTES=$(sed -n 's/^Bytes:[[:space:]]*//p' "$5" | head -n 1)
  case "$DUMP_FILES$DUMP_BYTES" in '' | *[!0-9]*)
    PROVE_PROBLEM="$2.dump declares no file and byte counts ($(neo4j_problem "$5"))"
    return 1
    ;;
  esac
  neo4j_scratch_home "verify-$2"
  if ! NEO4J_CONF=$SCRATCH_CONF neo4j_admin "$5" database load --from-path="$1" "$2"; then
    PROVE_PROBLEM="$2.dump does not load into a scratch home: $(neo4j_problem "$5")"
    rm -rf "${SCRATCH_CONF%/conf}"
    return 1
  fi
  loaded=$(neo4j_store_counts "$SCRATCH_DATA" "$2")
  if [ "$loaded" != "$DUMP_FILES $DUMP_BYTES" ]; then
    PROVE_PROBLEM="$2.dump declares $DUMP_FILES files and $DUMP_BYTES bytes, the load wrote ${loaded% *} files and ${loaded#* } bytes"
    rm -rf "${SCRATCH_CONF%/conf}"
    return 1
  fi
  if ! NEO4J_CONF=$SCRATCH_CONF neo4j_admin "$5" database info "$2"; then
    PROVE_PROBLEM="the loaded $2 cannot be read: $(neo4j_problem "$5")"
    rm -rf "${SCRATCH_CONF%/conf}"
    return 1
  fi
  DUMP_TX=$(neo4j_info_field "$5" 'Last committed transaction id')
  DUMP_FORMAT=$(neo4j_info_field "$5" 'Store format version')
  rm -rf "${SCRATCH_CONF%/conf}"
  if [ "$DUMP_TX" != "$3" ] || [ "$DUMP_FORMAT" != "$4" ]; then
    PROVE_PROBLEM="the loaded $2 is at transaction ${DUMP_TX:-unknown} in format ${DUMP_FORMAT:-unknown}, expected transaction $3 in format $4"
    return 1
  fi
}
