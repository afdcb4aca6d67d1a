# Shortcuts only: each target runs the command the README and CONTRIBUTING.md give, so nothing here is
# needed (every command works as plain `bash scripts/...` or `python -m briefing ...`).
# The Python used: the active virtual environment's, else .venv/bin/python (which scripts/build.sh and
# scripts/test.sh make), else python3. Override with `make validate PYTHON=...`.
PYTHON ?= $(if $(VIRTUAL_ENV),python,$(if $(wildcard .venv/bin/python),.venv/bin/python,python3))

.PHONY: help build test validate chapters serve lab notebooks check

help:
	@echo "make build      bash scripts/build.sh: the site into _build/html, warnings as errors"
	@echo "make test       bash scripts/test.sh: the tests, browser included"
	@echo "make validate   python -m briefing validate: check the data package"
	@echo "make chapters   python -m briefing check: check the chapters, one line per mistake"
	@echo "make serve      python -m briefing serve: preview the built site on http://127.0.0.1:8000/"
	@echo "make lab        python -m briefing lab: the chapters live in JupyterLab"
	@echo "make notebooks  python -m briefing notebooks: .ipynb copies of the chapters in notebooks/"
	@echo "make check      python -m pre_commit run --all-files: every pre-commit hook on every file"

build:
	bash scripts/build.sh

test:
	bash scripts/test.sh

validate:
	$(PYTHON) -m briefing validate

chapters:
	$(PYTHON) -m briefing check

serve:
	$(PYTHON) -m briefing serve

lab:
	$(PYTHON) -m briefing lab

notebooks:
	$(PYTHON) -m briefing notebooks

check:
	$(PYTHON) -m pre_commit run --all-files
