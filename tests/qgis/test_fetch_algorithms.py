"""The fetch algorithms end to end against loopback services answering at the real paths (via BASE_URL)."""

import io
import json
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GEOAPI_FIELDS = "nom,code,codesPostaux,siren,codeEpci,codeDepartement,codeRegion,population"


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def vigie_cache(tmp_path, qgis_app):
    """Vigie's cache in a temporary folder (tests never share cached answers) and quick retries."""
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


def serve_epci_communes(httpserver):
    httpserver.expect_request(
        "/communes",
        query_string={
            "codeEpci": "200067452",
            "format": "geojson",
            "geometry": "contour",
            "fields": GEOAPI_FIELDS,
        },
    ).respond_with_json(fixture("geoapi_communes_epci_200067452.geojson"))


def polygon_layer(wkt, crs):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(f"Polygon?crs={crs}", "territory", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt(wkt))
    layer.dataProvider().addFeatures([feature])
    return layer


# -- Sirene --------------------------------------------------------------------------------------


def test_sirene_keyless_backend(shared, run_alg, httpserver, vigie_cache):
    from werkzeug import Response

    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    empty = {"results": [], "total_results": 10000, "page": 2, "per_page": 25, "total_pages": 10000}

    def search(request):
        assert request.args["code_commune"] == "06030" and request.args["activite_principale"] == "68.32A"
        return Response(json.dumps(real if request.args["page"] == "1" else empty), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(search)
    result = run_alg(
        "vigie:fetchsirene",
        {
            "TERRITORY": "06030",
            "NAF_CODES": "68.32A",
            "BACKEND": 0,
            "BASE_URL": httpserver.url_for("/"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )
    layer = result["OUTPUT"]
    assert layer.crs().authid() == "EPSG:2154" and layer.featureCount() == 1 and result["WITHOUT_POSITION"] == 0
    feature = next(layer.getFeatures())
    assert feature["siret"] == "51076150500013" and feature["commune"] == "06030"
    point = feature.geometry().asPoint()  # Le Cannet (43.570079 N, 7.005921 E) in Lambert-93
    assert 1020000 < point.x() < 1030000 and 6280000 < point.y() < 6290000
    assert "INSEE Sirene (Licence Ouverte)" in layer.metadata().rights()
    assert "activite_principale=68.32A" in layer.metadata().abstract()


@pytest.fixture
def insee_authcfg(qgis_app):
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    if manager.isDisabled():
        pytest.skip("the QGIS authentication system is disabled here")
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("vigie-test-master", True)
    config = QgsAuthMethodConfig()
    config.setName("INSEE test key")
    config.setMethod("Basic")
    config.setConfig("username", "vigie")
    config.setConfig("password", "secret-test-key")
    if not manager.storeAuthenticationConfig(config)[0]:
        pytest.skip("cannot store an authentication configuration here")
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


def test_sirene_api_with_key_from_authcfg_follows_the_cursor(run_alg, httpserver, vigie_cache, insee_authcfg):
    for cursor, name in (
        ("*", "sirene_siret_page1.json"),
        ("AoEpODA5NDk2NTI4MDAwMjQ=", "sirene_siret_page2.json"),
        ("AoEpODk4NzY1NDMyMDAwMTk=", "sirene_siret_last_page.json"),
    ):
        httpserver.expect_request(
            "/api-sirene/3.11/siret",
            query_string={
                "curseur": cursor,
                "nombre": "1000",
                "q": (
                    "periode(etatAdministratifEtablissement:A AND (activitePrincipaleEtablissement:86.21Z)) "
                    "AND (codeCommuneEtablissement:05061)"
                ),
            },
            headers={"X-INSEE-Api-Key-Integration": "secret-test-key"},
        ).respond_with_json(fixture(name))
    result = run_alg(
        "vigie:fetchsirene",
        {
            "TERRITORY": "05061",
            "NAF_CODES": "general_practitioners",
            "BACKEND": 1,
            "AUTHCFG": insee_authcfg,
            "BASE_URL": httpserver.url_for("/api-sirene/3.11"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )
    layer = result["OUTPUT"]
    assert sorted(f["siret"] for f in layer.getFeatures()) == ["80949652800024", "89876543200019"]
    assert result["WITHOUT_POSITION"] == 1  # the "[ND]" establishment is counted, not mapped
    martin = next(f for f in layer.getFeatures() if f["siret"] == "80949652800024").geometry().asPoint()
    assert (round(martin.x(), 2), round(martin.y(), 2)) == (944437.84, 6389246.01)
    metadata = layer.metadata()
    assert "secret-test-key" not in metadata.abstract() + " ".join(metadata.rights())

    # Again with the geocoder: the "[ND]" establishment's address (commune part only) is placed in Gap.
    def geocoder(request):
        from werkzeug import Response

        lines = request.files["data"].read().decode("utf-8").splitlines()
        body = lines[0] + ",latitude,longitude,result_score,result_citycode\n"
        body += "".join(line + ",44.5594,6.0786,0.61,05061\n" for line in lines[1:])
        return Response(body, content_type="text/csv")

    httpserver.expect_request("/geocodage/search/csv", method="POST").respond_with_handler(geocoder)
    result = run_alg(
        "vigie:fetchsirene",
        {
            "TERRITORY": "05061",
            "NAF_CODES": "86.21Z",
            "BACKEND": 1,
            "AUTHCFG": insee_authcfg,
            "GEOCODE": True,
            "GEOCODER_URL": httpserver.url_for("/geocodage"),
            "BASE_URL": httpserver.url_for("/api-sirene/3.11"),
            "OUTPUT": "memory:",
        },
    )
    assert result["WITHOUT_POSITION"] == 0 and result["OUTPUT"].featureCount() == 3
    placed = next(f for f in result["OUTPUT"].getFeatures() if f["siret"] == "81234567800013")
    assert placed["geocode_score"] == pytest.approx(0.61)
    assert 944000 < placed.geometry().asPoint().x() < 945000
    assert "Base Adresse Nationale via Géoplateforme (Licence Ouverte)" in result["OUTPUT"].metadata().rights()


def test_sirene_api_without_key_says_how_to_set_it(run_alg, httpserver, vigie_cache, tmp_path):
    from qgis.core import QgsProcessingException

    output = tmp_path / "sirene.gpkg"
    with pytest.raises(QgsProcessingException, match="authentication configuration"):
        run_alg(
            "vigie:fetchsirene",
            {"TERRITORY": "05061", "BACKEND": 1, "BASE_URL": httpserver.url_for("/"), "OUTPUT": str(output)},
        )
    assert not output.exists() and len(httpserver.log) == 0


def test_sirene_401_leaves_no_output(run_alg, httpserver, vigie_cache, tmp_path):
    from qgis.core import QgsProcessingException

    httpserver.expect_request("/search").respond_with_json({"erreur": "unauthorized"}, status=401)
    output = tmp_path / "sirene.gpkg"
    with pytest.raises(QgsProcessingException, match="Access refused"):
        run_alg(
            "vigie:fetchsirene",
            {"TERRITORY": "05061", "BASE_URL": httpserver.url_for("/"), "REFRESH_CACHE": True, "OUTPUT": str(output)},
        )
    assert not output.exists()


# -- BPE and childcare ------------------------------------------------------------------------------


def bpe_zip_bytes(csv_name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(FIXTURES / csv_name, "BPE23.csv")
    return buffer.getvalue()


def test_bpe_downloaded_once_and_filtered_by_epci(run_alg, httpserver, vigie_cache):
    path = "/fr/statistiques/fichier/8217525/BPE23.zip"
    httpserver.expect_request(path).respond_with_data(
        bpe_zip_bytes("bpe2023_sample.csv"), content_type="application/zip"
    )
    parameters = {
        "TERRITORY": "200067452",
        "EQUIPMENT_TYPES": "childcare, D201",
        "BASE_URL": httpserver.url_for("/"),
        "FILE_PATH": path,  # the 2023 edition (the default is the latest, BPE25.zip)
        "OUTPUT": "memory:",
    }
    layer = run_alg("vigie:fetchbpe", parameters)["OUTPUT"]
    rows = {f["typequ"]: f for f in layer.getFeatures()}
    assert set(rows) == {"D502", "D265"}  # D201 asked, renumbered D265 in the 2023 edition
    assert layer.featureCount() == 2  # the micro-crèche without coordinates (_Z) is not mapped
    assert rows["D502"]["capacite"] == 40 and rows["D502"]["qualite_xy"] == "A"
    assert rows["D265"]["libelle"] == "Médecin généraliste"
    assert "INSEE BPE (Licence Ouverte)" in layer.metadata().rights()
    run_alg("vigie:fetchbpe", parameters)  # second run: from the cache
    assert len(httpserver.log) == 1


def test_bpe_older_edition_from_a_local_file(run_alg, vigie_cache):
    layer = run_alg(
        "vigie:fetchbpe",
        {
            "TERRITORY": "05",
            "EQUIPMENT_TYPES": "health",
            "LOCAL_FILE": str(FIXTURES / "bpe2021_sample.csv"),
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    assert sorted((f["depcom"], f["typequ"]) for f in layer.getFeatures()) == [
        ("05061", "D201"),
        ("05061", "D301"),
        ("05100", "D201"),
    ]


def test_bpe_html_page_instead_of_the_zip_leaves_nothing(run_alg, httpserver, vigie_cache, tmp_path):
    from qgis.core import QgsProcessingException

    httpserver.expect_request("/fr/statistiques/fichier/8217525/BPE25.zip").respond_with_data(
        "<!DOCTYPE html><html><body>Page introuvable</body></html>", content_type="text/html"
    )
    output = tmp_path / "bpe.gpkg"
    with pytest.raises(QgsProcessingException, match="web page"):
        run_alg("vigie:fetchbpe", {"TERRITORY": "05", "BASE_URL": httpserver.url_for("/"), "OUTPUT": str(output)})
    assert not output.exists()
    assert not any(p.is_file() for p in vigie_cache.rglob("*"))


def test_childcare_epci_coverage_joined_to_boundaries(run_alg, httpserver, vigie_cache):
    serve_epci_communes(httpserver)
    gap = fixture("geoapi_communes_epci_200067452.geojson")["features"][0]
    httpserver.expect_request("/epcis/200067452").respond_with_json(
        {
            "type": "Feature",
            "geometry": gap["geometry"],
            "properties": {"nom": "CA Gap-Tallard-Durance", "code": "200067452", "population": 50000},
        }
    )
    base = "/api/explore/v2.1/catalog/datasets"
    httpserver.expect_request(f"{base}/txcouv_pe_epci/records").respond_with_json(
        fixture("caf_txcouv_pe_epci_records.json")
    )
    httpserver.expect_request(f"{base}/nbpla_pe_epci/records").respond_with_json(
        fixture("caf_nbpla_pe_epci_records.json")
    )
    result = run_alg(
        "vigie:fetchchildcare",
        {
            "TERRITORY": "200067452",
            "SCALE": 1,
            "BASE_URL": httpserver.url_for("/"),
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "BPE_LOCAL_FILE": str(FIXTURES / "bpe2023_sample.csv"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
            "OUTPUT_COVERAGE": "memory:",
        },
    )
    points, coverage = result["OUTPUT"], result["OUTPUT_COVERAGE"]
    assert [f["nomrs"] for f in points.getFeatures()] == ["CRECHE LES P'TITS LOUPS"]
    (area,) = list(coverage.getFeatures())
    assert area["code"] == "200067452" and area["year"] == "2022"
    assert area["coverage_rate"] == pytest.approx(73.9) and area["places_eaje"] == 512
    assert area["eaje_count"] == 2 and area["eaje_capacity"] == 50  # the unmapped micro-crèche counts
    assert area.geometry().area() > 50e6
    assert "CAF data.caf.fr (Licence Ouverte)" in coverage.metadata().rights()


# -- GTFS --------------------------------------------------------------------------------------------


def evil_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\n1,Gap,44.56,6.08\n")
        archive.writestr("../../escaped.txt", "outside")
    return buffer.getvalue()


def serve_catalogue(httpserver, name):
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("{BASE}", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/api/datasets").respond_with_data(text, content_type="application/json")


@pytest.mark.parametrize("catalogue", ["tdg_datasets_covered_area_list.json", "tdg_datasets_covered_area_object.json"])
def test_gtfs_catalogue_feeds_and_stops(shared, run_alg, httpserver, vigie_cache, tmp_path, catalogue):
    serve_epci_communes(httpserver)
    serve_catalogue(httpserver, catalogue)
    ter = shared("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip").read_bytes()
    httpserver.expect_request("/feeds/ter.zip").respond_with_data(ter, content_type="application/zip")
    httpserver.expect_request("/feeds/linea.zip").respond_with_data(evil_zip_bytes(), content_type="application/zip")
    folder = tmp_path / "feeds"
    result = run_alg(
        "vigie:fetchgtfs",
        {
            "TERRITORY": "200067452",
            "BASE_URL": httpserver.url_for("/"),
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "REFRESH_CACHE": True,
            "FEEDS_FOLDER": str(folder),
            "OUTPUT": "memory:",
            "OUTPUT_STOPS": "memory:",
        },
    )
    feeds = {f["resource_id"]: f for f in result["OUTPUT"].getFeatures()}
    assert set(feeds) == {"101", "201", "401"}
    assert feeds["101"]["status"] == "downloaded" and feeds["101"]["stop_count"] == 94
    assert feeds["201"]["status"].startswith("refused") and "escapes its folder" in feeds["201"]["status"]
    assert feeds["401"]["status"] == "unavailable"
    assert sorted(p.name for p in folder.iterdir()) == [Path(feeds["101"]["local_path"]).name]
    assert not (tmp_path / "escaped.txt").exists()
    stops = result["OUTPUT_STOPS"]
    assert stops.featureCount() == 94 and stops.crs().authid() == "EPSG:2154"
    gap = [f for f in stops.getFeatures() if f["stop_name"] == "Gare de Gap"]
    assert gap and gap[0].geometry().asPoint().y() > 6380000
    assert any(f["location_type"] == 1 for f in stops.getFeatures())


def test_gtfs_all_feeds_refused_leaves_nothing(run_alg, httpserver, vigie_cache, tmp_path):
    from qgis.core import QgsProcessingException

    serve_epci_communes(httpserver)
    serve_catalogue(httpserver, "tdg_datasets_covered_area_list.json")
    httpserver.expect_request("/feeds/ter.zip").respond_with_data(evil_zip_bytes())
    httpserver.expect_request("/feeds/linea.zip").respond_with_data(evil_zip_bytes())
    folder, stops = tmp_path / "feeds", tmp_path / "stops.gpkg"
    with pytest.raises(QgsProcessingException, match="None of the 2 GTFS feeds"):
        run_alg(
            "vigie:fetchgtfs",
            {
                "TERRITORY": "200067452",
                "BASE_URL": httpserver.url_for("/"),
                "BOUNDARIES_URL": httpserver.url_for("/"),
                "REFRESH_CACHE": True,
                "FEEDS_FOLDER": str(folder),
                "OUTPUT": str(tmp_path / "feeds.gpkg"),
                "OUTPUT_STOPS": str(stops),
            },
        )
    assert not stops.exists() and not (tmp_path / "feeds.gpkg").exists()
    assert list(folder.iterdir()) == []


# -- population -----------------------------------------------------------------------------------


def test_population_cells_of_a_territory_layer(shared, run_alg, vigie_cache):
    csv_path = shared("data", "hautes-alpes", "population-filosofi2019-200m-gap-champsaur.csv")
    square = polygon_layer(
        "POLYGON((3990000 2380000, 4030000 2380000, 4030000 2420000, 3990000 2420000, 3990000 2380000))", "EPSG:3035"
    )
    layer = run_alg(
        "vigie:fetchpopulation", {"TERRITORY_LAYER": square, "LOCAL_FILE": str(csv_path), "OUTPUT": "memory:"}
    )["OUTPUT"]
    assert layer.crs().authid() == "EPSG:3035" and layer.featureCount() == 2368
    assert sum(f["ind"] for f in layer.getFeatures()) == pytest.approx(53931, abs=1)
    cell = next(f for f in layer.getFeatures() if f["idcar_200m"] == "CRS3035RES200mN2392800E3993600")
    assert cell.geometry().area() == pytest.approx(40000) and cell["ind_0_3"] == pytest.approx(0.4)
    assert cell.geometry().boundingBox().xMinimum() == 3993600
    assert "INSEE Filosofi (Licence Ouverte)" in layer.metadata().rights()


def test_population_centroids_of_communes(shared, run_alg, httpserver, vigie_cache):
    serve_epci_communes(httpserver)
    csv_path = shared("data", "hautes-alpes", "population-filosofi2019-200m-gap-champsaur.csv")
    layer = run_alg(
        "vigie:fetchpopulation",
        {
            "TERRITORY": "200067452",
            "GEOMETRY": 1,
            "LOCAL_FILE": str(csv_path),
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    inhabitants = sum(f["ind"] for f in layer.getFeatures())
    # Gap and two neighbours (41,288 inhabitants in 2018): the sample grid covers most of Gap.
    assert 0 < layer.featureCount() < 2368 and 20000 < inhabitants < 45000
    assert next(layer.getFeatures()).geometry().asPoint().x() % 200 == 100


# -- roads -----------------------------------------------------------------------------------------


def test_roads_from_overpass(run_alg, httpserver, vigie_cache):
    httpserver.expect_request("/api/interpreter", method="POST").respond_with_json(
        fixture("overpass_roads_sample.json")
    )
    area = polygon_layer("POLYGON((6.06 44.55, 6.09 44.55, 6.09 44.57, 6.06 44.57, 6.06 44.55))", "EPSG:4326")
    layer = run_alg(
        "vigie:fetchroads",
        {
            "TERRITORY_LAYER": area,
            "SOURCE": 1,
            "BUFFER": 0,
            "BASE_URL": httpserver.url_for("/api/interpreter"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    by_id = {f["osm_id"]: f for f in layer.getFeatures()}
    assert len(by_id) == 4 and layer.crs().authid() == "EPSG:2154"
    assert by_id["23456790"]["oneway"] == "F" and by_id["23456789"]["maxspeed"] == 50
    assert 900 < by_id["23456789"].geometry().length() < 1050  # 0.01° E x 0.005° N at 44.6° N: about 970 m
    assert "© OpenStreetMap contributors (ODbL)" in layer.metadata().rights()


def test_roads_from_the_wfs_with_real_bdtopo_sections(shared, run_alg, httpserver, vigie_cache):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject
    from werkzeug import Response

    from vigie.plugin.core.sources.geometry import geojson_to_wkt

    source = json.loads(shared("data", "hautes-alpes", "roads-bdtopo-2021-06", "05025.geojson").read_text("utf-8"))
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:2154"), QgsProject.instance()
    )
    features, geometries = [], []
    for index, feature in enumerate(source["features"]):
        geometry = QgsGeometry.fromWkt(geojson_to_wkt(feature["geometry"]))
        geometry.transform(transform)
        geometries.append(geometry)
        features.append(
            {
                "type": "Feature",
                "id": f"troncon_de_route.{index}",
                "properties": feature["properties"],
                "geometry": json.loads(geometry.asJson()),
            }
        )

    def wfs(request):
        start, count = int(request.args.get("STARTINDEX", 0)), int(request.args["COUNT"])
        page = features[start : start + count]
        return Response(
            json.dumps({"type": "FeatureCollection", "features": page, "numberMatched": "unknown"}),
            content_type="application/json",
        )

    httpserver.expect_request("/wfs/ows").respond_with_handler(wfs)
    extent = QgsGeometry.unaryUnion(geometries).boundingBox()
    area = polygon_layer(QgsGeometry.fromRect(extent).asWkt(), "EPSG:2154")
    layer = run_alg(
        "vigie:fetchroads",
        {
            "TERRITORY_LAYER": area,
            "SOURCE": 0,
            "BUFFER": 100,
            "BASE_URL": httpserver.url_for("/wfs/ows"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    assert layer.featureCount() == len(features)
    speeds = [f["vitesse_moyenne_vl"] for f in layer.getFeatures() if f["vitesse_moyenne_vl"] is not None]
    assert speeds and all(0 <= s <= 130 for s in speeds)
    assert {f["etat_de_l_objet"] for f in layer.getFeatures()} <= {"En service", "En construction", "En projet"}
    assert "IGN BD TOPO (Licence Ouverte)" in layer.metadata().rights()
