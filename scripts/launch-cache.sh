#!/usr/bin/env bash
# Builds target/launch/, what bin/app starts faster from (README, "Speed"):
#   deps.jsa      a class-data-sharing archive of the JDK and dependency classes a synth loads
#                 (static AppCDS: Java 17 only archives classes from jars, and the dependencies
#                 are jars, so the app's own classes stay in target/classes and a change to a
#                 construct never makes the archive stale; the generated CRD bindings are in it
#                 too, from target/imports.jar, which scripts/compile.sh rebuilds only when
#                 their sources change);
#   jsii/program.js  the jsii kernel from the jsii-runtime jar, run in one Node process by
#                 bin/jsii-kernel instead of jsii's wrapper and a second process.
# Both come from one real synth (Vault off, output to a temporary folder). Rebuilt only when
# scripts/launch-key says the java binary or a jar of the classpath changed; otherwise this takes
# a few milliseconds. Never fails the build: whatever cannot be built is left out, and bin/app
# starts without it (slower, same output).
# Usage: scripts/launch-cache.sh [--force]
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
launch="$root/target/launch"
say() { printf 'launch-cache: %s\n' "$*" >&2; }

[ -f "$root/target/runtime-classpath.txt" ] || { say "the app is not built; nothing to do"; exit 0; }
# shellcheck source=launch-key
source "$root/scripts/launch-key"
if [ "${1:-}" != --force ] && [ -f "$launch/key" ] && [ "$(launch_key "$root")" = "$(<"$launch/key")" ]; then
  exit 0
fi

deps="$(<"$root/target/runtime-classpath.txt")"
# The generated CRD bindings' jar (scripts/compile.sh), when there is one: on the trial synth's and
# the archive's classpath as on bin/app's, so its classes are archived too.
if [ -f "$root/target/imports.jar" ]; then
  deps="$deps:$root/target/imports.jar"
fi
work="$(mktemp -d "$root/target/launch.new.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export JSII_NODE="${JSII_NODE:-$root/node_modules/.bin/node}"

# One synth of the app; extra JVM options in "$@". Prints why it failed, if it did.
synth() {
  # An existing (empty) dist: the publish then swaps it with renameat2 through JNA, as a synth over
  # dist/ does, so JNA's classes are in the class list and the archive (62 classes).
  rm -rf "$work/out" && mkdir -p "$work/out/tmp" "$work/out/dist" || return 1
  if ! env DATALAYER_VAULT=off CDK8S_OUTDIR="$work/out/staging" DATALAYER_DIST="$work/out/dist" \
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$work/out/tmp" "$@" \
      -cp "$deps:$root/target/classes" io.datalayer.app.Main >"$work/out/log" 2>&1 \
    || [ -z "$(ls "$work/out/dist" 2>/dev/null)" ]; then
    sed 's/^/  /' "$work/out/log" >&2
    return 1
  fi
}

kernel_ok=false
jsii_jar="$(tr ':' '\n' <<<"$deps" | grep -m1 '/jsii-runtime-[^/]*\.jar$' || true)"
if [ -n "$jsii_jar" ] && mkdir -p "$work/jsii" \
    && (cd "$work/jsii" && jar xf "$jsii_jar" software/amazon/jsii/lib/program.js) \
    && mv "$work/jsii/software/amazon/jsii/lib/program.js" "$work/jsii/program.js"; then
  rm -rf "$work/jsii/software"
  if DATALAYER_JSII_KERNEL="$work/jsii/program.js" JSII_RUNTIME="$root/bin/jsii-kernel" \
      synth -XX:DumpLoadedClassList="$work/classes.lst"; then
    kernel_ok=true
  else
    say "a synth through bin/jsii-kernel failed (above); bin/app keeps jsii's own runtime"
  fi
else
  say "cannot take lib/program.js from the jsii-runtime jar; bin/app keeps jsii's own runtime"
fi
"$kernel_ok" || rm -rf "$work/jsii"
if ! "$kernel_ok" && ! synth -XX:DumpLoadedClassList="$work/classes.lst"; then
  say "the app's synth failed (above); no class-data archive, bin/app starts without it"
  rm -f "$work/classes.lst"
fi

# The archive holds what the trial synth loaded from the JDK and the jars; classes of
# target/classes are not on the dump's classpath and are skipped ("Preload Warning").
if [ -s "$work/classes.lst" ]; then
  if ! java -Xshare:dump -XX:+UseSerialGC -XX:SharedClassListFile="$work/classes.lst" \
      -XX:SharedArchiveFile="$work/deps.jsa" -cp "$deps" >"$work/dump.log" 2>&1; then
    say "java -Xshare:dump failed; bin/app starts without a class-data archive:"
    grep -v 'Preload Warning\|Skipping' "$work/dump.log" | tail -n 5 | sed 's/^/  /' >&2
    rm -f "$work/deps.jsa"
  fi
fi
rm -rf "$work/out" "$work/classes.lst" "$work/dump.log"

# Swap in, then write the key last: until the key matches, bin/app uses none of it.
rm -rf "$launch" && mv "$work" "$launch" && trap - EXIT
launch_key "$root" >"$launch/key.new" && mv "$launch/key.new" "$launch/key"
built=""
for f in deps.jsa jsii; do
  if [ -e "$launch/$f" ]; then built="$built${built:+ }$f"; fi
done
say "built target/launch/ ($built)"
