# Two commands do everything: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export KG_STORE ?= var/store

.PHONY: install build serve test bench clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The SPARQL editor of /query (YASQE from npm @zazuko/yasgui, ui/package-lock.json), copied into
# server/static/vendor/yasgui/ with its licence notice; never fetched by a browser from elsewhere.
VENDOR := server/static/vendor/yasgui
YASQE  := ui/node_modules/@zazuko/yasqe/build
$(VENDOR)/.stamp: ui/package.json ui/package-lock.json ui/notice.mjs
	cd ui && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	sed '/^\/\/# sourceMappingURL=/d' $(YASQE)/yasqe.min.js > $(VENDOR)/yasqe.min.js
	sed '/sourceMappingURL=/d' $(YASQE)/yasqe.min.css > $(VENDOR)/yasqe.min.css
	node ui/notice.mjs > $(VENDOR)/LICENSE.txt
	@touch $@

install: $(STAMP) $(VENDOR)/.stamp

# Rebuilds only when the store is missing or older than the corpus, ontology or pipeline.
build: install
	$(BIN)/kg build --if-stale

serve: build
	$(BIN)/kg serve

# The browser tests drive Debian's chromium (never a downloaded browser); install it once.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The remote-backend tests start a real Virtuoso (Debian's 7.2) on free loopback ports; install it once.
VIRTUOSO := /usr/bin/virtuoso-t
$(VIRTUOSO):
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource

test: install $(CHROMIUM) $(VIRTUOSO)
	$(BIN)/python -m pytest

# Benchmarks (bench/README.md): kg serve against oxigraph serve, loading, where the time goes.
# About 10 minutes on 2 cores; BENCH_ARGS="--articles 100000" for bigger, "--quick" for a smoke run.
# bench.scaling: load rate and query latency at 10^5..10^7 quads, embedded and Virtuoso (docs/scaling.md);
# SCALING_ARGS="--sizes 100000 1000000" for a shorter run.
bench: install $(VIRTUOSO)
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.scaling $(SCALING_ARGS)

clean:
	rm -rf $(VENV) var ui/node_modules $(VENDOR)
