# The README's two commands are `make run` and `make test`; both install what they need first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test bench lint web-assets chromium postgres

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The web app's browser libraries (Leaflet, markercluster, world-atlas, topojson-client) from the npm registry,
# pinned by package-lock.json; the app serves them itself, so no CDN is needed at run time.
WEB := src/protestwatch/web
$(WEB)/node_modules/.package-lock.json: $(WEB)/package.json $(WEB)/package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	cd $(WEB) && npm ci --no-audit --no-fund

web-assets: $(WEB)/node_modules/.package-lock.json

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
chromium:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

run: $(BIN)/.installed web-assets
	$(BIN)/protestwatch extract examples/articles.jsonl --format table --db protestwatch.db --redo

# The PostgreSQL store tests need the local server; start it if it is down (a machine without it skips them).
postgres:
	-pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start

test: $(BIN)/.installed web-assets chromium postgres
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/store_speed.py --events 20000 --articles 300 --queries 10
