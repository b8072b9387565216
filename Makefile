# Vigie — every target installs what it needs first (scripts/install-deps.sh).
VENV_PY := .venv/bin/python
RUN_ENV := PROJ_DATA=/usr/share/proj QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/vigie-runtime-$(shell id -u) QGIS_NO_OVERRIDE_IMPORT=1
SHARED ?= ../shared

.PHONY: setup test test-engine test-qgis lint bench demo models screenshots i18n i18n-update package clean

setup:
	@bash scripts/install-deps.sh
	@git config merge.tsunion.driver "python3 scripts/merge_ts.py %O %A %B" 2>/dev/null || true
	@mkdir -p -m 0700 /tmp/vigie-runtime-$(shell id -u)

## make test: engine tests (plain Python) then QGIS tests (headless), with lint first.
test: setup i18n
	$(VENV_PY) -m ruff check .
	rm -rf .qgis-settings
	# Engine tests are plain Python: one process per core. QGIS tests share one QGIS: in order.
	$(RUN_ENV) $(VENV_PY) -m pytest tests --ignore=tests/qgis -q -p no:cacheprovider -n auto
	$(RUN_ENV) $(VENV_PY) -m pytest tests/qgis -q -p no:cacheprovider

test-engine: setup
	$(RUN_ENV) $(VENV_PY) -m pytest tests/engine -q -p no:cacheprovider

test-qgis: setup i18n
	$(RUN_ENV) $(VENV_PY) -m pytest tests/qgis -q -p no:cacheprovider

## make lint: ruff, then the QGIS 4 (Qt 6) name check and the plugin repository's upload scans
## (Bandit and detect-secrets block publication; flake8's count is reported) on vigie.zip's contents.
lint: setup i18n
	$(VENV_PY) -m ruff check .
	$(VENV_PY) -m ruff format --check .
	.venv-qt6/bin/python scripts/check_qt6.py
	bash scripts/package.sh build/vigie-lint.zip >/dev/null
	$(VENV_PY) scripts/check_plugin_package.py build/vigie-lint.zip

## make bench: speed of each engine against a reference measured in the same run.
bench: setup
	$(RUN_ENV) $(VENV_PY) -m pytest tests/benchmarks -q -s -p no:cacheprovider -o norecursedirs=.venv

## make demo: the full road diagnostic on the Hautes-Alpes sample, offline, into demo-output/.
demo: setup i18n
	$(RUN_ENV) $(VENV_PY) scripts/demo.py --shared $(SHARED) --output demo-output $(if $(TERRITORY),--territory $(TERRITORY),)

## make models: rebuild the shipped Processing models (resources/models/*.model3) from scripts/build_models.py.
models: setup
	$(RUN_ENV) $(VENV_PY) scripts/build_models.py

## make screenshots: docs/img/*.png from a real QGIS desktop on a virtual screen (needs xvfb, imagemagick).
screenshots: setup i18n
	bash scripts/screenshots.sh fr && bash scripts/screenshots.sh en

## make i18n: compile i18n/*.ts into the .qm files QGIS loads (fails if lrelease fails).
i18n:
	@for ts in i18n/*.ts; do [ -f "$$ts" ] || continue; lrelease -silent "$$ts" -qm "$${ts%.ts}.qm" || exit 1; done

## make i18n-update: refresh i18n/vigie_fr.ts from the sources (then translate the new strings).
i18n-update:
	/usr/bin/python3 scripts/update_translations.py

## make package: vigie.zip for QGIS "Install from ZIP" (no tests, Makefile or .ts inside).
package: i18n
	bash scripts/package.sh

clean:
	rm -rf .pkgroot build demo-output vigie.zip i18n/*.qm
