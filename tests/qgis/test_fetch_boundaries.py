"""vigie:fetchboundaries end to end against a loopback geo.api.gouv.fr (built fixture, real outlines)."""

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@pytest.fixture
def vigie_cache(tmp_path, qgis_app):
    from qgis.core import QgsSettings

    settings = QgsSettings()
    keys = {"vigie/cache_folder": str(tmp_path / "cache"), "vigie/http_retries": 2, "vigie/http_backoff_factor": 0.0}
    previous = {key: settings.value(key) for key in keys}
    for key, value in keys.items():
        settings.setValue(key, value)
    yield tmp_path / "cache"
    for key, value in previous.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def communes_payload():
    return json.loads((FIXTURES / "geoapi_communes_epci_200067452.geojson").read_text(encoding="utf-8"))


def test_communes_of_an_epci_with_metadata(run_alg, httpserver, tmp_path, vigie_cache):
    httpserver.expect_request(
        "/communes",
        query_string={
            "codeEpci": "200067452",
            "format": "geojson",
            "geometry": "contour",
            "fields": "nom,code,codesPostaux,siren,codeEpci,codeDepartement,codeRegion,population",
        },
    ).respond_with_json(communes_payload())
    layer = run_alg(
        "vigie:fetchboundaries",
        {"TERRITORY": "200067452", "BASE_URL": httpserver.url_for("/"), "REFRESH_CACHE": True, "OUTPUT": "memory:"},
    )["OUTPUT"]
    assert layer.isValid() and layer.featureCount() == 3
    assert layer.crs().authid() == "EPSG:2154"
    gap = next(f for f in layer.getFeatures() if f["code"] == "05061")
    assert gap["nom"] == "Gap" and gap["population"] == 40255 and gap["code_epci"] == "200067452"
    # Gap covers about 110 km²; the simplified fixture outline keeps that order of magnitude.
    assert 80e6 < gap.geometry().area() < 140e6
    assert "geo.api.gouv.fr, IGN ADMIN EXPRESS (Licence Ouverte)" in layer.metadata().rights()
    abstract = layer.metadata().abstract()
    assert "vigie:fetchboundaries" in abstract and httpserver.url_for("/").rstrip("/") in abstract
    assert "Query = 200067452" in abstract and "Date:" in abstract


def test_unknown_territory_fails_without_output(run_alg, httpserver, tmp_path, vigie_cache):
    from qgis.core import QgsProcessingException

    httpserver.expect_request("/communes").respond_with_json({"type": "FeatureCollection", "features": []})
    output = tmp_path / "none.gpkg"
    with pytest.raises(QgsProcessingException, match="99999"):
        run_alg(
            "vigie:fetchboundaries",
            {"TERRITORY": "99999", "BASE_URL": httpserver.url_for("/"), "REFRESH_CACHE": True, "OUTPUT": str(output)},
        )
    assert not output.exists()


def test_bad_territory_code_is_explained(run_alg, httpserver, tmp_path, vigie_cache):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="not a commune code"):
        run_alg("vigie:fetchboundaries", {"TERRITORY": "Gap", "BASE_URL": httpserver.url_for("/"), "OUTPUT": "memory:"})


def test_epci_level_from_geo_api(run_alg, httpserver, vigie_cache):
    httpserver.expect_request("/communes").respond_with_json(communes_payload())
    gap = communes_payload()["features"][0]
    httpserver.expect_request("/epcis/200067452").respond_with_json(
        {
            "type": "Feature",
            "geometry": gap["geometry"],
            "properties": {
                "nom": "CA Gap-Tallard-Durance",
                "code": "200067452",
                "population": 50000,
                "codesDepartements": ["05"],
                "codesRegions": ["93"],
            },
        }
    )
    layer = run_alg(
        "vigie:fetchboundaries",
        {
            "TERRITORY": "05061",
            "LEVEL": 1,
            "BASE_URL": httpserver.url_for("/"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    (epci,) = list(layer.getFeatures())
    assert (epci["code"], epci["nom"], epci["population"], epci["code_deps"]) == (
        "200067452",
        "CA Gap-Tallard-Durance",
        50000,
        "05",
    )


def test_communes_from_adminexpress_wfs(run_alg, httpserver, vigie_cache):
    from qgis.core import NULL, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject

    from vigie.plugin.core.sources.geometry import geojson_to_wkt

    to_l93 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:2154"), QgsProject.instance()
    )
    features = []
    for feature in communes_payload()["features"]:
        geometry = QgsGeometry.fromWkt(geojson_to_wkt(feature["geometry"]))
        geometry.transform(to_l93)  # the WFS answers in the SRSNAME asked for
        p = feature["properties"]
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(geometry.asJson()),
                "properties": {
                    "code_insee": p["code"],
                    "nom_officiel": p["nom"],
                    "population": p["population"],
                    "code_insee_du_departement": "05",
                    "code_insee_de_la_region": "93",
                    # ADMIN EXPRESS writes NR for a commune without EPCI (Rambaud here, for the test).
                    "codes_siren_des_epci": "NR" if p["code"] == "05113" else "200067452",
                },
            }
        )
    httpserver.expect_request(
        "/wfs/ows",
        query_string={
            "SERVICE": "WFS",
            "VERSION": "2.0.0",
            "REQUEST": "GetFeature",
            "TYPENAMES": "ADMINEXPRESS-COG.LATEST:commune",
            "OUTPUTFORMAT": "application/json",
            "SRSNAME": "EPSG:2154",
            "COUNT": "5000",
            "STARTINDEX": "0",
            "CQL_FILTER": "code_insee_du_departement IN ('05')",
        },
    ).respond_with_json({"type": "FeatureCollection", "features": features})
    layer = run_alg(
        "vigie:fetchboundaries",
        {
            "TERRITORY": "05",
            "SOURCE": 1,
            "WFS_URL": httpserver.url_for("/wfs/ows"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    gap = next(f for f in layer.getFeatures() if f["code"] == "05061")
    assert layer.featureCount() == 3 and 80e6 < gap.geometry().area() < 140e6
    epci_of = {f["code"]: f["code_epci"] for f in layer.getFeatures()}
    assert epci_of["05061"] == "200067452" and epci_of["05113"] in (None, NULL)
    assert "IGN ADMIN EXPRESS (Licence Ouverte)" in layer.metadata().rights()


@pytest.mark.parametrize(
    "respond, message",
    [
        (lambda r: r.respond_with_data("boom", status=500), "Service unavailable"),
        (lambda r: r.respond_with_data("no", status=429, headers={"Retry-After": "0"}), "Rate limited"),
        (lambda r: r.respond_with_data('{"type": "FeatureCollection", "features": [{"typ'), "not valid JSON"),
        (lambda r: r.respond_with_data("<html><body>Maintenance</body></html>", content_type="text/html"), "web page"),
        (lambda r: r.respond_with_json({"message": "Code invalide"}, status=404), "Not found"),
    ],
)
def test_faults_leave_no_output(run_alg, httpserver, tmp_path, vigie_cache, respond, message):
    from qgis.core import QgsProcessingException

    respond(httpserver.expect_request("/communes"))
    output = tmp_path / "communes.gpkg"
    with pytest.raises(QgsProcessingException, match=message):
        run_alg(
            "vigie:fetchboundaries",
            {"TERRITORY": "05061", "BASE_URL": httpserver.url_for("/"), "REFRESH_CACHE": True, "OUTPUT": str(output)},
        )
    assert not output.exists() and list(tmp_path.glob("*.gpkg*")) == []
