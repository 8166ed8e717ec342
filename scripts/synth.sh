#!/usr/bin/env bash
# `make synth`: runs `npx cdk8s synth` exactly as the README documents it, and only cuts what the
# CLI adds below a failing app: its "Error: command ... returned a non-zero exit code" line and
# the Node stack trace under it. The app has already printed the one line that says what is wrong
# (and that dist/ is unchanged); any other CLI error is shown in full. The exit code is the CLI's.
set -uo pipefail
cd "$(dirname "$0")/.."
export CDK8S_CHECK_UPGRADE=false
{
  npx --no-install cdk8s synth 2>&1 1>&3 3>&- | awk '
    /^Error: command ".*" at .* returned a non-zero exit code/ { cut = 1; next }
    cut && /^    at / { next }
    { cut = 0; print; fflush() }' >&2
} 3>&1
exit "${PIPESTATUS[0]}"
