# The two commands a new user runs: `make run` (install, build the sample project, open the app)
# and `make test` (install, run the whole test suite headless, check the layer contracts).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := build/sample.afpak

.PHONY: run test install benchmark clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(SAMPLE): | $(STAMP)
	mkdir -p build
	$(BIN)/afpak-coder sample $(SAMPLE)

run: $(STAMP) $(SAMPLE)
	$(BIN)/afpak-coder $(SAMPLE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/lint-imports

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) build .pytest_cache .import_linter_cache
