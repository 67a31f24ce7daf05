# Orca's commands. `make up` and `make test` work on a fresh machine of this kind:
# each installs what it needs (npm packages; Debian packages for the real-component
# tests, when run as root) before doing its job.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

NPM_STAMP := node_modules/.orca-installed
ENV_SCRIPT := cluster-test/env/setup.sh
SEEDS ?= 1000
DURATION ?= 120
export ORCA_LOG_LEVEL ?= warn

.PHONY: help deps env up test test-unit build proto proto-check typecheck lint format format-check cycles sim chaos bench install clean

help:
	@echo "make up       start a local cluster on the embedded default (installs and builds first)"
	@echo "make test     the whole test suite: typecheck, lint, cycles, unit and cluster tests, simulator seeds"
	@echo "make build    compile to dist/ (then: npx orca --help)"
	@echo "make proto    regenerate src/gen/ from proto/"
	@echo "make lint     eslint, formatting, import cycles and component boundaries, generated code up to date"
	@echo "make format   lay the code out as Prettier does (make lint checks it)"
	@echo "make sim      SEEDS=N raft simulator seeds (default 1000)"
	@echo "make chaos    DURATION=S chaos scenarios against real clusters"
	@echo "make bench    every benchmark, side by side with etcd where it has a counterpart"
	@echo "make install  put orca on the PATH"

# npm packages: reinstalled when the lockfile changes.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: $(NPM_STAMP)

# Debian packages and test images for the real-component tests (idempotent).
env:
	bash $(ENV_SCRIPT) install

build: deps
	npx --no-install tsc -p tsconfig.build.json
	@chmod +x dist/cmd/orca.js

proto: deps
	bash proto/generate.sh

# Generated code is committed; this fails when it no longer matches proto/.
proto-check: deps
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	bash proto/generate.sh "$$tmp/gen"; \
	if ! diff -r "$$tmp/gen" src/gen >/dev/null; then \
	  echo "src/gen is out of date with proto/: run 'make proto' and commit"; diff -r "$$tmp/gen" src/gen | head -20; exit 1; \
	fi; echo "generated code up to date"

typecheck: deps
	npx --no-install tsc -p tsconfig.json --noEmit

# Import cycles, and the component boundaries of ARCHITECTURE.md on the same graph.
cycles: deps
	npx --no-install madge --circular --warning src cmd cluster-test
	@# Into a file, not a pipe: madge exits before a large piped output is flushed, which cut the JSON short.
	@graph=$$(mktemp); trap 'rm -f "$$graph"' EXIT; \
	npx --no-install madge --json src cmd cluster-test > "$$graph" 2>/dev/null; \
	node cluster-test/tools/check-boundaries.mjs < "$$graph"

# The code as Prettier lays it out (.prettierrc.json: 120 columns); `make format` rewrites it so.
FORMATTED := "src/**/*.{ts,js}" "cmd/**/*.ts" "cluster-test/**/*.{ts,mjs}" "*.{ts,js}"
format: deps
	npx --no-install prettier --log-level warn --write $(FORMATTED)

format-check: deps
	@npx --no-install prettier --log-level warn --check $(FORMATTED) || { echo "code is not formatted: run 'make format'"; exit 1; }

lint: deps proto-check cycles format-check
	npx --no-install eslint --max-warnings 0 .

# Unit and in-process tests two files at a time; then the real-process cluster
# tests one file at a time, so that their timing bounds (failover within 2 s)
# measure the cluster and not two clusters fighting over two cores.
test-unit: deps
	npx --no-install vitest run --exclude 'cluster-test/**'
	npx --no-install vitest run cluster-test/ --no-file-parallelism

# End-to-end workload suites: three masters and three workers as processes,
# Deployments, StatefulSets, DaemonSets and Jobs under worker and leader kills.
test: deps env typecheck lint build test-unit
	@echo "make test: all checks passed"

up: deps env build
	node dist/cmd/orca.js up

sim: deps build
	node dist/src/raft/sim/main.js --seeds $(SEEDS)

# Every chaos scenario for DURATION seconds each (SEED=N replays a run): one JSON line per scenario, then "N passed, M failed".
SEED ?=
chaos: deps build
	node dist/cluster-test/chaos/main.js --duration $(DURATION) $(if $(SEED),--seed $(SEED),)

# Every benchmark in one run, one JSON line each (BENCH_MS sets each load phase's length).
BENCH_MS ?= 10000
bench: deps env build
	node dist/cluster-test/bench/main.js --duration-ms $(BENCH_MS)

install: build
	npm link --no-audit --no-fund >/dev/null
	@echo "orca is on the PATH: $$(command -v orca)"

clean:
	rm -rf dist
