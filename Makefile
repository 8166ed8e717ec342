# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth test bench ci clean

setup:
	@scripts/setup.sh

build: setup
	@mvn -q -B compile

# scripts/synth.sh runs `npx cdk8s synth` and cuts the CLI's Node stack trace below a failure.
synth: build
	@scripts/synth.sh

test: setup
	@mvn -B test

bench: build
	@scripts/bench.py

# What CI runs on a fresh clone: make test, make synth with the drift check, the schema checks.
ci:
	@.ci/run

# What the build writes: target/ (classes, the staging folder, test output, jsii temp folders) and
# the half-built next output a killed publish can leave beside dist/. Not dist/ (committed), not
# .dist.synth-previous (the old output a killed publish set aside: the next synth puts it back), not
# node_modules/ or ~/.m2 (the set-up's installs, reused by the next build).
clean:
	@rm -rf target .dist.synth-next
