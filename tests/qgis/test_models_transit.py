"""The shipped model "Accès en transport en commun" runs end to end on the Hautes-Alpes TER feed."""

import pytest
from models_data import CELL_COUNT, features, hautes_alpes, pdf_text, population_cells, run_model, share_within
from models_data import vigie_provider as ensure_provider

MODEL = "vigie:diagnostic_transit_access"


def test_transit_model_times_coverage_and_map(qgis_processing, tmp_path):
    ensure_provider()
    outputs = {
        "transit:TRAVEL_TIMES": str(tmp_path / "temps.gpkg"),
        "coverage:COVERAGE": str(tmp_path / "couverture.gpkg"),
        "map:MAP_PDF": str(tmp_path / "carte.pdf"),
    }
    run_model(
        MODEL,
        {
            "GTFS": hautes_alpes("gtfs-sncf-ter-2017-11.zip"),
            "DATE": "2017-11-14",  # a Tuesday inside the feed's calendar (2017-11-06 → 2018-02-04)
            "SERVICES": hautes_alpes("health-facilities-finess-2020.geojson"),
            "POPULATION": population_cells(),
            "COMMUNES": hautes_alpes("communes-2018-population.geojson"),
            "THRESHOLDS": "5,10,90",
            **outputs,
        },
    )
    times = features(outputs["transit:TRAVEL_TIMES"])
    assert len(times) == CELL_COUNT
    reached = [row for row in times if row["time_min"] is not None]
    # Few cells are within walking distance of a stop or of a hospital: rural transit is sparse.
    assert 0 < len(reached) < CELL_COUNT / 2
    for row in reached:
        assert row["best_min"] <= row["time_min"] + 1e-9
        assert 0.5 <= row["reach_share"] <= 1.0

    coverage = features(outputs["coverage:COVERAGE"])
    total = next(row for row in coverage if row["is_total"] == 1)
    assert total["pop_total"] == pytest.approx(sum(row["ind"] for row in times))
    for minutes in (5, 10, 90):
        assert total[f"share_le_{minutes}"] == pytest.approx(share_within(times, minutes), abs=0.01)
    assert 0 < total["share_le_5"] < total["share_le_10"]

    text = pdf_text(outputs["map:MAP_PDF"])
    assert "Temps d'accès en transport en commun au service le plus proche" in text
    assert "SNCF" in text and "INSEE Filosofi" in text
