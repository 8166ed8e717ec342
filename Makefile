# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth test bench ci clean

setup:
	@scripts/setup.sh

build: setup
	@mvn -q -B compile

synth: build
	@CDK8S_CHECK_UPGRADE=false npx --no-install cdk8s synth

test: setup
	@mvn -B test

bench: build
	@scripts/bench.py

# What CI runs on a fresh clone: make test, make synth with the drift check, the schema checks.
ci:
	@.ci/run

# What the build writes: target/ (classes, the staging folder, test output, jsii temp folders) and
# the swap folders a publish interrupted mid-way could leave beside dist/. Not dist/ (committed),
# not node_modules/ or ~/.m2 (the set-up's installs, reused by the next build).
clean:
	@rm -rf target .dist.next .dist.previous
