"""Every Vigie algorithm documents its outputs the same way (issue 7, item 6).

Each algorithm runs once on a small real input; every output layer must carry metadata with a
title, an abstract naming the method (``vigie:<id>``), the Vigie version, the date, the parameters
and the sources, and the sources and licences as ``rights`` — in QGIS (the layer Processing loads)
and in the GeoPackage written to disk (what a qgis_process user opens later). The layouts must print
the sources their input layers carry.
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from models_data import CELL_SUBSET, hautes_alpes, pdf_text, population_cells, run_model, shared_file, vigie_provider

from vigie.plugin.__about__ import __version__

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GEOAPI_FIELDS = "nom,code,codesPostaux,siren,codeEpci,codeDepartement,codeRegion,population"
# A few of Gap's 200 m cells, enough for every algorithm and fast.
SMALL_CELLS = CELL_SUBSET + ' AND "x" BETWEEN 60 AND 95 AND "y" BETWEEN 20 AND 50'
# Algorithms whose outputs are files, not layers: checked through the sources line they print.
LAYOUT_ALGORITHMS = {"maplayout", "atlaslayout"}


@pytest.fixture
def vigie_cache(tmp_path, qgis_app):
    from qgis.core import QgsSettings

    settings = QgsSettings()
    previous = settings.value("vigie/cache_folder", "")
    settings.setValue("vigie/cache_folder", str(tmp_path / "cache"))
    yield tmp_path / "cache"
    settings.setValue("vigie/cache_folder", previous)


def fixture_json(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def cells():
    return hautes_alpes("population-filosofi2019-200m-gap-champsaur.gpkg") + "|subset=" + SMALL_CELLS


def roads():
    return hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg")


def hospitals():
    return hautes_alpes("health-facilities-finess-2020.geojson")


def serve_epci_communes(httpserver):
    httpserver.expect_request(
        "/communes",
        query_string={"codeEpci": "200067452", "format": "geojson", "geometry": "contour", "fields": GEOAPI_FIELDS},
    ).respond_with_json(fixture_json("geoapi_communes_epci_200067452.geojson"))


def square_layer():
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:3035", "territory", "memory")
    feature = QgsFeature()
    feature.setGeometry(
        QgsGeometry.fromWkt(
            "POLYGON((4005000 2388000, 4013000 2388000, 4013000 2396000, 4005000 2396000, 4005000 2388000))"
        )
    )
    layer.dataProvider().addFeatures([feature])
    return layer


# -- One run per algorithm: (parameters without outputs, names of the layer outputs) --------------------


def case_roadtraveltime(tmp_path, httpserver):
    return {"NETWORK": roads(), "ORIGINS": cells(), "DESTINATIONS": hospitals()}, ["OUTPUT"]


def case_coverage(tmp_path, httpserver):
    times = str(tmp_path / "times.gpkg")
    run_model(
        "vigie:roadtraveltime", {"NETWORK": roads(), "ORIGINS": cells(), "DESTINATIONS": hospitals(), "OUTPUT": times}
    )
    parameters = {
        "POPULATION": times,
        "POPULATION_FIELD": "ind",
        "TIME_FIELD": "time_min",
        "AREAS": hautes_alpes("communes-2018-population.geojson"),
    }
    return parameters, ["OUTPUT"]


def case_accessibility2sfca(tmp_path, httpserver):
    parameters = {"NETWORK": roads(), "SUPPLY": hospitals(), "DEMAND": cells(), "DEMAND_FIELD": "ind"}
    return parameters, ["OUTPUT", "OUTPUT_SUPPLY"]


def case_servicebasket(tmp_path, httpserver):
    parameters = {
        "NETWORK": roads(),
        "ORIGINS": cells(),
        "SERVICES": hospitals(),
        "CATEGORY_FIELD": "facility_type",
        "BASKET": 4,
        "AREAS": hautes_alpes("communes-2018-population.geojson"),
    }
    return parameters, ["OUTPUT", "OUTPUT_AREAS"]


def case_isochrones(tmp_path, httpserver):
    # Gap's roads and hospitals only: band polygons are the costliest output to build.
    gap_box = "minx > 6.03 AND maxx < 6.13 AND miny > 44.52 AND maxy < 44.60"
    gap_roads = roads() + f"|subset=fid IN (SELECT id FROM rtree_roads_geom WHERE {gap_box})"
    gap_hospitals = hospitals() + "|subset=\"city\" = 'GAP'"
    return {"NETWORK": gap_roads, "DESTINATIONS": gap_hospitals, "BANDS": "5,10"}, ["OUTPUT"]


def case_odmatrix(tmp_path, httpserver):
    parameters = {"NETWORK": roads(), "ORIGINS": cells(), "DESTINATIONS": hospitals(), "MAX_TIME": 30, "K": 2}
    return parameters, ["OUTPUT"]


def case_transittraveltime(tmp_path, httpserver):
    parameters = {
        "GTFS": hautes_alpes("gtfs-sncf-ter-2017-11.zip"),
        "ORIGINS": cells(),
        "DESTINATIONS": hospitals(),
        "DATE": "2017-11-14",
    }
    return parameters, ["OUTPUT"]


def case_gtfsstops(tmp_path, httpserver):
    return {"GTFS": hautes_alpes("gtfs-sncf-ter-2017-11.zip"), "DATE": "2017-11-14"}, ["OUTPUT"]


def case_fetchboundaries(tmp_path, httpserver):
    serve_epci_communes(httpserver)
    return {"TERRITORY": "200067452", "BASE_URL": httpserver.url_for("/"), "REFRESH_CACHE": True}, ["OUTPUT"]


def case_fetchpopulation(tmp_path, httpserver):
    csv_path = hautes_alpes("population-filosofi2019-200m-gap-champsaur.csv")
    return {"TERRITORY_LAYER": square_layer(), "LOCAL_FILE": csv_path}, ["OUTPUT"]


def case_fetchbpe(tmp_path, httpserver):
    parameters = {"TERRITORY": "05", "EQUIPMENT_TYPES": "health", "LOCAL_FILE": str(FIXTURES / "bpe2021_sample.csv")}
    return parameters, ["OUTPUT"]


def case_fetchroads(tmp_path, httpserver):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    httpserver.expect_request("/api/interpreter", method="POST").respond_with_json(
        fixture_json("overpass_roads_sample.json")
    )
    area = QgsVectorLayer("Polygon?crs=EPSG:4326", "area", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((6.06 44.55, 6.09 44.55, 6.09 44.57, 6.06 44.57, 6.06 44.55))"))
    area.dataProvider().addFeatures([feature])
    parameters = {
        "TERRITORY_LAYER": area,
        "SOURCE": 1,
        "BUFFER": 0,
        "BASE_URL": httpserver.url_for("/api/interpreter"),
        "REFRESH_CACHE": True,
    }
    return parameters, ["OUTPUT"]


def case_fetchsirene(tmp_path, httpserver):
    from werkzeug import Response

    real = json.loads(Path(shared_file("fixtures", "recherche_entreprises_search.json")).read_text(encoding="utf-8"))
    empty = {"results": [], "total_results": 10000, "page": 2, "per_page": 25, "total_pages": 10000}

    def search(request):
        return Response(json.dumps(real if request.args["page"] == "1" else empty), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(search)
    parameters = {
        "TERRITORY": "06030",
        "NAF_CODES": "68.32A",
        "BACKEND": 0,
        "BASE_URL": httpserver.url_for("/"),
        "REFRESH_CACHE": True,
    }
    return parameters, ["OUTPUT"]


def case_fetchchildcare(tmp_path, httpserver):
    serve_epci_communes(httpserver)
    gap = fixture_json("geoapi_communes_epci_200067452.geojson")["features"][0]
    httpserver.expect_request("/epcis/200067452").respond_with_json(
        {
            "type": "Feature",
            "geometry": gap["geometry"],
            "properties": {"nom": "CA Gap-Tallard-Durance", "code": "200067452", "population": 50000},
        }
    )
    base = "/api/explore/v2.1/catalog/datasets"
    for dataset in ("txcouv_pe_epci", "nbpla_pe_epci"):
        httpserver.expect_request(f"{base}/{dataset}/records").respond_with_json(
            fixture_json(f"caf_{dataset}_records.json")
        )
    parameters = {
        "TERRITORY": "200067452",
        "SCALE": 1,
        "BASE_URL": httpserver.url_for("/"),
        "BOUNDARIES_URL": httpserver.url_for("/"),
        "BPE_LOCAL_FILE": str(FIXTURES / "bpe2023_sample.csv"),
        "REFRESH_CACHE": True,
    }
    return parameters, ["OUTPUT", "OUTPUT_COVERAGE"]


def case_fetchgtfs(tmp_path, httpserver):
    serve_epci_communes(httpserver)
    text = (FIXTURES / "tdg_datasets_covered_area_list.json").read_text(encoding="utf-8")
    text = text.replace("{BASE}", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/api/datasets").respond_with_data(text, content_type="application/json")
    ter = Path(hautes_alpes("gtfs-sncf-ter-2017-11.zip")).read_bytes()
    httpserver.expect_request("/feeds/ter.zip").respond_with_data(ter, content_type="application/zip")
    httpserver.expect_request("/feeds/linea.zip").respond_with_data(ter, content_type="application/zip")
    parameters = {
        "TERRITORY": "200067452",
        "BASE_URL": httpserver.url_for("/"),
        "BOUNDARIES_URL": httpserver.url_for("/"),
        "REFRESH_CACHE": True,
        "FEEDS_FOLDER": str(tmp_path / "feeds"),
    }
    return parameters, ["OUTPUT", "OUTPUT_STOPS"]


def case_fetchterritory(tmp_path, httpserver):
    serve_epci_communes(httpserver)
    gap = fixture_json("geoapi_communes_epci_200067452.geojson")["features"][0]
    outline = {"type": "Feature", "geometry": gap["geometry"], "properties": {"code": "200067452", "nom": "CA"}}
    httpserver.expect_request("/epcis/200067452").respond_with_json(outline)
    parameters = {
        "TERRITORY": "200067452",
        "BUFFER_KM": 2,
        "ROAD_SOURCE": 2,
        "ROADS_FILE": roads(),
        "POPULATION_FILE": hautes_alpes("population-filosofi2019-200m-gap-champsaur.csv"),
        "BPE_FILE": str(FIXTURES / "bpe2023_sample.csv"),
        "GTFS": False,
        "BOUNDARIES_URL": httpserver.url_for("/"),
        "REFRESH_CACHE": True,
    }
    return parameters, ["OUTPUT"]


CASES = {name[len("case_") :]: case for name, case in globals().items() if name.startswith("case_")}


# -- What every output must carry ---------------------------------------------------------------------


def provenance_problems(metadata, algorithm_name):
    """What is missing from an output's metadata; empty when it is complete and in the shared format."""
    problems = []
    abstract = metadata.abstract()
    if not metadata.title().strip():
        problems.append("no title")
    for needed, what in (
        (f"vigie:{algorithm_name}", "the method (algorithm id)"),
        (f"Vigie {__version__}", "the Vigie version"),
        ("Parameters:", "the parameters"),
        ("Sources:", "the sources"),
    ):
        if needed not in abstract:
            problems.append(f"abstract lacks {what} ({needed!r})")
    dates = re.findall(r"Date: (\d{4}-\d{2}-\d{2})", abstract)
    if not dates or dates[0] != date.today().isoformat():
        problems.append("abstract lacks today's date ('Date: YYYY-MM-DD…')")
    parameters = abstract.split("Parameters:", 1)[-1].split("Sources:", 1)[0]
    if "Parameters:" in abstract and " = " not in parameters:
        problems.append("no parameter value listed")
    rights = [line for line in metadata.rights() if line.strip()]
    if not rights:
        problems.append("no sources/licences in rights")
    if not [line for line in metadata.licenses() if line.strip()]:
        problems.append("no licences")
    for line in rights:
        if line not in abstract:
            problems.append(f"rights line {line!r} missing from the abstract's sources")
    return problems


def registered_algorithm_names():
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    provider = QgsApplication.processingRegistry().providerById("vigie")
    return sorted(
        algorithm.name()
        for algorithm in provider.algorithms()
        if not isinstance(algorithm, QgsProcessingModelAlgorithm)
    )


def test_every_algorithm_has_a_provenance_case(qgis_processing):
    vigie_provider()
    names = set(registered_algorithm_names())
    missing = sorted(names - set(CASES) - LAYOUT_ALGORITHMS)
    assert not missing, f"add a case_<name> to this file for: {', '.join(missing)}"


@pytest.mark.parametrize("algorithm_name", sorted(CASES))
def test_outputs_carry_provenance(qgis_processing, algorithm_name, tmp_path, httpserver, vigie_cache):
    import processing
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingUtils,
        QgsProject,
        QgsVectorLayer,
    )

    vigie_provider()
    if QgsApplication.processingRegistry().algorithmById(f"vigie:{algorithm_name}") is None:
        pytest.skip(f"vigie:{algorithm_name} is not in this checkout")
    parameters, layer_outputs = CASES[algorithm_name](tmp_path, httpserver)
    paths = {name: str(tmp_path / f"{algorithm_name}_{name.lower()}.gpkg") for name in layer_outputs}
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results = processing.run(
        f"vigie:{algorithm_name}", {**parameters, **paths}, context=context, feedback=QgsProcessingFeedback()
    )
    problems = []
    for name, path in paths.items():
        loaded = QgsProcessingUtils.mapLayerFromString(results[name], context)
        assert loaded is not None, f"{name} not written"
        problems += [f"{name} (in QGIS): {p}" for p in provenance_problems(loaded.metadata(), algorithm_name)]
        on_disk = QgsVectorLayer(path, "reopened", "ogr")
        on_disk.loadDefaultMetadata()  # what QGIS does when a file is added to a project
        problems += [f"{name} (file): {p}" for p in provenance_problems(on_disk.metadata(), algorithm_name)]
    assert not problems, f"vigie:{algorithm_name}:\n  " + "\n  ".join(problems)


def test_layouts_print_the_sources_of_their_layers(qgis_processing, tmp_path):
    vigie_provider()
    times = str(tmp_path / "times.gpkg")
    run_model(
        "vigie:roadtraveltime",
        {"NETWORK": roads(), "ORIGINS": population_cells(), "DESTINATIONS": hospitals(), "OUTPUT": times},
    )
    communes = hautes_alpes("communes-2018-population.geojson") + "|subset=\"code\" IN ('05061', '05017')"
    coverage = str(tmp_path / "coverage.gpkg")
    run_model(
        "vigie:coverage",
        {
            "POPULATION": times,
            "POPULATION_FIELD": "ind",
            "TIME_FIELD": "time_min",
            "AREAS": communes,
            "OUTPUT": coverage,
        },
    )
    map_pdf, atlas_pdf = str(tmp_path / "map.pdf"), str(tmp_path / "atlas.pdf")
    run_model("vigie:maplayout", {"LAYERS": [times], "SUMMARY": coverage, "OUTPUT_PDF": map_pdf})
    run_model(
        "vigie:atlaslayout", {"AREAS": coverage, "LAYERS": [times], "COVERAGE": coverage, "OUTPUT_PDF": atlas_pdf}
    )
    for pdf in (map_pdf, atlas_pdf):
        text = " ".join(pdf_text(pdf).split())
        for source in ("© OpenStreetMap contributors (ODbL)", "INSEE Filosofi", "FINESS via Eurostat GISCO"):
            assert source in text, f"{Path(pdf).name} does not print {source!r}"


def test_guessed_sources_name_the_filosofi_edition_of_the_file(qgis_app, shared):
    from qgis.core import QgsVectorLayer

    from vigie.plugin.provenance import layer_attributions

    grid = QgsVectorLayer(str(shared("data", "hautes-alpes", "population-filosofi2019-200m-gap-champsaur.gpkg")), "g")
    assert layer_attributions(grid) == ["INSEE Filosofi 2019 (Licence Ouverte)"]
    lot = QgsVectorLayer(str(shared("data", "samples", "population", "lot-filosofi2015-1km.csv")), "lot", "ogr")
    assert "INSEE Filosofi 2015 (Licence Ouverte)" in layer_attributions(lot)
