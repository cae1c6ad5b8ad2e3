# Cocrea: `make run` serves the platform with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test screenshots setup setup-dev messages lint bench bench-burst bench-organizers bench-judging bench-pages bench-projects bench-fanout bench-certificates bench-checkin clean

run: setup  ## Set up, migrate, load the demo and serve over ASGI on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Cocrea: http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup-dev  ## Lint, check migrations and run every test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=innovation_platform.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

screenshots: setup-dev  ## The key pages at 1366 and 390 px, as each demo person, into var/screenshots/ (not committed)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --quiet-accounts
	$(BIN)/python tools/screenshots.py $(SCREENSHOTS_ARGS)

setup: $(VENV)/.installed messages
setup-dev: $(VENV)/.installed-dev messages

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	mkdir -p var
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

messages: $(VENV)/.installed  ## Compile the translation catalogues (no GNU gettext needed)
	$(BIN)/pybabel compile --domain django --directory locale --statistics
	$(BIN)/pybabel compile --domain django --directory locale_overrides --statistics

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup-dev  ## Load benchmarks of the production configuration (see bench/README.md)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-burst: setup-dev  ## Deadline burst: N citizens save, attach and submit in the last minute (see bench/README.md)
	$(BIN)/python bench/deadline_burst.py $(BENCH_ARGS)

bench-organizers: setup-dev  ## The organizers' proposals list and its CSV export at 130, 1,000 and 10,000 proposals
	$(BIN)/python bench/organizers.py $(BENCH_ARGS)

bench-projects: setup-dev  ## The network's project gallery and the projects API at 130 and 10,000 projects
	$(BIN)/python bench/projects.py $(BENCH_ARGS)

bench-judging: setup-dev  ## Round results, judging progress and a juror's reviews at 130, 1,000 and 10,000 proposals
	$(BIN)/python bench/judging_pages.py $(BENCH_ARGS)

bench-pages: setup-dev  ## The public pages (signed out and in) and the proposals API at 130, 1,000 and 10,000 proposals
	$(BIN)/python bench/public_pages.py $(BENCH_ARGS)

bench-fanout: setup-dev  ## Live updates: N WebSocket clients, 20 announcements, connect storm (see bench/README.md)
	$(BIN)/python bench/fanout.py $(BENCH_ARGS)

bench-certificates: setup-dev  ## Issue 1,000 certificates: time per certificate to issue and to draw, every PDF checked
	$(BIN)/python bench/certificates.py $(BENCH_ARGS)

bench-checkin: setup-dev  ## Check-in at the door: 300 people, 4 phones posting codes to a real server (see bench/README.md)
	$(BIN)/python bench/checkin.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
