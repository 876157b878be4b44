# Diplomatic Desk: `make run` serves the seeded site, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# The development targets run with DEBUG on, explicitly: the settings default to off,
# so a production deploy that forgets to set it fails safe.
export DEBUG ?= true

.PHONY: run serve test lint format setup migrate seed bench bench-story bench-extract clean

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

# The server, with the background worker (re-renders after big changes) beside it.
run: seed
	$(PY) manage.py demo_accounts --port $(PORT)
	$(PY) manage.py serve_dev 127.0.0.1:$(PORT)

# Production settings under gunicorn, on the embedded database: DEBUG off, static files
# collected and served compressed and hashed by whitenoise, the background worker beside
# it. Over plain HTTP on this machine, so the HTTPS redirect and secure cookies are off
# unless set; behind a TLS proxy set SECURE_SSL_REDIRECT=true SECURE_COOKIES=true.
# Without SECRET_KEY, one is generated into $(SERVE_KEY) (git-ignored) and kept.
SERVE_KEY := .serve-secret-key
WORKERS ?= 2
SERVE_ENV = DEBUG=false SECRET_KEY="$${SECRET_KEY:-$$(cat $(SERVE_KEY))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" SECURE_COOKIES="$${SECURE_COOKIES:-false}"

serve: setup
	@if [ -z "$$SECRET_KEY" ] && [ ! -s $(SERVE_KEY) ]; then \
		(umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(SERVE_KEY)); \
		echo "make serve: SECRET_KEY is not set; generated one into $(SERVE_KEY) (git-ignored)."; \
	fi
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py seed_summit
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput
	$(SERVE_ENV) sh -c '$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT; \
		$(BIN)/gunicorn coverage_site.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PORT)'

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Benchmarks (bench/), never part of `make test` or CI. `make bench` generates the 100- and
# 10,000-story corpora into bench/results/ on its first run, then measures every page and
# endpoint against the bare view with wrk (Debian: apt-get install wrk). CACHE=1 leaves the
# page cache on. `make bench-story` is the seeded story page alone.
bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y wrk; } \
		|| echo "wrk is missing (apt-get install wrk): measuring latencies only"
	$(PY) bench/pages.py

bench-story: seed
	$(PY) bench/story_page.py

bench-extract: setup
	$(PY) bench/extract.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
