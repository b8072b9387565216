#!/usr/bin/env bash
# The batch runner from this checkout: python3 -m vigie.plugin.core.batch with the checkout importable as
# "vigie" (.pkgroot/vigie links to it) and Debian's Python (where python3-dask, python3-distributed and
# GDAL's bindings live; a python3 from pyenv or conda first on PATH has none of them).
#   scripts/batch.sh KIT.gpkg [KIT.gpkg …] --output DIR [--categories A,B,…] [--workers N] [--scheduler ADDRESS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
python3 "$ROOT/scripts/pkgroot.py" >/dev/null  # .pkgroot/vigie -> this clone
PYTHON="${VIGIE_PYTHON:-/usr/bin/python3}"
PYTHONPATH="$ROOT/.pkgroot${PYTHONPATH:+:$PYTHONPATH}" exec "$PYTHON" -m vigie.plugin.core.batch "$@"
