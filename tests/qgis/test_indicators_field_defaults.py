"""Field parameters left out fall back to their default (QGIS 3.22 refused them before they were optional)."""

import pytest

DATA = ("data", "hautes-alpes")


def test_coverage_and_2sfca_without_their_field_parameters(run_alg, shared):
    """processing.run without POPULATION_FIELD / TIME_FIELD / DEMAND_FIELD uses ind, time_min and ind."""
    network = str(shared(*DATA, "roads-osm-2021-07-gap-champsaur-drivable.gpkg"))
    cells = str(shared(*DATA, "population-filosofi2019-200m-gap-champsaur.gpkg"))
    hospitals = str(shared(*DATA, "health-facilities-finess-2020.geojson"))
    timed = run_alg(
        "vigie:roadtraveltime", {"NETWORK": network, "ORIGINS": cells, "DESTINATIONS": hospitals, "OUTPUT": "memory:"}
    )["OUTPUT"]
    coverage = run_alg("vigie:coverage", {"POPULATION": timed, "THRESHOLDS": "10,20,30", "OUTPUT": "memory:"})
    total = next(f for f in coverage["OUTPUT"].getFeatures() if f["is_total"])
    assert total["pop_total"] == pytest.approx(53931, rel=0.002)
    assert 0 < total["share_le_10"] < total["share_le_30"] <= 100

    accessibility = run_alg(
        "vigie:accessibility2sfca",
        {"NETWORK": network, "SUPPLY": hospitals, "DEMAND": cells, "OUTPUT": "memory:", "OUTPUT_SUPPLY": "memory:"},
    )
    index = [f["access_index"] for f in accessibility["OUTPUT"].getFeatures()]
    assert len(index) == 2368 and max(index) > 0


def test_missing_default_field_is_a_clear_error(run_alg):
    from indicators_layers import points_on_road
    from qgis.core import QgsProcessingException

    population = points_on_road([0, 10], "&field=people:double&field=time_min:double", [[10, 5], [20, 15]])
    with pytest.raises(QgsProcessingException, match="POPULATION_FIELD: the layer has no field named ind"):
        run_alg("vigie:coverage", {"POPULATION": population, "OUTPUT": "memory:"})
    rows = _rows_by_threshold(
        run_alg("vigie:coverage", {"POPULATION": population, "POPULATION_FIELD": "people", "OUTPUT": "memory:"})
    )
    assert rows == (10, 30)


def _rows_by_threshold(result):
    total = next(f for f in result["OUTPUT"].getFeatures() if f["is_total"])
    return total["pop_le_10"], total["pop_total"]
