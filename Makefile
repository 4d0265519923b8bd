# juesuan — two commands do all set-up on a fresh machine:
#   make demo   create the environment, install, run the main job on the seed, write out/
#   make test   install what the tests need, run ruff, mypy, the import contract and pytest
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SHARED  ?= ../shared
SEED    ?= $(SHARED)/seed/000_47ca208ed1e3cbfe.txt
OUT     ?= out
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test lint typecheck contracts unit docs clean install

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/juesuan parse $(SEED) -o $(OUT)/report.json
	$(BIN)/juesuan parse $(OUT)/report.json -o $(OUT)/report.yaml --quiet
	$(BIN)/juesuan parse $(SEED) --format cells -o $(OUT)/cells.csv --quiet
	@echo "输出在 $(OUT)/ 下：report.json report.yaml cells.csv"

test: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks scripts)
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/juesuan schema -o docs/report.schema.json

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
