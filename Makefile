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

# The Qt check runs as a plain script (no package import): it installs missing X11 libraries
# when it can, else stops with one line naming the command to run. `make test` needs none of it.
run: $(STAMP) $(SAMPLE)
	@$(BIN)/python afpak_coder/qt_system_libs.py
	$(BIN)/afpak-coder $(SAMPLE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/lint-imports

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) build .pytest_cache .import_linter_cache
