#!/usr/bin/env bash
# Reports how long the validation of the current output takes (issue 5: under 3 s of suite time).
# Prints medians of 5 runs of each schema step on dist/ and imports/, and the policy tests' own
# time from the surefire report (a run of just those tests). Nothing here asserts; it informs.
# Usage: scripts/time-validation.sh   (after scripts/setup.sh and mvn compile)
set -euo pipefail
cd "$(dirname "$0")/.."
node=node_modules/.bin/node

median_ms() {
  local runs=() start end
  for _ in 1 2 3 4 5; do
    # Exit codes are the tests' business; this only times the work.
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    runs+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

schema=$(median_ms "$node" scripts/validate-manifests.mjs dist)
crds=$(median_ms "$node" scripts/check-eso-crds.mjs imports/*.yaml)
echo "schema check of dist/ (validate-manifests.mjs):   ${schema} ms median of 5"
echo "ESO CRD cross-check of imports/ (check-eso-crds.mjs): ${crds} ms median of 5"

mvn -q -B test -Dtest='PoliciesTest' -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
report=target/surefire-reports/TEST-io.datalayer.gate.PoliciesTest.xml
python3 - "$report" <<'PY'
import sys, xml.etree.ElementTree as ET
cases = {c.get("name"): float(c.get("time")) for c in ET.parse(sys.argv[1]).getroot().iter("testcase")}
for name in ("aFreshSynthBreaksNoRule", "theCommittedDistBreaksNoRule"):
    print(f"policy tests, {name}: {cases[name] * 1000:.0f} ms (the fresh synth's bin/app run is inside the first)")
PY
