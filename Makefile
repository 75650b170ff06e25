# Bilevel RL toolkit. `make` regenerates every experiment, figure and the report;
# `make test` runs the test suite (what CI runs).
SHELL := /bin/bash
SWIFT ?= swift
PROFILE ?= standard
# local (this machine) or slurm (job arrays on a Slurm cluster; docs/slurm.md)
EXECUTOR ?= local
RELEASE_BIN = .build/release
# The experiment registry: every experiments/<name>/ holding experiment.yaml (Package.swift and
# `bilevel` read the same folders; docs/adding-an-experiment.md). Exported because SwiftPM caches
# the evaluated Package.swift by its text and environment: a new experiment re-evaluates it.
EXPERIMENTS := $(sort $(patsubst experiments/%/experiment.yaml,%,$(wildcard experiments/*/experiment.yaml)))
export BILEVEL_EXPERIMENTS := $(EXPERIMENTS)

.PHONY: all deps build test experiments report check compare bench bench-a2c bench-a2c-python replay-minatar gallery clean run new status slurm-up slurm-down slurm-test

# With EXECUTOR=slurm, `experiments` only submits (each experiment's collect job writes its
# summary and figures); run `make report` once `make status` shows every job done.
all: deps build experiments $(if $(filter slurm,$(EXECUTOR)),,report)

# System packages the build needs. Installed when missing and we are root;
# otherwise one clear line says what to install.
deps:
	@for spec in "cairo libcairo2-dev Cairo, for figures" "openblas libopenblas-dev LAPACK, for the exact solves"; do \
	  set -- $$spec; module=$$1; package=$$2; shift 2; \
	  if ! pkg-config --exists $$module 2>/dev/null; then \
	    if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	      echo "installing $$package ($$*) via apt-get"; \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$package pkg-config >/dev/null) \
	        || { echo "error: apt-get install $$package failed" >&2; exit 1; }; \
	    else \
	      echo "error: $$module not found; install it with: sudo apt-get install $$package pkg-config" >&2; exit 1; \
	    fi; \
	  fi; \
	done
	@fc-list 2>/dev/null | grep -qi dejavu || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null || true; \
	  else echo "warning: DejaVu fonts missing; install fonts-dejavu-core for Greek symbols" >&2; fi; }

build: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

experiments: build
	@set -e; for e in $(EXPERIMENTS); do \
	  echo "== $$e ($(PROFILE))"; $(RELEASE_BIN)/$$e --profile $(PROFILE) --executor $(EXECUTOR); done

# Done / running / failed / queued / missing per job of each experiment's Slurm sweep (from disk).
status: build
	@for e in $(EXPERIMENTS); do $(RELEASE_BIN)/$$e --profile $(PROFILE) --status; done

# A one-node Slurm on this machine (installs slurm-wlm and munge when missing; docs/slurm.md).
slurm-up:
	scripts/slurm-up.sh
slurm-down:
	scripts/slurm-down.sh
# The executor against that Slurm: quick-profile sweeps checked against local runs.
slurm-test:
	$(SWIFT) build
	scripts/slurm-test.sh

report: build
	$(RELEASE_BIN)/bilevel report --profile $(PROFILE)

# One experiment, then the report: make run E=<name> [PROFILE=quick].
# The checks run when the Makefile is read, before any build: a wrong name costs no build.
ifneq ($(filter run,$(MAKECMDGOALS)),)
  ifeq ($(strip $(E)),)
    $(error usage: make run E=<experiment> [PROFILE=standard]; experiments: $(EXPERIMENTS))
  endif
  ifeq ($(filter $(E),$(EXPERIMENTS)),)
    $(error unknown experiment '$(E)'; experiments: $(EXPERIMENTS))
  endif
endif
ifneq ($(filter new,$(MAKECMDGOALS)),)
  ifeq ($(strip $(NAME)),)
    $(error usage: make new NAME=<name> (lower-case letters, digits and single hyphens, e.g. my-idea))
  endif
endif
run: build
	$(RELEASE_BIN)/$(E) --profile $(PROFILE) --executor $(EXECUTOR)
	$(if $(filter slurm,$(EXECUTOR)),@echo "submitted; make report PROFILE=$(PROFILE) once the jobs are done",$(RELEASE_BIN)/bilevel report --profile $(PROFILE))

# Scaffold experiments/<NAME>/ (a working example, configs, report section, test): make new NAME=<name>.
new: deps
	$(SWIFT) build -c release --product bilevel
	$(RELEASE_BIN)/bilevel new "$(NAME)"

# PASS/FAIL per claim of expectations.yaml against runs/*/$(PROFILE); non-zero exit on a FAIL.
check: build
	$(RELEASE_BIN)/bilevel check --profile $(PROFILE)

# reports/compare/<A>-vs-<B>/; a revision without a report is built in a temporary worktree.
compare: build
	@if [ -z "$(A)" ] || [ -z "$(B)" ]; then echo "usage: make compare A=<rev> B=<rev> [PROFILE=standard]" >&2; exit 2; fi
	$(RELEASE_BIN)/bilevel compare "$(A)" "$(B)" --profile $(PROFILE)

# Swift kernels, then the NumPy reference on the same instances: one table of medians with
# the ratio Swift/NumPy (outputs checked to agree to 1e-9). Both sides single-threaded BLAS.
BENCH_ARGS ?=
bench: build bench-a2c
	@mkdir -p .build/bench
	OPENBLAS_NUM_THREADS=1 $(RELEASE_BIN)/bench --out .build/bench/swift.json $(BENCH_ARGS)
	OPENBLAS_NUM_THREADS=1 python3 benchmarks/python/bench.py --swift .build/bench/swift.json --out .build/bench/table.json --markdown .build/bench/table.md
	$(RELEASE_BIN)/bench --sampling .build/bench/sampling.json
	python3 benchmarks/python/bench_sampling.py --swift .build/bench/sampling.json

# The A2C loop on MinAtar Breakout (frames/s, one thread); the stable-baselines3 side is optional.
bench-a2c: build
	@mkdir -p .build/bench
	OPENBLAS_NUM_THREADS=1 $(RELEASE_BIN)/bench-a2c 200000 .build/bench/a2c.json
	@if python3 -c "import stable_baselines3, minatar, gymnasium" 2>/dev/null; then \
	  OMP_NUM_THREADS=1 python3 benchmarks/python/bench_a2c_sb3.py --frames 200000 --swift .build/bench/a2c.json; \
	else echo "stable-baselines3/minatar not installed: 'make bench-a2c-python' installs them and runs the comparison"; fi

bench-a2c-python:
	python3 -m pip install stable-baselines3 gymnasium minatar==1.0.15
	$(MAKE) bench-a2c

# Replays E3b's recorded Breakout episodes in the reference package (pip-installs minatar 1.0.15).
replay-minatar:
	python3 -c "import minatar" 2>/dev/null || python3 -m pip install minatar==1.0.15
	python3 benchmarks/python/minatar_replay.py runs/rlhf-deep/$(PROFILE)/records/*.json

gallery: build
	$(RELEASE_BIN)/plot-gallery --out gallery

clean:
	rm -rf .build
