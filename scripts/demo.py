#!/usr/bin/env python3
"""Vigie demo, offline, on the Hautes-Alpes sample: road travel time to the nearest hospital.

    make demo            (or)   python3 scripts/demo.py --shared ../shared --output demo-output

Steps, one function each so that later steps (coverage, maps, transit) can be added:
1. start a standalone QGIS with Processing and register the Vigie provider (as any analyst's script would);
2. vigie:roadtraveltime from the 200 m population cells of Gap–Champsaur to the nearest hospital (FINESS)
   over the drivable OpenStreetMap roads -> <output>/road_times.gpkg (styled, with metadata);
3. print a summary: inhabitants within 10, 20 and 30 minutes, population-weighted median time.
"""

import argparse
import math
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
HAUTES_ALPES = Path("data") / "hautes-alpes"
ROADS = HAUTES_ALPES / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"
POPULATION = HAUTES_ALPES / "population-filosofi2019-200m-gap-champsaur.gpkg"
HOSPITALS = HAUTES_ALPES / "health-facilities-finess-2020.geojson"
THRESHOLDS_MIN = (10, 20, 30)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared", help="the shared data folder")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "demo-output", help="where results are written")
    parser.add_argument("--territory", default="hautes-alpes", help="sample territory (only hautes-alpes for now)")
    return parser.parse_args(argv)


def import_vigie():
    """Make ``import vigie`` work from this clone, whatever its folder is called.

    An analyst with the plugin installed in QGIS adds the folder that CONTAINS ``vigie`` instead, e.g.
    ``sys.path.insert(0, str(Path.home() / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"))``.
    """
    package_root = REPO_ROOT / ".pkgroot"
    link = package_root / "vigie"
    if not link.exists():
        package_root.mkdir(exist_ok=True)
        link.symlink_to(REPO_ROOT, target_is_directory=True)
    sys.path.insert(0, str(package_root))


def start_qgis():
    """A headless QGIS with Processing and the Vigie provider: what a standalone script needs.

    Returns (application, provider); keep both alive as long as algorithms run.
    """
    from qgis.core import QgsApplication

    application = QgsApplication([], False)
    application.initQgis()
    sys.path.append(str(Path(QgsApplication.pkgDataPath()) / "python" / "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()

    from vigie.processing_algorithms.provider import VigieProvider

    provider = VigieProvider()  # keep a reference: the registry does not own Python objects
    QgsApplication.processingRegistry().addProvider(provider)
    return application, provider


class PrintedFeedback:
    """Factory of a QgsProcessingFeedback printing the algorithm's log (defined lazily: needs qgis)."""

    @staticmethod
    def create():
        from qgis.core import QgsProcessingFeedback

        class _Printed(QgsProcessingFeedback):
            def pushInfo(self, info):  # noqa: N802
                print(f"  {info}")

            def pushWarning(self, warning):  # noqa: N802
                print(f"  ! {warning}")

            def reportError(self, error, fatalError=False):  # noqa: N802, N803
                print(f"  ERROR {error}")

        return _Printed()


def road_travel_time(shared, output):
    """vigie:roadtraveltime: population cells -> nearest hospital; returns the output GeoPackage path."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    for path in (ROADS, POPULATION, HOSPITALS):
        if not (shared / path).exists():
            raise SystemExit(f"missing {shared / path}: give the shared data folder with --shared")
    output.mkdir(parents=True, exist_ok=True)
    target = output / "road_times.gpkg"
    if target.exists():
        target.unlink()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    print("Road travel time from the 200 m population cells to the nearest hospital…")
    started = time.perf_counter()
    result = processing.run(
        "vigie:roadtraveltime",
        {
            "NETWORK": str(shared / ROADS),
            "PROFILE": 0,  # automatic: OpenStreetMap (Geofabrik fields)
            "ORIGINS": str(shared / POPULATION),
            "DESTINATIONS": str(shared / HOSPITALS),
            "DESTINATION_ID_FIELD": "id",
            "MAX_TIME": 0,
            "ACCESS_SPEED": 0,
            "OUTPUT": str(target),
        },
        context=context,
        feedback=PrintedFeedback.create(),
    )
    print(f"  done in {time.perf_counter() - started:.1f} s -> {result['OUTPUT']}")
    return Path(result["OUTPUT"].split("|")[0])


def read_times(path, population_field="ind"):
    """(inhabitants, time in minutes or None) for every cell of a road_times layer."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), "road_times", "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot read {path}")
    rows = []
    for feature in layer.getFeatures():
        people, minutes = feature[population_field], feature["time_min"]
        rows.append((_number(people) or 0.0, _number(minutes)))
    return rows


def _number(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return float(value)


def summarise_road_times(rows, thresholds=THRESHOLDS_MIN):
    """Inhabitants within each threshold, not reached, and the population-weighted median time."""
    total = sum(people for people, _ in rows)
    within = {t: sum(p for p, m in rows if m is not None and m <= t) for t in thresholds}
    unreached = sum(p for p, m in rows if m is None)
    # Median over the whole population, unreached people counting as infinitely far.
    ordered = sorted(rows, key=lambda row: math.inf if row[1] is None else row[1])
    running, median = 0.0, None
    for people, minutes in ordered:
        running += people
        if running >= total / 2:
            median = minutes
            break
    return {"total": total, "within": within, "unreached": unreached, "median": median}


def print_summary(summary, title="Inhabitants by road time to the nearest hospital"):
    total = summary["total"] or 1.0
    print(title)
    print(f"  population of the cells      {summary['total']:>10,.0f}")
    for threshold, people in summary["within"].items():
        print(f"  within {threshold:>2} min                {people:>10,.0f}  ({100 * people / total:5.1f} %)")
    print(
        f"  not reached                  {summary['unreached']:>10,.0f}  ({100 * summary['unreached'] / total:5.1f} %)"
    )
    median = summary["median"]
    print(f"  median time                  {'not reached' if median is None else f'{median:10.1f} min'}")


def main(argv=None):
    args = parse_args(argv)
    if args.territory != "hautes-alpes":
        raise SystemExit(f"unknown territory {args.territory!r}: only hautes-alpes is shipped as a sample")
    import_vigie()
    application, provider = start_qgis()
    try:
        times_path = road_travel_time(args.shared.resolve(), args.output.resolve())
        print_summary(summarise_road_times(read_times(times_path)))
    finally:
        del provider
        application.exitQgis()


if __name__ == "__main__":
    main()
