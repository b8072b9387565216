"""``python3 -m vigie.plugin.core.batch KIT.gpkg [KIT.gpkg …] --output DIR [--categories A,B,…]
[--workers N] [--scheduler ADDRESS]`` (see ``cli.py``)."""

import sys

from . import blas_single_thread

# Before numpy starts: forked workers inherit this process's numpy (runner.worker_start_method).
blas_single_thread()

from .cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
