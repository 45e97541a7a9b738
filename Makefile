# The two commands a new user runs: `make run` (install, build the sample project, open the app)
# and `make test` (install, run the whole test suite headless, check the layer contracts).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := build/sample.afpak

.PHONY: run test install install-desktop benchmark clean

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

# The team-server tests start a throwaway PostgreSQL server: the check installs its programs when
# missing (as root with apt-get), else stops with one line naming the command to run.
test: $(STAMP)
	@$(BIN)/python tools/ensure_postgresql.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/lint-imports

# A menu entry and icon for the current user (freedesktop: GNOME, KDE, Xfce…), starting this checkout's app.
DATA_HOME ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
ICONS := afpak_coder/resources/icons
install-desktop: $(STAMP)
	mkdir -p $(DATA_HOME)/applications $(DATA_HOME)/icons/hicolor/scalable/apps
	sed 's|^Exec=afpak-coder-gui|Exec=$(abspath $(BIN))/afpak-coder-gui|' afpak_coder/resources/afpak-coder.desktop \
		> $(DATA_HOME)/applications/afpak-coder.desktop
	cp $(ICONS)/afpak-coder.svg $(DATA_HOME)/icons/hicolor/scalable/apps/afpak-coder.svg
	for size in 16 24 32 48 64 128 256 512; do \
		mkdir -p $(DATA_HOME)/icons/hicolor/$${size}x$${size}/apps; \
		cp $(ICONS)/afpak-coder-$$size.png $(DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/afpak-coder.png; \
	done
	command -v update-desktop-database >/dev/null && update-desktop-database $(DATA_HOME)/applications || true
	@echo "Installed afpak-coder in the applications menu ($(DATA_HOME)/applications/afpak-coder.desktop)"

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) build .pytest_cache .import_linter_cache
