# The README's commands. `make demo` serves the demo site; `make test` runs every check.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# npm ci installs the browser tests' tools, Biome and the map's country shapes (package.json).
NODE_MODULES := node_modules/.package-lock.json
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo install migrate test test-faults lint check pytest browser-test benchmarks format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(INSTALLED)

migrate: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input

demo: migrate $(NODE_MODULES)
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	npx --no-install biome ci

check: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests run in their own pytest session: they share one Chromium and one live
# ASGI server over committed demo data, which the other tests must not see.
pytest: $(INSTALLED)
	$(BIN)/pytest -m "not browser and not faults" $(PYTEST_ARGS)

# Redis killed and server processes restarted mid-conversation: each test starts its own
# redis-server and Daphne processes (tests/workshops/test_faults.py).
test-faults: $(INSTALLED)
	$(BIN)/pytest -m faults $(PYTEST_ARGS)

browser-test: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test: lint check pytest browser-test

benchmarks: $(INSTALLED)
	$(BIN)/python benchmarks/pages.py

format: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	npx --no-install biome check --write

clean:
	rm -rf $(VENV) node_modules db.sqlite3 test-db.sqlite3 staticfiles
