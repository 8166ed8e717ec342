#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: the Node side (Node 22 for jsii, the cdk8s CLI,
# upstream schemas), the cdk8s-plus-28 Java binding when Maven cannot resolve it, Debian packages
# for the tests (PostgreSQL 15, faketime, flock, bubblewrap, Redis 7.0, rclone, busybox) and the
# lint (shellcheck), and the app's classpath. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# The versions are written once, in pom.xml; package.json pins the same ones (VersionsTest fails
# when they differ).
# One sed for all four (this runs before every make synth: each fork counts); the first of each wins.
PLUS_VERSION="" CDK8S_VERSION="" CONSTRUCTS_VERSION="" JSII_VERSION=""
while read -r name value; do
  case "$name" in
    cdk8s-plus.version) PLUS_VERSION="${PLUS_VERSION:-$value}" ;;
    cdk8s.version) CDK8S_VERSION="${CDK8S_VERSION:-$value}" ;;
    constructs.version) CONSTRUCTS_VERSION="${CONSTRUCTS_VERSION:-$value}" ;;
    jsii.version) JSII_VERSION="${JSII_VERSION:-$value}" ;;
  esac
done < <(sed -n 's:.*<\(cdk8s-plus\.version\|cdk8s\.version\|constructs\.version\|jsii\.version\)>\(.*\)</\1>.*:\1 \2:p' pom.xml)
for v in PLUS_VERSION CDK8S_VERSION CONSTRUCTS_VERSION JSII_VERSION; do
  if [ -z "${!v}" ]; then echo "setup: $v not found in pom.xml" >&2; exit 1; fi
done
M2_JAR="${HOME}/.m2/repository/org/cdk8s/cdk8s-plus-28/${PLUS_VERSION}/cdk8s-plus-28-${PLUS_VERSION}.jar"

say() { printf 'setup: %s\n' "$*" >&2; }

# --- Node side -----------------------------------------------------------------------------
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the Node side (npm ci)"
  npm ci --engine-strict=false --no-audit --no-fund --loglevel=error >&2
fi

# --- chdb: the ClickHouse engine for the tests ------------------------------------------------
# No ClickHouse server binary is served here; npm chdb embeds the engine (about 540 MB, inside the
# package: nothing is downloaded at install). Its own folder, so the project's npm ci stays small;
# installed once, again only when its lock file changes (about 25 s fresh, nothing when present).
if [ ! -f src/test/chdb/node_modules/.package-lock.json ] ||
  [ src/test/chdb/package-lock.json -nt src/test/chdb/node_modules/.package-lock.json ]; then
  say "installing chdb for the ClickHouse tests (npm install in src/test/chdb)"
  # npm install, not ci: the lock holds only the Linux x64 engine of the four optional platform
  # packages chdb lists (the registry reached here serves that one), which npm ci refuses as "out
  # of sync"; install still takes every version from the lock.
  npm install --prefix src/test/chdb --no-audit --no-fund --no-save --loglevel=error >&2
fi

# --- cdk8s-plus-28 for Java ----------------------------------------------------------------
# Upstream publishes it to Maven Central; some mirrors do not carry it. Resolve it first and
# build it from the npm package (the way upstream does) only when that fails.
if [ ! -f "$M2_JAR" ]; then
  if mvn -q -B dependency:get -Dartifact="org.cdk8s:cdk8s-plus-28:${PLUS_VERSION}" -Dtransitive=false >/dev/null 2>&1; then
    say "cdk8s-plus-28 ${PLUS_VERSION} resolved from the Maven repository"
  else
    say "cdk8s-plus-28 ${PLUS_VERSION} is not served by the Maven repository; building it with jsii-pacmak"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    PATH="$PWD/node_modules/.bin:$PATH" node_modules/.bin/jsii-pacmak --target java --code-only \
      --no-npmignore --outdir "$work" node_modules/cdk8s-plus-28 >&2
    pom="$work/java/pom.xml"
    # The generated pom uses version ranges; pin them so the build is reproducible.
    sed -i \
      -e "s#\[2\.68\.11,3\.0\.0)#${CDK8S_VERSION}#" \
      -e "s#\[10\.3\.0,11\.0\.0)#${CONSTRUCTS_VERSION}#" \
      -e "s#\[1\.140\.0,2\.0\.0)#${JSII_VERSION}#" \
      -e "s#\[16\.0\.3,20\.0\.0)#16.0.3#" \
      -e "s#\[1\.3\.2,1\.4\.0)#1.3.2#" "$pom"
    if grep -q '\[' <(grep '<version>' "$pom"); then
      say "unexpected version range left in the generated pom: $(grep '<version>\[' "$pom")"; exit 1
    fi
    (cd "$work/java" && mvn -q -B install -DskipTests -Dmaven.javadoc.skip=true \
      -Dmaven.source.skip=true -Denforcer.skip=true >&2)
    say "installed org.cdk8s:cdk8s-plus-28:${PLUS_VERSION} into the local Maven repository"
  fi
fi

# --- Debian packages for the tests ----------------------------------------------------------
# postgresql: the 15 server for the backup tests and the psql/pg_isready clients for every test;
# faketime: a node clock that lies; util-linux: flock; bubblewrap: runs the 18.1 server with a
# read-only root and only the pod's volumes writable; rclone: the off-site copy tests run the real
# client against an S3 server the test starts.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
command -v flock >/dev/null 2>&1 || missing+=(util-linux)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
# redis-server and redis-tools (7.0): the server the Redis tests run with the synthesized redis.conf
# and ACL file, and redis-cli, which the acl-sync script and the probes call.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v rclone >/dev/null 2>&1 || missing+=(rclone)
# busybox: the applets of the Alpine image redis_exporter runs in (sh, od, wget, ...); the Redis
# exporter's password renderer is tested with them.
command -v busybox >/dev/null 2>&1 || missing+=(busybox)
# wget and jq (GNU wget, not busybox's): what the Neo4j image has and its supervisor (server.sh) calls
# for the loopback HTTP endpoint; the Neo4j tests run the supervisor with the machine's.
command -v wget >/dev/null 2>&1 && wget --version 2>/dev/null | grep -q 'GNU Wget' || missing+=(wget)
command -v jq >/dev/null 2>&1 || missing+=(jq)
# python3: scripts/bench.py, whose own measurements BenchScriptTest checks.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# Debian's shellcheck: scripts/lint.sh (run by make test) checks every shell script of the
# repository with it, the store scripts embedded in dist/ and the repository's own bash scripts.
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing from Debian: ${missing[*]}"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    say "Debian packages missing: ${missing[*]}; run 'sudo apt-get install -y ${missing[*]}'"; exit 1
  fi
fi
