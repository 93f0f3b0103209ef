# zowe-ha kit. `make demo` and `make test` are the two commands of the README.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Installed markers: reinstall when pyproject.toml changes.
KIT    := $(VENV)/.kit-installed
TESTKIT:= $(VENV)/.test-installed

.PHONY: demo test lab app bench lint test-tools chromium clean help

help:
	@echo "make demo   - run the example change record end to end and print the site path (details: demo/demo.log)"
	@echo "make test   - install test extras (and chromium, ssh-keygen, openssl as root) and run the test suite"
	@echo "make lab    - open JupyterLab on the notebooks (guided setup)"
	@echo "make app    - the walk as an app in the browser, no JupyterLab needed (Voila); APP=guided-setup for the form"
	@echo "make bench  - run the benchmarks (ratios against a baseline measured in the same run)"
	@echo "make lint   - ruff over the library, tests and notebooks"

# pip's and setuptools' own chatter (an editable install always says so) goes to
# $(INSTALL_LOG), shown only when an install fails, so that `make demo` stays a short summary.
INSTALL_LOG := $(VENV)/install.log
QUIET_PIP = > $(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }

$(BIN)/python:
	@echo "creating $(VENV) (install log: $(INSTALL_LOG))"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip $(QUIET_PIP)

$(KIT): pyproject.toml | $(BIN)/python
	@echo "installing the kit into $(VENV) (log: $(INSTALL_LOG))"
	@$(BIN)/python -m pip install -q -e . $(QUIET_PIP)
	@touch $@

$(TESTKIT): pyproject.toml | $(BIN)/python
	@echo "installing the kit and its test extras into $(VENV) (log: $(INSTALL_LOG))"
	@$(BIN)/python -m pip install -q -e '.[dev]' $(QUIET_PIP)
	@touch $(KIT) $@

# System commands the tests run: Debian's Chromium (browser tests), ssh-keygen (sign-off) and
# openssl (the fake z/OSMF's certificate). CI runs as root, so install what is missing there;
# elsewhere say what to install. No test skips itself for want of one of them.
TEST_TOOLS := chromium:chromium ssh-keygen:openssh-client openssl:openssl

test-tools:
	@missing=""; for pair in $(TEST_TOOLS); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing for the tests:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; fi

chromium: test-tools

# A short summary on the terminal; every command's output goes to demo/demo.log.
demo: $(KIT)
	@$(BIN)/python -m zowe_ha_lib.demo

test: $(TESTKIT) test-tools
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# Root (containers, CI machines) needs --allow-root; the file browser starts at the repository
# so that runbooks/ and notebooks/ are both in reach.
lab: $(KIT)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) --ServerApp.root_dir=. notebooks/guided-setup.ipynb

# The walk (or, with APP=guided-setup, the guided setup) as an app: Voila runs the notebook and
# shows only its text and widgets, never its code. It serves on localhost only.
APP ?= walk
app: $(KIT)
	$(BIN)/voila notebooks/$(APP).ipynb

bench: $(TESTKIT)
	$(BIN)/python -m benchmarks

lint: $(TESTKIT)
	$(BIN)/ruff check zowe_ha_lib tests benchmarks notebooks

clean:
	rm -rf site/_build demo runbooks/*/report runbooks/*/history runbooks/*/collected runbooks/*/.report-tmp-* .pytest_cache
