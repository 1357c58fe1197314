# Two commands on a fresh machine: `make run` (set up, then the main job on the bundled
# examples) and `make test` (set up, then the tests). `make lint` runs ruff and mypy.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out
VENDOR := src/crosswire/web/static/vendor
ASSETS := $(VENDOR)/.stamp

.PHONY: install assets system run test test-fast lint format clean

install: $(STAMP) $(ASSETS)

# Front-end libraries for the web app and the HTML report come from npm at install time
# and are served locally (nothing is loaded from a CDN).
assets: $(ASSETS)

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/
	cp node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/
	cp node_modules/world-atlas/countries-110m.json $(VENDOR)/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/
	cp node_modules/leaflet/LICENSE $(VENDOR)/LICENSE.leaflet
	cp node_modules/world-atlas/LICENSE $(VENDOR)/LICENSE.world-atlas
	cp node_modules/topojson-client/LICENSE $(VENDOR)/LICENSE.topojson-client
	cp node_modules/chart.js/LICENSE.md $(VENDOR)/LICENSE.chart.js
	touch $(ASSETS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,postgres,web]"
	touch $(STAMP)

run: install
	$(BIN)/crosswire run examples/corpus --meta examples/meta.jsonl --db $(OUT)/crosswire.db --out $(OUT)

# Debian packages the tests need: PostgreSQL (tests marked postgres) and Chromium (browser
# tests). Installed when missing if run as root; otherwise it prints the apt-get command.
system:
	@.ci/system.sh postgresql chromium

test: system install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) $(OUT) node_modules $(VENDOR) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
