# gradtrack — `make run` starts the app with demo data, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

# Development values for `make run`; production sets its own (README, "Configuration").
export GRADTRACK_HOME := $(CURDIR)
DEV_ENV = GRADTRACK_DEBUG=1 GRADTRACK_SECRET_KEY="$$(cat var/secret_key)"
TEST_ENV = GRADTRACK_SECRET_KEY=test-only-secret-key-not-for-production-use-0123456789abcdef

.PHONY: run test lint bootstrap clean system-packages bench

# Debian packages the tests use: Chromium for browser journeys, a CJK font for screenshots and documents,
# LibreOffice and poppler to prove generated documents open. Installed when missing (needs root and apt).
SYSTEM_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils

$(STAMP): pyproject.toml package.json package-lock.json
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11：$(PYTHON) 未找到"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	chmod 600 var/secret_key

bootstrap: $(STAMP) var/secret_key

run: bootstrap
	$(DEV_ENV) $(BIN)/gradtrack migrate --no-input
	$(DEV_ENV) $(BIN)/gradtrack createcachetable
	@if [ ! -f var/demo-data.done ]; then $(DEV_ENV) $(BIN)/gradtrack demo-data && touch var/demo-data.done; fi
	@$(DEV_ENV) $(BIN)/gradtrack demo-accounts
	$(DEV_ENV) $(BIN)/gradtrack runserver 127.0.0.1:$(PORT)

lint: bootstrap
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

test: lint system-packages
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# The load and scale benchmark on PostgreSQL (README, "Benchmark"): `make bench`, `make bench SCALE=0.1`,
# `make bench BENCH_ARGS="--graduates 10000 --keep"`. Creates and drops its own database.
SCALE ?= 1
BENCH_ARGS ?=
bench: bootstrap
	GRADTRACK_SECRET_KEY="$$(cat var/secret_key)" $(BIN)/python -m gradtrack.bench --scale $(SCALE) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var/static
