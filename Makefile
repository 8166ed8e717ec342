# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth test bench

setup:
	@scripts/setup.sh

# scripts/compile.sh: nothing when no source changed, Maven when pom.xml changed, else a whole
# javac recompile without Maven's start; bin/app refuses a stale build on the same rule. Then the
# launch cache bin/app starts from (scripts/launch-cache.sh), rebuilt only when the classpath or
# the JDK changed.
build: setup
	@scripts/compile.sh
	@scripts/launch-cache.sh

# bin/app is the app command of cdk8s.yaml; calling it directly skips the cdk8s CLI's own start
# (about 1 s). `npx cdk8s synth` does the same work.
synth: build
	@CDK8S_OUTDIR=target/synth bin/app

test: setup
	@mvn -B test

bench: build
	@scripts/bench.py
