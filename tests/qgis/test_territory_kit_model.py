"""The shipped road diagnostic reads a territory kit's layers directly (the offline sample kit)."""

import importlib.util

import pytest
from conftest import REPO_ROOT, shared_path
from models_data import features, run_model, vigie_provider


def build_sample_kit(path, communes=None):
    spec = importlib.util.spec_from_file_location("sample_kit", REPO_ROOT / "scripts" / "sample_kit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_sample_kit(shared_path("data", "hautes-alpes").parents[1], path, communes)


def test_road_diagnostic_runs_on_the_kit_layers(qgis_processing, tmp_path):
    vigie_provider()
    kit = tmp_path / "kit.gpkg"
    counts = build_sample_kit(kit, ["05061", "05059", "05075"])  # Gap, La Freissinouse, Manteyer
    layer = f"{kit}|layername="
    outputs = {
        "road:TRAVEL_TIMES": str(tmp_path / "temps.gpkg"),
        "coverage:COVERAGE": str(tmp_path / "couverture.gpkg"),
        "map:MAP_PDF": str(tmp_path / "carte.pdf"),
    }
    run_model(
        "vigie:diagnostic_road_access",
        {
            "NETWORK": layer + "roads",
            "SERVICES": layer + "services",
            "POPULATION": layer + "population",
            "COMMUNES": layer + "communes",
            **outputs,
        },
    )
    times = features(outputs["road:TRAVEL_TIMES"])
    assert len(times) == counts["population"]
    reached = [row["time_min"] for row in times if row["time_min"] is not None]
    assert len(reached) >= 0.99 * len(times) and max(reached) < 30  # Gap has hospitals and GPs
    coverage = features(outputs["coverage:COVERAGE"])
    assert {row["code"] for row in coverage if row["is_total"] == 0} == {"05061", "05059", "05075"}
    total = next(row for row in coverage if row["is_total"] == 1)
    # Coverage splits cells by area at the territory's edge: the edge cells' outer parts are left out.
    assert total["pop_total"] == pytest.approx(sum(row["ind"] for row in times), rel=1e-3)
