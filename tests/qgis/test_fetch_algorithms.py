"""The fetch algorithms end to end against loopback services answering at the real paths (via BASE_URL)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from feedbacks import recording_feedback
from recherche_replay import NETWORK, network_unit, search_handler
from werkzeug import Response

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


def test_sirene_keyless_unit_over_100_matches_is_completed(shared, run_alg, httpserver, vigie_cache):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    httpserver.expect_request("/search").respond_with_handler(search_handler(network_unit(real, NETWORK)))
    httpserver.expect_request("/communes").respond_with_json(fixture("geoapi_communes_epci_200067452.geojson"))
    feedback = recording_feedback()
    result = run_alg(
        "vigie:fetchsirene",
        {
            "TERRITORY": "200067452",
            "NAF_CODES": "post_offices",
            "BASE_URL": httpserver.url_for("/"),
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "REFRESH_CACHE": True,
            "OUTPUT": "memory:",
        },
        feedback=feedback,
    )
    layer = result["OUTPUT"]
    assert layer.featureCount() == sum(NETWORK.values()) == 130
    assert {f["commune"] for f in layer.getFeatures()} == set(NETWORK)
    assert any("commune by commune" in line for line in feedback.infos)


def test_sirene_keyless_unit_capped_in_one_commune_writes_nothing(shared, run_alg, httpserver, vigie_cache, tmp_path):
    from qgis.core import QgsProcessingException

    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    httpserver.expect_request("/search").respond_with_handler(search_handler(network_unit(real, {"05061": 130})))
    output = tmp_path / "poste.gpkg"
    with pytest.raises(QgsProcessingException, match="Incomplete answer.*up to 30 may be missing.*API Sirene"):
        run_alg(
            "vigie:fetchsirene",
            {"TERRITORY": "05061", "NAF_CODES": "53.10Z", "BASE_URL": httpserver.url_for("/"), "OUTPUT": str(output)},
        )
    assert not output.exists()


def test_sirene_keyless_overseas_collectivity_is_refused_before_any_request(run_alg, httpserver, vigie_cache):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="TERRITORY: 977 \\(Saint-Barthélemy\\)"):
        run_alg(
            "vigie:fetchsirene",
            {"TERRITORY": "977", "NAF_CODES": "86.21Z", "BASE_URL": httpserver.url_for("/"), "OUTPUT": "memory:"},
        )
    assert httpserver.log == []


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


def test_bpe_range_from_insee_table(run_alg, httpserver, vigie_cache, tmp_path):
    """EQUIPMENT_TYPES names a range: read from RANGE_TABLE (INSEE's table of the file's edition, even one Vigie
    ships no table of), else from INSEE's workbook of that edition under BASE_URL (RANGES_PATH); when neither
    can be had, the message says to give it in RANGE_TABLE."""
    from qgis.core import QgsProcessingException
    from range_workbooks import write_workbook

    parameters = {
        "TERRITORY": "05",
        "EQUIPMENT_TYPES": "proximite",
        "LOCAL_FILE": str(FIXTURES / "bpe2021_sample.csv"),
        "BASE_URL": httpserver.url_for("/"),
        "REFRESH_CACHE": True,
        "OUTPUT": "memory:",
    }
    httpserver.expect_request("/gammes/2021.xlsx").respond_with_data("Not found", status=404)
    with pytest.raises(QgsProcessingException, match=r"BPE 2021 ranges could not be fetched.* in RANGE_TABLE"):
        run_alg("vigie:fetchbpe", {**parameters, "RANGES_PATH": "/gammes/{edition}.xlsx"})
    workbook = write_workbook(
        tmp_path / "BPE_gammes_equipements_2021.xlsx",
        {"Gammes": [["Gammes 2021"], [], ["TYPEQU", "GAMME"], ["D201", "Gamme de proximité"]]},
    )
    httpserver.expect_request("/fr/statistiques/fichier/8217535/BPE_gammes_equipements_2021.xlsx").respond_with_data(
        workbook.read_bytes()
    )
    layer = run_alg("vigie:fetchbpe", parameters)["OUTPUT"]
    assert sorted((f["depcom"], f["typequ"]) for f in layer.getFeatures()) == [("05061", "D201"), ("05100", "D201")]
    assert "BPE_gammes_equipements_2021.xlsx" in layer.metadata().abstract()
    table = tmp_path / "gammes.csv"
    table.write_text(
        "TYPEQU;Libellé;Gamme\nD201;Médecin omnipraticien;Gamme de proximité\nD301;Pharmacie;Gamme de proximité\n"
        "D107;Maternité;Gamme supérieure\n",
        encoding="utf-8",
    )
    layer = run_alg("vigie:fetchbpe", {**parameters, "RANGE_TABLE": str(table)})["OUTPUT"]
    assert sorted((f["depcom"], f["typequ"]) for f in layer.getFeatures()) == [
        ("05061", "D201"),
        ("05061", "D301"),
        ("05100", "D201"),
    ]
    assert "ranges from gammes.csv" in layer.metadata().abstract()  # the query, in the provenance
    bad = tmp_path / "bad.csv"
    bad.write_text("TYPEQU;Gamme\nD201;Gamme lointaine\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"RANGE_TABLE: 'Gamme lointaine' is not a BPE range"):
        run_alg("vigie:fetchbpe", {**parameters, "RANGE_TABLE": str(bad)})


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
    assert area["places_micro_paje"] == 48 and area["places_collective"] == 560  # PSU + PAJE micro-crèches
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


@pytest.mark.parametrize("include_national", [False, True])
def test_gtfs_national_feeds_only_when_asked(shared, run_alg, httpserver, vigie_cache, tmp_path, include_national):
    from kit_replay import gtfs_catalogue

    serve_epci_communes(httpserver)
    catalogue = gtfs_catalogue(FIXTURES / "tdg_datasets_covered_area_list.json", httpserver.url_for("/"), national=True)
    httpserver.expect_request("/api/datasets").respond_with_json(catalogue)
    ter = shared("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip").read_bytes()
    intercites = shared("data", "hautes-alpes", "gtfs-sncf-intercites-2017-11.zip").read_bytes()
    httpserver.expect_request("/feeds/ter.zip").respond_with_data(ter, content_type="application/zip")
    httpserver.expect_request("/feeds/linea.zip").respond_with_data(ter, content_type="application/zip")
    httpserver.expect_request("/feeds/national.zip").respond_with_data(intercites, content_type="application/zip")
    feedback = recording_feedback()
    result = run_alg(
        "vigie:fetchgtfs",
        {
            "TERRITORY": "200067452",
            "INCLUDE_NATIONAL": include_national,
            "BASE_URL": httpserver.url_for("/"),
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "REFRESH_CACHE": True,
            "FEEDS_FOLDER": str(tmp_path / "feeds"),
            "OUTPUT": "memory:",
            "OUTPUT_STOPS": "memory:",
        },
        feedback=feedback,
    )
    feeds = {f["resource_id"]: f for f in result["OUTPUT"].getFeatures()}
    left_out = [line for line in feedback.infos if "national datasets left out" in line]
    if include_national:
        assert set(feeds) == {"101", "201", "401", "901"} and not left_out
        assert feeds["901"]["national"] and feeds["901"]["status"] == "downloaded" and feeds["901"]["stop_count"] > 0
        assert not feeds["101"]["national"]
    else:
        assert set(feeds) == {"101", "201", "401"}
        assert left_out == [
            "1 national datasets left out (set INCLUDE_NATIONAL to add them): Autocars nationaux (1 GTFS)"
        ]
        assert not any(entry[0].path == "/feeds/national.zip" for entry in httpserver.log)


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


@pytest.mark.parametrize("schema", ["current", "2021"])
def test_roads_from_the_wfs_with_real_bdtopo_sections(shared, run_alg, httpserver, vigie_cache, schema):
    from kit_replay import bdtopo_features
    from qgis.core import QgsGeometry

    from vigie.plugin.core.sources.geometry import geojson_to_wkt

    # Today's troncon_de_route ("current"): no nom_1_*, names in nom_collaboratif_*.
    features = bdtopo_features(shared("data").parent, schema, communes=["05025"])
    geometries = [QgsGeometry.fromWkt(geojson_to_wkt(feature["geometry"])) for feature in features]

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
    names = sorted(f["nom_collaboratif_gauche"] for f in layer.getFeatures() if f["nom_collaboratif_gauche"])
    assert len(names) == 29 and "RTE DE SAINT JULIEN" in names
    assert "IGN BD TOPO (Licence Ouverte)" in layer.metadata().rights()


# -- faults at the last step of each fetcher: a typed error, no output ---------------------------------

FAULTS = {
    "5xx": ("Service unavailable", lambda: Response("boom", status=502)),
    "429": ("Rate limited", lambda: Response("slow down", status=429, headers={"Retry-After": "0"})),
    "truncated": ("not valid", lambda: Response('{"results": [{"siren": "1', content_type="application/json")),
    "html": (
        "web page",
        lambda: Response("<!DOCTYPE html><html><body>Maintenance</body></html>", content_type="text/html"),
    ),
}


def _serve_earlier_steps(httpserver, algorithm):
    """Answer the steps before the failing one with good data; return (failing path, parameters)."""
    url = httpserver.url_for("/")
    if algorithm == "fetchsirene":  # page 1 answers, page 2 fails
        return "/search", {"TERRITORY": "200067452", "NAF_CODES": "53.10Z", "BASE_URL": url}
    serve_epci_communes(httpserver)
    if algorithm == "fetchroads":
        return "/wfs/ows", {"TERRITORY": "200067452", "BASE_URL": url + "wfs/ows", "BOUNDARIES_URL": url}
    if algorithm == "fetchgtfs":
        parameters = {"TERRITORY": "200067452", "BASE_URL": url, "BOUNDARIES_URL": url}
        return "/api/datasets", parameters
    if algorithm == "fetchboundaries":
        return "/epcis/200067452", {"TERRITORY": "200067452", "LEVEL": 1, "BASE_URL": url}
    httpserver.expect_request("/epcis/200067452").respond_with_json(
        {"type": "Feature", "geometry": None, "properties": {"nom": "CA Gap-Tallard-Durance", "code": "200067452"}}
    )
    base = "/api/explore/v2.1/catalog/datasets"
    httpserver.expect_request(f"{base}/txcouv_pe_epci/records").respond_with_json(
        fixture("caf_txcouv_pe_epci_records.json")
    )
    parameters = {
        "TERRITORY": "200067452",
        "SCALE": 1,
        "BASE_URL": url,
        "BOUNDARIES_URL": url,
        "BPE_LOCAL_FILE": str(FIXTURES / "bpe2023_sample.csv"),
        "OUTPUT_COVERAGE": "memory:",
    }
    return f"{base}/nbpla_pe_epci/records", parameters


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("algorithm", ["fetchsirene", "fetchroads", "fetchgtfs", "fetchboundaries", "fetchchildcare"])
def test_fault_at_the_last_step_leaves_no_output(shared, run_alg, httpserver, vigie_cache, tmp_path, algorithm, fault):
    from qgis.core import QgsProcessingException

    message, bad = FAULTS[fault]
    path, parameters = _serve_earlier_steps(httpserver, algorithm)
    if algorithm == "fetchsirene":
        real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
        first = {**real, "total_results": 2, "total_pages": 2}

        def search(request):
            return (
                Response(json.dumps(first), content_type="application/json") if request.args["page"] == "1" else bad()
            )

        httpserver.expect_request(path).respond_with_handler(search)
    else:
        httpserver.expect_request(path).respond_with_handler(lambda request: bad())
    output = tmp_path / "out.gpkg"
    extra = {"FEEDS_FOLDER": str(tmp_path / "feeds"), "OUTPUT_STOPS": str(tmp_path / "stops.gpkg")}
    parameters = {**parameters, "REFRESH_CACHE": True, "OUTPUT": str(output)}
    if algorithm == "fetchgtfs":
        parameters.update(extra)
    with pytest.raises(QgsProcessingException, match=message):
        run_alg(f"vigie:{algorithm}", parameters)
    assert list(tmp_path.glob("*.gpkg*")) == []
    assert any(entry[0].path == path for entry in httpserver.log)  # the failing step was reached
