#!/usr/bin/env bash
# The output guard's CPU over the committed dist/ (or DIR), each run in a fresh JVM with bin/app's
# JVM options (the AOT run's, scripts/launch-key; without its cache), so first-use costs count as in
# a synth. Prints each run and the medians. Needs `make build` and the test classes (mvn test-compile).
# Usage: scripts/bench-guard.sh [RUNS] [DIR] [--values]
# BASELINE_CLASSES=DIR: also runs the guard with the classes in DIR first on the class path (say,
# the gate's classes compiled from an older commit), alternating with the current ones run by run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-7}"
dir="${2:-$root/dist}"
mode=("${@:3}")
# shellcheck source=launch-key
source "$root/scripts/launch-key"
java="$(aot_java)"
[ -n "$java" ] || java=java
cp="$(<"$root/target/runtime-classpath.txt"):$root/target/classes:$root/target/test-classes"
variants=(current)
[ -z "${BASELINE_CLASSES:-}" ] || variants+=(baseline)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  for variant in "${variants[@]}"; do
    path="$cp"
    [ "$variant" = current ] || path="$BASELINE_CLASSES:$cp"
    printf '%s ' "$variant"
    "$java" "${aot_options[@]}" -cp "$path" io.datalayer.gate.GuardBench "$dir" "${mode[@]}"
  done
done | python3 -c '
import statistics, sys
runs = {}
for line in sys.stdin:
    print(line, end="")
    variant, _, *pairs = line.split()
    runs.setdefault(variant, []).append(dict(kv.split("=") for kv in pairs))
for variant, rs in runs.items():
    print("%s: median cpu_ms %.1f, wall_ms %.1f (n=%d)" % (variant, statistics.median(float(r["cpu_ms"]) for r in rs),
          statistics.median(float(r["wall_ms"]) for r in rs), len(rs)))'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
