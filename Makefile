# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth test bench

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
