# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make run    create .venv, install, run every model and experiment into results/
#   make test   create .venv, install with test extras, run the suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: run test bench lint clean

# Stamps make the targets idempotent: reinstall only when pyproject.toml changes.
$(VENV)/.stamp-run: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(VENV)/.stamp-run $@

run: $(VENV)/.stamp-run
	$(PY) experiments/run_all.py

test: $(VENV)/.stamp-test
	$(PY) -m pytest
	$(PY) -m ruff check negotiation tests experiments benchmarks

bench: $(VENV)/.stamp-run
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(VENV)/.stamp-test
	$(PY) -m ruff check negotiation tests experiments benchmarks

clean:
	rm -rf $(VENV) results/*/
