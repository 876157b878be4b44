# Diplomatic Desk: `make run` serves the seeded site, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# The development targets run with DEBUG on, explicitly: the settings default to off,
# so a production deploy that forgets to set it fails safe.
export DEBUG ?= true

.PHONY: run test lint format setup migrate seed bench bench-extract clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_summit

run: seed
	$(PY) manage.py demo_accounts --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest

bench: seed
	$(PY) bench/story_page.py

bench-extract: setup
	$(PY) bench/extract.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
