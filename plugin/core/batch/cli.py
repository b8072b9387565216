"""Command line of the batch runner (a contract: scripts and checks call it)::

    python3 -m vigie.plugin.core.batch KIT.gpkg [KIT.gpkg …] --output DIR [--categories A,B,…]
        [--workers N] [--scheduler ADDRESS]

Exit status: 0 when every (kit, category) is written, 1 when some failed (see DIR/summary.csv),
2 for bad arguments.
"""

import argparse
import sys

from . import output
from .runner import BatchError, run_batch, text_progress
from .tasks import Options


def parser():
    p = argparse.ArgumentParser(
        prog="python3 -m vigie.plugin.core.batch",
        description=(
            "Road time from every inhabited cell to the nearest service of each category, for many territory "
            "kits, as Dask tasks (a local cluster by default, or an existing one with --scheduler). Writes "
            "DIR/<kit>.gpkg (fields of vigie:servicebasket) and DIR/summary.csv; a rerun skips what is written."
        ),
    )
    p.add_argument("kits", nargs="+", metavar="KIT.gpkg", help="territory kits written by vigie:fetchterritory")
    p.add_argument("--output", required=True, metavar="DIR", help="folder of the results (created if needed)")
    p.add_argument(
        "--categories",
        metavar="A,B,…",
        help="BPE equipment types (typequ), comma-separated, each its own category; "
        "default: INSEE's basket of everyday services (22 categories), as vigie:servicebasket",
    )
    p.add_argument("--workers", type=int, metavar="N", help="worker processes of the local cluster (default: cores)")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of an existing Dask scheduler (tcp://host:8786); kits and DIR must be readable by its workers",
    )
    p.add_argument("--max-time", type=float, default=0.0, metavar="MIN", help="time limit in minutes (0 = none)")
    p.add_argument(
        "--access-speed", type=float, default=0.0, metavar="KMH", help="speed of the legs to the road (0 = ignored)"
    )
    p.add_argument("--far", type=float, default=7.0, metavar="MIN", help="basket mean above which a cell is far")
    p.add_argument(
        "--thresholds",
        default="7,15,30",
        metavar="T,…",
        help="n_within_<T> counts the basket's categories reached within T minutes (default 7,15,30)",
    )
    p.add_argument("--retries", type=int, default=2, metavar="N", help="retries of a failed task (default 2)")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    categories = [c.strip() for c in args.categories.split(",") if c.strip()] if args.categories else None
    if args.workers is not None and args.workers < 1:
        print("--workers: give at least 1 worker", file=sys.stderr)
        return 2
    try:
        thresholds = tuple(float(t) for t in args.thresholds.split(",") if t.strip())
    except ValueError:
        print("--thresholds: give minutes separated by commas, e.g. 7,15,30", file=sys.stderr)
        return 2
    if not thresholds or any(t <= 0 for t in thresholds) or list(thresholds) != sorted(set(thresholds)):
        print("--thresholds: give positive, increasing minutes, e.g. 7,15,30", file=sys.stderr)
        return 2
    options = Options(
        max_time_min=args.max_time, access_speed_kmh=args.access_speed, far_min=args.far, thresholds=thresholds
    )
    try:
        rows = run_batch(
            args.kits,
            args.output,
            categories=categories,
            workers=args.workers,
            scheduler=args.scheduler,
            options=options,
            retries=args.retries,
            progress=text_progress(),
        )
    except BatchError as error:
        print(f"vigie batch: {error}", file=sys.stderr)
        return 2
    failed = [row for row in rows if row["status"] == output.FAILED]
    written = len({row["kit"] for row in rows}) - len({row["kit"] for row in failed})
    print(f"{len(rows)} kit x category rows, {len(failed)} failed; {written} kits written in {args.output}")
    for row in failed:
        print(f"  failed: {row['kit']} {row['category']}: {row.get('error')}", file=sys.stderr)
    return 1 if failed else 0
