"""vigie:fetchterritory end to end against one loopback replay of every service (current shapes, real sample data):
layer counts, manifest, buffer semantics, faults at each step keeping the earlier layers, resume, and the
road diagnostic model run on the kit."""

import shutil
from pathlib import Path

import pytest
from conftest import shared_path
from kit_replay import (
    bpe2025_zip,
    filosofi_wfs_handler,
    geoapi_communes,
    gtfs_catalogue,
    overpass_answer,
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


def serve(httpserver, payloads, fault=None):
    """Every service of the kit on one loopback server; ``fault`` = (step, kind) breaks that step's route."""
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
    route("services", "/insee/BPE25.zip", payloads["bpe"], "application/zip")
    catalogue = gtfs_catalogue(FIXTURES / "tdg_datasets_covered_area_list.json", httpserver.url_for("/"))
    import json

    route("public transport", "/api/datasets", json.dumps(catalogue), "application/json")
    httpserver.expect_request("/feeds/ter.zip").respond_with_data(payloads["ter"], content_type="application/zip")
    # The Linea dataset of the catalogue is served with the real SNCF Intercités feed (no Linea feed in the sample).
    httpserver.expect_request("/feeds/linea.zip").respond_with_data(
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
        "BPE_URL": httpserver.url_for("/insee/BPE25.zip"),
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
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsSettings

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
        processing.run(
            "vigie:fetchterritory",
            kit_parameters(server, output),
            context=context,
            feedback=QgsProcessingFeedback(),
        )
        log = [request.path for request, _ in server.log]
    finally:
        server.clear()
        server.stop()
        settings.remove("vigie/cache_folder")
    return output, log


def test_kit_has_every_layer_and_its_manifest(full_kit):
    from vigie.plugin.core.sources.territory_kit import LAYERS

    path, _ = full_kit
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


def test_population_stays_inside_services_and_roads_cover_the_buffer(full_kit, payloads):
    from qgis.core import QgsGeometry

    path, _ = full_kit
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
    from osgeo import ogr

    shutil.copy(source, target)
    dropped = {layer for layers in STEP_LAYERS[first_step:] for layer in layers}
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

    complete, _ = full_kit
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
    complete, _ = full_kit
    for layer in ("population", "roads", "services", "gtfs_stops"):
        assert len(rows(output, layer)) == len(rows(complete, layer))
    # REFRESH fetches everything again.
    serve(httpserver, payloads)
    run_alg("vigie:fetchterritory", kit_parameters(httpserver, output, REFRESH=True))
    assert {"/communes", "/wfs/filosofi", "/api/interpreter"} <= {request.path for request, _ in httpserver.log}


def test_road_diagnostic_model_runs_on_the_fetched_kit(full_kit, qgis_processing, tmp_path):
    from models_data import features, run_model, vigie_provider

    vigie_provider()
    path, _ = full_kit
    layer = f"{path}|layername="
    outputs = {
        "road:TRAVEL_TIMES": str(tmp_path / "temps.gpkg"),
        "coverage:COVERAGE": str(tmp_path / "couverture.gpkg"),
        "map:MAP_PDF": str(tmp_path / "carte.pdf"),
    }
    run_model(
        "vigie:diagnostic_road_access",
        {
            "NETWORK": layer + "roads",
            "SERVICES": layer + "services",
            "POPULATION": layer + "population",
            "COMMUNES": layer + "communes",
            **outputs,
        },
    )
    times = features(outputs["road:TRAVEL_TIMES"])
    assert len(times) == len(rows(path, "population"))
    reached = [row["time_min"] for row in times if row["time_min"] is not None]
    assert len(reached) >= 0.99 * len(times) and sorted(reached)[len(reached) // 2] < 10
    coverage = {row["code"]: row for row in features(outputs["coverage:COVERAGE"]) if row["is_total"] == 0}
    assert set(coverage) == set(COMMUNES) and coverage["05061"]["share_le_10"] > 90
