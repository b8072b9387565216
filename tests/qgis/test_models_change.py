"""The shipped model vigie:diagnostic_change on the sample: every hospital, then without those of Gap."""

import subprocess

import pytest

DATA = ("data", "hautes-alpes")


def test_change_model_registered_with_its_outputs(vigie_provider):
    from qgis.core import QgsApplication

    model = QgsApplication.processingRegistry().algorithmById("vigie:diagnostic_change")
    assert model is not None and model.groupId() == "diagnostics"
    assert model.displayName() in ("Évolution entre deux diagnostics", "Change between two diagnostics")
    instance = model.create()  # kept in a name: a temporary instance is deleted under its definitions
    outputs = {d.name() for d in instance.destinationParameterDefinitions()}
    assert outputs == {"cells:CHANGE_CELLS", "communes:CHANGE_COMMUNES", "map:MAP_PDF"}


def test_change_model_end_to_end(run_alg, shared, tmp_path):
    from qgis.core import QgsVectorLayer

    hospitals = str(shared(*DATA, "health-facilities-finess-2020.geojson"))
    after = QgsVectorLayer(hospitals, "hospitals-without-gap", "ogr")
    after.setSubsetString("\"city\" <> 'GAP'")
    pdf = tmp_path / "avant_apres.pdf"
    result = run_alg(
        "vigie:diagnostic_change",
        {
            "NETWORK": str(shared(*DATA, "roads-osm-2021-07-gap-champsaur-drivable.gpkg")),
            "SERVICES_BEFORE": hospitals,
            "SERVICES_AFTER": after,
            "POPULATION": str(shared(*DATA, "population-filosofi2019-200m-gap-champsaur.gpkg")),
            "COMMUNES": str(shared(*DATA, "communes-2018-population.geojson")),
            "cells:CHANGE_CELLS": str(tmp_path / "cells.gpkg"),
            "communes:CHANGE_COMMUNES": str(tmp_path / "communes.gpkg"),
            "map:MAP_PDF": str(pdf),
        },
    )
    cells = QgsVectorLayer(result["cells:CHANGE_CELLS"], "cells", "ogr")
    deltas = [f["time_min_delta"] for f in cells.getFeatures() if f["status"] == "both"]
    assert cells.featureCount() == 2368
    assert max(d for d in deltas if d is not None) > 5 and min(d for d in deltas if d is not None) >= -1e-9
    communes = QgsVectorLayer(result["communes:CHANGE_COMMUNES"], "communes", "ogr")
    total = next(f for f in communes.getFeatures() if f["area_id"] == "TOTAL")
    assert total["pop_le_20_delta"] < 0 and total["pop_total_delta"] == pytest.approx(0)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Avant / après" in text
