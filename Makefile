# kpi — the two set-up commands are `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := warehouse/demo.duckdb

.DEFAULT_GOAL := help
.PHONY: help demo test test-fast fuzz bench lint typecheck check clean
LINTED := kpi pipeline extractors warehouse samples tests benchmarks

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/kpi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(BIN)/kpi

demo: $(BIN)/kpi ## Ingest samples/ into warehouse/demo.duckdb and run a longitudinal query
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/kpi ingest samples --db $(DEMO_DB) || test $$? -eq 1
	$(BIN)/kpi query --db $(DEMO_DB) "SELECT canonical_name AS indicator, period, max(value_num) FILTER (value_kind = 'target') AS target, max(value_num) FILTER (value_kind = 'outcome') AS outcome, any_value(unit) AS unit FROM indicator_series WHERE municipality = 'Tyresö' AND value_num IS NOT NULL AND period IS NOT NULL AND indicator_id IN (SELECT indicator_id FROM indicator_series WHERE municipality = 'Tyresö' GROUP BY 1 HAVING count(DISTINCT doc_id) > 1) GROUP BY ALL ORDER BY indicator, period LIMIT 30"

test: lint typecheck ## Lint, format check, type check, then the whole test suite (including slow tests)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

test-fast: $(VENV)/.dev ## The suite without tests marked slow
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not slow"

fuzz: $(VENV)/.dev ## Property tests with a large example budget
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests -k "hypothesis or property or fuzz"

bench: $(VENV)/.dev ## Print benchmark figures
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

lint: $(VENV)/.dev ## ruff check and ruff format --check (rules and version pinned in pyproject.toml)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(VENV)/.dev ## mypy over kpi and its stages (kpi.pipeline, kpi.extractors, kpi.warehouse, kpi.samples), strict
	$(BIN)/mypy

check: lint typecheck ## lint and type check only (fast)

clean: ## Remove the virtualenv and generated files
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB).wal .pytest_cache
