"""``python3 -m vigie.plugin.core.batch KIT.gpkg [KIT.gpkg …] --output DIR [--categories A,B,…]
[--workers N] [--scheduler ADDRESS]`` (see ``cli.py``)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
