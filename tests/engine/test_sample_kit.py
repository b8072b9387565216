"""The offline sample kit: the kit layout from the real Hautes-Alpes files, and kits that partition the square."""

import sqlite3
from pathlib import Path

import pytest
from conftest import shared_path
from sample_kits import sample_kit_module

from vigie.plugin.core.sources.territory_kit import LAYERS, LAYOUT, MANIFEST_FIELDS
from vigie.plugin.kit_geopackage import read_rows


@pytest.fixture(scope="module")
def sample_kit():
    return sample_kit_module()


@pytest.fixture(scope="module")
def kit(tmp_path_factory, sample_kit):
    shared = shared_path("data", "hautes-alpes").parents[1]
    path = tmp_path_factory.mktemp("kit") / "kit.gpkg"
    counts = sample_kit.build_sample_kit(shared, path)
    return path, counts


def test_every_layer_and_the_manifest_are_there(kit):
    path, counts = kit
    assert set(counts) == set(LAYERS)
    manifest = read_rows(path, "manifest")
    assert [row["layer"] for row in manifest] == list(LAYERS)
    assert set(manifest[0]) == set(MANIFEST_FIELDS)
    for row in manifest:
        assert row["feature_count"] == counts[row["layer"]] == len(read_rows(path, row["layer"]))
        assert row["licence"] and row["source_url"] and row["fetched_at"]
    with sqlite3.connect(path) as db:
        srs = {row[0] for row in db.execute("SELECT srs_id FROM gpkg_geometry_columns")}
    assert srs == {2154}


def test_population_stays_inside_the_territory(kit):
    path, _ = kit
    codes = {row["code"] for row in read_rows(path, "communes")}
    cells = read_rows(path, "population")
    assert {cell["depcom"] for cell in cells} <= codes
    assert set(LAYOUT["population"][1]) <= set(cells[0])
    # 2,368 cells / 53,931 inhabitants in the whole square: the kit keeps the cells of its communes only.
    assert 2000 < len(cells) < 2368
    total = sum(cell["ind"] for cell in cells)
    assert 40_000 < total < 53_931
    assert {cell["imputed"] for cell in cells} == {0, 1}


def test_services_come_from_the_buffer_and_are_marked(kit):
    path, _ = kit
    codes = {row["code"] for row in read_rows(path, "communes")}
    services = read_rows(path, "services")
    outside = [s for s in services if s["depcom"] not in codes]
    assert outside, "services of communes within the buffer but outside the territory are kept"
    approximate = [s for s in services if s["approximate"] == 1]
    assert approximate and all(
        s["typequ"] in ("D201", "D107") and s["position_quality"] == "commune" for s in approximate
    )
    hospitals = [s for s in services if s["approximate"] == 0]
    assert hospitals and all(s["name"] for s in hospitals)


def test_group_kits_partition_the_square(tmp_path, sample_kit, kit):
    shared = shared_path("data", "hautes-alpes").parents[1]
    groups = sample_kit.commune_groups(shared, 3)
    assert len(groups) == 3 and sorted(sum(groups, [])) == sorted(sample_kit.default_communes(shared))
    paths = sample_kit.build_sample_kits(shared, tmp_path, groups=3)
    whole = sum(cell["ind"] for cell in read_rows(kit[0], "population"))
    parts = [sum(cell["ind"] for cell in read_rows(p, "population")) for p in paths]
    assert all(part > 0 for part in parts)
    assert sum(parts) == pytest.approx(whole)
    assert [Path(p).name for p in paths] == ["kit-1.gpkg", "kit-2.gpkg", "kit-3.gpkg"]


def test_groups_are_as_many_as_asked_and_differ_by_one_commune_at_most(sample_kit):
    shared = shared_path("data", "hautes-alpes").parents[1]
    communes = sample_kit.default_communes(shared)
    for count in (3, 4, 7, 8):
        groups = sample_kit.commune_groups(shared, count)
        sizes = [len(group) for group in groups]
        assert len(groups) == count and max(sizes) - min(sizes) <= 1, (count, sizes)
        assert sorted(sum(groups, [])) == communes


def test_department_roads_fill_the_buffer_beyond_the_square(tmp_path, sample_kit):
    from osgeo import ogr

    shared = shared_path("data", "hautes-alpes").parents[1]
    west = sample_kit.commune_groups(shared, 8)[0]  # the square's western edge: its buffer leaves the square
    counts = {}
    for roads in ("square", "department"):
        path = tmp_path / f"{roads}.gpkg"
        counts[roads] = sample_kit.build_sample_kit(shared, path, west, buffer_km=5.0, roads=roads)["roads"]
    # The département's file holds the square's ways and those beyond it: more ways, the same ones inside.
    assert counts["department"] > 1.2 * counts["square"]
    ids = {}
    for roads in counts:
        dataset = ogr.Open(str(tmp_path / f"{roads}.gpkg"))
        ids[roads] = {feature.GetField("osm_id") for feature in dataset.GetLayerByName("roads")}
        dataset = None
    assert len(ids["square"] - ids["department"]) < 0.01 * len(ids["square"])
    manifest = {row["layer"]: row for row in read_rows(tmp_path / "department.gpkg", "manifest")}
    assert manifest["roads"]["source_url"].endswith("roads-osm-2021-07-drivable.geojson.gz")
