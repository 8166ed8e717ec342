#!/usr/bin/env bash
# The output guard's CPU over the committed dist/ (or DIR), each run in a fresh JVM with bin/app's
# JVM options (the AOT run's, scripts/launch-key; without its cache), so first-use costs count as in
# a synth. Prints each run and the medians. Needs `make build` and the test classes (mvn test-compile).
# Usage: scripts/bench-guard.sh [RUNS] [DIR] [--values]
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
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  "$java" "${aot_options[@]}" -cp "$cp" io.datalayer.gate.GuardBench "$dir" "${mode[@]}"
done | tee /dev/stderr | python3 -c '
import statistics, sys
runs = [dict(kv.split("=") for kv in line.split()[1:]) for line in sys.stdin]
for key in ("cpu_ms", "wall_ms"):
    print("median %s %.1f (n=%d)" % (key, statistics.median(float(r[key]) for r in runs), len(runs)))'
