# The two commands of the README: `make synth` and `make test`. Both set up what is missing first.
.PHONY: setup build synth test bench

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
