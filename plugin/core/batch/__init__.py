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

from .kit import KitError, KitPlaces, read_places
from .runner import BatchError, run_batch
from .tasks import Options

__all__ = ["BatchError", "KitError", "KitPlaces", "Options", "read_places", "run_batch"]
