"""vigie:accessibility2sfca: a 3-node road computed on paper, bad input, hospitals of the Hautes-Alpes sample."""

import numpy as np
import pytest
from indicators_layers import points_on_road, speed_field_network, straight_road


def _run(run_alg, supply, demand, **extra):
    parameters = dict(speed_field_network(straight_road()))
    parameters.update(
        {
            "SUPPLY": supply,
            "CAPACITY_FIELD": "beds",
            "DEMAND": demand,
            "DEMAND_FIELD": "ind",
            "CATCHMENT": 15,
            "DECAY": 0,
            "OUTPUT": "memory:",
            "OUTPUT_SUPPLY": "memory:",
        }
    )
    parameters.update(extra)
    return run_alg("vigie:accessibility2sfca", parameters)


def _supply(beds=(10, 5)):
    return points_on_road([0, 20], "&field=name:string&field=beds:string", [["A", str(beds[0])], ["B", str(beds[1])]])


def _demand(people=(1000, 2000, 500)):
    return points_on_road([0, 10, 20], "&field=ind:double", [[p] for p in people])


def test_three_nodes_on_paper(run_alg):
    """A 20 km road at 60 km/h: nodes at 0, 10 and 20 km, 10 minutes apart. Supply A (10 beds, km 0),
    B (5 beds, km 20); demand 1,000 (km 0), 2,000 (km 10), 500 (km 20); catchment 15 min, no decay.

    R_A = 10 / (1000 + 2000) = 3.333 per 1,000; R_B = 5 / (2000 + 500) = 2.0 per 1,000.
    access: km 0 -> 3.333; km 10 -> 3.333 + 2.0 = 5.333; km 20 -> 2.0. Capacity given as text "10", "5".
    With the DREES steps (weights 1, 2/3, 1/3) and a catchment of 20.5 min (not 20: the engine corrects
    Lambert-93 lengths to ground distances, +0.03 % here, which would push the 10 and 20 minute times just
    across the limits): R_A = 10000/3166.7 = 3.158, R_B = 5000/2833.3 = 1.765; km 0 -> 3.158 + 1.765/3 = 3.746.
    """
    result = _run(run_alg, _supply(), _demand())
    index = [f["access_index"] for f in result["OUTPUT"].getFeatures()]
    assert index == pytest.approx([10 / 3, 16 / 3, 2.0], rel=1e-6)
    assert [f["supply_in_reach"] for f in result["OUTPUT"].getFeatures()] == [1, 2, 1]
    ratios = {f["name"]: f["ratio"] for f in result["OUTPUT_SUPPLY"].getFeatures()}
    assert ratios["A"] == pytest.approx(10 / 3) and ratios["B"] == pytest.approx(2.0)
    stepped = _run(run_alg, _supply(), _demand(), CATCHMENT=20.5, DECAY=1)
    first = next(stepped["OUTPUT"].getFeatures())["access_index"]
    assert first == pytest.approx(10000 / (3000 + 500 / 3) + 5000 / (2500 + 1000 / 3) / 3, rel=1e-6)
    assert result["OUTPUT"].metadata().title() == "Accessibility index (2SFCA)"


def test_zero_capacity_and_demand_out_of_reach(run_alg):
    """B has 0 beds: its ratio is 0. With a 5-minute catchment km 10 reaches nothing: index 0, not an error."""
    result = _run(run_alg, _supply(beds=(10, 0)), _demand(), CATCHMENT=5)
    index = [f["access_index"] for f in result["OUTPUT"].getFeatures()]
    assert index == pytest.approx([10.0, 0.0, 0.0])
    ratios = {f["name"]: f["ratio"] for f in result["OUTPUT_SUPPLY"].getFeatures()}
    assert ratios == pytest.approx({"A": 10.0, "B": 0.0})


def test_null_capacity_counts_as_zero(run_alg):
    """A NULL capacity (not text) counts as 0 with a warning: A offers nothing, B's 5 beds are shared."""
    supply = points_on_road([0, 20], "&field=name:string&field=beds:integer", [["A", None], ["B", 5]])
    result = _run(run_alg, supply, _demand())
    index = [f["access_index"] for f in result["OUTPUT"].getFeatures()]
    assert index == pytest.approx([0.0, 2.0, 2.0])


@pytest.mark.parametrize(
    ("supply_beds", "people", "message"),
    [
        (("dix", "5"), (1000, 2000, 500), "not numbers"),
        (("10", "5"), (1000, -2000, 500), "negative"),
        (("", ""), (1000, 2000, 500), "no value on any supply point"),
    ],
)
def test_bad_input_messages(run_alg, supply_beds, people, message):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=message):
        _run(run_alg, _supply(beds=supply_beds), _demand(people))


def test_hospitals_of_the_sample(run_alg, shared):
    """Hospitals (FINESS) and the 2,368 inhabited 200 m cells around Gap, on the Gap–Champsaur roads.

    The sample's cap_beds column is empty for every hospital: the run must say so. Counting each
    hospital as 1, the index is hospitals per 1,000 inhabitants, and its population-weighted sum gives
    back the number of hospitals that have inhabitants within the catchment (the capacity is conserved).
    """
    from qgis.core import QgsProcessingException

    data = ("data", "hautes-alpes")
    parameters = {
        "NETWORK": str(shared(*data, "roads-osm-2021-07-gap-champsaur-drivable.gpkg")),
        "SUPPLY": str(shared(*data, "health-facilities-finess-2020.geojson")),
        "CAPACITY_FIELD": "cap_beds",
        "DEMAND": str(shared(*data, "population-filosofi2019-200m-gap-champsaur.gpkg")),
        "DEMAND_FIELD": "ind",
        "CATCHMENT": 30,
        "DECAY": 1,
        "ACCESS_SPEED": 5,
        "OUTPUT": "memory:",
        "OUTPUT_SUPPLY": "memory:",
    }
    with pytest.raises(QgsProcessingException, match="cap_beds has no value"):
        run_alg("vigie:accessibility2sfca", parameters)
    parameters["CAPACITY_FIELD"] = None
    result = run_alg("vigie:accessibility2sfca", parameters)
    cells = list(result["OUTPUT"].getFeatures())
    people = np.array([f["ind"] for f in cells])
    index = np.array([f["access_index"] for f in cells])
    assert len(cells) == 2368 and people.sum() == pytest.approx(53931, rel=1e-3)
    served = [f for f in result["OUTPUT_SUPPLY"].getFeatures() if isinstance(f["ratio"], float)]
    assert 4 <= len(served) < 25  # Gap's hospitals, not Briançon's (their access legs take hours at 5 km/h)
    assert np.dot(index, people) / 1000 == pytest.approx(len(served), rel=1e-6)
    assert (index >= 0).all() and (index == 0).sum() < len(cells) / 2
    assert people[index == 0].sum() < 0.05 * people.sum()


def test_times_are_from_the_homes_to_the_supply_on_one_way_roads(run_alg):
    """A one-way loop at 60 km/h: S -> D (10 km) -> corner -> E (20 km) -> S (10 km).

    From the homes to S: E takes 10 min, D takes 30 min (round the loop). Searched from S outward it
    would be the other way round. With a 15-minute catchment only E reaches S: index 10 / 500 per 1,000.
    """
    from indicators_layers import X0, Y0, memory_layer

    loop = memory_layer(
        "LineString?crs=EPSG:2154&field=speed:double&field=dir:string",
        [
            (f"LINESTRING({X0} {Y0}, {X0 + 10000} {Y0})", [60, "F"]),
            (f"LINESTRING({X0 + 10000} {Y0}, {X0 + 10000} {Y0 + 10000}, {X0} {Y0 + 10000})", [60, "F"]),
            (f"LINESTRING({X0} {Y0 + 10000}, {X0} {Y0})", [60, "F"]),
        ],
    )
    supply = memory_layer("Point?crs=EPSG:2154&field=beds:double", [(f"POINT({X0} {Y0})", [10])])
    demand = memory_layer(
        "Point?crs=EPSG:2154&field=name:string&field=ind:double",
        [(f"POINT({X0 + 10000} {Y0})", ["D", 1000]), (f"POINT({X0} {Y0 + 10000})", ["E", 500])],
    )
    result = _run(run_alg, supply, demand, NETWORK=loop, DIRECTION_FIELD="dir", VALUE_FORWARD="F", DEFAULT_DIRECTION=2)
    index = {f["name"]: f["access_index"] for f in result["OUTPUT"].getFeatures()}
    assert index == pytest.approx({"D": 0.0, "E": 20.0})
    assert [f["supply_in_reach"] for f in result["OUTPUT"].getFeatures()] == [0, 1]


def test_age_weighted_apl_3x3_on_paper(run_alg):
    """Three GP practices (consultations a year) and three cells with Filosofi age classes on the 20 km road,
    DREES steps over 20.5 min (times 0, 10, 20 min: weights 1, 1, 1/3), DREES 2022 age weights.

    Demand: A (km 0) 100 aged 0-3 -> 93; B (km 10) 200 aged 55-64 -> 230; C (km 20) 100 + 100 -> 208.
    S1 (km 0, 1000): 93 + 230 + 208/3; S2 (km 10, 300): 93 + 230 + 208; S3 (km 20, 100): 93/3 + 230 + 208.
    per_person A = R1 + R2 + R3/3 = 3.19, B = 3.33, C = R1/3 + R2 + R3 = 1.63: only C is sous-dense (< 2.5).
    """
    supply = points_on_road(
        [0, 10, 20], "&field=name:string&field=beds:double", [["S1", 1000], ["S2", 300], ["S3", 100]]
    )
    demand = points_on_road(
        [0, 10, 20],
        "&field=ind:double&field=ind_0_3:double&field=ind_55_64:double",
        [[100, 100, 0], [200, 0, 200], [200, 100, 100]],
    )
    result = _run(run_alg, supply, demand, CATCHMENT=20.5, DECAY=1, AGE_WEIGHTS=1, UNDERSERVED_BELOW=2.5)
    r1, r2, r3 = 1000 / (93 + 230 + 208 / 3), 300 / (93 + 230 + 208), 100 / (93 / 3 + 230 + 208)
    expected = [r1 + r2 + r3 / 3, r1 + r2 + r3, r1 / 3 + r2 + r3]
    cells = list(result["OUTPUT"].getFeatures())
    assert [f["per_person"] for f in cells] == pytest.approx(expected, rel=1e-6)
    assert [f["access_index"] for f in cells] == pytest.approx([1000 * e for e in expected], rel=1e-6)
    assert [f["sous_dense"] for f in cells] == [int(e < 2.5) for e in expected] and sum(e < 2.5 for e in expected) == 1
    assert "DREES APL 2022" in result["OUTPUT"].metadata().abstract() + str(result["OUTPUT"].metadata().keywords())


def test_age_weights_need_age_classes(run_alg):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="AGE_WEIGHTS"):
        _run(run_alg, _supply(), _demand(), AGE_WEIGHTS=1)
