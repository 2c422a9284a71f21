# Shelter Desktop: `make run` to start the app, `make test` to run the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
QT_LIBS := libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
TEST_TOOLS := gettext poppler-utils

.PHONY: run test lint catalogs compile-catalogs soak bench system-deps clean-venv

run: $(STAMP) compile-catalogs
	$(PY) main.py $(ARGS)

test: $(STAMP) compile-catalogs system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check shelter_desktop tests bench main.py
	$(PY) -m mypy

# Full-size campaigns (crash loops and the like); `make test` runs them small.
soak: $(STAMP) compile-catalogs system-deps
	SHELTER_SOAK=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -m slow $(PYTEST_ARGS)

bench: $(STAMP) compile-catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(BENCH_ARGS)

# Re-extract every translatable string and merge it into each catalog.
catalogs: $(STAMP)
	$(PY) -m shelter_desktop.tools.catalogs update

compile-catalogs: $(STAMP)
	$(PY) -m shelter_desktop.tools.catalogs compile

$(STAMP): pyproject.toml
	@scripts/check-python.sh "$(PYTHON)"
	@scripts/system-deps.sh $(QT_LIBS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@scripts/system-deps.sh $(QT_LIBS) $(TEST_TOOLS)

clean-venv:
	rm -rf $(VENV)
