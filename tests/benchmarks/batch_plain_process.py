"""Child process of test_bench_batch.py: the batch runner's work on some kits without Dask, for the
machine's ceiling (what two cores give this very work).

    python batch_plain_process.py FOLDER CODES KIT.gpkg [KIT.gpkg …]

Imports the engine, prints ``ready``, waits for a line on stdin (so that two such processes start
computing together), then per kit: read it and build its graph, search every category, write the
kit's GeoPackage — the runner's three tasks, called in turn — and prints the seconds that took.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / ".pkgroot"))

from vigie.plugin.core.batch import blas_single_thread  # noqa: E402

blas_single_thread()

from vigie.plugin.core.batch.tasks import Options, categories_task, prepare_kit, write_kit_task  # noqa: E402
from vigie.plugin.core.reference.basket import basket_from_codes  # noqa: E402


def main(folder, codes, kits):
    from osgeo import ogr, osr  # noqa: F401 (imported before the clock, as in a started worker)

    codes = codes.split(",")
    basket = basket_from_codes(codes, "explicit list")
    options = Options()
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.perf_counter()
    for kit in kits:
        prepared = prepare_kit(kit, folder)
        rows = categories_task(prepared, kit, folder, codes, basket, options)
        write_kit_task(kit, folder, basket, options, rows)
    print(f"{time.perf_counter() - start:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
