"""The batch runner's output equals vigie:servicebasket's on the same kit: every field, every row."""

import os
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

pytest.importorskip("distributed", reason="the batch runner needs Dask: apt-get install python3-distributed")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    from sample_kits import build_kits

    kits = build_kits(tmp_path_factory.mktemp("kits"), groups=2, buffer_km=5.0)
    return kits[1]  # the smaller group: a real kit, quick


def _plain(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


def _rows(layer):
    names = [field.name() for field in layer.fields() if field.name() != "fid"]
    rows = {}
    for feature in layer.getFeatures():
        rows[feature["idcar_200m"]] = ({name: _plain(feature[name]) for name in names}, feature.geometry().asWkt(6))
    return names, rows


@pytest.mark.parametrize(
    ("cli_args", "parameters"),
    [
        ([], {}),  # both defaults: INSEE's basket of everyday services
        (["--categories", "D201,D107", "--far", "10"], {"CATEGORIES": "D201,D107", "FAR_MIN": 10.0}),
    ],
    ids=["insee-basket", "explicit-categories"],
)
def test_runner_output_equals_the_service_basket_algorithm(run_alg, kit, tmp_path, cli_args, parameters):
    from osgeo import ogr
    from qgis.core import QgsVectorLayer

    out = tmp_path / "batch"
    completed = subprocess.run(
        [sys.executable, "-m", "vigie.plugin.core.batch", str(kit), "--output", str(out), "--workers", "1", *cli_args],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT / ".pkgroot")),
    )
    assert completed.returncode == 0, completed.stderr

    expected_path = str(tmp_path / "servicebasket.gpkg")
    run_alg(
        "vigie:servicebasket",
        {
            "NETWORK": f"{kit}|layername=roads",
            "ORIGINS": f"{kit}|layername=population",
            "SERVICES": f"{kit}|layername=services",
            "OUTPUT": expected_path,
            "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
            **parameters,
        },
    )
    expected_names, expected = _rows(QgsVectorLayer(expected_path, "expected", "ogr"))
    # The algorithm's style travels with its GeoPackage, named within layer_styles' 30 characters.
    dataset = ogr.Open(expected_path)
    style_names = [feature.GetField("styleName") for feature in dataset.GetLayerByName("layer_styles")]
    dataset = None
    assert style_names and all(0 < len(name) <= 30 for name in style_names), style_names
    batch_layer = QgsVectorLayer(str(out / f"{kit.stem}.gpkg"), "batch", "ogr")
    got_names, got = _rows(batch_layer)

    # Provenance read by QGIS from the GeoPackage: method, parameters, the kit's sources and licences.
    metadata = batch_layer.metadata()
    assert metadata.title() == "Service basket (Vigie batch)"
    assert "Method: vigie.plugin.core.batch" in metadata.abstract()
    assert any(line.startswith("roads:") and "ODbL" in line for line in metadata.rights())

    assert got_names == expected_names  # same fields, same order
    assert any(name.startswith("t_") for name in got_names)
    assert set(got) == set(expected) and len(got) > 300  # every row
    for cell, (values, geometry) in expected.items():
        got_values, got_geometry = got[cell]
        assert got_geometry == geometry, cell
        for name in expected_names:
            if isinstance(values[name], float) and got_values[name] is not None:
                assert got_values[name] == pytest.approx(values[name], abs=1e-9), (cell, name)
            else:
                assert got_values[name] == values[name], (cell, name)
