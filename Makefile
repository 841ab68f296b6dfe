# One entry point for people and CI alike: `make demo` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck unit bench-smoke bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Run the main job on the embedded defaults (SQLite, no services needed).
demo: install
	$(BIN)/beamtime demo

## Lint, type-check and run the whole test suite.
test: lint typecheck unit

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

## A short run of the benchmark ladder (what CI runs); `make bench` runs the full ladder.
bench-smoke: install
	$(BIN)/python -m benchmarks.ladder --smoke --output build/bench-smoke
	$(BIN)/python -m benchmarks.replan --smoke --output build/bench-smoke

bench: install
	$(BIN)/python -m benchmarks.ladder
	$(BIN)/python -m benchmarks.replan

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
