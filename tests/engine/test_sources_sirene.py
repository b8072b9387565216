"""Sirene fetchers: API Sirene 3.11 cursor paging, '[ND]' positions, 404 as empty; recherche-entreprises pages."""

import json
from pathlib import Path

import pytest
from recherche_replay import LA_POSTE, NETWORK, network_unit, search_handler

from vigie.plugin.core.sources import sirene
from vigie.plugin.core.sources.errors import AuthError, IncompleteResultError, PayloadError, UnsupportedTerritoryError
from vigie.plugin.core.sources.http import HttpClient
from vigie.plugin.core.sources.territory import TerritoryCodes, parse_territory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GP_QUERY = (
    "periode(etatAdministratifEtablissement:A AND (activitePrincipaleEtablissement:86.21Z)) "
    "AND (codeCommuneEtablissement:05061)"
)


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def client():
    return HttpClient(retries=1, backoff_factor=0, timeout=(2.0, 2.0), throttle_by_host={})


def test_naf_codes_and_presets():
    assert sirene.parse_naf_codes("8621Z, pharmacies") == ["86.21Z", "47.73Z"]
    assert sirene.parse_naf_codes("86.21z,86.21Z") == ["86.21Z"]
    with pytest.raises(ValueError, match="neither a NAF code"):
        sirene.parse_naf_codes("doctors")


def test_queries_wrap_historised_fields_in_periode_and_chunk_communes():
    queries = sirene.sirene_queries(["86.21Z", "47.73Z"], parse_territory("05, 05061"))
    assert queries == [
        "periode(etatAdministratifEtablissement:A AND (activitePrincipaleEtablissement:86.21Z OR "
        "activitePrincipaleEtablissement:47.73Z)) AND (codeCommuneEtablissement:05* OR codeCommuneEtablissement:05061)"
    ]
    many = [f"05{i:03d}" for i in range(1, 121)]
    assert len(sirene.sirene_queries(["86.21Z"], TerritoryCodes(communes=many))) == 3


def test_cursor_paging_until_the_last_page_with_nd_positions(httpserver):
    pages = [("*", "sirene_siret_page1.json"), ("AoEpODA5NDk2NTI4MDAwMjQ=", "sirene_siret_page2.json")]
    pages.append(("AoEpODk4NzY1NDMyMDAwMTk=", "sirene_siret_last_page.json"))
    for cursor, name in pages:
        httpserver.expect_request(
            "/api-sirene/3.11/siret",
            query_string={"q": GP_QUERY, "nombre": "2", "curseur": cursor},
            headers={"X-INSEE-Api-Key-Integration": "test-key"},
        ).respond_with_json(fixture(name))
    records = sirene.fetch_sirene(
        client(),
        "test-key",
        ["86.21Z"],
        parse_territory("05061"),
        base_url=httpserver.url_for("/api-sirene/3.11"),
        page_size=2,
    )
    assert [r["siret"] for r in records] == ["80949652800024", "81234567800013", "89876543200019"]
    assert len(httpserver.log) == 3  # stopped when curseurSuivant == curseur
    martin, hidden, msp = records
    assert (martin["x"], martin["y"], martin["epsg"]) == (944437.84, 6389246.01, 2154)
    assert martin["name"] == "CLAIRE MARTIN" and martin["naf"] == "86.21Z" and martin["siege"] is True
    assert hidden["x"] is None and hidden["y"] is None  # "[ND]" coordinates
    assert msp["name"] == "MAISON DE SANTE DU CHAMPSAUR" and msp["enseigne"] == "MSP GAP SUD"
    assert sirene.count_without_position(records) == 1


def test_sirene_404_means_no_establishment(httpserver):
    httpserver.expect_request("/siret").respond_with_json(fixture("sirene_siret_404.json"), status=404)
    assert (
        sirene.fetch_sirene(client(), "k", ["86.21Z"], parse_territory("05100"), base_url=httpserver.url_for("/")) == []
    )


def test_sirene_bad_key(httpserver):
    body = {"fault": {"code": 900901, "message": "Invalid Credentials"}}
    httpserver.expect_request("/siret").respond_with_json(body, status=401)
    with pytest.raises(AuthError):
        sirene.fetch_sirene(client(), "bad", ["86.21Z"], parse_territory("05061"), base_url=httpserver.url_for("/"))


def test_sirene_answer_without_header_is_a_payload_error(httpserver):
    httpserver.expect_request("/siret").respond_with_json({"etablissements": []})
    with pytest.raises(PayloadError, match="no header"):
        sirene.fetch_sirene(client(), "k", ["86.21Z"], parse_territory("05061"), base_url=httpserver.url_for("/"))


def test_overseas_coordinates_get_their_epsg():
    record = sirene.sirene_record(
        {
            "siret": "1",
            "adresseEtablissement": {
                "codeCommuneEtablissement": "97411",
                "coordonneeLambertAbscisseEtablissement": "338000.5",
                "coordonneeLambertOrdonneeEtablissement": "7690000",
            },
        }
    )
    assert record["epsg"] == 2975 and record["x"] == 338000.5


def test_recherche_entreprises_real_payload_and_result_cap(shared, httpserver):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    httpserver.expect_request(
        "/search",
        query_string={
            "activite_principale": "68.32A",
            "etat_administratif": "A",
            "per_page": "25",
            "page": "1",
            "limite_matching_etablissements": "100",
            "code_commune": "06030",
        },
    ).respond_with_json(real)
    empty = {"results": [], "total_results": 10000, "page": 2, "per_page": 25, "total_pages": 10000}
    httpserver.expect_request(
        "/search",
        query_string={
            "activite_principale": "68.32A",
            "etat_administratif": "A",
            "per_page": "25",
            "page": "2",
            "limite_matching_etablissements": "100",
            "code_commune": "06030",
        },
    ).respond_with_json(empty)
    records, truncated = sirene.fetch_recherche(client(), ["68.32A"], parse_territory("06030"), httpserver.url_for("/"))
    assert truncated  # total_results reached the 10,000 cap
    assert len(records) == 1
    carrefour = records[0]
    assert carrefour["siret"] == "51076150500013" and carrefour["name"] == "CARREFOUR (CTIM)"
    assert (carrefour["x"], carrefour["y"], carrefour["epsg"]) == (7.005921, 43.570079, 4326)
    assert carrefour["commune"] == "06030" and carrefour["naf"] == "68.32A"


def test_recherche_entreprises_empty_results(httpserver):
    httpserver.expect_request("/search").respond_with_json(
        {"results": [], "total_results": 0, "page": 1, "per_page": 25, "total_pages": 0}
    )
    records, truncated = sirene.fetch_recherche(client(), ["86.21Z"], parse_territory("05061"), httpserver.url_for("/"))
    assert records == [] and not truncated and len(httpserver.log) == 1


def test_recherche_entreprises_keeps_only_wanted_naf_and_communes():
    result = {
        "siren": "1",
        "nom_complet": "X",
        "matching_etablissements": [
            {
                "siret": "a",
                "activite_principale": "86.21Z",
                "etat_administratif": "A",
                "commune": "05061",
                "latitude": "44.5",
                "longitude": "6.0",
            },
            {"siret": "b", "activite_principale": "86.90A", "etat_administratif": "A", "commune": "05061"},
            {"siret": "c", "activite_principale": "86.21Z", "etat_administratif": "F", "commune": "05061"},
            {
                "siret": "d",
                "activite_principale": "86.21Z",
                "etat_administratif": "A",
                "commune": "38185",
                "latitude": None,
                "longitude": None,
            },
        ],
    }
    kept = sirene.recherche_records(result, ["86.21Z"], lambda c: c == "05061")
    assert [r["siret"] for r in kept] == ["a"]


def geocoder_handler(positions):
    """A /search/csv endpoint answering like addok: the uploaded rows plus latitude, longitude, result_* columns."""
    import csv
    import io

    from werkzeug import Response

    def handle(request):
        assert request.form.getlist("columns") == ["address"] and request.form["citycode"] == "citycode"
        rows = list(csv.DictReader(io.StringIO(request.files["data"].read().decode("utf-8"))))
        out = io.StringIO()
        names = [
            "vigie_id",
            "address",
            "citycode",
            "latitude",
            "longitude",
            "result_label",
            "result_score",
            "result_type",
            "result_citycode",
        ]
        writer = csv.DictWriter(out, fieldnames=names)
        writer.writeheader()
        for row in rows:
            lat, lon, score, city = positions.get(row["address"], ("", "", "", ""))
            writer.writerow(
                {
                    **row,
                    "latitude": lat,
                    "longitude": lon,
                    "result_label": row["address"],
                    "result_score": score,
                    "result_type": "housenumber",
                    "result_citycode": city,
                }
            )
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8")

    return handle


def test_geocoding_of_establishments_without_position(httpserver):
    records = [
        {"siret": "1", "address": "12 RUE CARNOT 05000 GAP", "commune": "05061", "x": None, "y": None, "epsg": 2154},
        {"siret": "2", "address": "1 PLACE X 05000 GAP", "commune": "05061", "x": None, "y": None, "epsg": 2154},
        {"siret": "3", "address": "3 RUE Y 05000 GAP", "commune": "05061", "x": None, "y": None, "epsg": 2154},
        {"siret": "4", "address": None, "commune": "05061", "x": None, "y": None, "epsg": 2154},
        {"siret": "5", "address": "ok", "commune": "05061", "x": 944000.0, "y": 6389000.0, "epsg": 2154},
    ]
    positions = {
        "12 RUE CARNOT 05000 GAP": ("44.5594", "6.0786", "0.93", "05061"),
        "1 PLACE X 05000 GAP": ("44.56", "6.08", "0.31", "05061"),  # score too low
        "3 RUE Y 05000 GAP": ("43.3", "5.4", "0.95", "13055"),  # another commune
    }
    httpserver.expect_request("/geocodage/search/csv", method="POST").respond_with_handler(geocoder_handler(positions))
    placed = sirene.geocode_missing(client(), records, httpserver.url_for("/geocodage"))
    assert placed == 1 and len(httpserver.log) == 1
    assert (records[0]["x"], records[0]["y"], records[0]["epsg"], records[0]["geocode_score"]) == (
        6.0786,
        44.5594,
        4326,
        0.93,
    )
    assert records[1]["x"] is None and records[2]["x"] is None and records[4]["x"] == 944000.0


def test_geocoder_answer_that_is_not_the_csv(httpserver):
    httpserver.expect_request("/search/csv", method="POST").respond_with_json({"error": "x"})
    records = [{"siret": "1", "address": "a", "commune": "05061", "x": None, "y": None, "epsg": 2154}]
    with pytest.raises(PayloadError, match="expected CSV"):
        sirene.geocode_missing(client(), records, httpserver.url_for("/"))


def test_sirene_address_skips_nd_parts():
    record = sirene.sirene_record(
        {
            "siret": "1",
            "adresseEtablissement": {
                "numeroVoieEtablissement": "[ND]",
                "typeVoieEtablissement": "[ND]",
                "libelleVoieEtablissement": "[ND]",
                "codePostalEtablissement": "05000",
                "libelleCommuneEtablissement": "GAP",
                "codeCommuneEtablissement": "05061",
            },
        }
    )
    assert record["address"] == "05000 GAP"


# -- recherche-entreprises: the 100 matching establishments per legal unit -------------------------


def test_unit_over_100_matches_is_completed_commune_group_by_group(shared, httpserver):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    unit = network_unit(real, NETWORK)
    agency = network_unit(real, {"05100": 1})
    agency.update(siren="200000001", nom_complet="AGENCE POSTALE", nombre_etablissements_ouverts=1)
    agency["matching_etablissements"][0]["siret"] = "20000000100011"
    httpserver.expect_request("/search").respond_with_handler(search_handler(unit, [agency]))
    calls = []

    def communes_of_territory():
        calls.append(1)
        return list(NETWORK)

    records, truncated = sirene.fetch_recherche(
        client(), ["53.10Z"], parse_territory("200067452"), httpserver.url_for("/"), commune_codes=communes_of_territory
    )
    assert not truncated and calls == [1]
    assert len({r["siret"] for r in records}) == len(records) == 130 + 1
    by_commune = {c: sum(1 for r in records if r["siren"] == LA_POSTE and r["commune"] == c) for c in NETWORK}
    assert by_commune == NETWORK
    # EPCI (capped at 100) -> the 3 communes (130, capped) -> Gap alone (90) and the other two (40).
    places = [dict(entry[0].args) for entry in httpserver.log]
    assert [p.get("epci") or p.get("code_commune") for p in places] == [
        "200067452",
        "05061,05100,05113",
        "05061",
        "05100,05113",
    ]


def test_unit_still_capped_in_one_commune_stops_with_the_missing_count(shared, httpserver):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    unit = network_unit(real, {"05061": 120})
    httpserver.expect_request("/search").respond_with_handler(search_handler(unit))
    with pytest.raises(IncompleteResultError, match=r"LA POSTE \(SIREN 356000000\).*up to 20 may be missing"):
        sirene.fetch_recherche(client(), ["53.10Z"], parse_territory("05061"), httpserver.url_for("/"))
    assert len(httpserver.log) == 1


def test_capped_unit_without_commune_list_is_not_cut_silently(shared, httpserver):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    httpserver.expect_request("/search").respond_with_handler(search_handler(network_unit(real, NETWORK)))
    with pytest.raises(IncompleteResultError, match="no commune list"):
        sirene.fetch_recherche(client(), ["53.10Z"], parse_territory("05"), httpserver.url_for("/"))


def test_exactly_100_open_establishments_is_complete(shared, httpserver):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    unit = network_unit(real, {"05061": 100})
    httpserver.expect_request("/search").respond_with_handler(search_handler(unit))
    records, _ = sirene.fetch_recherche(client(), ["53.10Z"], parse_territory("05061"), httpserver.url_for("/"))
    assert len(records) == 100 and len(httpserver.log) == 1


def test_departement_query_is_split_by_the_communes_of_that_departement(shared, httpserver):
    real = json.loads(shared("fixtures", "recherche_entreprises_search.json").read_text(encoding="utf-8"))
    httpserver.expect_request("/search").respond_with_handler(search_handler(network_unit(real, NETWORK)))
    records, _ = sirene.fetch_recherche(
        client(), ["53.10Z"], parse_territory("05"), httpserver.url_for("/"), commune_codes=[*NETWORK, "38185"]
    )
    assert len(records) == 130
    assert "38185" not in httpserver.log[1][0].args["code_commune"]  # not a commune of département 05


# -- API Sirene: the NAF code of the current period ----------------------------------------------


def test_sirene_keeps_only_establishments_whose_current_period_has_the_code(httpserver):
    page = fixture("sirene_siret_page1.json")
    moved = json.loads(json.dumps(page["etablissements"][0]))
    moved["siret"] = "80949652800032"
    # A GP practice that became a pharmacy: its old period matches periode(...:86.21Z), its current one does not.
    current = {**moved["periodesEtablissement"][0], "dateFin": None, "dateDebut": "2023-01-01"}
    current["activitePrincipaleEtablissement"] = "47.73Z"
    old = {**moved["periodesEtablissement"][0], "dateFin": "2022-12-31", "dateDebut": "2015-03-02"}
    old["activitePrincipaleEtablissement"] = "86.21Z"
    moved["periodesEtablissement"] = [current, old]
    page["etablissements"] = [page["etablissements"][0], moved]
    page["header"].update(curseurSuivant="*", total=2)
    httpserver.expect_request("/siret", headers={"Accept": "application/json"}).respond_with_json(page)
    records = sirene.fetch_sirene(client(), "k", ["86.21Z"], parse_territory("05061"), base_url=httpserver.url_for("/"))
    assert [r["siret"] for r in records] == ["80949652800024"]


# -- overseas codes --------------------------------------------------------------------------------


def test_overseas_codes_a_service_does_not_accept_fail_before_any_request(httpserver):
    with pytest.raises(UnsupportedTerritoryError, match="975 \\(Saint-Pierre-et-Miquelon\\).*97501"):
        sirene.fetch_recherche(client(), ["86.21Z"], parse_territory("975"), httpserver.url_for("/"))
    assert httpserver.log == []
    # API Sirene knows every overseas code (its Lambert CRS table covers 971–978).
    assert "codeCommuneEtablissement:977*" in sirene.sirene_queries(["86.21Z"], parse_territory("977"))[0]
    with pytest.raises(ValueError, match="'979'"):
        parse_territory("979")


def test_departement_query_at_the_10000_result_cap_is_split_by_commune(httpserver):
    from werkzeug import Response

    def handle(request):
        if "departement" in request.args:  # page 1 of 400 of a capped answer
            page = int(request.args["page"])
            results = [{"siren": str(page), "nom_complet": "X", "matching_etablissements": []}]
            body = {"results": results, "total_results": 10000, "page": page, "per_page": 25, "total_pages": 400}
        else:
            body = {"results": [], "total_results": 3, "page": 1, "per_page": 25, "total_pages": 1}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(handle)
    _, truncated = sirene.fetch_recherche(
        client(), ["47.11D"], parse_territory("05"), httpserver.url_for("/"), commune_codes=["05061", "05100"]
    )
    assert not truncated
    # Split after the first page, not after reading the 400 pages the service would give.
    assert [entry[0].args.get("code_commune") for entry in httpserver.log] == [None, "05061,05100"]
    # Without a commune list, every page is read and the cap is reported (truncated), as before.
    httpserver.clear_log()
    _, truncated = sirene.fetch_recherche(client(), ["47.11D"], parse_territory("05"), httpserver.url_for("/"))
    assert truncated and len(httpserver.log) == 400
    # A commune list without communes of that département: the first page, then every page.
    httpserver.clear_log()
    _, truncated = sirene.fetch_recherche(
        client(), ["47.11D"], parse_territory("05"), httpserver.url_for("/"), commune_codes=["38185"]
    )
    assert truncated and len(httpserver.log) == 1 + 400
