# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth test bench

setup:
	@scripts/setup.sh

# Maven takes about 2 s even when nothing changed, so it runs only when pom.xml or anything under
# src/main (directories too: an added or deleted file changes its folder) is newer than the
# classpath file every Maven build writes last (see pom.xml); bin/app refuses to run on the same
# rule. Then the launch cache bin/app starts from (class-data archive, jsii kernel), rebuilt only
# when the classpath or the JDK changed.
build: setup
	@if [ ! -f target/runtime-classpath.txt ] || [ -n "$$(find pom.xml src/main -newer target/runtime-classpath.txt -print -quit)" ]; then \
	  mvn -q -B compile; fi
	@scripts/launch-cache.sh

# bin/app is the app command of cdk8s.yaml; calling it directly skips the cdk8s CLI's own start
# (about 1 s). `npx cdk8s synth` does the same work.
synth: build
	@CDK8S_OUTDIR=target/synth bin/app

test: setup
	@mvn -B test

bench: build
	@scripts/bench.py
