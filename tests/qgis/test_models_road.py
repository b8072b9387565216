"""The shipped model "Accès routier à un service" runs end to end on the Hautes-Alpes sample."""

import pytest
from models_data import CELL_COUNT, GAP, features, pdf_text, road_inputs, run_model, share_within, vigie_provider

MODEL = "vigie:diagnostic_road_access"


@pytest.fixture(scope="module")
def road_run(qgis_processing, tmp_path_factory):
    """One run of the model with its defaults (thresholds 10,20,30, default title), shared by the tests."""
    vigie_provider()
    folder = tmp_path_factory.mktemp("road_model")
    outputs = {
        "road:TRAVEL_TIMES": str(folder / "temps.gpkg"),
        "coverage:COVERAGE": str(folder / "couverture.gpkg"),
        "map:MAP_PDF": str(folder / "carte.pdf"),
    }
    results = run_model(MODEL, {**road_inputs(), **outputs})
    return results, outputs


def test_travel_times_cover_every_cell(road_run):
    results, outputs = road_run
    assert results["road:TRAVEL_TIMES"] == outputs["road:TRAVEL_TIMES"]
    rows = features(outputs["road:TRAVEL_TIMES"])
    assert len(rows) == CELL_COUNT
    reached = [row for row in rows if row["time_min"] is not None]
    # A few cells sit on road fragments cut off by the square's edge; nearly all reach a hospital.
    assert len(reached) >= CELL_COUNT - 5
    assert all(0 <= row["time_min"] < 90 for row in reached)
    # Gap's hospitals are in the square: its central cells are a few minutes away.
    assert min(row["time_min"] for row in reached) < 3


def test_coverage_uses_the_model_thresholds_and_matches_the_times(road_run):
    _, outputs = road_run
    times = features(outputs["road:TRAVEL_TIMES"])
    coverage = features(outputs["coverage:COVERAGE"])
    total = next(row for row in coverage if row["is_total"] == 1)
    assert total["pop_total"] == pytest.approx(sum(row["ind"] for row in times))
    for minutes in (10, 20, 30):  # the model's default THRESHOLDS, passed to vigie:coverage
        assert total[f"share_le_{minutes}"] == pytest.approx(share_within(times, minutes), abs=0.01)
    assert total["share_le_10"] < total["share_le_20"] <= total["share_le_30"] <= 100
    communes = {row["code"]: row for row in coverage if row["is_total"] == 0}
    most_populated = max(communes.values(), key=lambda row: row["pop_total"])
    assert most_populated["code"] == GAP
    assert communes[GAP]["share_le_10"] > 90


def test_map_pdf_shows_title_figures_and_sources(road_run):
    _, outputs = road_run
    text = pdf_text(outputs["map:MAP_PDF"])
    assert "Temps d'accès par la route au service le plus proche" in text
    assert "OpenStreetMap" in text and "INSEE Filosofi" in text
    assert "10 min" in text and "30 min" in text


def test_model_runs_without_communes_and_with_other_thresholds(vigie_provider, tmp_path):
    inputs = road_inputs()
    del inputs["COMMUNES"]
    outputs = {
        "road:TRAVEL_TIMES": str(tmp_path / "times.gpkg"),
        "coverage:COVERAGE": str(tmp_path / "coverage.gpkg"),
        "map:MAP_PDF": str(tmp_path / "map.pdf"),
    }
    run_model(MODEL, {**inputs, "THRESHOLDS": "15,45", "TITLE": "Hôpitaux du Gapençais", **outputs})
    coverage = features(outputs["coverage:COVERAGE"])
    assert [row["is_total"] for row in coverage] == [1]  # no communes: the whole territory only
    assert "share_le_15" in coverage[0] and "share_le_45" in coverage[0] and "share_le_10" not in coverage[0]
    assert coverage[0]["share_le_15"] == pytest.approx(share_within(features(outputs["road:TRAVEL_TIMES"]), 15))
    assert "Hôpitaux du Gapençais" in pdf_text(outputs["map:MAP_PDF"])


def test_model_with_an_official_preset(vigie_provider, tmp_path):
    """PRESET "general practitioner within 20 minutes" on the model: its 20 min replaces the model's
    thresholds in vigie:coverage, and its definition, codes and source go into the coverage's metadata."""
    from qgis.core import QgsVectorLayer

    from vigie.plugin.core.reference.basket import access_preset, access_presets

    preset = access_preset("gp_20")
    outputs = {
        "road:TRAVEL_TIMES": str(tmp_path / "times.gpkg"),
        "coverage:COVERAGE": str(tmp_path / "coverage.gpkg"),
        "map:MAP_PDF": str(tmp_path / "map.pdf"),
    }
    index = 1 + [p.id for p in access_presets()].index(preset.id)  # option 0 is "none: the given thresholds"
    run_model(MODEL, {**road_inputs(), "THRESHOLDS": "10,20,30", "PRESET": index, **outputs})
    coverage = features(outputs["coverage:COVERAGE"])
    total = next(row for row in coverage if row["is_total"] == 1)
    assert "share_le_20" in total and "share_le_10" not in total and "share_le_30" not in total
    assert total["share_le_20"] == pytest.approx(share_within(features(outputs["road:TRAVEL_TIMES"]), 20), abs=0.01)
    abstract = QgsVectorLayer(outputs["coverage:COVERAGE"], "coverage", "ogr").metadata().abstract()
    assert "PRESET = gp_20" in abstract and "THRESHOLDS = 20" in abstract
    assert preset.label_en in abstract and preset.source in abstract
    assert "D201" in abstract and "D265" in abstract
