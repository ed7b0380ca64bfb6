# One way to do each job. Every target bootstraps .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed

.PHONY: help venv generate check-generated spec-diff lint format typecheck pytest test demo mock contract soak load bench clean

help:
	@echo "make demo             chat with Claude 3 Sonnet (the bundled mock when AIMLAPI_API_KEY is unset)"
	@echo "make test             everything CI runs: check-generated, lint, typecheck, pytest"
	@echo "make generate         regenerate generated/ from openapi/claude-3-sonnet.yaml"
	@echo "make check-generated  fail if generated/ is not what the spec produces"
	@echo "make spec-diff OLD=.. [NEW=..]  compare two specs (vendor files or the contract)"
	@echo "make mock             serve the mock server on 127.0.0.1:8000"
	@echo "make contract         schemathesis against the mock, thousands of cases"
	@echo "make soak             1,000 concurrent calls against a failing mock, all accounted for"
	@echo "make load             200 concurrent connections against the mock (benchmarks/load.py)"
	@echo "make bench            benchmarks against the raw floors and the openai SDK (benchmarks/)"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

generate: $(STAMP)
	$(PY) scripts/generate.py

check-generated: $(STAMP)
	$(PY) scripts/check_generated.py

# make spec-diff OLD=openapi/vendor/<old>.json [NEW=openapi/vendor/<new>.json] [ARGS=--json]
NEW ?= openapi/claude-3-sonnet.yaml
spec-diff: $(STAMP)
	@test -n "$(OLD)" || { echo "usage: make spec-diff OLD=<spec> [NEW=<spec>] [ARGS=--json]"; exit 2; }
	$(PY) scripts/spec_diff.py $(OLD) $(NEW) $(ARGS)

CODE := overlay scripts tests benchmarks examples

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

format: $(STAMP)
	$(BIN)/ruff check --fix $(CODE)
	$(BIN)/ruff format $(CODE)

typecheck: $(STAMP)
	# examples/openai_habits.py is left out on purpose: it is an untyped openai-style script.
	$(BIN)/mypy overlay scripts tests benchmarks
	# The example project is checked as its own project, from its own folder.
	cd examples/weather_app && ../../$(BIN)/mypy --strict weather_app tests

pytest: $(STAMP)
	$(BIN)/pytest -q
	# The downstream example with nothing but the installed plugin: its own pyproject.toml
	# is the configuration (rootdir examples/weather_app), so tests/conftest.py is not loaded.
	$(BIN)/pytest -q -p no:cacheprovider examples/weather_app

test: check-generated lint typecheck pytest

demo: $(STAMP)
	$(PY) scripts/demo.py

mock: $(STAMP)
	$(PY) -m claude_3_sonnet.mock

contract: $(STAMP)
	$(PY) scripts/contract.py

soak: $(STAMP)
	$(PY) scripts/soak.py

load: $(STAMP)
	$(PY) -m benchmarks.load

bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
