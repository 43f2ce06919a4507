# make run: set up and start Huiwu.  make test: set up and run the whole suite headless.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-data lint demo clean package startup-bench handbook-images

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/huiwu

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check core gui tests packaging
	$(BIN)/mypy

# Speed targets of the issues, measured by pytest-benchmark on a demo file with ~5,000 topics.
bench-data: $(STAMP)
	$(BIN)/python -m tests.bench.data
	$(BIN)/python -m tests.bench.stats_data

bench: bench-data
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -o addopts="-ra --strict-markers" tests/bench \
		--benchmark-columns=min,median,max,rounds --benchmark-sort=name

lint: $(STAMP)
	$(BIN)/ruff check core gui tests packaging
	$(BIN)/mypy

demo: $(STAMP)
	$(BIN)/huiwu demo

clean:
	rm -rf $(VENV) build dist *.egg-info

# The Linux bundle dist/huiwu/ (PyInstaller, onedir; packaging/huiwu.spec). Not part of `make test`:
# CI builds it once after the tests and self-tests it. PyInstaller is pinned here, not a dependency.
PYINSTALLER := pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9

package: $(STAMP)
	$(BIN)/python -m pip install --quiet $(PYINSTALLER)
	rm -rf dist/huiwu
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/huiwu.spec
	@echo "dist/huiwu unpacked: $$(du -sm dist/huiwu | cut -f1) MB in $$(find dist/huiwu -type f | wc -l) files (target < 250 MB)"

# Start-up time to the main window: bare PySide6 window vs Huiwu from source (and the bundle if built).
startup-bench: $(STAMP)
	$(BIN)/python packaging/startup_bench.py --importtime

# The handbook's pictures (gui/help/pages/images), taken from the real windows on a demo file (about 30 s).
handbook-images: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m gui.help.screenshots gui/help/pages/images
