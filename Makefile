# Two commands do all set-up on a fresh machine with Python >= 3.10:
#   make lab    opens the notebook series in JupyterLab (token kept, 127.0.0.1 only)
#   make test   lints, then runs every test: unit, property, notebooks (nbval) and browser
#   make lint   ruff's lint and format checks over the code and the notebooks (changes nothing)
#   make bench  measures the speed figures and writes benchmarks/RESULTS.md (about 3 minutes)
# Both create or update the virtual environment in .venv themselves.
# For authors: make notebooks re-executes every notebook and saves it with its outputs.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8888
# Jupyter refuses to run as root unless told; only then is the flag added.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Lab reads its default-settings overrides from the series' own folder, not from
# the environment's share/jupyter/lab/settings: overrides.json there turns off the
# "official Jupyter news" question and the update check (no request leaves the
# machine). A reader's own settings, saved in Lab, still take precedence.
LAB_APP_SETTINGS := jupyter/lab/settings
LINTED := nnlesson tests tools benchmarks docs notebooks

.PHONY: lab lint test bench notebooks venv clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "nnlesson needs Python >= 3.10, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[lab,test,classroom,hub]"
	@touch $@

venv: $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) --ServerApp.root_dir=notebooks --LabApp.app_settings_dir=$(LAB_APP_SETTINGS) $(ALLOW_ROOT)

# Both checks report, whichever fails; the target fails if either does.
lint: $(STAMP)
	status=0; \
	$(VENV)/bin/ruff check $(LINTED) || status=1; \
	$(VENV)/bin/ruff format --check $(LINTED) || status=1; \
	exit $$status

test: $(STAMP) lint
	$(PY) -m pytest --nbval --nbval-current-env tests $(wildcard notebooks/*.ipynb)

bench: $(STAMP)
	$(PY) -m benchmarks

notebooks: $(STAMP)
	$(PY) tools/execute_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
