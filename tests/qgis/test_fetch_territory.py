"""vigie:fetchterritory end to end against one loopback replay of every service (current shapes, real sample data):
layer counts, manifest, buffer semantics, faults at each step keeping the earlier layers, resume, the
road diagnostic model run on the kit; the default road source (BD TOPO WFS, current schema), INSEE's
Filosofi zip holding a 7z, national GTFS feeds (INCLUDE_NATIONAL) and INSEE's table of BPE ranges."""

import shutil
from pathlib import Path

import pytest
from conftest import shared_path
from feedbacks import recording_feedback
from kit_replay import (
    NATIONAL_TITLE,
    bdtopo_features,
    bdtopo_wfs_handler,
    bpe2025_zip,
    filosofi_wfs_handler,
    filosofi_zip_with_7z,
    geoapi_communes,
    gtfs_catalogue,
    overpass_answer,
    road_diagnostic_on_kit,
    sample_cells,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
EPCI = "200067452"
COMMUNES = ["05061", "05100", "05113"]  # Gap, Pelleautier, Rambaud: the fixture's CA Gap-Tallard-Durance
STEPS = ["boundaries", "population", "roads", "services", "public transport"]
STEP_LAYERS = [("territory", "communes", "epci"), ("population",), ("roads",), ("services",), ("gtfs_stops",)]
ROUTES = {
    "boundaries": "/communes",
    "population": "/wfs/filosofi",
    "roads": "/api/interpreter",
    "services": "/insee/BPE25.zip",
    "public transport": "/api/datasets",
}


@pytest.fixture(scope="module")
def shared_dir():
    return shared_path("data", "hautes-alpes").parents[1]


@pytest.fixture(scope="module")
def payloads(shared_dir):
    import json

    communes = geoapi_communes(shared_dir, COMMUNES, EPCI)
    outline = {
        "type": "Feature",
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [f["geometry"]["coordinates"] for f in communes["features"]],
        },
        "properties": {"nom": "CA Gap-Tallard-Durance", "code": EPCI, "population": 50000},
    }
    data = shared_dir / "data" / "hautes-alpes"
    return {
        "communes": json.dumps(communes),
        "epci": json.dumps(outline),
        "cells": sample_cells(shared_dir),
        "overpass": json.dumps(overpass_answer(shared_dir)),
        "bpe": bpe2025_zip(shared_dir, FIXTURES / "bpe2023_sample.csv"),
        "ter": (data / "gtfs-sncf-ter-2017-11.zip").read_bytes(),
        "intercites": (data / "gtfs-sncf-intercites-2017-11.zip").read_bytes(),
        "bdtopo": bdtopo_features(shared_dir),
    }


def fault_response(kind, body, content_type):
    from werkzeug.wrappers import Response

    if kind == "429":
        return Response("Too Many Requests", status=429, headers={"Retry-After": "0"})
    if kind == "500":
        return Response("Internal Server Error", status=503)
    if kind == "html":
        return Response("<!DOCTYPE html><html><body>Maintenance en cours</body></html>", content_type="text/html")
    if kind == "truncated":
        return Response(body[: len(body) // 2], content_type=content_type)
    raise ValueError(kind)


BDTOPO_PAGE_CAP = 50  # the replayed WFS answers at most this many sections a page: the kit must follow numberMatched


def serve(httpserver, payloads, fault=None, wfs_log=None):
    """Every service of the kit on one loopback server; ``fault`` = (step, kind) breaks that step's route.

    The catalogue holds a national dataset (``pays`` FR) whose feed is ``/feeds/national.zip``; the BD TOPO
    WFS (current schema) answers at ``/wfs/bdtopo``, its GetFeature arguments appended to ``wfs_log``."""
    httpserver.clear()

    def route(step, path, body, content_type, **kwargs):
        if fault and fault[0] == step:
            response = fault_response(fault[1], body, content_type)
            httpserver.expect_request(path, **kwargs).respond_with_response(response)
        else:
            httpserver.expect_request(path, **kwargs).respond_with_data(body, content_type=content_type)

    route("boundaries", "/communes", payloads["communes"], "application/json")
    httpserver.expect_request(f"/epcis/{EPCI}").respond_with_data(payloads["epci"], content_type="application/json")
    if fault and fault[0] == "population":
        httpserver.expect_request("/wfs/filosofi").respond_with_response(
            fault_response(
                fault[1], b'{"type": "FeatureCollection", "features": [{"type": "Feature"', "application/json"
            )
        )
    else:
        httpserver.expect_request("/wfs/filosofi").respond_with_handler(filosofi_wfs_handler(payloads["cells"]))
    route("roads", "/api/interpreter", payloads["overpass"], "application/json", method="POST")
    httpserver.expect_request("/wfs/bdtopo").respond_with_handler(
        bdtopo_wfs_handler(payloads["bdtopo"], cap=BDTOPO_PAGE_CAP, log=wfs_log)
    )
    route("services", "/insee/BPE25.zip", payloads["bpe"], "application/zip")
    catalogue = gtfs_catalogue(FIXTURES / "tdg_datasets_covered_area_list.json", httpserver.url_for("/"), national=True)
    import json

    route("public transport", "/api/datasets", json.dumps(catalogue), "application/json")
    httpserver.expect_request("/feeds/ter.zip").respond_with_data(payloads["ter"], content_type="application/zip")
    # The Linea dataset of the catalogue is served with the real SNCF Intercités feed (no Linea feed in the sample).
    httpserver.expect_request("/feeds/linea.zip").respond_with_data(
        payloads["intercites"], content_type="application/zip"
    )
    # The national dataset is served with the real SNCF Intercités feed too (as vigie:fetchgtfs's test does).
    httpserver.expect_request("/feeds/national.zip").respond_with_data(
        payloads["intercites"], content_type="application/zip"
    )


@pytest.fixture
def quick_http(tmp_path, qgis_app):
    """Vigie's cache in a temporary folder and quick retries (tests never share cached answers)."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    keys = {"vigie/cache_folder": str(tmp_path / "cache"), "vigie/http_retries": 1, "vigie/http_backoff_factor": 0.0}
    previous = {key: settings.value(key) for key in keys}
    for key, value in keys.items():
        settings.setValue(key, value)
    yield
    for key, value in previous.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def kit_parameters(httpserver, output, **extra):
    return {
        "TERRITORY": EPCI,
        "BUFFER_KM": 20,
        "SERVICES": "D265",
        "ROAD_SOURCE": 1,
        "GTFS": True,
        "BOUNDARIES_URL": httpserver.url_for("/"),
        "POPULATION_URL": httpserver.url_for("/wfs/filosofi"),
        "OVERPASS_URL": httpserver.url_for("/api/interpreter"),
        "ROADS_URL": httpserver.url_for("/wfs/bdtopo"),
        "BPE_URL": httpserver.url_for("/insee/BPE25.zip"),
        "RANGES_URL": httpserver.url_for("/insee/BPE_gammes_equipements_{edition}.xlsx"),
        "GTFS_URL": httpserver.url_for("/"),
        "REFRESH_CACHE": True,
        "OUTPUT": str(output),
        **extra,
    }


def rows(path, layer):
    from vigie.plugin.kit_geopackage import read_rows

    return read_rows(path, layer, geometry=True)


@pytest.fixture(scope="module")
def full_kit(tmp_path_factory, payloads, qgis_app, qgis_processing):
    """One complete kit fetched from the replay (module-scoped: the fault tests start from copies of it)."""
    import processing
    from models_data import vigie_provider
    from pytest_httpserver import HTTPServer
    from qgis.core import QgsProcessingContext, QgsProject, QgsSettings

    vigie_provider()
    folder = tmp_path_factory.mktemp("kit")
    settings = QgsSettings()
    settings.setValue("vigie/cache_folder", str(folder / "cache"))
    server = HTTPServer()
    server.start()
    try:
        serve(server, payloads)
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        output = folder / "kit.gpkg"
        feedback = recording_feedback()
        processing.run("vigie:fetchterritory", kit_parameters(server, output), context=context, feedback=feedback)
        log = [request.path for request, _ in server.log]
    finally:
        server.clear()
        server.stop()
        settings.remove("vigie/cache_folder")
    return output, log, feedback.infos


def test_kit_has_every_layer_and_its_manifest(full_kit):
    from vigie.plugin.core.sources.territory_kit import LAYERS

    path, requested, lines = full_kit
    manifest = {row["layer"]: row for row in rows(path, "manifest")}
    assert list(manifest) == list(LAYERS)
    for layer, row in manifest.items():
        assert row["feature_count"] == len(rows(path, layer)), layer
        assert row["fetched_at"] and row["source_url"].startswith("http://")
    assert manifest["population"]["licence"] == "Licence Ouverte 2.0"
    assert manifest["services"]["edition"] == "BPE 2025"
    communes = rows(path, "communes")
    assert sorted(c["code"] for c in communes) == COMMUNES and {c["epci"] for c in communes} == {EPCI}
    assert [e["code"] for e in rows(path, "epci")] == [EPCI]
    assert (path.parent / "kit_gtfs").is_dir() and len(list((path.parent / "kit_gtfs").glob("*.zip"))) == 2
    # The national dataset (covered_area pays FR) is left out by default, and the log says so.
    assert "/feeds/national.zip" not in requested
    assert f"1 national datasets left out (set INCLUDE_NATIONAL to add them): {NATIONAL_TITLE} (1 GTFS)" in lines
    assert "national datasets (pays FR) left out (1)" in manifest["gtfs_stops"]["query"]


def test_population_stays_inside_services_and_roads_cover_the_buffer(full_kit, payloads):
    from qgis.core import QgsGeometry

    path, _, _ = full_kit
    cells = rows(path, "population")
    expected = [c for c in payloads["cells"] if c["depcom"] in COMMUNES]
    assert len(cells) == len(expected) > 500
    assert {c["depcom"] for c in cells} == set(COMMUNES)
    assert sum(c["ind"] for c in cells) == pytest.approx(sum(float(c["ind"]) for c in expected))
    assert {c["imputed"] for c in cells} == {0, 1}
    territory = QgsGeometry.fromWkt(rows(path, "territory")[0]["wkt"])
    services = rows(path, "services")
    outside = [s for s in services if not territory.contains(QgsGeometry.fromWkt(s["wkt"]))]
    assert outside and {s["depcom"] for s in outside}.isdisjoint(COMMUNES)  # doctors across the border are in
    zone = territory.buffer(20_000, 16)
    assert all(zone.contains(QgsGeometry.fromWkt(s["wkt"])) for s in services)
    # Briançon (05023), 60 km away, has GPs in the replayed file: beyond the margin, left out.
    assert "05023" not in {s["depcom"] for s in services}
    assert {s["typequ"] for s in services} == {"D265"} and {s["typequ_label"] for s in services} == {
        "Médecin généraliste"
    }
    exact = [s for s in services if s["approximate"] == 0]
    approximate = [s for s in services if s["approximate"] == 1]
    assert exact and approximate and {s["position_quality"] for s in approximate} == {"33"}
    roads = rows(path, "roads")
    assert len(roads) > 3000 and {"fclass", "oneway", "maxspeed"} <= set(roads[0])
    assert any(not territory.intersects(QgsGeometry.fromWkt(r["wkt"])) for r in roads)
    assert rows(path, "gtfs_stops") and all(
        zone.contains(QgsGeometry.fromWkt(s["wkt"])) for s in rows(path, "gtfs_stops")
    )


def strip_from(source, target, first_step):
    """A copy of the kit without the layers (and manifest rows) of ``first_step`` and the steps after it."""
    drop_layers(source, target, {layer for layers in STEP_LAYERS[first_step:] for layer in layers})


def drop_layers(source, target, dropped):
    """A copy of the kit without the layers ``dropped`` (and their manifest rows): a rerun fetches only those."""
    from osgeo import ogr

    shutil.copy(source, target)
    ds = ogr.Open(str(target), 1)
    for index in reversed(range(ds.GetLayerCount())):
        if ds.GetLayer(index).GetName() in dropped:
            ds.DeleteLayer(index)
    manifest = ds.GetLayerByName("manifest")
    for feature in list(manifest):
        if feature.GetField("layer") in dropped:
            manifest.DeleteFeature(feature.GetFID())
    ds = None


@pytest.mark.parametrize("kind", ["429", "500", "truncated", "html"])
@pytest.mark.parametrize("step", range(len(STEPS)))
def test_a_fault_at_each_step_keeps_the_earlier_layers(
    full_kit, payloads, httpserver, quick_http, run_alg, tmp_path, step, kind
):
    from qgis.core import QgsProcessingException

    complete, _, _ = full_kit
    output = tmp_path / "kit.gpkg"
    if step:
        strip_from(complete, output, step)
    serve(httpserver, payloads, fault=(STEPS[step], kind))
    with pytest.raises(QgsProcessingException, match=rf"Step {step + 1}/5 \({STEPS[step]}\) failed"):
        run_alg("vigie:fetchterritory", kit_parameters(httpserver, output))
    kept = [layer for layers in STEP_LAYERS[:step] for layer in layers]
    manifest = [row["layer"] for row in rows(output, "manifest")] if output.exists() else []
    assert manifest == kept
    for layer in kept:
        assert len(rows(output, layer)) == len(rows(complete, layer))
    if step:  # the earlier steps were not fetched again
        requested = {request.path for request, _ in httpserver.log}
        assert not requested & {ROUTES[name] for name in STEPS[:step]}


def test_rerun_without_refresh_continues_from_the_failed_step(
    full_kit, payloads, httpserver, quick_http, run_alg, tmp_path
):
    from qgis.core import QgsProcessingException

    output = tmp_path / "kit.gpkg"
    serve(httpserver, payloads, fault=("services", "500"))
    with pytest.raises(QgsProcessingException, match=r"Step 4/5 \(services\) failed"):
        run_alg("vigie:fetchterritory", kit_parameters(httpserver, output))
    serve(httpserver, payloads)
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output))
    requested = {request.path for request, _ in httpserver.log}
    assert "/insee/BPE25.zip" in requested and "/api/datasets" in requested
    assert not requested & {"/communes", "/wfs/filosofi", "/api/interpreter"}
    complete, _, _ = full_kit
    for layer in ("population", "roads", "services", "gtfs_stops"):
        assert len(rows(output, layer)) == len(rows(complete, layer))
    # REFRESH fetches everything again.
    serve(httpserver, payloads)
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, REFRESH=True))
    assert {"/communes", "/wfs/filosofi", "/api/interpreter"} <= {request.path for request, _ in httpserver.log}


def test_road_diagnostic_model_runs_on_the_fetched_kit(full_kit, qgis_processing, tmp_path):
    from models_data import features

    path, _, _ = full_kit
    outputs = road_diagnostic_on_kit(path, tmp_path)
    times = features(outputs["road:TRAVEL_TIMES"])
    assert len(times) == len(rows(path, "population"))
    reached = [row["time_min"] for row in times if row["time_min"] is not None]
    assert len(reached) >= 0.99 * len(times) and sorted(reached)[len(reached) // 2] < 10
    coverage = {row["code"]: row for row in features(outputs["coverage:COVERAGE"]) if row["is_total"] == 0}
    assert set(coverage) == set(COMMUNES) and coverage["05061"]["share_le_10"] > 90


def test_overseas_territory_without_filosofi_is_refused_before_any_request(httpserver, quick_http, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    output = tmp_path / "kit.gpkg"
    with pytest.raises(QgsProcessingException, match="Guadeloupe"):
        run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, TERRITORY="97105"))
    assert not httpserver.log and not output.exists()


# -- national GTFS feeds (INCLUDE_NATIONAL) -------------------------------------------------------------


def test_national_gtfs_feeds_only_when_asked(full_kit, payloads, httpserver, quick_http, run_alg, tmp_path):
    """The kit's steps 1-4 kept, step 5 run again with INCLUDE_NATIONAL: the national feed is downloaded and its
    stops within the margin are in ``gtfs_stops``; nothing is said left out."""
    from qgis.core import QgsGeometry

    complete, _, _ = full_kit
    output = tmp_path / "kit.gpkg"
    strip_from(complete, output, 4)
    serve(httpserver, payloads)
    feedback = recording_feedback()
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, INCLUDE_NATIONAL=True), feedback=feedback)
    requested = {request.path for request, _ in httpserver.log}
    assert requested == {"/api/datasets", "/feeds/ter.zip", "/feeds/linea.zip", "/feeds/national.zip"}
    assert not [line for line in feedback.infos if "national datasets left out" in line]
    zips = sorted(p.name for p in (tmp_path / "kit_gtfs").glob("*.zip"))
    assert "900-901.zip" in zips and len(zips) == 3
    stops = rows(output, "gtfs_stops")
    national = [s for s in stops if s["feed"] == "900-901.zip"]
    assert national and len(stops) == len(rows(complete, "gtfs_stops")) + len(national)
    zone = QgsGeometry.fromWkt(rows(output, "territory")[0]["wkt"]).buffer(20_000, 16)
    assert all(zone.contains(QgsGeometry.fromWkt(s["wkt"])) for s in national)
    manifest = {row["layer"]: row for row in rows(output, "manifest")}
    assert "national datasets (pays FR) included" in manifest["gtfs_stops"]["query"]
    assert "/feeds/national.zip" in manifest["gtfs_stops"]["source_url"]


# -- the default road source: BD TOPO over the Géoplateforme WFS, current schema ---------------------------


def test_kit_with_the_default_bdtopo_roads(payloads, httpserver, quick_http, run_alg, tmp_path):
    """The whole kit with ROAD_SOURCE left at its default (BD TOPO WFS): today's troncon_de_route schema
    (names in nom_collaboratif_*), pages capped below COUNT and followed with numberMatched, sections kept
    on the territory plus BUFFER_KM, in the kit's CRS, with their BD TOPO fields and attribution."""
    from qgis.core import QgsGeometry, QgsVectorLayer

    from vigie.plugin.core.sources.geometry import geojson_to_wkt

    output = tmp_path / "kit.gpkg"
    wfs_log = []
    serve(httpserver, payloads, wfs_log=wfs_log)
    parameters = kit_parameters(httpserver, output)
    del parameters["ROAD_SOURCE"]  # the default
    run_alg("vigie:fetchterritory", parameters)
    requested = {request.path for request, _ in httpserver.log}
    assert "/wfs/bdtopo" in requested and "/api/interpreter" not in requested
    # Every request in the kit's CRS, a BBOX in that CRS; the capped pages were followed to numberMatched.
    assert wfs_log and {(a["SRSNAME"], a["BBOX"].split(",")[-1]) for a in wfs_log} == {("EPSG:2154", "EPSG:2154")}
    assert any(int(a["STARTINDEX"]) >= BDTOPO_PAGE_CAP for a in wfs_log)
    assert {int(a["COUNT"]) for a in wfs_log} == {5000}
    roads = rows(output, "roads")
    zone = QgsGeometry.fromWkt(rows(output, "territory")[0]["wkt"]).buffer(20_000, 16)
    expected = {
        f["properties"]["cleabs"]
        for f in payloads["bdtopo"]
        if zone.intersects(QgsGeometry.fromWkt(geojson_to_wkt(f["geometry"])))
    }
    assert 100 < len(expected) < len(payloads["bdtopo"])  # sections beyond the margin (Mont-Dauphin…) left out
    assert sorted(r["cleabs"] for r in roads) == sorted(expected)
    assert {"nature", "sens_de_circulation", "vitesse_moyenne_vl", "acces_vehicule_leger"} <= set(roads[0])
    assert "nom_1_gauche" not in roads[0]
    named = {r["nom_collaboratif_gauche"] for r in roads if r["nom_collaboratif_gauche"]}
    by_id = {f["properties"]["cleabs"]: f["properties"] for f in payloads["bdtopo"]}
    assert named == {by_id[c]["nom_collaboratif_gauche"] for c in expected if by_id[c]["nom_collaboratif_gauche"]}
    assert named  # the current schema's names reach the kit
    speeds = [r["vitesse_moyenne_vl"] for r in roads if r["vitesse_moyenne_vl"] is not None]
    assert speeds and all(0 <= v <= 130 for v in speeds)
    x = QgsGeometry.fromWkt(roads[0]["wkt"]).boundingBox().xMinimum()
    assert 900_000 < x < 1_000_000  # Lambert-93 metres, not degrees
    manifest = {row["layer"]: row for row in rows(output, "manifest")}
    assert (
        manifest["roads"]["edition"].startswith("IGN BD TOPO") and manifest["roads"]["licence"] == "Licence Ouverte 2.0"
    )
    assert manifest["roads"]["source_url"] == httpserver.url_for("/wfs/bdtopo")
    assert manifest["roads"]["feature_count"] == len(roads)
    layer = QgsVectorLayer(f"{output}|layername=roads", "roads", "ogr")
    assert "IGN BD TOPO (Licence Ouverte)" in layer.metadata().rights()
    assert [row["layer"] for row in rows(output, "manifest")] == [name for names in STEP_LAYERS for name in names]


# -- INSEE's national Filosofi zip holding a 7z -------------------------------------------------------------


def test_population_from_insee_zip_holding_a_7z_gives_the_wfs_cells(
    full_kit, payloads, httpserver, quick_http, run_alg, tmp_path
):
    """POPULATION_FILE = INSEE's national zip (one .7z holding carreaux_200m_met/_mart/_reun.csv), built from the
    real sample cells: the population step gives the very cells the WFS kit has, without any request."""
    from vigie.plugin.core.sources import archive

    if archive.seven_zip_reader() is None:
        pytest.skip("no 7z reader here (GDAL >= 3.7 with /vsi7z/, the py7zr module or the 7z command of p7zip-full)")
    zip_path = filosofi_zip_with_7z(list(payloads["cells"]), tmp_path / "insee")
    if zip_path is None:
        pytest.skip("no 7z command (p7zip-full) here to build INSEE's archive for the test")
    complete, _, _ = full_kit
    output = tmp_path / "kit.gpkg"
    drop_layers(complete, output, {"population"})
    serve(httpserver, payloads)
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, POPULATION_FILE=str(zip_path)))
    assert not httpserver.log  # the other steps were kept, the population came from the file
    from_file = {c["idcar_200m"]: c for c in rows(output, "population")}
    from_wfs = {c["idcar_200m"]: c for c in rows(complete, "population")}
    assert len(from_file) > 500 and set(from_file) == set(from_wfs)
    for cell_id, cell in from_wfs.items():
        other = from_file[cell_id]
        assert (other["depcom"], other["imputed"]) == (cell["depcom"], cell["imputed"]), cell_id
        for column in ("ind", "ind_0_3", "ind_18_24", "ind_80p"):
            assert other[column] == pytest.approx(cell[column], abs=1e-6), (cell_id, column)
    manifest = {row["layer"]: row for row in rows(output, "manifest")}
    assert manifest["population"]["source_url"] == str(zip_path)
    assert manifest["population"]["edition"] == "Filosofi (local file)"


# -- INSEE's table of BPE ranges (RANGE_TABLE) --------------------------------------------------------------


RANGE_ROWS = [
    ("D265", "Médecin généraliste", "Gamme de proximité"),
    ("D307", "Pharmacie", "Gamme de proximité"),
    ("D106", "Urgences", "Gamme supérieure"),
    ("D502", "Établissement d'accueil du jeune enfant", "Gamme intermédiaire"),
]


def range_table(folder, kind="csv"):
    """A small table in the layout of INSEE's 'gammes d'équipements': saved as CSV, or the workbook as
    downloaded (title rows above the header, as INSEE's 2025 file)."""
    if kind == "xlsx":
        from range_workbooks import write_workbook

        title = [["Gammes d'équipements 2025"], [], ["TYPEQU", "LIBELLE_TYPEQU", "GAMME"]]
        return write_workbook(folder / "gammes.xlsx", {"Gammes 2025": title + [list(row) for row in RANGE_ROWS]})
    path = folder / "gammes.csv"
    path.write_text("TYPEQU;Libellé;Gamme\n" + "".join(";".join(row) + "\n" for row in RANGE_ROWS), encoding="utf-8")
    return path


@pytest.mark.parametrize("table_kind", ["csv", "xlsx"])
def test_range_table_gives_the_services_of_a_range_and_their_bpe_range(
    full_kit, payloads, httpserver, quick_http, run_alg, tmp_path, table_kind
):
    from qgis.core import QgsProcessingException

    complete, _, _ = full_kit
    output = tmp_path / "kit.gpkg"
    drop_layers(complete, output, {"services"})
    serve(httpserver, payloads)
    # Without INSEE's table, a range cannot be resolved (Vigie's tables hold no ranges): the message says where
    # to give it, and the earlier layers stay.
    with pytest.raises(QgsProcessingException, match=r"Step 4/5 \(services\) failed: .*INSEE's table.* in RANGE_TABLE"):
        run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, SERVICES="proximite"))
    table = range_table(tmp_path, table_kind)
    serve(httpserver, payloads)
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, SERVICES="proximite", RANGE_TABLE=str(table)))
    services = rows(output, "services")
    doctors = [s for s in services if s["typequ"] == "D265"]
    assert {s["typequ"] for s in services} == {"D265", "D307"}  # the pharmacy of Gap came with the range
    assert len(doctors) == len(rows(complete, "services"))  # the D265 kit, plus the pharmacy
    assert {s["bpe_range"] for s in services} == {"proximite"}
    assert {s["typequ_label"] for s in services} == {"Médecin généraliste", "Pharmacie"}
    query = {row["layer"]: row for row in rows(output, "manifest")}["services"]["query"]
    assert "TYPEQU in (D265, D307)" in query and f"ranges from gammes.{table_kind}" in query
    # With the table, plain codes get their range too.
    drop_layers(complete, output, {"services"})
    serve(httpserver, payloads)
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, SERVICES="D265,D502", RANGE_TABLE=str(table)))
    ranges = {s["typequ"]: s["bpe_range"] for s in rows(output, "services")}
    assert ranges == {"D265": "proximite", "D502": "intermediaire"}


def test_a_range_without_range_table_reads_insee_workbook_of_the_edition_from_ranges_url(
    full_kit, payloads, httpserver, quick_http, run_alg, tmp_path
):
    """SERVICES=proximite and no RANGE_TABLE: INSEE's workbook of the BPE file's edition (2025) is downloaded
    from RANGES_URL ({edition} replaced) and read as published; the manifest names its URL."""
    complete, _, _ = full_kit
    output = tmp_path / "kit.gpkg"
    drop_layers(complete, output, {"services"})
    workbook = range_table(tmp_path, "xlsx").read_bytes()
    serve(httpserver, payloads)
    httpserver.expect_request("/insee/BPE_gammes_equipements_2025.xlsx").respond_with_data(
        workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, SERVICES="proximite"))
    services = rows(output, "services")
    assert {s["typequ"] for s in services} == {"D265", "D307"} and {s["bpe_range"] for s in services} == {"proximite"}
    manifest = {row["layer"]: row for row in rows(output, "manifest")}
    query = manifest["services"]["query"]
    assert "ranges from http://" in query and query.rstrip().endswith("BPE_gammes_equipements_2025.xlsx")
    # The kit keeps INSEE's table it used, so a basket by range on the kit needs no RANGE_TABLE.
    table = {row["typequ"]: row["bpe_range"] for row in rows(output, "bpe_ranges")}
    assert table == {"D265": "proximite", "D307": "proximite", "D106": "superieure", "D502": "intermediaire"}
    assert manifest["bpe_ranges"]["source_url"].endswith("BPE_gammes_equipements_2025.xlsx")
    layer = f"{output}|layername="
    basket = run_alg(
        "vigie:servicebasket",
        {
            "NETWORK": layer + "roads",
            "ORIGINS": layer + "population",
            "SERVICES": layer + "services",
            "CATEGORY_FIELD": "typequ",
            "BASKET": 1,  # BPE range proximité
            "BPE_EDITION": "2025",
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    fields = [f.name() for f in basket.fields()]
    assert "t_D265" in fields and "t_D307" in fields and "t_D106" not in fields
    doctors = [f["t_D265"] for f in basket.getFeatures() if f["t_D265"] is not None]
    assert doctors and min(doctors) >= 0


def test_unreadable_range_table_is_refused_before_any_request(httpserver, quick_http, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    table = tmp_path / "gammes.csv"
    table.write_text("code;libelle\nD265;Médecin\n", encoding="utf-8")
    output = tmp_path / "kit.gpkg"
    with pytest.raises(QgsProcessingException, match=r"RANGE_TABLE: gammes\.csv needs a TYPEQU column"):
        run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, RANGE_TABLE=str(table)))
    assert not httpserver.log and not output.exists()
