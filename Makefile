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

.PHONY: run test lint bootstrap clean

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

test: lint
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var/static
