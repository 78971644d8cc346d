# Istog Consult: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test setup lint check-migrations messages compile-messages demo browser-deps benchmark two-node clean \
	system-packages-run system-packages-test system-packages-benchmark

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## system-packages-run / -test / -benchmark: the Debian packages serving / testing / measuring needs (apt-get as root, else the command to run)
system-packages-run:
	@scripts/install-system-packages.sh run

system-packages-test:
	@scripts/install-system-packages.sh test

system-packages-benchmark:
	@scripts/install-system-packages.sh benchmark

## compile-messages: generate the Serbian Cyrillic catalog (locale/sr) from the Serbian Latin one, compile all
## (under CI only check that the committed Cyrillic catalog is the generated one)
compile-messages: | $(PY)
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: run scripts/install-system-packages.sh run"; exit 1; }
	DEBUG=1 $(MANAGE) cyrillic_catalog $(if $(filter true,$(CI)),--check)
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

## run: set everything up on SQLite, load the demo (Istog, Mamusha, Gračanica) and serve them at
## http://<slug>.localhost:8000/ (browsers send *.localhost to this machine), the main domain at http://localhost:8000/
# The port HOST listens on: *.localhost addresses need it, and SITE_URL on localhost makes them (public_url_of).
PORT := $(lastword $(subst :, ,$(HOST)))
DEMO_SLUGS := istog mamusha gracanica
run: export DEBUG = 1
run: export SITE_URL ?= http://localhost:$(PORT)
run: system-packages-run $(VENV)/.runtime compile-messages
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo --if-empty
	$(MANAGE) create_officer --municipality istog
	@# A database loaded before Mamusha and Gračanica has Istog alone (`manage.py load_demo` adds them): go on.
	-$(MANAGE) create_officer --username officer-mamusha --municipality mamusha
	-$(MANAGE) create_officer --username officer-gracanica --municipality gracanica
	@echo "The demo's portals (each one's admin at <address>sq/admin/; one task worker for mail, publishing, PDFs, alerts and clean-up runs alongside):"
	@for slug in $(DEMO_SLUGS); do echo "  http://$$slug.localhost:$(PORT)/"; done
	@echo "  http://localhost:$(PORT)/  (the main domain: the list of municipalities)"
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST)

## test: install what the tests need, lint, check migrations, run the whole suite (SKIP_BROWSER=1: without the browser suite)
## in TEST_PARTS processes side by side (scripts/run_tests.py; TEST_PARTS=1: one process, as `python -m pytest`)
TEST_PARTS ?= 2
test: system-packages-test $(VENV)/.dev compile-messages browser-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	SECRET_KEY=check DEBUG=0 $(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/run_tests.py --parts $(TEST_PARTS)

## browser-deps: axe-core and the Nu HTML checker (vnu-jar) from the npm registry for the browser tests
browser-deps: node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar

# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar &: package.json
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --silent --ignore-scripts; \
	elif [ "$(SKIP_BROWSER)" = 1 ]; then echo "npm is missing: skipped with the browser suite (SKIP_BROWSER=1)"; \
	else echo "npm is missing: run scripts/install-system-packages.sh test"; exit 1; fi

## messages: refresh the .po files after changing interface text (Serbian Cyrillic is generated from sr_Latn)
messages: $(VENV)/.runtime
	for lang in sq sr_Latn bs tr; do \
	  DEBUG=1 $(MANAGE) makemessages -l $$lang --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=test-artifacts --no-obsolete --no-location --no-wrap; \
	done
	DEBUG=1 $(MANAGE) cyrillic_catalog

## benchmark: public pages under gunicorn against a bare view, cold and warm, then the load scenario
## (BENCHMARK_ARGS="--hearings 10000 --load-duration 60"; DATABASE_URL=postgres://... for PostgreSQL)
BENCHMARK_ARGS ?=
benchmark: system-packages-benchmark $(VENV)/.dev compile-messages
	$(PY) scripts/benchmark.py --load $(BENCHMARK_ARGS)
	@echo "Several application servers: make two-node (nginx, two gunicorn nodes, PostgreSQL, Redis, S3; one node killed under load)"

## two-node: nginx balancing two gunicorn nodes (PostgreSQL and Redis on 127.0.0.1, an S3 server, the workers),
## 50 clients for 60 s while one node is killed with kill -9 and restarted (TWO_NODE_ARGS="--duration 20")
TWO_NODE_ARGS ?=
two-node: system-packages-benchmark $(VENV)/.dev compile-messages
	$(PY) scripts/two_node.py $(TWO_NODE_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts
