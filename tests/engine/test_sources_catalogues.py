"""geo.api.gouv.fr communes, transport.data.gouv.fr catalogue (both covered_area shapes), GTFS stops, CAF figures."""

import json
import zipfile
from pathlib import Path

import pytest

from vigie.plugin.core.sources import caf, geoapi, gtfs_catalogue
from vigie.plugin.core.sources.errors import NotFoundError, PayloadError, UnsafeArchiveError, UnsupportedTerritoryError
from vigie.plugin.core.sources.http import HttpClient
from vigie.plugin.core.sources.territory import TerritoryCodes, lambert_epsg, parse_territory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GAP_CODES = {"05061", "200067452", "05", "93"}


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def client():
    return HttpClient(retries=1, backoff_factor=0, timeout=(2.0, 2.0), throttle_by_host={})


# -- territory codes ---------------------------------------------------------------------


def test_territory_codes_by_level():
    codes = parse_territory("05061, 200067452 ;05 2A004 974 05061")
    assert codes.communes == ["05061", "2A004"] and codes.epcis == ["200067452"]
    assert codes.departements == ["05", "974"]
    with pytest.raises(ValueError, match="'Gap'"):
        parse_territory("Gap")
    assert lambert_epsg("97411") == 2975 and lambert_epsg("97209") == 5490 and lambert_epsg("05061") == 2154


# -- geo.api.gouv.fr ------------------------------------------------------------------------


def test_communes_of_an_epci(httpserver):
    httpserver.expect_request(
        "/communes",
        query_string={
            "codeEpci": "200067452",
            "format": "geojson",
            "geometry": "contour",
            "fields": geoapi.COMMUNE_FIELDS,
        },
    ).respond_with_json(fixture("geoapi_communes_epci_200067452.geojson"))
    records = geoapi.fetch_communes(client(), TerritoryCodes(epcis=["200067452"]), httpserver.url_for("/"))
    assert [r["code"] for r in records] == ["05061", "05100", "05113"]
    gap = records[0]
    assert gap["nom"] == "Gap" and gap["population"] == 40255 and gap["code_dep"] == "05"
    assert gap["codes_postaux"] == "05000,05010" and gap["wkt"].startswith("POLYGON((6.")


def test_duplicate_communes_come_once(httpserver):
    httpserver.expect_request("/communes").respond_with_json(fixture("geoapi_communes_epci_200067452.geojson"))
    records = geoapi.fetch_communes(client(), parse_territory("200067452, 05"), httpserver.url_for("/"))
    assert len(records) == 3 and len(httpserver.log) == 2


def test_unknown_territory(httpserver):
    httpserver.expect_request("/communes").respond_with_json({"type": "FeatureCollection", "features": []})
    with pytest.raises(NotFoundError, match="Unknown territory code 99999"):
        geoapi.fetch_communes(client(), parse_territory("99999"), httpserver.url_for("/"))


def test_unknown_epci_404(httpserver):
    httpserver.expect_request("/epcis/123456789").respond_with_json({"code": 404, "message": "EPCI non trouvé"}, 404)
    with pytest.raises(NotFoundError, match="Unknown EPCI 123456789"):
        geoapi.fetch_epcis(client(), ["123456789"], httpserver.url_for("/"))


def test_plain_json_instead_of_geojson_is_a_payload_error(httpserver):
    httpserver.expect_request("/communes").respond_with_json([{"nom": "Gap", "code": "05061"}])
    with pytest.raises(PayloadError, match="FeatureCollection"):
        geoapi.fetch_communes(client(), parse_territory("05061"), httpserver.url_for("/"))


# -- transport.data.gouv.fr -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["tdg_datasets_covered_area_list.json", "tdg_datasets_covered_area_object.json"])
def test_both_covered_area_shapes_select_the_same_feeds(name):
    rows = gtfs_catalogue.gtfs_resources(fixture(name), GAP_CODES)
    # TER (région 93), Linea (EPCI), the commune's archived feed; not Lyon, not NeTEx nor GTFS-RT.
    assert [r["resource_id"] for r in rows] == ["101", "201", "401"]
    assert [r["is_available"] for r in rows] == [True, True, False]
    assert rows[1]["publisher"] == "CA Gap-Tallard-Durance" and rows[0]["licence"] == "odc-odbl"


def test_covered_area_shapes():
    assert gtfs_catalogue.covered_area_codes([{"type": "epci", "insee": "200067452", "nom": "CA"}]) == [
        ("epci", "200067452", "CA")
    ]
    old = {"type": "aom", "name": "CA", "aom": {"name": "CA GTD", "siren": "200067452"}}
    assert gtfs_catalogue.covered_area_codes(old) == [("aom", "200067452", "CA GTD")]
    assert gtfs_catalogue.covered_area_codes(None) == []
    with pytest.raises(PayloadError):
        gtfs_catalogue.covered_area_codes("France")


def test_catalogue_fetch_and_empty_catalogue(httpserver):
    httpserver.expect_ordered_request("/api/datasets").respond_with_json(fixture("tdg_datasets_covered_area_list.json"))
    httpserver.expect_ordered_request("/api/datasets").respond_with_json([])
    assert len(gtfs_catalogue.fetch_catalogue(client(), httpserver.url_for("/"))) == 4
    datasets = gtfs_catalogue.fetch_catalogue(client(), httpserver.url_for("/"))
    assert gtfs_catalogue.gtfs_resources(datasets, GAP_CODES) == []


def test_stops_with_parent_stations_from_a_real_feed(shared):
    stops, skipped = gtfs_catalogue.read_stops(shared("data", "samples", "gtfs", "frioul-marseille.zip"), "frioul")
    by_id = {s["stop_id"]: s for s in stops}
    assert skipped == 0 and by_id["S14944"]["location_type"] == 1  # BOM-prefixed header read
    assert by_id["7004"]["parent_station"] == "S14944" and by_id["7004"]["parent_name"] == "Frioul"
    assert by_id["7004"]["lat"] == pytest.approx(43.2801358236)


def test_real_ter_feed_stops(shared):
    stops, skipped = gtfs_catalogue.read_stops(shared("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip"))
    assert len(stops) + skipped == 94
    assert any(s["stop_name"] == "Gare de Gap" for s in stops)


def test_gtfs_zip_escaping_its_folder_is_refused(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\n1,A,44.5,6.0\n")
        archive.writestr("../../../tmp/evil.sh", "rm -rf /")
    with pytest.raises(UnsafeArchiveError, match="escapes its folder"):
        gtfs_catalogue.read_stops(evil)


def test_feed_without_stops_is_a_payload_error(tmp_path):
    feed = tmp_path / "nostops.zip"
    with zipfile.ZipFile(feed, "w") as archive:
        archive.writestr("agency.txt", "agency_id\n1\n")
    with pytest.raises(PayloadError, match="no stops.txt"):
        gtfs_catalogue.read_stops(feed)


# -- CAF -------------------------------------------------------------------------------------


def test_caf_figures_latest_year_and_placeholders(httpserver):
    base = "/api/explore/v2.1/catalog/datasets"
    where = 'numepci in ("200067452", "240500439")'
    httpserver.expect_request(
        f"{base}/txcouv_pe_epci/records", query_string={"limit": "100", "offset": "0", "where": where}
    ).respond_with_json(fixture("caf_txcouv_pe_epci_records.json"))
    httpserver.expect_request(f"{base}/nbpla_pe_epci/records").respond_with_json(
        fixture("caf_nbpla_pe_epci_records.json")
    )
    figures = caf.fetch_childcare_figures(client(), "epci", ["200067452", "240500439"], httpserver.url_for("/"))
    assert set(figures) == {"200067452", "240500439"}  # the XX placeholder row is dropped
    gtd = figures["200067452"]
    assert gtd == {
        "year": "2022",
        "coverage_rate": 73.9,
        "coverage_rate_eaje": 25.1,
        "places_eaje": 512.0,
        "places_micro_paje": 48.0,
        "places_collective": 560.0,  # PSU places + PAJE micro-crèches
        "places_total": 1480.0,
    }
    champsaur = figures["240500439"]
    assert champsaur["coverage_rate"] is None and champsaur["coverage_rate_eaje"] == 104.2  # rates may exceed 100
    assert champsaur["places_eaje"] is None and champsaur["places_total"] == 210.0
    # PSU places masked: the PAJE places are known, their sum is not.
    assert champsaur["places_micro_paje"] == 10.0 and champsaur["places_collective"] is None


def test_caf_offset_paging(httpserver):
    rows = [{"annee": "2022", "numcom": f"05{i:03d}", "txcouv_com": i} for i in range(150)]
    path = "/api/explore/v2.1/catalog/datasets/txcouv_pe_com/records"
    httpserver.expect_request(path, query_string={"limit": "100", "offset": "0"}).respond_with_json(
        {"total_count": 150, "results": rows[:100]}
    )
    httpserver.expect_request(path, query_string={"limit": "100", "offset": "100"}).respond_with_json(
        {"total_count": 150, "results": rows[100:]}
    )
    assert len(caf.fetch_records(client(), httpserver.url_for("/"), "txcouv_pe_com")) == 150
    assert len(httpserver.log) == 2


def test_caf_html_error_page(httpserver):
    httpserver.expect_request("/api/explore/v2.1/catalog/datasets/nbpla_pe_com/records").respond_with_data(
        "<html><head><title>502 Bad Gateway</title></head></html>", content_type="text/html"
    )
    with pytest.raises(PayloadError, match="web page"):
        caf.fetch_records(client(), httpserver.url_for("/"), "nbpla_pe_com")


# -- ADMIN EXPRESS over WFS ------------------------------------------------------------------------


def adminexpress_features():
    """The geo.api fixture's communes with ADMIN EXPRESS property names (as the WFS would name them)."""
    features = []
    for feature in fixture("geoapi_communes_epci_200067452.geojson")["features"]:
        p = feature["properties"]
        features.append(
            {
                "type": "Feature",
                "id": f"commune.{p['code']}",
                "geometry": feature["geometry"],
                "properties": {
                    "code_insee": p["code"],
                    "nom_officiel": p["nom"],
                    "population": p["population"],
                    "code_insee_du_departement": "05",
                    "code_insee_de_la_region": "93",
                    "code_siren": p["siren"],
                    "codes_siren_des_epci": "200067452",
                    "code_postal": p["codesPostaux"][0],
                },
            }
        )
    # A commune of an EPCI whose code contains the wanted one: LIKE matches it, the exact check drops it.
    features.append(
        {
            "type": "Feature",
            "id": "commune.x",
            "geometry": None,
            "properties": {"code_insee": "38185", "nom_officiel": "X", "codes_siren_des_epci": "1200067452"},
        }
    )
    return features


def test_adminexpress_communes_over_wfs(httpserver):
    httpserver.expect_request(
        "/wfs/ows",
        query_string={
            "SERVICE": "WFS",
            "VERSION": "2.0.0",
            "REQUEST": "GetFeature",
            "TYPENAMES": geoapi.ADMINEXPRESS_COMMUNE,
            "OUTPUTFORMAT": "application/json",
            "SRSNAME": "EPSG:4326",
            "COUNT": "5000",
            "STARTINDEX": "0",
            "CQL_FILTER": "codes_siren_des_epci LIKE '%200067452%'",
        },
    ).respond_with_json({"type": "FeatureCollection", "features": adminexpress_features(), "numberMatched": "unknown"})
    records = geoapi.fetch_adminexpress_communes(
        client(), TerritoryCodes(epcis=["200067452"]), "EPSG:4326", httpserver.url_for("/wfs/ows")
    )
    assert [r["code"] for r in records] == ["05061", "05100", "05113"]
    assert records[0]["nom"] == "Gap" and records[0]["code_epci"] == "200067452" and records[0]["population"] == 40255


def test_adminexpress_filter_mixes_levels():
    assert geoapi.adminexpress_filter(parse_territory("05061,05100,04")) == (
        "code_insee IN ('05061','05100') OR code_insee_du_departement IN ('04')"
    )


def test_adminexpress_unknown_territory(httpserver):
    httpserver.expect_request("/wfs/ows").respond_with_json({"type": "FeatureCollection", "features": []})
    with pytest.raises(NotFoundError, match="ADMIN EXPRESS"):
        geoapi.fetch_adminexpress_communes(
            client(), parse_territory("99999"), "EPSG:2154", httpserver.url_for("/wfs/ows")
        )


# -- national datasets (covered_area "pays" FR), ADMIN EXPRESS "NR", overseas codes -------------------


def with_national_dataset(name):
    datasets = fixture(name)
    national = json.loads(json.dumps(datasets[0]))
    national.update(id="900", title="BlaBlaCar Bus - horaires France")
    national["covered_area"] = [{"type": "pays", "insee": "FR", "nom": "France"}]
    for index, resource in enumerate(national["resources"]):
        resource["id"] = f"90{index}"
    return datasets + [national]


def test_national_datasets_are_left_out_unless_asked_and_listed():
    datasets = with_national_dataset("tdg_datasets_covered_area_list.json")
    assert [r["resource_id"] for r in gtfs_catalogue.gtfs_resources(datasets, GAP_CODES)] == ["101", "201", "401"]
    assert gtfs_catalogue.national_datasets_left_out(datasets) == [("BlaBlaCar Bus - horaires France", 1)]
    rows = gtfs_catalogue.gtfs_resources(datasets, GAP_CODES, include_national=True)
    assert [r["resource_id"] for r in rows] == ["101", "201", "401", "900"]
    assert [r["national"] for r in rows] == [False, False, False, True]
    # A national feed covers any territory, even one that no regional feed covers.
    assert [r["resource_id"] for r in gtfs_catalogue.gtfs_resources(datasets, {"97411"}, include_national=True)] == [
        "900"
    ]
    assert gtfs_catalogue.national_datasets_left_out(datasets, include_national=True) == []


def test_adminexpress_nr_means_no_epci():
    feature = {
        "properties": {
            "code_insee": "29155",
            "nom_officiel": "Ouessant",
            "codes_siren_des_epci": "NR",
            "code_insee_du_departement": "29",
        },
        "geometry": None,
    }
    record = geoapi.adminexpress_record(feature)
    assert record["code_epci"] is None and record["epcis"] == []
    feature["properties"]["codes_siren_des_epci"] = "200067452/NR"
    assert geoapi.adminexpress_record(feature)["epcis"] == ["200067452"]


def test_adminexpress_commune_without_epci_in_a_departement(httpserver):
    features = [
        {
            "type": "Feature",
            "id": "commune.1",
            "geometry": None,
            "properties": {
                "code_insee": c,
                "nom_officiel": n,
                "codes_siren_des_epci": e,
                "code_insee_du_departement": "29",
            },
        }
        for c, n, e in (("29155", "Ouessant", "NR"), ("29019", "Brest", "242900314"))
    ]
    httpserver.expect_request("/wfs/ows").respond_with_json({"type": "FeatureCollection", "features": features})
    records = geoapi.fetch_adminexpress_communes(
        client(), parse_territory("29"), base_url=httpserver.url_for("/wfs/ows")
    )
    assert [(r["code"], r["code_epci"]) for r in records] == [("29155", None), ("29019", "242900314")]


def test_geoapi_overseas_collectivity_as_departement_fails_before_any_request(httpserver):
    with pytest.raises(UnsupportedTerritoryError, match="978 \\(Saint-Martin\\).*97801"):
        geoapi.fetch_communes(client(), parse_territory("05061, 978"), httpserver.url_for("/"))
    assert httpserver.log == []


def test_overseas_coverage_table_per_service():
    from vigie.plugin.core.sources.territory import check_overseas

    check_overseas(parse_territory("97411, 97209, 974"), "filosofi")  # La Réunion, Martinique: cells exist
    with pytest.raises(UnsupportedTerritoryError, match="Commune 97101 is in Guadeloupe.*Martinique, La Réunion"):
        check_overseas(parse_territory("05061, 97101"), "filosofi")
    check_overseas(parse_territory("976, 97611"), "bpe")
    with pytest.raises(UnsupportedTerritoryError, match="975 \\(Saint-Pierre-et-Miquelon\\).*no data there"):
        check_overseas(parse_territory("975"), "bpe")
    check_overseas(parse_territory("97501, 977"), "api.insee.fr")  # API Sirene: every overseas code
    check_overseas(parse_territory("97501"), "geo.api.gouv.fr")  # a COM commune by its code is fine
