# Tongban: `make run` serves the platform on http://127.0.0.1:$(PORT); `make test` runs every check.
# Every target is idempotent: stamps and real files keep a second run fast.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LANGS := zh_Hans zh_Hant en
export TONGBAN_DATABASE_URL ?= sqlite:///$(CURDIR)/instance/tongban.db
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve venv pwa i18n i18n-compile migrate demo test lint typecheck openapi openapi-check \
        test-py test-pg fuzz test-browser test-ops pwa-test system-deps bench bench-cases bench-mandates bench-licences bench-lighthouse clean

## ---- set-up -------------------------------------------------------------------------------
$(BIN)/.stamp-deps: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@
venv: $(BIN)/.stamp-deps

pwa/node_modules/.stamp: pwa/package-lock.json
	(cd pwa && npm ci --no-audit --no-fund --loglevel=error)
	touch $@

PWA_SOURCES := $(shell find pwa/src pwa/public pwa/index.html pwa/vite.config.ts pwa/vitest.config.ts pwa/scripts pwa/package.json i18n -type f -not -name '*.mo' 2>/dev/null)
pwa/dist/index.html: pwa/node_modules/.stamp $(PWA_SOURCES)
	(cd pwa && npm run --silent build)
pwa: pwa/dist/index.html

MO_FILES := $(foreach l,$(LANGS),i18n/$(l)/LC_MESSAGES/messages.mo)
i18n/%/LC_MESSAGES/messages.mo: i18n/%/LC_MESSAGES/messages.po $(BIN)/.stamp-deps
	$(BIN)/pybabel -q compile -d i18n -D messages -l $*
i18n-compile: $(MO_FILES)

# Extract messages from the backend and the PWA and merge them into the three catalogues.
i18n: venv pwa/node_modules/.stamp
	$(BIN)/pybabel -q extract -F i18n/babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project Tongban -o i18n/messages.pot .
	for l in $(LANGS); do
	  if [ -f i18n/$$l/LC_MESSAGES/messages.po ]; then
	    $(BIN)/pybabel -q update -i i18n/messages.pot -d i18n -D messages -l $$l --no-fuzzy-matching --ignore-obsolete
	  else $(BIN)/pybabel -q init -i i18n/messages.pot -d i18n -D messages -l $$l; fi
	done
	(cd pwa && npm run --silent i18n:extract)

instance:
	mkdir -p instance
migrate: venv instance
	$(BIN)/tongban db upgrade
demo: migrate
	$(BIN)/tongban demo load

## ---- run ----------------------------------------------------------------------------------
run: venv pwa i18n-compile demo
	@echo "Tongban on http://127.0.0.1:$(PORT)  (API: /api/v1, explorer: /api/v1/docs; the job worker starts with it)"
	TONGBAN_EMBEDDED_WORKER=1 exec $(BIN)/gunicorn -c python:tongban.gunicorn_conf --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 \
	  --access-logfile - tongban.wsgi:app

## ---- checks -------------------------------------------------------------------------------
# Debian's chromium, CJK fonts and nginx for browser and front-end tests; CI installs them when missing.
system-deps:
	if [ ! -x $(CHROMIUM) ] || [ ! -x /usr/sbin/nginx ] || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then
	  if [ "$$(id -u)" = 0 ]; then
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx-light >/dev/null
	  elif [ "$${CI:-}" = true ]; then echo "chromium/nginx missing and not root" >&2; exit 1; fi
	fi

lint: venv
	$(BIN)/ruff check backend tests bench scripts nginx
typecheck: venv
	$(BIN)/mypy
openapi: venv
	$(BIN)/tongban openapi backend/openapi.json
# The committed OpenAPI document (which the PWA's types come from) must match the code.
openapi-check: venv
	$(BIN)/tongban openapi /tmp/tongban-openapi.json >/dev/null
	diff -u backend/openapi.json /tmp/tongban-openapi.json

# tests/fuzz: schemathesis, every check, over /api/v1/openapi.json (anonymous, resident, admin staff session).
test-py: venv i18n-compile
	$(BIN)/pytest -q -p no:cacheprovider tests/unit tests/api tests/fuzz
# The same API tests and fuzzer on fresh PostgreSQL databases (created and dropped by the test session).
test-pg: venv i18n-compile
	TONGBAN_TEST_DB=postgresql TONGBAN_TEST_PG_ADMIN=$(PG_ADMIN_URL) \
	  $(BIN)/pytest -q -p no:cacheprovider tests/api tests/fuzz
fuzz: venv i18n-compile
	$(BIN)/pytest -q -p no:cacheprovider tests/fuzz
pwa-test: pwa/node_modules/.stamp
	(cd pwa && npm run --silent test)
test-browser: venv pwa i18n-compile system-deps
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
	$(BIN)/pytest -q -p no:cacheprovider tests/browser
test-ops: venv pwa system-deps
	$(BIN)/python scripts/check_compose.py docker-compose.yml
	$(BIN)/pytest -q -p no:cacheprovider tests/ops

test: lint typecheck openapi-check test-py test-pg pwa-test test-browser test-ops
	@echo "all checks passed"

bench: venv
	$(BIN)/python bench/run.py
bench-cases: venv ; $(BIN)/python bench/cases.py
bench-mandates: venv ; $(BIN)/python bench/bench_mandates.py
bench-licences: venv ; $(BIN)/python bench/bench_licences.py
# First paint (issue 10): Lighthouse (npm, bench/lighthouse) with Debian's Chromium, mobile, simulated
# throttling, 3 runs of / and a guide through the bare app and through nginx; JS per route.
bench-lighthouse: venv pwa system-deps
	(cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python bench/lighthouse/run.py

clean:
	rm -rf $(VENV) pwa/node_modules pwa/dist instance test-artifacts
