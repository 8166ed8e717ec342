#!/usr/bin/env bash
# `make lint` (and the first step of `make test`): shellcheck over every shell script of the
# repository; any finding (error, warning, info or style) fails with the findings printed.
#   - the store scripts: every *.sh under src/main/resources (and the test-only example store's
#     under src/test/resources), found: a new store's scripts are linted without a change here;
#     checked as POSIX sh because the images run them with `sh
#     script.sh` (dash in the Debian images, busybox ash in the Alpine ones). Sourced files are
#     followed with every scripts folder on the source path: in a ConfigMap they sit side by side.
#   - the repository's own scripts: the files in scripts/, bin/ and .ci/ that start with a sh or
#     bash shebang, checked as that shell, their `# shellcheck source=` paths relative to them.
# A finding is fixed, or disabled on its line with `# shellcheck disable=SCxxxx` under a comment
# that says why.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v shellcheck >/dev/null 2>&1 || {
  echo "lint: shellcheck is not installed; run scripts/setup.sh (Debian package shellcheck)" >&2
  exit 1
}

mapfile -d '' store < <(find src/main/resources src/test/resources -type f -name '*.sh' -print0 | sort -z)
[ "${#store[@]}" -gt 0 ] || { echo "lint: no *.sh under src/main/resources; is this the repository root?" >&2; exit 1; }
source_path=()
while IFS= read -r -d '' dir; do
  source_path+=(--source-path="$dir")
done < <(printf '%s\0' "${store[@]%/*}" | sort -zu)

own=()
for f in scripts/* bin/* .ci/*; do
  [ -f "$f" ] || continue
  case "$(head -n 1 "$f")" in
    '#!/bin/sh' | '#!/bin/bash' | '#!/usr/bin/env sh' | '#!/usr/bin/env bash' | '#!/bin/sh '* | '#!/bin/bash '*) own+=("$f") ;;
  esac
done

status=0
shellcheck --shell=sh --external-sources "${source_path[@]}" -- "${store[@]}" || status=1
shellcheck --external-sources --source-path=SCRIPTDIR -- "${own[@]}" || status=1
if [ "$status" != 0 ]; then
  echo "lint: shellcheck found the problems above; fix them (or disable one on its line, with the reason above it)" >&2
  exit 1
fi
echo "lint: ${#store[@]} store scripts and ${#own[@]} repository scripts, no shellcheck finding" >&2
