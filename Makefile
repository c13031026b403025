# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: install runtime-deps system-deps messages migrate demo run test bench clean

# What running needs beside Python (python3-venv, WeasyPrint's Pango and
# fontconfig) is checked first, before the virtualenv is made: installed when
# missing and we are root, otherwise named with the command that installs it.
$(STAMP): requirements.txt | runtime-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) messages

runtime-deps:
	@PYTHON="$(PYTHON)" bash scripts/system-deps.sh run

# The tests need that and Chromium (browser tests) and poppler (PDF checks).
system-deps:
	@PYTHON="$(PYTHON)" bash scripts/system-deps.sh test

messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: runtime-deps demo
	$(BIN)/honcho -f Procfile start

test: system-deps install
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark scripts (bench/ also holds their settings and URL modules).
BENCHES ?= bench/pdf.py bench/issue.py bench/public.py bench/deadlines.py bench/imports.py bench/exports.py bench/staff.py bench/province.py

bench: install
	@for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf var/broker var/test*.sqlite3 .pytest_cache
