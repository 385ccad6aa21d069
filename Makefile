# The README's commands. `make demo` serves the demo site; `make test` runs every check.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo install migrate test lint check pytest browser-test benchmarks format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(INSTALLED)

migrate: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input

demo: migrate $(AXE)
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(INSTALLED) $(AXE)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	npx --no-install biome ci

check: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests run in their own pytest session: they share one Chromium and one live
# ASGI server over committed demo data, which the other tests must not see.
pytest: $(INSTALLED)
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

browser-test: $(INSTALLED) $(AXE)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test: lint check pytest browser-test

benchmarks: $(INSTALLED)
	$(BIN)/python benchmarks/pages.py

format: $(INSTALLED) $(AXE)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	npx --no-install biome check --write

clean:
	rm -rf $(VENV) node_modules db.sqlite3 test-db.sqlite3 staticfiles
