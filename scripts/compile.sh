#!/usr/bin/env bash
# The compile step of `make build`, as short as it can safely be:
#   - nothing, when neither pom.xml nor anything under src/main (folders too: an added or deleted
#     file changes its folder) is newer than target/runtime-classpath.txt, the stamp every build
#     writes last (bin/app refuses to run on the same rule);
#   - Maven, when pom.xml changed or nothing was built yet (dependencies, the classpath file);
#   - otherwise javac straight on every source, with the classpath Maven wrote and the pom's
#     compiler settings: a clean, whole recompile (no class of a changed file's dependents is left
#     stale) without Maven's own start, which costs about as much as the compile itself.
#   - then target/imports.jar, the classes and jsii tarballs of the generated CRD bindings
#     (src/main/java/imports, src/main/resources/imports: 80 of the classes a synth loads) from
#     target/classes, rebuilt only when those sources changed. bin/app puts it on the classpath
#     before target/classes while no imports source is newer than it, and scripts/launch-cache.sh
#     puts its classes in the class-data archive (the JVM archives classes from jars only);
#     otherwise the same classes load from target/classes. A javac recompile with the jar fresh
#     compiles only the app's own sources against it (the imports depend on jars alone).
#   - and target/kube.jar, the classes of io.datalayer.kube (the Kubernetes objects: Kube.java is
#     generated, about 3,000 lines, a fifth of a whole compile), rebuilt only when that package or
#     the imports changed. It depends on jars and the imports alone (KubeGeneratedTest keeps it so),
#     so a recompile with it fresh compiles the rest of the app against it. Compile time only: bin/app
#     loads these classes from target/classes.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=target/runtime-classpath.txt
imports_jar=target/imports.jar
kube_jar=target/kube.jar
kube_src=src/main/java/io/datalayer/kube
kube_classes=io/datalayer/kube
say() { printf 'compile: %s\n' "$*" >&2; }

# The rule bin/app applies: the jar exists and no imports source (or folder) is newer.
imports_fresh() {
  [ -f "$imports_jar" ] && [ -z "$(find src/main/java/imports src/main/resources/imports -newer "$imports_jar" -print -quit 2>/dev/null)" ]
}
# Only from a target/classes compiled from the current sources (after a compile, or when the stamp
# says it is current); written aside and renamed, so a half-written jar is never on a classpath.
imports_jar() {
  if imports_fresh || [ ! -d target/classes/imports ]; then
    return 0
  fi
  rm -f "$imports_jar" "$imports_jar.new"
  if ! { (cd target/classes && jar cf ../imports.jar.new imports) && mv "$imports_jar.new" "$imports_jar"; }; then
    rm -f "$imports_jar.new"
    say "cannot write $imports_jar; bin/app loads the imports from target/classes (slower, same output)"
  fi
}

kube_fresh() {
  imports_fresh && [ -f "$kube_jar" ] && [ -z "$(find "$kube_src" -newer "$kube_jar" -print -quit 2>/dev/null)" ] \
    && [ -z "$(find src/main/java/imports -newer "$kube_jar" -print -quit 2>/dev/null)" ]
}
kube_jar() {
  if kube_fresh || [ ! -d "target/classes/$kube_classes" ]; then
    return 0
  fi
  rm -f "$kube_jar" "$kube_jar.new"
  if ! { (cd target/classes && jar cf ../kube.jar.new "$kube_classes") && mv "$kube_jar.new" "$kube_jar"; }; then
    rm -f "$kube_jar.new"
    say "cannot write $kube_jar; the next compile compiles io.datalayer.kube too (slower, same classes)"
  fi
}
if [ ! -f "$stamp" ] || [ ! -d target/classes ] || [ -n "$(find pom.xml -newer "$stamp" -print -quit)" ]; then
  mvn -q -B compile
  imports_jar
  kube_jar
  exit 0
fi
if [ -z "$(find src/main -newer "$stamp" -print -quit)" ]; then
  imports_jar # e.g. after a `mvn test` run by hand changed the imports
  kube_jar
  exit 0
fi

# The same settings as maven-compiler-plugin in pom.xml (release, encoding, lints, -g as Maven's default,
# -XDstringConcat=inline: see the pom).
release="$(sed -n 's:.*<maven.compiler.release>\(.*\)</maven.compiler.release>.*:\1:p' pom.xml)"
sources="$(mktemp)" log="$(mktemp)"
trap 'rm -f "$sources" "$log"' EXIT
rm -rf target/classes.new && mkdir -p target/classes.new
classpath="$(cat "$stamp")"
if imports_fresh && [ -d target/classes/imports ]; then
  # The imports are compiled already (in the jar and target/classes): only the app's sources, against
  # the jar; the imports' classes are carried over so target/classes stays complete.
  classpath="$classpath:$imports_jar"
  cp -R target/classes/imports target/classes.new/imports
  if kube_fresh && [ -d "target/classes/$kube_classes" ]; then
    # The same for io.datalayer.kube, which only the imports and jars feed.
    find src/main/java -path src/main/java/imports -prune -o -path "$kube_src" -prune -o -name '*.java' -print >"$sources"
    classpath="$classpath:$kube_jar"
    mkdir -p "target/classes.new/${kube_classes%/*}" && cp -R "target/classes/$kube_classes" "target/classes.new/$kube_classes"
  else
    find src/main/java -path src/main/java/imports -prune -o -name '*.java' -print >"$sources"
  fi
else
  find src/main/java -name '*.java' >"$sources"
fi
# Quiet like `mvn -q` unless it fails (the generated imports draw two lint warnings).
if ! javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC --release "${release:-17}" -encoding UTF-8 \
    -g -Xlint:all,-serial,-processing -XDstringConcat=inline -d target/classes.new -cp "$classpath" @"$sources" >"$log" 2>&1; then
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
imports_jar
kube_jar
