# wfm-hub: `make demo` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
SIM_PORT ?= 8765
PYTEST_ARGS ?=

.PHONY: setup test test-fast demo sim clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

test: setup  ## every test, slow end-to-end ones included
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup  ## the inner loop: skips tests marked slow
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

sim: setup  ## the simulator on the demo scenario, in the foreground
	$(BIN)/python -m genesys_sim serve --scenario demo --port $(SIM_PORT)

demo: setup  ## start the simulator, consolidate every org, print a summary
	$(BIN)/python scripts/demo.py

clean:
	rm -rf $(VENV) data reports .pytest_cache
