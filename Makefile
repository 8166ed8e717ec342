# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth lint test bench ci clean

setup:
	@scripts/setup.sh

# scripts/compile.sh: nothing when no source changed, Maven when pom.xml changed, else a whole
# javac recompile without Maven's start; bin/app refuses a stale build on the same rule. Then the
# launch cache bin/app starts from (scripts/launch-cache.sh), rebuilt only when the classpath or
# the JDK changed.
build: setup
	@scripts/compile.sh
	@scripts/launch-cache.sh

# scripts/synth.sh runs bin/app, the app command of cdk8s.yaml, without the cdk8s CLI (its start
# costs about 1 s and it adds a Node stack trace under a failure).
synth: build
	@scripts/synth.sh

# scripts/lint.sh: shellcheck over every shell script (the store scripts under src/main/resources as
# POSIX sh, the repository's own bash scripts); any finding fails. Runs before the tests.
lint: setup
	@scripts/lint.sh

test: setup lint
	@mvn -B test

# The benchmark measures bin/app with the app's own classes in the launch cache, as a fresh build
# runs it: --app renews that copy when a compile since made it stale (scripts/launch-cache.sh).
bench: build
	@scripts/launch-cache.sh --app
	@scripts/bench.py

# What CI runs on a fresh clone: make test, make synth with the drift check, the schema checks.
ci:
	@.ci/run

# What the build writes: target/ (classes, staging folders a killed synth left in target/tmp, the
# CLI's copy in target/synth, test output, jsii temp folders) and
# the half-built next output a killed publish can leave beside dist/. Not dist/ (committed), not
# .dist.synth-previous (the old output a killed publish set aside: the next synth puts it back), not
# node_modules/ or ~/.m2 (the set-up's installs, reused by the next build).
clean:
	@rm -rf target .dist.synth-next
