"""vigie:odmatrix: a straight road measured by hand, cut-off and K, agreement with vigie:roadtraveltime."""

import pytest
from indicators_layers import points_on_road, speed_field_network, straight_road


def _run(run_alg, origins, destinations, network=None, **extra):
    parameters = dict(network or speed_field_network(straight_road()))
    parameters.update({"ORIGINS": origins, "DESTINATIONS": destinations, "MAX_TIME": 0, "K": 0, "OUTPUT": "memory:"})
    parameters.update(extra)
    return run_alg("vigie:odmatrix", parameters)


def test_straight_road_pairs(run_alg):
    """Origins at km 0 and 12, destinations at km 5, 10 and 20 of a 60 km/h road (1 minute per km).

    All pairs: km 0 -> 5, 10, 20 min; km 12 -> 7, 2, 8 min. MAX_TIME 9 keeps 5 (0→5), 7, 2, 8 (12→…);
    K 1 keeps 0→5 (5 min) and 12→10 (2 min). Distances are the road kilometres (times rounded to 0.1 min:
    the engine corrects Lambert-93 lengths to ground distances, +0.03 % here).
    """
    origins = points_on_road([0, 12], "&field=name:string", [["o0"], ["o12"]])
    destinations = points_on_road([5, 10, 20], "&field=code:integer", [[5], [10], [20]])
    common = {"ORIGIN_ID_FIELD": "name", "DESTINATION_ID_FIELD": "code"}

    def rows(**extra):
        result = _run(run_alg, origins, destinations, **common, **extra)
        return [
            (f["origin_id"], f["dest_id"], round(f["time_min"], 1), f["rank"]) for f in result["OUTPUT"].getFeatures()
        ]

    assert rows() == [
        ("o0", 5, 5, 1),
        ("o0", 10, 10, 2),
        ("o0", 20, 20, 3),
        ("o12", 10, 2, 1),
        ("o12", 5, 7, 2),
        ("o12", 20, 8, 3),
    ]
    assert rows(MAX_TIME=9) == [("o0", 5, 5, 1), ("o12", 10, 2, 1), ("o12", 5, 7, 2), ("o12", 20, 8, 3)]
    assert rows(K=1) == [("o0", 5, 5, 1), ("o12", 10, 2, 1)]
    result = _run(run_alg, origins, destinations, **common, OUTPUT_LINES="memory:")
    distances = [round(f["dist_m"]) for f in result["OUTPUT"].getFeatures()]
    assert distances == pytest.approx([5000, 10000, 20000, 2000, 7000, 8000], rel=1e-3)
    assert result["OUTPUT_LINES"].featureCount() == 6
    assert result["OUTPUT"].wkbType() == 100  # NoGeometry: a plain table


def test_nearest_pair_agrees_with_road_travel_time(run_alg, shared):
    """K = 1 without limit gives, for each cell, the time vigie:roadtraveltime finds to the nearest hospital."""
    import processing

    data = ("data", "hautes-alpes")
    network = {"NETWORK": str(shared(*data, "roads-osm-2021-07-gap-champsaur-drivable.gpkg"))}
    hospitals = str(shared(*data, "health-facilities-finess-2020.geojson"))
    cells = processing.run(
        "native:extractbyexpression",
        {
            "INPUT": str(shared(*data, "population-filosofi2019-200m-gap-champsaur.gpkg")),
            "EXPRESSION": "$id % 40 = 0",
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    od = _run(run_alg, cells, hospitals, network, ORIGIN_ID_FIELD="idcar_200m", K=1)["OUTPUT"]
    od_time = {f["origin_id"]: f["time_min"] for f in od.getFeatures()}
    parameters = dict(network, ORIGINS=cells, DESTINATIONS=hospitals, OUTPUT="memory:")
    road = run_alg("vigie:roadtraveltime", parameters)["OUTPUT"]
    road_time = {f["idcar_200m"]: f["time_min"] for f in road.getFeatures() if isinstance(f["time_min"], float)}
    assert len(road_time) > 40 and set(od_time) == set(road_time)
    for cell, minutes in road_time.items():
        assert od_time[cell] == pytest.approx(minutes, abs=1e-6)
    bounded = _run(run_alg, cells, hospitals, network, ORIGIN_ID_FIELD="idcar_200m", MAX_TIME=15, K=2)["OUTPUT"]
    rows = list(bounded.getFeatures())
    assert rows and all(f["time_min"] <= 15 for f in rows) and all(f["rank"] in (1, 2) for f in rows)
