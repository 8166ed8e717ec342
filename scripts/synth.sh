#!/usr/bin/env bash
# `make synth`: runs the app command of cdk8s.yaml (bin/app) the way `npx cdk8s synth` runs it,
# with the CLI's output folder as staging (CDK8S_OUTDIR=target/synth; the app clears the manifests
# it finds there), but without the CLI: its own start costs about a second, and under a failing app
# it adds an "Error: command ... returned a non-zero exit code" line and a Node stack trace. The
# app prints the one line that says what is wrong (and that dist/ is unchanged). The exit code is
# the app's. Running `npx cdk8s synth` by hand still works the same.
set -uo pipefail
cd "$(dirname "$0")/.." || exit
export CDK8S_CHECK_UPGRADE=false CDK8S_OUTDIR=target/synth
exec bin/app
