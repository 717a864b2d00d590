# Entry points: `make book` builds the HTML book, `make check` runs the fast tests (no build, no
# browser), `make test` runs them, builds the book once and runs the build and browser tests on that
# build (three tiers, three steps: a failure names its tier), `make test-all` adds the exhaustive sweeps.
# Everything runs in .venv, made from requirements.txt (exact pins), so readers, CI and Binder agree.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
BOOK_STAMP := $(VENV)/.book-installed
TEST_STAMP := $(VENV)/.test-installed
# JavaScript the tests use (axe-core), pinned in tools/package-lock.json; never shipped with the book.
TEST_JS := tools/node_modules/.package-lock.json
# The packages the book's widget runtime is built from (tools/widget-runtime/package-lock.json).
RUNTIME_JS := tools/widget-runtime/node_modules/.package-lock.json
# html-manager's stock embed.js, for the benchmark's comparison only (tools/stock-widgets); never shipped.
STOCK_JS := tools/stock-widgets/node_modules/.package-lock.json
# Lighthouse, for the benchmark's page scores only (tools/lighthouse); never shipped, never needed by the tests.
LIGHTHOUSE_JS := tools/lighthouse/node_modules/.package-lock.json
CHROMIUM ?= /usr/bin/chromium
# pytest with one worker per core (pytest-xdist); tests that share an expensive fixture (one clean build,
# the printed PDFs) keep to one worker through their xdist_group.
PYTEST := $(BIN)/python -m pytest -n auto --dist loadgroup

.PHONY: book check test test-build test-browser test-all bench vendor clean lock lab check-chromium question-bank normalise pdf check-pdftotext assignments grade

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BOOK_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): $(BOOK_STAMP) requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

## book: install (first time) and build the HTML book into _build/html
book: $(BOOK_STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going . 2>&1 | tee _build.log
	@echo "The book is in _build/html: open _build/html/index.html"

## check-chromium: the browser tests drive Debian's chromium; install it when root, else say how
check-chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium. Run: sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi

$(TEST_JS): tools/package.json tools/package-lock.json
	cd tools && npm ci --ignore-scripts --no-audit --no-fund

## check: install what the tests need (no chromium, no npm), then the fast tier: the tests that
## need no built book and no browser, the doctests of src/ and ruff (tests/test_hygiene.py)
check: $(TEST_STAMP)
	@echo "== make check: the fast tier (no build, no browser) =="
	$(PYTEST) -m "not build and not browser"

$(RUNTIME_JS): tools/widget-runtime/package.json tools/widget-runtime/package-lock.json
	cd tools/widget-runtime && npm ci --ignore-scripts --no-audit --no-fund

$(STOCK_JS): tools/stock-widgets/package.json tools/stock-widgets/package-lock.json
	cd tools/stock-widgets && npm ci --ignore-scripts --no-audit --no-fund

$(LIGHTHOUSE_JS): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --ignore-scripts --no-audit --no-fund

## test-build: the build tier, on the built book: its pages on disk, one more clean build (determinism,
## rebuilds), broken copies that must stop the build, Binder's environment (cached by the lock file)
test-build: $(TEST_STAMP) $(RUNTIME_JS) book
	@echo "== make test-build: the build tier (the built book on disk, builds of copies, Binder) =="
	$(PYTEST) -m "build and not browser"

## test-browser: the browser tier: the built book in Debian's chromium, one visit per page and width
test-browser: $(TEST_STAMP) $(TEST_JS) $(RUNTIME_JS) check-chromium check-pdftotext book
	@echo "== make test-browser: the browser tier (the built book in chromium) =="
	$(PYTEST) -m "browser"

## test: install what the tests need and run every tier in turn: check, build the book once, the
## build tier and the browser tier on that build (each step says its tier; the first to fail stops)
test: check test-build test-browser

## test-all: make test with the exhaustive sweeps run whole (every lab state at every width, every
## page in dark mode) instead of a fixed sample; make bench runs it too
test-all: export MLOPS_TEST_ALL = 1
test-all: test

## bench: time builds, weigh pages, time widget rendering, score every page with Lighthouse (tools/);
## writes bench/results.md (a script, not a test)
bench: $(TEST_STAMP) $(STOCK_JS) $(LIGHTHOUSE_JS) check-chromium
	$(BIN)/python tools/bench.py

## lab: the chapters as live notebooks in JupyterLab (jupytext opens each .md as a notebook, as on Binder):
## the repository's root is served, as on Binder (whose links are relative to it), the file browser opens
## on chapters/; as root it adds --allow-root; LAB_ARGS adds JupyterLab options (e.g. --no-browser)
LAB_ARGS ?=
lab: $(BOOK_STAMP)
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/jupytext-config set-default-viewer markdown myst
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/python -m mlops_book.lab_contents
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
	  --ContentsManager.preferred_dir=chapters $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

## check-pdftotext: make pdf joins and its test reads PDFs with Debian's poppler-utils; install it when root, else say how
check-pdftotext:
	@if ! command -v pdfunite >/dev/null || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's poppler-utils (pdfunite, pdftotext)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else \
	    echo "make pdf needs Debian's poppler-utils. Run: sudo apt-get install poppler-utils"; exit 1; \
	  fi; \
	fi

## pdf: students' handouts (one per chapter, lab and reference page, and the student book) and the instructors' pack, printed from the built book by chromium, into _build/pdf (emptied first: no stale file)
pdf: $(TEST_STAMP) check-chromium check-pdftotext book
	rm -rf _build/pdf
	$(BIN)/python tools/print_pdf.py _build/html _build/pdf

## normalise: store every chapter exactly as jupytext writes it from JupyterLab (solutions collapsed), so opening one changes no file,
## and every page a learner opens with links for cross-references and numbers written out from data/ (the form JupyterLab renders);
## then write each notebook page's Colab form (colab/*.ipynb) from its chapter
normalise: $(BOOK_STAMP)
	$(BIN)/python -m mlops_book.notebook_form
	$(BIN)/python -m mlops_book.colab

## question-bank: the quizzes for a learning platform: a Moodle XML file and Canvas QTI packages in _build/question-bank
question-bank: $(BOOK_STAMP)
	$(BIN)/python -m mlops_book.question_bank _build/question-bank

## assignments: the graded assignments (otter-grader) for one term, into _build/assignments/<name>/: student/ for
## learners, autograder/ (autograder.zip) for grading; SEED=<whole number> is the term seed that draws the data and so
## the answers (default 2026, mlops_book.graded.DEFAULT_SEED)
SEED ?=
assignments: $(BOOK_STAMP)
	$(BIN)/python tools/build_assignments.py _build/assignments $(if $(SEED),--seed $(SEED))

## grade: grade every submission (.zip or .ipynb) in SUBMISSIONS=<folder> to ASSIGNMENT=<name> with otter run, without
## Docker, against what make assignments built (_build/assignments/<name>/autograder/autograder.zip, which holds the
## term's expected values: no SEED needed); writes GRADES=<folder> (default _build/grades/<name>): final_grades.csv,
## one row per submission (a submission that cannot be graded gets its row, with the reason) and each results.json
ASSIGNMENT ?=
SUBMISSIONS ?=
GRADES ?=
grade: $(BOOK_STAMP)
	@if [ -z "$(ASSIGNMENT)" ] || [ -z "$(SUBMISSIONS)" ]; then \
	  echo "make grade needs ASSIGNMENT=<name> and SUBMISSIONS=<folder>, e.g." \
	    "make grade ASSIGNMENT=drift_policy SUBMISSIONS=submissions/"; exit 2; \
	fi
	$(BIN)/python tools/grade_assignments.py "$(ASSIGNMENT)" "$(SUBMISSIONS)" $(if $(GRADES),--out "$(GRADES)")

## vendor: rebuild the widget runtime in vendor/widgets from tools/widget-runtime (npm ci, then two
## esbuild builds that must be byte-identical) and rewrite its checksums in MANIFEST.json
vendor: $(BOOK_STAMP)
	$(BIN)/python tools/vendor_widgets.py --refresh

## lock: re-resolve requirements.txt from requirements.in
lock: | $(BIN)/python
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -r requirements.in
	# --all: wheel too (sphinx-togglebutton requires it; plain freeze leaves it unpinned); pip and setuptools are the venv's own
	{ head -3 requirements.txt; .lockenv/bin/pip freeze --all --exclude-editable --exclude pip --exclude setuptools; } > requirements.txt.new
	mv requirements.txt.new requirements.txt && rm -rf .lockenv

clean:
	rm -rf _build _build.log
