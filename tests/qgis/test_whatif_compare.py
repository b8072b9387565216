"""vigie:comparediagnostics on two real road diagnostics: all hospitals, then without those of Gap."""

import numpy as np
import pytest

DATA = ("data", "hautes-alpes")


def _number(value):
    from qgis.PyQt.QtCore import QVariant

    return np.nan if value is None or (isinstance(value, QVariant) and value.isNull()) else float(value)


_RUNS = {}


@pytest.fixture
def two_diagnostics(vigie_provider, tmp_path_factory):
    """Road times and coverage per commune with every hospital (before) and without Gap's (after), run once."""
    if not _RUNS:
        _RUNS["runs"] = _run_two_diagnostics(tmp_path_factory)
    return _RUNS["runs"]


def _run_two_diagnostics(tmp_path_factory):
    import processing
    from conftest import shared_path
    from qgis.core import QgsVectorLayer

    folder = tmp_path_factory.mktemp("compare")
    paths = {
        "network": str(shared_path(*DATA, "roads-osm-2021-07-gap-champsaur-drivable.gpkg")),
        "population": str(shared_path(*DATA, "population-filosofi2019-200m-gap-champsaur.gpkg")),
        "hospitals": str(shared_path(*DATA, "health-facilities-finess-2020.geojson")),
        "communes": str(shared_path(*DATA, "communes-2018-population.geojson")),
    }
    after_services = QgsVectorLayer(paths["hospitals"], "hospitals-without-gap", "ogr")
    after_services.setSubsetString("\"city\" <> 'GAP'")
    results = {}
    for state, services in (("before", paths["hospitals"]), ("after", after_services)):
        road = processing.run(
            "vigie:roadtraveltime",
            {
                "NETWORK": paths["network"],
                "ORIGINS": paths["population"],
                "DESTINATIONS": services,
                "OUTPUT": str(folder / f"road_{state}.gpkg"),
            },
        )["OUTPUT"]
        coverage = processing.run(
            "vigie:coverage",
            {
                "POPULATION": road,
                "AREAS": paths["communes"],
                "THRESHOLDS": "10,20",
                "OUTPUT": str(folder / f"coverage_{state}.gpkg"),
            },
        )["OUTPUT"]
        results[state] = (road, coverage)
    return paths, results, folder


def test_per_cell_change_matches_the_scenario(run_alg, two_diagnostics):
    from qgis.core import QgsVectorLayer

    paths, results, folder = two_diagnostics
    comparison = run_alg(
        "vigie:comparediagnostics",
        {
            "BEFORE": results["before"][0],
            "AFTER": results["after"][0],
            "FIELDS": ["time_min"],
            "WEIGHT_FIELD": "ind",
            "OUTPUT": str(folder / "change_cells.gpkg"),
        },
    )["OUTPUT"]
    layer = QgsVectorLayer(comparison, "change", "ogr")
    rows = {f["idcar_200m"]: f for f in layer.getFeatures()}  # key found without KEY_FIELD
    assert len(rows) == 2368 and {f["status"] for f in rows.values()} == {"both"}
    assert "road_before" in layer.metadata().abstract() and "road_after" in layer.metadata().abstract()

    scenario = run_alg(
        "vigie:servicescenario",
        {
            "NETWORK": paths["network"],
            "ORIGINS": paths["population"],
            "SERVICES": paths["hospitals"],
            "CLOSE": "\"city\" = 'GAP'",
            "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
        },
    )["OUTPUT"]
    compared, checked = 0, 0
    for feature in scenario.getFeatures():
        expected = _number(feature["delta_min"])
        got = _number(rows[feature["idcar_200m"]]["time_min_delta"])
        assert got == pytest.approx(expected, abs=1e-6, nan_ok=True)
        compared += 1
        checked += np.isfinite(expected) and expected > 0
    assert compared == 2368 and checked > 100


def test_per_commune_change_of_coverage(run_alg, two_diagnostics):
    _, results, _ = two_diagnostics
    comparison = run_alg(
        "vigie:comparediagnostics",
        {"BEFORE": results["before"][1], "AFTER": results["after"][1], "OUTPUT": "TEMPORARY_OUTPUT"},
    )["OUTPUT"]
    names = comparison.fields().names()
    assert names[:2] == ["area_id", "status"] and "share_le_20_delta" in names and "pop_total_delta" in names
    rows = {f["area_id"]: f for f in comparison.getFeatures()}
    total = rows["TOTAL"]
    assert total["pop_total_delta"] == 0  # same population, only services changed
    assert total["pop_le_20_delta"] < 0 and total["mean_time_min_delta"] > 0
    assert all(_number(f["pop_le_10_delta"]) <= 1e-9 for f in rows.values() if f["status"] == "both")


def test_key_must_name_each_feature_once(run_alg, two_diagnostics):
    from qgis.core import QgsProcessingException

    _, results, _ = two_diagnostics
    with pytest.raises(QgsProcessingException, match="KEY_FIELD"):
        run_alg(
            "vigie:comparediagnostics",
            {"BEFORE": results["before"][0], "AFTER": results["after"][0], "KEY_FIELD": "ind", "OUTPUT": "memory:"},
        )
