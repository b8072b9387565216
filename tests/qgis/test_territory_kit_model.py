"""The shipped road diagnostic reads a territory kit's layers directly (the offline sample kit)."""

import pytest
from kit_replay import road_diagnostic_on_kit
from models_data import features
from sample_kits import build_sample_kit


def test_road_diagnostic_runs_on_the_kit_layers(qgis_processing, tmp_path):
    kit = tmp_path / "kit.gpkg"
    communes = ["05061", "05059", "05075"]  # Gap, La Freissinouse, Manteyer
    counts = build_sample_kit(kit, communes)
    outputs = road_diagnostic_on_kit(kit, tmp_path)
    times = features(outputs["road:TRAVEL_TIMES"])
    assert len(times) == counts["population"]
    reached = [row["time_min"] for row in times if row["time_min"] is not None]
    assert len(reached) >= 0.99 * len(times) and max(reached) < 30  # Gap has hospitals and GPs
    coverage = features(outputs["coverage:COVERAGE"])
    assert {row["code"] for row in coverage if row["is_total"] == 0} == set(communes)
    total = next(row for row in coverage if row["is_total"] == 1)
    # Coverage splits cells by area at the territory's edge: the edge cells' outer parts are left out.
    assert total["pop_total"] == pytest.approx(sum(row["ind"] for row in times), rel=1e-3)
