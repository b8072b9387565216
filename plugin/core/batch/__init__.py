"""The method as a QGIS-free runner on Dask, for many territories and every kind of service.

Command line (a contract)::

    python3 -m vigie.plugin.core.batch KIT.gpkg [KIT.gpkg …] --output DIR [--categories A,B,…]
        [--workers N] [--scheduler ADDRESS]

From Python::

    from vigie.plugin.core.batch import run_batch, Options
    rows = run_batch(["gap.gpkg", "embrun.gpkg"], "results", categories=["D201", "D307"], workers=2)

Per kit, one task reads the kit (``kit.py``, GDAL's Python bindings) and builds its road graph once
(stored in ``DIR/.vigie-batch/graphs``); one task per category computes the road time from every
origin to the nearest service of that category on the worker that holds the graph (others load it
from the cache); one task writes ``DIR/<kit>.gpkg``. ``DIR/summary.csv`` has one row per kit x
category. Dask is imported by ``runner.py`` only; this package's other modules need numpy, scipy,
pandas and GDAL.
"""

import importlib
import os

BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def blas_single_thread():
    """One BLAS/OpenMP thread per worker process: workers are the parallelism. Effective only before
    numpy starts, hence here, in the package that imports no numpy (``__main__`` calls it first)."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


# Imported on first use (PEP 562): ``python3 -m vigie.plugin.core.batch`` imports this package before
# its __main__, which must limit BLAS threads before numpy starts.
_EXPORTS = {
    "KitError": "kit",
    "KitPlaces": "kit",
    "read_places": "kit",
    "BatchError": "runner",
    "run_batch": "runner",
    "Options": "tasks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
