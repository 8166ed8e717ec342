#!/usr/bin/env bash
# Builds target/launch/, what bin/app starts faster from (README, "Speed"):
#   deps.jsa      a class-data-sharing archive of the JDK and dependency classes a synth loads
#                 (static AppCDS: Java 17 only archives classes from jars, and the dependencies
#                 are jars, so the app's own classes stay in target/classes and a change to a
#                 construct never makes the archive stale; the generated CRD bindings are in it
#                 too, from target/imports.jar, which scripts/compile.sh rebuilds only when
#                 their sources change);
#   jsii/program.js  the jsii kernel from the jsii-runtime jar, run in one Node process by
#                 bin/jsii-kernel instead of jsii's wrapper and a second process;
#   app.aot, launcher.jar  where the machine has a JDK 25 (scripts/launch-key, aot_java): an AOT
#                 cache (JEP 483/514/515) of the JDK's and the jars' classes, loaded, linked and
#                 profiled ahead by a training synth on that JDK, and the jar of the one class
#                 (io.datalayer.launch.ClassesLauncher) that loads the app's own classes from
#                 target/classes through a class loader of its own, so that they are always the
#                 ones just built (see that class). bin/app then runs on JDK 25 with it, else on
#                 the JDK 17 of PATH with deps.jsa.
# The first two come from one real synth (Vault off, output to a temporary folder), the AOT cache
# from a second one. Rebuilt only when
# scripts/launch-key says the java binary or a jar of the classpath changed; otherwise this takes
# a few milliseconds. Never fails the build: whatever cannot be built is left out, and bin/app
# starts without it (slower, same output).
#   app-classes.aot, app-classes.jar  a second AOT cache that holds the app's own classes too, from
#                 a copy of target/classes (see app_classes_cache below): built with the others,
#                 and by --app (make bench); bin/app uses it only while target/classes is that copy.
# Usage: scripts/launch-cache.sh [--force] [--app]
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
launch="$root/target/launch"
say() { printf 'launch-cache: %s\n' "$*" >&2; }

[ -f "$root/target/runtime-classpath.txt" ] || { say "the app is not built; nothing to do"; exit 0; }
# shellcheck source=launch-key
source "$root/scripts/launch-key"
force=false app=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    --app) app=true ;;
    *) say "usage: scripts/launch-cache.sh [--force] [--app]"; exit 2 ;;
  esac
done

# One build of target/launch/ at a time: two `make synth` at once, or `make bench` beside one, would
# otherwise rebuild the same files in place together (one removing the folder the other is writing
# into, or writing a key for a file the other then replaces). The second waits for the first, then
# finds the cache fitting and returns at once. The lock is held by flock(1) itself (-o: not by the
# training JVMs and jsii kernels this script starts, which must not keep it after it ends) and is
# released whenever the script ends, killed included. bin/app takes no lock: it only reads, and the
# keys written last keep it away from files still being written.
if [ -z "${DATALAYER_LAUNCH_CACHE_LOCKED:-}" ]; then
  if command -v flock >/dev/null 2>&1; then
    lock="$root/target/launch.lock"
    if ! flock -n -o "$lock" true; then
      say "waiting for another build of target/launch/ (target/launch.lock)"
    fi
    DATALAYER_LAUNCH_CACHE_LOCKED=1 exec flock -o "$lock" "$BASH" "$0" "$@"
  fi
  say "no flock(1) on this machine: a build of target/launch/ beside this one is not waited for"
fi

deps="$(<"$root/target/runtime-classpath.txt")"
# The generated CRD bindings' jar (scripts/compile.sh), when there is one: on the trial synth's and
# the archive's classpath as on bin/app's, so its classes are archived too.
if [ -f "$root/target/imports.jar" ]; then
  deps="$deps:$root/target/imports.jar"
fi
export JSII_NODE="${JSII_NODE:-$root/node_modules/.bin/node}"

# One synth of the app in the folder OUT: the java command after it, in "$@". Prints why it
# failed, if it did.
synth_in() {
  local out="$1"
  shift
  # An existing (empty) dist: the publish then swaps it with renameat2 through JNA, as a synth over
  # dist/ does, so JNA's classes are in the class list and the archive (62 classes).
  rm -rf "$out" && mkdir -p "$out/tmp" "$out/dist" || return 1
  if ! env DATALAYER_VAULT=off CDK8S_OUTDIR="$out/staging" DATALAYER_DIST="$out/dist" \
    "$@" >"$out/log" 2>&1 || [ -z "$(ls "$out/dist" 2>/dev/null)" ]; then
    sed 's/^/  /' "$out/log" >&2
    return 1
  fi
}

# The second AOT cache (scripts/launch-key, app_classes_key): the JDK's, the jars' and the app's own
# classes, so the app's classes are loaded, linked (their lambdas too) and profiled ahead as well:
# x0.94 wall, x0.91 CPU against the first cache alone (16 pairs, issue 25). From a copy of
# target/classes in a jar (the JVM caches classes from jars only), trained by a synth of its own;
# stored, not compressed: the app reads its scripts and config files from it on every run, and
# inflating them cost the main thread about 9 ms.
# Built with the first cache and by --app, not after every compile: its training synth and
# assembly take about 2 s that the edit loop (`make synth` after a change: 4 s at most) cannot pay.
# After a change (a file of target/classes written, added or removed since the copy: the key lists
# them, scripts/launch-key) bin/app runs the new classes from target/classes with the first cache,
# until the next --app; a copy taken while target/classes changed gets no key. Only beside a fitting first cache
# (same JDK, jars and options); never fails the build.
app_classes_cache() {
  local aot out listing kernel_env=()
  if launch_fits "$root" && app_classes_fit "$root"; then
    return 0 # still the classes of target/classes
  fi
  rm -f "$launch/app-classes.key" "$launch/app-classes.aot" "$launch/app-classes.jar"
  aot="$(aot_java)"
  if [ -z "$aot" ] || [ ! -f "$launch/app.aot" ] || ! launch_fits "$root"; then
    return 0
  fi
  if [ -f "$launch/jsii/program.js" ]; then
    kernel_env=(DATALAYER_JSII_KERNEL="$launch/jsii/program.js" JSII_RUNTIME="$root/bin/jsii-kernel")
  fi
  out="$(mktemp -d "$root/target/launch-app.XXXXXX")"
  trap 'rm -rf "$out"' EXIT
  listing="$(app_classes_listing "$root")"
  if (cd "$root/target/classes" && jar cf0 "$launch/app-classes.jar" .) \
      && [ "$(app_classes_listing "$root")" = "$listing" ] \
      && synth_in "$out" env "${kernel_env[@]}" "$aot" -XX:AOTCacheOutput="$launch/app-classes.aot" "${aot_options[@]}" \
        -Djava.io.tmpdir="$out/tmp" -cp "$deps:$launch/app-classes.jar" io.datalayer.app.Main \
      && [ -s "$launch/app-classes.aot" ]; then
    # The key last: until it matches, bin/app uses neither file.
    app_classes_key "$root" >"$launch/app-classes.key.new" && mv "$launch/app-classes.key.new" "$launch/app-classes.key"
  else
    say "the training synth of the app's classes failed (above); bin/app runs them from target/classes"
    rm -f "$launch/app-classes.aot" "$launch/app-classes.jar" "$launch/app-classes.key.new"
  fi
  rm -rf "$out" && trap - EXIT
}

if ! "$force" && launch_fits "$root"; then
  if "$app"; then
    app_classes_cache
  fi
  exit 0
fi

work="$(mktemp -d "$root/target/launch.new.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# One synth of the app on the JDK of PATH; extra JVM options in "$@".
synth() {
  synth_in "$work/out" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$work/out/tmp" "$@" \
    -cp "$deps:$root/target/classes" io.datalayer.app.Main
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
app_ok=true
if ! "$kernel_ok" && ! synth -XX:DumpLoadedClassList="$work/classes.lst"; then
  say "the app's synth failed (above); no class-data archive, bin/app starts without it until a build where it succeeds"
  rm -f "$work/classes.lst"
  app_ok=false
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

# The AOT cache, built in place: the JVM records the launcher jar's path and accepts the cache only
# with the same class path, and the key written last still keeps bin/app from using either before
# both are complete. Needs target/imports.jar (bin/app's class path has it whenever the cache can fit).
aot="$(aot_java)"
if [ -n "$aot" ] && [ -f "$root/target/imports.jar" ]; then
  out="$(mktemp -d "$root/target/launch-aot.XXXXXX")"
  trap 'rm -rf "$out"' EXIT
  kernel_env=()
  if [ -f "$launch/jsii/program.js" ]; then
    kernel_env=(DATALAYER_JSII_KERNEL="$launch/jsii/program.js" JSII_RUNTIME="$root/bin/jsii-kernel")
  fi
  if ! (cd "$root/target/classes" && jar cf "$launch/launcher.jar" io/datalayer/launch/ClassesLauncher.class); then
    say "cannot write target/launch/launcher.jar; bin/app runs on the JDK of PATH"
    rm -f "$launch/launcher.jar"
  elif ! synth_in "$out" env "${kernel_env[@]}" "$aot" -XX:AOTCacheOutput="$launch/app.aot" "${aot_options[@]}" \
      -Djava.io.tmpdir="$out/tmp" -Ddatalayer.classes="$root/target/classes" \
      -cp "$deps:$launch/launcher.jar" io.datalayer.launch.ClassesLauncher || [ ! -s "$launch/app.aot" ]; then
    say "the training synth on $aot failed (above); no AOT cache, bin/app runs on the JDK of PATH"
    rm -f "$launch/app.aot" "$launch/launcher.jar"
  fi
  rm -rf "$out" && trap - EXIT
fi

# Not when the app itself failed (a broken build between two good ones): the key would keep the next
# builds from trying again while nothing they use changed, and the app would start without the cache
# until a jar or the JDK changed. Without the key, the next build tries again.
if "$app_ok"; then
  launch_key "$root" >"$launch/key.new" && mv "$launch/key.new" "$launch/key"
  app_classes_cache
fi
built=""
for f in deps.jsa jsii app.aot app-classes.aot; do
  if [ -e "$launch/$f" ]; then built="$built${built:+ }$f"; fi
done
say "built target/launch/ ($built)"
