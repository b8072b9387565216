"""The shipped model "Panier de services de la vie courante" on the offline sample kit: cells, communes, EPCI, PDFs.

The sample kit's services are real: FINESS hospitals (no BPE code) and, per commune, BPE 2017 general
practitioners (D201) and maternity wards (D107). Of INSEE's 22 everyday services only the GP is there:
the other 21 are reported as absent and the basket mean is the time to the nearest GP.
"""

import pytest
from models_data import features, pdf_text, run_model, vigie_provider
from sample_kits import build_sample_kit


def test_basket_model_on_the_sample_kit(qgis_processing, tmp_path):
    vigie_provider()
    kit = tmp_path / "kit.gpkg"
    codes = {"05061", "05059", "05075"}  # Gap, La Freissinouse, Manteyer
    counts = build_sample_kit(kit, sorted(codes))
    layer = f"{kit}|layername="
    outputs = {
        "basket:BASKET_CELLS": str(tmp_path / "panier.gpkg"),
        "basket:BASKET_COMMUNES": str(tmp_path / "panier_communes.gpkg"),
        "communes:COVERAGE_COMMUNES": str(tmp_path / "couverture.gpkg"),
        "epci:COVERAGE_EPCI": str(tmp_path / "couverture_epci.gpkg"),
        "map:MAP_PDF": str(tmp_path / "carte.pdf"),
        "atlas:ATLAS_PDF": str(tmp_path / "atlas.pdf"),
    }
    run_model(
        "vigie:diagnostic_services_basket",
        {
            "NETWORK": layer + "roads",
            "POPULATION": layer + "population",
            "SERVICES": layer + "services",
            "COMMUNES": layer + "communes",
            "EPCI": layer + "epci",
            **outputs,
        },
    )
    cells = features(outputs["basket:BASKET_CELLS"])
    assert len(cells) == counts["population"]
    assert "t_medecin" in cells[0] and "t_pharmacie" not in cells[0]  # absent: no column, not a 0
    known = [row for row in cells if row["basket_mean_min"] is not None]
    assert len(known) >= 0.99 * len(cells)
    assert all(row["basket_mean_min"] == pytest.approx(row["t_medecin"]) for row in known)
    assert all(row["far"] == int(row["basket_mean_min"] > 7) for row in known)

    communes = features(outputs["basket:BASKET_COMMUNES"])
    assert {row["area_id"] for row in communes} == codes | {"TOTAL"}
    total = next(row for row in communes if row["area_id"] == "TOTAL")
    people = sum(row["ind"] for row in known)
    far = sum(row["ind"] for row in known if row["far"] == 1)
    # Cells straddling the territory's edge are split: the areas hold a hair less than the cells.
    assert total["share_far"] == pytest.approx(100 * far / people, abs=0.1)
    rows = [row for row in communes if row["area_id"] != "TOTAL"]
    assert total["pop_far"] == pytest.approx(sum(row["pop_far"] for row in rows), rel=1e-9)
    known_people = sum(row["pop_total"] - row["pop_unknown"] for row in rows)
    assert total["share_far"] == pytest.approx(100 * total["pop_far"] / known_people, rel=1e-9)
    absent = total["absent_categories"].split(",")
    assert len(absent) == 21 and "pharmacie" in absent and "medecin" not in absent

    epci = features(outputs["epci:COVERAGE_EPCI"])
    epci_total = next(row for row in epci if row["is_total"] == 1)
    # The sample's EPCI is the union of its communes: same people, same split as the basket per commune.
    assert epci_total["pop_total"] == pytest.approx(total["pop_total"], rel=1e-6)
    assert epci_total["pop_le_7"] == pytest.approx(total["pop_0_4"] + total["pop_4_7"], rel=1e-6)
    assert epci_total["share_le_7"] == pytest.approx(100 - total["share_far"], abs=0.5)
    assert "Gap" in pdf_text(outputs["atlas:ATLAS_PDF"])
    assert pdf_text(outputs["map:MAP_PDF"])
