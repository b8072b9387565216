"""The shipped model "Accueil du jeune enfant" runs end to end on the Hautes-Alpes sample.

The sample has no crèche list (no national list of EAJE is published; BPE D502 needs the
network). The supply here is real data of the same shape: each commune's number of general
practitioners (BPE 2017) at the commune's centroid, as "capacity" points.
"""

import pytest
from models_data import CELL_COUNT, features, hautes_alpes, pdf_text, population_cells, run_model
from models_data import vigie_provider as ensure_provider

MODEL = "vigie:diagnostic_childcare"
CAPACITY = "bpe2017_D201_generalistes"


def test_childcare_model_index_ratios_and_map(qgis_processing, tmp_path):
    ensure_provider()
    supply = str(tmp_path / "supply.gpkg")
    run_model(
        "native:centroids",
        {"INPUT": hautes_alpes("communes-2018-population.geojson"), "ALL_PARTS": False, "OUTPUT": supply},
    )
    outputs = {
        "sfca:ACCESS_INDEX": str(tmp_path / "indice.gpkg"),
        "sfca:SUPPLY_RATIO": str(tmp_path / "ratio.gpkg"),
        "map:MAP_PDF": str(tmp_path / "carte.pdf"),
    }
    run_model(
        MODEL,
        {
            "NETWORK": hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
            "EAJE": supply,
            "CAPACITY_FIELD": CAPACITY,
            "POPULATION": population_cells(),  # DEMAND_FIELD left to the model's default, ind_0_3
            **outputs,
        },
    )
    demand = features(outputs["sfca:ACCESS_INDEX"])
    assert len(demand) == CELL_COUNT
    assert all(row["access_index"] >= 0 for row in demand)
    assert any(row["access_index"] > 0 for row in demand)

    # 2SFCA conserves capacity: the children weighted by their index add up to the places of every
    # facility that has children in its catchment (ratio = places per 1,000 weighted children).
    supply_rows = features(outputs["sfca:SUPPLY_RATIO"])
    served_capacity = sum(row[CAPACITY] for row in supply_rows if row["ratio"] is not None and row["ratio"] > 0)
    weighted = sum((row["ind_0_3"] or 0.0) * row["access_index"] / 1000.0 for row in demand)
    assert served_capacity > 0
    assert weighted == pytest.approx(served_capacity, rel=1e-6)

    text = pdf_text(outputs["map:MAP_PDF"])
    assert "Accueil du jeune enfant" in text
    assert "OpenStreetMap" in text
