# Two commands for a fresh machine (Python 3.11 and pip): `make site`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: site test test-fast bench serve clean audit

## site: install what the generator needs, generate content/ from seeds/, build site/
site: $(VENV)/.installed
	$(BIN)/briefing build

## serve: build and preview on http://127.0.0.1:8000, regenerating when seeds/ change
serve: $(VENV)/.installed
	$(BIN)/briefing serve

## test: install the test tools (and Debian's chromium) and run the whole suite
test: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/python -m pytest

## test-fast: the suite without the slow corpus and browser tests
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow and not browser"

## bench: the scale benchmark on the shared corpus (not part of `make test`)
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

## audit: Lighthouse and the Nu HTML Checker on the built seed site (needs node, npm, java; not part of `make test`)
audit: site audit/node_modules/.installed $(CHROMIUM)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python audit/run.py site

audit/node_modules/.installed: audit/package.json audit/package-lock.json
	npm ci --prefix audit --no-audit --no-fund
	touch $@

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.txt
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

clean:
	rm -rf site .briefing-cache
