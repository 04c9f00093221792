# wfm-hub: `make demo` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
SIM_PORT ?= 8765
PYTEST_ARGS ?=
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project/models dbt_project/macros dbt_project/seeds -type f 2>/dev/null) dbt_project/dbt_project.yml
# dbt's sources are generated from the orgs file in use and the load contract (scripts/dbt_sources.py)
ORGS_FILE := $(or $(WFM_HUB_ORGS),config/orgs.toml)
DBT_GENERATED_FROM := $(ORGS_FILE) pipelines/genesys/settings.py scripts/dbt_sources.py scripts/dbt_source_docs.py

.PHONY: setup lint test test-fast test-reliability bench demo dev sim report browser doctor sync-codes sync-codes-apply export-forecast clean

setup: $(STAMP) $(MANIFEST) browser

# Browser tests drive Debian's Chromium (Playwright never downloads its own here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; }

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# dagster-dbt reads dbt's manifest when the definitions load: prepare it at setup, not only under `dagster dev`.
# First the generated sources (orgs and typed columns), so adding an org is one edit of the orgs file + make setup.
$(MANIFEST): $(STAMP) $(DBT_SOURCES) $(DBT_GENERATED_FROM)
	$(BIN)/python -m scripts.dbt_sources
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/dagster-dbt project prepare-and-package --file assets/project.py
	@touch $@

lint: setup  ## ruff (lint + format check) on the Python, sqlfluff (dbt templater, DuckDB dialect) on the dbt SQL
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# the dbt templater compiles against an empty scratch warehouse, outside dbt_project/target
	lintdir=$$(mktemp -d) && WFM_HUB_WAREHOUSE=$$lintdir/lint.duckdb DBT_TARGET_PATH=$$lintdir/target \
	  $(BIN)/sqlfluff lint dbt_project/models dbt_project/tests; status=$$?; rm -rf $$lintdir; exit $$status

test: setup  ## every test, slow end-to-end ones included; the reliability suite in its short form
	$(BIN)/python -m pytest -m "not reliability_full" $(PYTEST_ARGS)

test-fast: setup  ## the inner loop: skips tests marked slow
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

test-reliability: setup  ## every cell of the fault matrix; rewrites the table in docs/reliability.md
	rm -f bench/results/reliability.json
	WFM_HUB_RELIABILITY_RESULTS=bench/results/reliability.json $(BIN)/python -m pytest -m reliability $(PYTEST_ARGS)
	$(BIN)/python -m bench.reliability_doc

bench: setup  ## speed, memory and request figures (BENCH_PROFILE=standard|full); rewrites docs/benchmarks.md
	$(BIN)/python -m bench --profile $(or $(BENCH_PROFILE),standard)

sim: setup  ## the simulator on the demo scenario, in the foreground
	$(BIN)/python -m genesys_sim serve --scenario demo --port $(SIM_PORT)

demo: setup  ## start the simulator, materialize the whole graph through Dagster, print a summary
	$(BIN)/python -m scripts.demo

dev: setup  ## the simulator (demo scenario) and the Dagster UI on http://127.0.0.1:3000
	$(BIN)/python -m scripts.dev

report: setup  ## after make demo: reports/index.html and org_<key>.html (open from disk, no network) and the forecast-engine CSV
	$(BIN)/python -m report

doctor: $(STAMP)  ## is every org ready? login, token, clock, rate limit, WFM license, permissions, request estimate (orgs file in use: WFM_HUB_ORGS or config/orgs.toml)
	$(BIN)/wfm-hub doctor

sync-codes: setup  ## activity codes hub -> spokes: print the plan (dry run), against the orgs file in use
	$(BIN)/wfm-hub sync-activity-codes

sync-codes-apply: setup  ## the same, making the writes (audited in wfm_hub_ops.activity_code_audit)
	$(BIN)/wfm-hub sync-activity-codes --apply

export-forecast: setup  ## WEEK=yyyy-mm-dd: the forecast of that week as import files under data/exports
	$(BIN)/wfm-hub export-forecast --week $(WEEK) --out data/exports

clean:
	rm -rf $(VENV) data reports .pytest_cache
