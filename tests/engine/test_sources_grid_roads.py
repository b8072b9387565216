"""Filosofi grid cells (ids, EPSG:3035 corners, chunked filtering) and road fetchers (WFS paging, Overpass)."""

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from vigie.plugin.core.sources import population, roads
from vigie.plugin.core.sources.errors import PayloadError
from vigie.plugin.core.sources.http import HttpClient

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def client():
    return HttpClient(retries=1, backoff_factor=0, timeout=(2.0, 2.0), throttle_by_host={})


def test_cell_id_gives_the_south_west_corner_x_from_e_and_y_from_n():
    assert population.parse_cell_id("CRS3035RES200mN2392800E3993600") == (3035, 200, 3993600, 2392800)
    with pytest.raises(ValueError):
        population.parse_cell_id("N2392800E3993600")
    assert population.cell_polygon_wkt(3993600, 2392800, 200).startswith("POLYGON((3993600 2392800, 3993800 2392800")


def test_real_gap_champsaur_grid(shared):
    path = shared("data", "hautes-alpes", "population-filosofi2019-200m-gap-champsaur.csv")
    cells = population.read_cells(path)
    assert len(cells) == 2368 and cells["ind"].sum() == pytest.approx(53931, abs=1)
    # The corners parsed from the ids match the file's own corner columns.
    reference = pd.read_csv(path)
    assert (cells["x_sw"].to_numpy() == reference["x_sw_3035"].to_numpy()).all()
    assert (cells["y_sw"].to_numpy() == reference["y_sw_3035"].to_numpy()).all()
    xmid, ymid = reference["x_sw_3035"].median(), reference["y_sw_3035"].median()
    box = (reference["x_sw_3035"].min(), reference["y_sw_3035"].min(), xmid, ymid)
    part = population.read_cells(path, box, chunk_rows=500)
    expected = reference[(reference["x_sw_3035"] <= xmid) & (reference["y_sw_3035"] <= ymid)]
    assert len(part) == len(expected) and part["ind"].sum() == pytest.approx(expected["ind"].sum())


def test_2017_style_headers_and_semicolons(tmp_path):
    path = tmp_path / "filosofi2017.csv"
    path.write_text(
        "Idcar_200m;I_est_200;Ind;Men;Ind_0_3\nCRS3035RES200mN2392800E3993600;0;12.5;5;0.8\n", encoding="utf-8"
    )
    cells = population.read_cells(path)
    assert cells.iloc[0]["ind"] == 12.5 and cells.iloc[0]["men"] == 5 and cells.iloc[0]["ind_0_3"] == 0.8
    assert list(cells.columns)[:4] == ["idcar_200m", "x_sw", "y_sw", "size"]


def test_not_a_grid_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("code,pop\n05061,40000\n", encoding="utf-8")
    with pytest.raises(PayloadError, match="idcar_200m"):
        population.read_cells(path)


# -- WFS ----------------------------------------------------------------------------------------


def bdtopo_features(shared):
    path = shared("data", "hautes-alpes", "roads-bdtopo-2021-06", "05025.geojson")
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def wfs_handler(features, page_size):
    from werkzeug import Response

    def handle(request):
        start = int(request.args.get("STARTINDEX", 0))
        assert int(request.args["COUNT"]) == page_size and request.args["TYPENAMES"] == roads.ROAD_TYPENAME
        page = features[start : start + page_size]
        body = {"type": "FeatureCollection", "features": page, "numberMatched": "unknown", "numberReturned": len(page)}
        return Response(json.dumps(body), content_type="application/json")

    return handle


def test_wfs_pages_tiles_and_deduplicates_real_bdtopo_roads(shared, httpserver):
    features = bdtopo_features(shared)
    for index, feature in enumerate(features):
        feature["id"] = f"troncon_de_route.{index}"
    httpserver.expect_request("/wfs/ows").respond_with_handler(wfs_handler(features, 40))
    bbox = (0, 0, 20_000, 10_000)  # two tiles of 10 km: each answers every feature, kept once
    records = roads.fetch_wfs(client(), bbox, base_url=httpserver.url_for("/wfs/ows"), page_size=40, tile_size=10_000)
    assert len(records) == len(features)
    pages_per_tile = math.ceil((len(features) + 1) / 40)
    assert len(httpserver.log) == 2 * pages_per_tile
    first = records[0]
    assert first["cleabs"].startswith("TRONROUT") and first["wkt"].startswith(("LINESTRING", "MULTILINESTRING"))
    assert {r["sens_de_circulation"] for r in records} <= {
        "Double sens",
        "Sens direct",
        "Sens inverse",
        "Sans objet",
        None,
    }


def test_wfs_exception_report_with_status_200(httpserver):
    report = (
        '<?xml version="1.0"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception>'
        "<ows:ExceptionText>Unknown feature type BDTOPO_V3:troncon</ows:ExceptionText>"
        "</ows:Exception></ows:ExceptionReport>"
    )
    httpserver.expect_request("/wfs/ows").respond_with_data(report, content_type="text/xml")
    with pytest.raises(PayloadError, match="Unknown feature type"):
        roads.fetch_wfs(client(), (0, 0, 100, 100), base_url=httpserver.url_for("/wfs/ows"))


def test_tiles_cover_the_box():
    grid = roads.tiles((0, 0, 45_000, 10_000), 20_000)
    assert len(grid) == 3 and grid[0][0] == 0 and grid[-1][2] == 45_000


# -- Overpass ----------------------------------------------------------------------------------


def test_overpass_ways_become_geofabrik_like_records(httpserver):
    payload = json.loads((FIXTURES / "overpass_roads_sample.json").read_text(encoding="utf-8"))
    httpserver.expect_request("/api/interpreter", method="POST").respond_with_json(payload)
    records = roads.fetch_overpass(client(), (6.0, 44.5, 6.1, 44.6), httpserver.url_for("/api/interpreter"))
    assert [r["osm_id"] for r in records] == ["23456789", "23456790", "23456791", "23456792"]
    primary, residential, roundabout, reverse = records
    assert (primary["fclass"], primary["oneway"], primary["maxspeed"], primary["ref"]) == ("primary", "B", 50, "N 94")
    assert residential["oneway"] == "F" and roundabout["oneway"] == "F" and roundabout["maxspeed"] == 48
    assert reverse["oneway"] == "T" and reverse["bridge"] == "T" and reverse["layer"] == 1
    assert primary["wkt"] == "LINESTRING(6.07 44.555, 6.075 44.5575, 6.08 44.56)"
    query = httpserver.log[0][0].form["data"]
    assert "(44.500000,6.000000,44.600000,6.100000)" in query and "out geom" in query


def test_overpass_runtime_error_remark():
    with pytest.raises(PayloadError, match="runtime error"):
        roads.overpass_records({"elements": [], "remark": 'runtime error: Query timed out in "query" at line 1'})


def current_schema_features(shared):
    """The real 2021 sections rewritten to today's troncon_de_route schema (../shared/fixtures/wfs_schema_*):
    only the properties the current schema lists, names moved from nom_1_* to nom_collaboratif_*."""
    schema = json.loads(shared("fixtures", "wfs_schema_bdtopo_troncon_de_route.json").read_text(encoding="utf-8"))
    current = {p["name"] for p in schema["properties"]}
    features = []
    for index, feature in enumerate(bdtopo_features(shared)):
        old = feature["properties"]
        properties = {k: v for k, v in old.items() if k in current}
        properties["nom_collaboratif_gauche"] = old.get("nom_1_gauche")
        properties["nom_collaboratif_droite"] = old.get("nom_1_droite")
        features.append({**feature, "id": f"troncon_de_route.{index}", "properties": properties})
    return features


def test_wfs_current_schema_road_names(shared, httpserver):
    features = current_schema_features(shared)
    assert not any("nom_1_gauche" in f["properties"] for f in features)
    httpserver.expect_request("/wfs/ows").respond_with_handler(wfs_handler(features, 5000))
    records = roads.fetch_wfs(client(), (0, 0, 10_000, 10_000), base_url=httpserver.url_for("/wfs/ows"))
    named = [r for r in records if r["nom_collaboratif_gauche"]]
    expected = [
        f["properties"]["nom_collaboratif_gauche"] for f in features if f["properties"]["nom_collaboratif_gauche"]
    ]
    assert len(named) == len(expected) == 29 and "RTE DE SAINT JULIEN" in expected
    assert [r["nom_collaboratif_gauche"] for r in named] == expected
    assert {r["vitesse_moyenne_vl"] for r in records} - {None} and "nom_1_gauche" not in records[0]


def test_old_schema_names_still_read_new_first():
    old = roads.bdtopo_record({"cleabs": "T1", "nom_1_gauche": "RUE CARNOT", "nom_1_droite": "RUE CARNOT"})
    assert (old["nom_collaboratif_gauche"], old["nom_collaboratif_droite"]) == ("RUE CARNOT", "RUE CARNOT")
    both = roads.bdtopo_record({"nom_collaboratif_gauche": "RUE NEUVE", "nom_1_gauche": "RUE VIEILLE"})
    assert both["nom_collaboratif_gauche"] == "RUE NEUVE" and both["nom_collaboratif_droite"] is None


def capped_wfs_handler(features, server_cap, announced):
    """A WFS answering at most ``server_cap`` features per page whatever COUNT asks (as the Géoplateforme does)."""
    from werkzeug import Response

    def handle(request):
        start, count = int(request.args["STARTINDEX"]), int(request.args["COUNT"])
        page = features[start : start + min(count, server_cap)]
        body = {"type": "FeatureCollection", "features": page, "numberMatched": announced, "numberReturned": len(page)}
        return Response(json.dumps(body), content_type="application/json")

    return handle


def test_wfs_server_page_cap_below_count_is_followed_with_number_matched(shared, httpserver):
    features = current_schema_features(shared)
    httpserver.expect_request("/wfs/ows").respond_with_handler(capped_wfs_handler(features, 50, len(features)))
    records = roads.fetch_wfs(client(), (0, 0, 10_000, 10_000), base_url=httpserver.url_for("/wfs/ows"), page_size=100)
    assert len(records) == len(features) == 114
    assert [entry[0].args["STARTINDEX"] for entry in httpserver.log] == ["0", "50", "100"]


def test_wfs_answer_short_of_number_matched_is_an_error(shared, httpserver):
    features = current_schema_features(shared)
    httpserver.expect_request("/wfs/ows").respond_with_handler(capped_wfs_handler(features, 50, 200))
    with pytest.raises(PayloadError, match="stopped at 114 of the 200"):
        roads.fetch_wfs(client(), (0, 0, 10_000, 10_000), base_url=httpserver.url_for("/wfs/ows"), page_size=100)
