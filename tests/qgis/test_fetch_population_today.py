"""vigie:fetchpopulation against Filosofi as served today: the WFS relay (default) and INSEE's zip holding a 7z."""

import json
from pathlib import Path

import pytest
from conftest import shared_path
from kit_replay import filosofi_wfs_handler, filosofi_zip_with_7z, geoapi_communes, sample_cells

from vigie.plugin.core.sources import archive

COMMUNES = ["05061", "05100", "05113"]


@pytest.fixture(scope="module")
def shared_dir():
    return shared_path("data", "hautes-alpes").parents[1]


@pytest.fixture
def temporary_cache(tmp_path, qgis_app):
    from qgis.core import QgsSettings

    settings = QgsSettings()
    settings.setValue("vigie/cache_folder", str(tmp_path / "cache"))
    yield
    settings.remove("vigie/cache_folder")


def serve_communes(httpserver, shared_dir):
    httpserver.expect_request("/communes").respond_with_data(
        json.dumps(geoapi_communes(shared_dir, COMMUNES, "200067452")), content_type="application/json"
    )


def test_wfs_is_the_default_and_keeps_the_communes_cells(run_alg, httpserver, shared_dir, temporary_cache):
    cells = sample_cells(shared_dir)
    serve_communes(httpserver, shared_dir)
    httpserver.expect_request("/wfs").respond_with_handler(filosofi_wfs_handler(cells))
    layer = run_alg(
        "vigie:fetchpopulation",
        {
            "TERRITORY": "200067452",
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "WFS_URL": httpserver.url_for("/wfs"),
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    expected = [c for c in cells if c["depcom"] in COMMUNES]
    assert layer.featureCount() == len(expected)
    assert {f["depcom"] for f in layer.getFeatures()} == set(COMMUNES)
    assert sum(f["imputed"] for f in layer.getFeatures()) == sum(int(c["imputed"]) for c in expected)
    assert sum(f["ind"] for f in layer.getFeatures()) == pytest.approx(sum(float(c["ind"]) for c in expected))
    assert layer.crs().authid() == "EPSG:3035"
    assert "INSEE Filosofi (Licence Ouverte)" in layer.metadata().rights()


def test_local_zip_holding_a_7z(run_alg, httpserver, shared_dir, tmp_path, temporary_cache):
    if archive.seven_zip_reader() is None:
        pytest.skip("no 7z reader here (GDAL >= 3.7, py7zr or the 7z command of p7zip-full)")
    cells = sample_cells(shared_dir)
    path = filosofi_zip_with_7z(list(cells), tmp_path)
    serve_communes(httpserver, shared_dir)
    layer = run_alg(
        "vigie:fetchpopulation",
        {
            "TERRITORY": "200067452",
            "BOUNDARIES_URL": httpserver.url_for("/"),
            "LOCAL_FILE": str(path),
            "OUTPUT": "memory:",
        },
    )["OUTPUT"]
    assert 500 < layer.featureCount() < len(cells)
    assert {f["depcom"] for f in layer.getFeatures()} >= set(COMMUNES)


def test_no_7z_reader_says_how_to_extract(run_alg, httpserver, shared_dir, tmp_path, temporary_cache, monkeypatch):
    from qgis.core import QgsProcessingException

    if archive.seven_zip_reader() is None:
        pytest.skip("no 7z command here to build the archive")
    path = filosofi_zip_with_7z(list(sample_cells(shared_dir)[:20]), tmp_path)
    for name in ("_gdal_vsi7z", "_py7zr", "_seven_zip_command"):
        monkeypatch.setattr(archive, name, lambda: None)
    serve_communes(httpserver, shared_dir)
    with pytest.raises(QgsProcessingException, match=r"7z archive .*carreaux_200m_met\.csv.* in LOCAL_FILE"):
        run_alg(
            "vigie:fetchpopulation",
            {
                "TERRITORY": "200067452",
                "BOUNDARIES_URL": httpserver.url_for("/"),
                "LOCAL_FILE": str(path),
                "OUTPUT": str(Path(tmp_path) / "cells.gpkg"),
            },
        )
    assert not (Path(tmp_path) / "cells.gpkg").exists()
