#!/usr/bin/env bash
# The compile step of `make build`, as short as it can safely be:
#   - nothing, when neither pom.xml nor anything under src/main (folders too: an added or deleted
#     file changes its folder) is newer than target/runtime-classpath.txt, the stamp every build
#     writes last (bin/app refuses to run on the same rule);
#   - Maven, when pom.xml changed or nothing was built yet (dependencies, the classpath file);
#   - otherwise javac straight on every source, with the classpath Maven wrote and the pom's
#     compiler settings: a clean, whole recompile (no class of a changed file's dependents is left
#     stale) without Maven's own start, which costs about as much as the compile itself.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=target/runtime-classpath.txt
say() { printf 'compile: %s\n' "$*" >&2; }

if [ ! -f "$stamp" ] || [ ! -d target/classes ] || [ -n "$(find pom.xml -newer "$stamp" -print -quit)" ]; then
  exec mvn -q -B compile
fi
[ -n "$(find src/main -newer "$stamp" -print -quit)" ] || exit 0

# The same settings as maven-compiler-plugin in pom.xml (release, encoding, lints, -g as Maven's default,
# -XDstringConcat=inline: see the pom).
release="$(sed -n 's:.*<maven.compiler.release>\(.*\)</maven.compiler.release>.*:\1:p' pom.xml)"
sources="$(mktemp)" log="$(mktemp)"
trap 'rm -f "$sources" "$log"' EXIT
find src/main/java -name '*.java' >"$sources"
rm -rf target/classes.new && mkdir -p target/classes.new
# Quiet like `mvn -q` unless it fails (the generated imports draw two lint warnings).
if ! javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC --release "${release:-17}" -encoding UTF-8 \
    -g -Xlint:all,-serial,-processing -XDstringConcat=inline -d target/classes.new -cp "$(cat "$stamp")" @"$sources" >"$log" 2>&1; then
  cat "$log" >&2
  rm -rf target/classes.new
  say "javac failed (above); target/classes left as it was, so bin/app reports the build as stale"
  exit 1
fi
if [ -d src/main/resources ]; then
  cp -R src/main/resources/. target/classes.new/
fi
rm -rf target/classes && mv target/classes.new target/classes
touch "$stamp"
