# The README's two commands are `make run` and `make test`; both install what they need first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test bench lint

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/protestwatch extract examples/articles.jsonl --format table --db protestwatch.db

test: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/python bench/extract_speed.py
