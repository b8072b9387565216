#!/usr/bin/env bash
# Installs what Vigie's tests and demo need on a fresh Debian 12/13 machine: QGIS from
# Debian's packages, then a venv with the test tools. Idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="qgis python3-qgis qgis-providers python3-pandas python3-scipy python3-pytest python3-venv \
  python3-requests python3-owslib python3-pyproj poppler-utils pyqt5-dev-tools qttools5-dev-tools zip p7zip-full"
# The batch runner only (python3 -m vigie.plugin.core.batch), never the plugin inside QGIS: Dask, GDAL's Python.
APT_PACKAGES="$APT_PACKAGES python3-dask python3-distributed python3-gdal"
# Tests only: validating vigie:publish's DCAT-AP metadata (requirements-dev.txt then finds it installed).
APT_PACKAGES="$APT_PACKAGES python3-jsonschema"

missing=""
for package in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import qgis.core" 2>/dev/null; then
  rm -rf .venv
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
if ! cmp -s requirements-dev.txt .venv/.requirements-dev.txt; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  cp requirements-dev.txt .venv/.requirements-dev.txt
fi

# QGIS 4 readiness check (tests/engine/test_qt6_readiness.py): PyQt6 from the package index in a
# venv of its own (never mixed with QGIS's PyQt5), used only to resolve Qt names in the sources.
if [ ! -x .venv-qt6/bin/python ] || ! cmp -s requirements-qt6.txt .venv-qt6/.requirements-qt6.txt; then
  rm -rf .venv-qt6
  /usr/bin/python3 -m venv .venv-qt6
  .venv-qt6/bin/pip install -q --disable-pip-version-check -r requirements-qt6.txt
  cp requirements-qt6.txt .venv-qt6/.requirements-qt6.txt
fi
