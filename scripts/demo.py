#!/usr/bin/env python3
"""Vigie demo, offline, on the Hautes-Alpes sample: road travel time to the nearest hospital.

    make demo            (or)   python3 scripts/demo.py --shared ../shared --output demo-output

Steps, one function each so that later steps (coverage, maps, transit) can be added:
1. start a standalone QGIS with Processing and register the Vigie provider (as any analyst's script would);
2. vigie:roadtraveltime from the 200 m population cells of Gap–Champsaur to the nearest hospital (FINESS)
   over the drivable OpenStreetMap roads -> <output>/road_times.gpkg (styled, with metadata);
3. print a summary: inhabitants within 10, 20 and 30 minutes, population-weighted median time;
4. vigie:coverage per commune -> <output>/coverage_communes.gpkg, and the key figures of every commune;
5. vigie:maplayout -> <output>/map.pdf and map.png (time bands, communes, hospitals, key figures);
6. vigie:atlaslayout -> <output>/atlas.pdf, one page per commune of the sample with inhabitants in the grid;
7. (sample only) vigie:diagnostic_services_basket on the offline sample kit -> <output>/basket/.
8. vigie:publish -> <output>/open-data.zip (GeoPackage, CSV, GeoJSON, uMap, DCAT-AP, LISEZMOI) and
   vigie:report -> <output>/report.pdf (the diagnostic for the council, in French).

With ``--territory CODE`` (a commune, EPCI or département code, comma-separated codes allowed) and
network access, the inputs are fetched first (vigie:fetchboundaries, fetchpopulation, fetchroads,
fetchbpe for the services given by ``--services``), then the same steps run on them.
"""

import argparse
import gc
import math
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
HAUTES_ALPES = Path("data") / "hautes-alpes"
ROADS = HAUTES_ALPES / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"
POPULATION = HAUTES_ALPES / "population-filosofi2019-200m-gap-champsaur.gpkg"
HOSPITALS = HAUTES_ALPES / "health-facilities-finess-2020.geojson"
COMMUNES = HAUTES_ALPES / "communes-2018-population.geojson"
# The sample's communes file carries no metadata and no field naming its data set: its source is said
# as a user says it (Layer Properties ▸ Metadata ▸ Access ▸ Rights), from ../shared/data/README.md.
COMMUNES_RIGHTS = ["IGN ADMIN EXPRESS 2018, INSEE populations (Licence Ouverte)"]
THRESHOLDS_MIN = (10, 20, 30)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared", help="the shared data folder")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "demo-output", help="where results are written")
    parser.add_argument(
        "--territory",
        default="hautes-alpes",
        help="hautes-alpes (the offline sample, default) or commune/EPCI/département codes to fetch (needs network)",
    )
    parser.add_argument(
        "--services",
        default="D265",
        help="with --territory: BPE equipment types or groups of the services (default D265, general practitioners)",
    )
    return parser.parse_args(argv)


def import_vigie():
    """Make ``import vigie`` work from this clone, whatever its folder is called.

    An analyst with the plugin installed in QGIS adds the folder that CONTAINS ``vigie`` instead, e.g.
    ``sys.path.insert(0, str(Path.home() / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"))``.
    """
    from pkgroot import package_root  # scripts/pkgroot.py, beside this script

    package_root(REPO_ROOT)


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


def road_travel_time(shared, output, inputs=None):
    """vigie:roadtraveltime: population cells -> nearest hospital; returns the output GeoPackage path.

    ``inputs`` ({"NETWORK", "ORIGINS", "DESTINATIONS"}) replaces the Hautes-Alpes sample (--territory).
    """
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    if inputs is None:
        for path in (ROADS, POPULATION, HOSPITALS):
            if not (shared / path).exists():
                raise SystemExit(f"missing {shared / path}: give the shared data folder with --shared")
        inputs = {
            "NETWORK": str(shared / ROADS),
            "ORIGINS": str(shared / POPULATION),
            "DESTINATIONS": str(shared / HOSPITALS),
            "DESTINATION_ID_FIELD": "id",
        }
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
            "PROFILE": 0,  # automatic: OpenStreetMap (Geofabrik fields) or BD TOPO
            **inputs,
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


# -- Steps 4-6: coverage per commune, map, atlas (the standard diagnostic) -----------------------------


def _run(algorithm_id, parameters):
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(algorithm_id, parameters, context=context, feedback=PrintedFeedback.create())


def _fresh(path):
    """``path`` without any earlier result (and its metadata sidecar), so a rerun never mixes runs."""
    for stale in (path, path.with_suffix(".qmd")):
        if stale.exists():
            stale.unlink()
    return path


def coverage_per_commune(times_path, communes, output):
    """vigie:coverage: inhabitants within 10/20/30 minutes per commune and for the whole sample."""
    print("Coverage per commune…")
    target = _fresh(output / "coverage_communes.gpkg")
    result = _run(
        "vigie:coverage",
        {
            "POPULATION": str(times_path),
            "POPULATION_FIELD": "ind",
            "TIME_FIELD": "time_min",
            "AREAS": communes if not isinstance(communes, (str, Path)) else str(communes),
            "THRESHOLDS": ",".join(str(t) for t in THRESHOLDS_MIN),
            "OUTPUT": str(target),
        },
    )
    return Path(result["OUTPUT"].split("|")[0])


def commune_figures(coverage_path, thresholds=THRESHOLDS_MIN):
    """Rows (name, inhabitants, shares within each threshold) of the communes with inhabitants, then the total."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(coverage_path), "coverage", "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot read {coverage_path}")
    names = layer.fields().names()
    name_field = next((n for n in ("nom", "name", "libelle") if n in names), "area_id")
    communes, total = [], None
    for feature in layer.getFeatures():
        shares = [_number(feature[f"share_le_{t}"]) for t in thresholds]
        row = (
            feature[name_field] if feature["is_total"] != 1 else "Total",
            _number(feature["pop_total"]) or 0.0,
            shares,
        )
        if feature["is_total"] == 1:
            total = row
        elif row[1] >= 0.5:
            communes.append(row)
    communes.sort(key=lambda row: -row[1])
    return communes + ([total] if total else [])


def print_commune_figures(coverage_path, thresholds=THRESHOLDS_MIN):
    rows = commune_figures(coverage_path, thresholds)
    print("Share of the inhabitants within N minutes, per commune (inhabitants of the 200 m cells)")
    header = "".join(f"{f'<= {t} min':>11}" for t in thresholds)
    print(f"  {'commune':<28}{'inhabitants':>12}{header}")
    for name, people, shares in rows:
        cells = "".join(f"{'-' if share is None else f'{share:.1f} %':>11}" for share in shares)
        print(f"  {str(name)[:28]:<28}{people:>12,.0f}{cells}")


def _layer_with_rights(path, name, rights):
    """The file as a layer whose metadata states its source and licence (printed in the layouts' sources)."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), name, "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot read {path}")
    metadata = layer.metadata()
    metadata.setRights(rights)
    layer.setMetadata(metadata)
    return layer


def _styled_layer(source, name, kind):
    """A layer named for the legend, with the Vigie style of service points or commune outlines
    (``source``: a path, or a layer, copied with its metadata)."""
    from qgis.core import QgsVectorLayer

    from vigie.plugin.styles import apply_service_points, outline_renderer

    if isinstance(source, QgsVectorLayer):
        layer = source.clone()
        layer.setName(name)
    else:
        layer = QgsVectorLayer(str(source), name, "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot read {source}")
    if kind == "services":
        apply_service_points(layer)
    else:
        layer.setRenderer(outline_renderer(colour="#5a5a5a", width="0.25"))
    return layer


def map_pdf(times_path, coverage_path, communes, services, service_name, output):
    """vigie:maplayout: one A4 page with the time bands, communes, services and the key figures (PDF and PNG)."""
    print("Map…")
    pdf, png = _fresh(output / "map.pdf"), _fresh(output / "map.png")
    _run(
        "vigie:maplayout",
        {
            "LAYERS": [
                _styled_layer(services, f"{service_name.capitalize()}s", "services"),
                _styled_layer(communes, "Communes", "outline"),
                str(times_path),
            ],
            "TITLE": f"Road time to the nearest {service_name}",
            "SUBTITLE": "Inhabitants of the 200 m cells (INSEE Filosofi 2019)",
            "AREA": str(times_path),
            "SUMMARY": str(coverage_path),
            "DPI": 100,
            "OUTPUT_PDF": str(pdf),
            "OUTPUT_PNG": str(png),
        },
    )
    return pdf


def atlas_pdf(times_path, coverage_path, services, service_name, output):
    """vigie:atlaslayout: one page per commune with inhabitants in the grid, with its own figures."""
    print("Atlas of the communes…")
    pdf = _fresh(output / "atlas.pdf")
    communes_with_people = f'{coverage_path}|subset="is_total" = 0 AND "pop_total" >= 0.5'
    _run(
        "vigie:atlaslayout",
        {
            "AREAS": communes_with_people,
            "LAYERS": [_styled_layer(services, f"{service_name.capitalize()}s", "services"), str(times_path)],
            "COVERAGE": str(coverage_path),
            "TITLE": f"Road time to the nearest {service_name}",
            "DPI": 100,
            "OUTPUT_PDF": str(pdf),
        },
    )
    return pdf


# -- Step 7: the basket of everyday services on the sample territory kit (issue 13) ----------------------


def services_basket(shared, output):
    """vigie:diagnostic_services_basket on the offline sample kit: basket per cell, commune, EPCI, map, atlas.

    The sample's real services are GPs and maternity wards (BPE 2017, per commune) and FINESS hospitals:
    of INSEE's 22 everyday services only the GP is there; the 21 others are reported as absent.
    """
    import importlib.util

    print("Basket of everyday services (sample territory kit)…")
    spec = importlib.util.spec_from_file_location("sample_kit", REPO_ROOT / "scripts" / "sample_kit.py")
    sample_kit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample_kit)
    folder = output / "basket"
    folder.mkdir(parents=True, exist_ok=True)
    kit = _fresh(folder / "kit.gpkg")
    sample_kit.build_sample_kit(shared, kit)
    layer = f"{kit}|layername="
    outputs = {
        "basket:BASKET_CELLS": "panier_carreaux.gpkg",
        "basket:BASKET_COMMUNES": "panier_communes.gpkg",
        "communes:COVERAGE_COMMUNES": "panier_couverture_communes.gpkg",
        "epci:COVERAGE_EPCI": "panier_couverture_epci.gpkg",
        "map:MAP_PDF": "panier_carte.pdf",
        "atlas:ATLAS_PDF": "panier_atlas.pdf",
    }
    outputs = {name: str(_fresh(folder / file)) for name, file in outputs.items()}
    parameters = {name: layer + name.lower() for name in ("NETWORK", "POPULATION", "SERVICES", "COMMUNES", "EPCI")}
    parameters["NETWORK"] = layer + "roads"
    _run("vigie:diagnostic_services_basket", {**parameters, **outputs})
    return [Path(path) for path in outputs.values()]


def open_data_package(times_path, coverage_path, service_name, output):
    """vigie:publish: the open-data package (GeoPackage, CSV, GeoJSON, uMap, DCAT-AP, LISEZMOI) in a zip."""
    print("Open-data package…")
    target = _fresh(output / "open-data.zip")
    _run(
        "vigie:publish",
        {
            "LAYERS": [str(times_path), str(coverage_path)],
            "TITLE": f"Road time to the nearest {service_name}",
            "ORGANISATION": "Vigie demo",
            "OUTPUT_FOLDER": str(target),
        },
    )
    return target


def report_pdf(times_path, coverage_path, french_title, output):
    """vigie:report: the diagnostic as a short PDF report, in French (its title and subtitle too)."""
    print("Report…")
    pdf = _fresh(output / "report.pdf")
    _run(
        "vigie:report",
        {
            "COVERAGE": str(coverage_path),
            "LAYERS": [str(times_path), str(coverage_path)],
            "TITLE": french_title,
            "SUBTITLE": "Habitants des carreaux de 200 m (INSEE Filosofi 2019)",
            "ORGANISATION": "Vigie demo",
            "DPI": 100,
            "OUTPUT_PDF": str(pdf),
        },
    )
    return pdf


# -- --territory CODE: the inputs fetched from the open-data services (network needed) -------------------


def fetch_territory(territory, services, output):
    """Communes, 200 m cells, roads and services of ``territory`` through the vigie:fetch* algorithms.

    Returns paths {"communes", "population", "roads", "services"}; exits with a clear message when a
    service cannot be reached (no network access, service down).
    """
    from qgis.core import QgsProcessingException

    folder = output / "inputs"
    folder.mkdir(parents=True, exist_ok=True)
    steps = (
        ("communes", "vigie:fetchboundaries", {"TERRITORY": territory}),
        ("population", "vigie:fetchpopulation", {"TERRITORY": territory}),
        ("roads", "vigie:fetchroads", {"TERRITORY": territory}),
        ("services", "vigie:fetchbpe", {"TERRITORY": territory, "EQUIPMENT_TYPES": services}),
    )
    fetched = {}
    for name, algorithm_id, parameters in steps:
        print(f"Fetching {name} of {territory} ({algorithm_id})…")
        target = _fresh(folder / f"{name}.gpkg")
        try:
            result = _run(algorithm_id, {**parameters, "OUTPUT": str(target)})
        except QgsProcessingException as error:
            raise SystemExit(
                f"cannot fetch the {name} of {territory}: {error}\n"
                "--territory needs network access to the open-data services; "
                "without it, run the offline sample: make demo"
            ) from None
        fetched[name] = result["OUTPUT"].split("|")[0]
    return fetched


def main(argv=None):
    args = parse_args(argv)
    shared, output = args.shared.resolve(), args.output.resolve()
    import_vigie()
    application, provider = start_qgis()
    try:
        if args.territory == "hautes-alpes":
            inputs = None
            communes, services = shared / COMMUNES, shared / HOSPITALS
            if not communes.exists():
                raise SystemExit(f"missing {communes}: give the shared data folder with --shared")
            communes = _layer_with_rights(communes, "communes-2018-population", COMMUNES_RIGHTS)
            service_name = "hospital"
            french_title = "Temps de route jusqu'à l'hôpital le plus proche"
        else:
            fetched = fetch_territory(args.territory, args.services, output)
            inputs = {
                "NETWORK": fetched["roads"],
                "ORIGINS": fetched["population"],
                "DESTINATIONS": fetched["services"],
            }
            communes, services = Path(fetched["communes"]), Path(fetched["services"])
            service_name = f"service ({args.services})"
            french_title = f"Temps de route jusqu'au service le plus proche ({args.services})"
        times_path = road_travel_time(shared, output, inputs)
        print_summary(summarise_road_times(read_times(times_path)))
        coverage_path = coverage_per_commune(times_path, communes, output)
        print_commune_figures(coverage_path)
        map_path = map_pdf(times_path, coverage_path, communes, services, service_name, output)
        atlas_path = atlas_pdf(times_path, coverage_path, services, service_name, output)
        basket_paths = services_basket(shared, output) if args.territory == "hautes-alpes" else []
        package_path = open_data_package(times_path, coverage_path, service_name, output)
        report_path = report_pdf(times_path, coverage_path, french_title, output)
        print("Written:")
        written = (times_path, coverage_path, map_path, map_path.with_suffix(".png"), atlas_path, package_path)
        for path in (*written, report_path, *basket_paths):
            print(f"  {path}")
    finally:
        # Layers held here must go before QGIS does (a layer freed after exitQgis crashes the exit).
        communes = None
        gc.collect()
        del provider
        application.exitQgis()


if __name__ == "__main__":
    main()
