"""Bad kits the batch runner refuses, each with a KitError that says which layer and what to do (no Dask)."""

import sqlite3

import pytest

ogr = pytest.importorskip("osgeo.ogr", reason="kits are read with GDAL's Python bindings (python3-gdal)")

from vigie.plugin.core.batch.kit import KitError, build_kit_graph, read_places  # noqa: E402


@pytest.fixture(scope="module")
def sample_kit(tmp_path_factory):
    from sample_kits import build_kits

    # The smallest of the sample's kits: a quarter of the communes with a 2 km road buffer.
    return build_kits(tmp_path_factory.mktemp("kit"), groups=4, buffer_km=2.0)[0]


def _emptied_population(path):
    dataset = ogr.Open(str(path), 1)
    dataset.ExecuteSQL("DELETE FROM population")
    dataset = None


def _services_without_crs(path):
    # A GeoPackage layer whose srs_id is -1 is "undefined Cartesian": GDAL gives it no CRS.
    with sqlite3.connect(path) as database:
        database.execute("UPDATE gpkg_geometry_columns SET srs_id = -1 WHERE table_name = 'services'")
        database.execute("UPDATE gpkg_contents SET srs_id = -1 WHERE table_name = 'services'")


def _services_without_typequ(path):
    dataset = ogr.Open(str(path), 1)
    layer = dataset.GetLayerByName("services")
    assert layer.DeleteField(layer.GetLayerDefn().GetFieldIndex("typequ")) == 0
    dataset = None


def _roads_as_points(path):
    dataset = ogr.Open(str(path), 1)
    layer = dataset.GetLayerByName("roads")
    layer.StartTransaction()
    for feature in layer:
        feature.SetGeometry(feature.GetGeometryRef().Centroid())
        layer.SetFeature(feature)
    layer.CommitTransaction()
    dataset = None


def _roads_all_footways(path):
    dataset = ogr.Open(str(path), 1)
    layer = dataset.GetLayerByName("roads")
    field = "fclass" if layer.GetLayerDefn().GetFieldIndex("fclass") >= 0 else "highway"
    dataset.ExecuteSQL(f"UPDATE roads SET {field} = 'footway'")
    dataset = None


def _text_file(path):
    path.write_text("population,roads,services\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_emptied_population, "layer 'population' has no feature"),
        (_services_without_crs, "layer 'services' has no coordinate reference system"),
        (_services_without_typequ, "layer 'services' has no 'typequ' field"),
        (_roads_as_points, "layer 'roads' has no usable line geometry"),
        (_roads_all_footways, "layer 'roads': no road of the network is open to cars"),
        (_text_file, "not a readable GeoPackage"),
        (lambda path: path.unlink(), "no such file"),
    ],
    ids=["empty population", "no CRS", "no typequ", "roads as points", "no drivable road", "text file", "missing"],
)
def test_a_bad_kit_is_refused_with_what_is_wrong(sample_kit, tmp_path, spoil, message):
    path = tmp_path / "bad.gpkg"
    ogr.GetDriverByName("GPKG").CopyDataSource(ogr.Open(str(sample_kit)), str(path))  # closed at once: on disk
    spoil(path)
    with pytest.raises(KitError) as raised:
        build_kit_graph(path, read_places(path))
    assert message in str(raised.value)
    assert str(path) in str(raised.value)  # which kit, for the summary of a run of many


def test_the_unspoilt_copy_is_a_good_kit(sample_kit, tmp_path):
    places = read_places(sample_kit)
    graph = build_kit_graph(sample_kit, places).graph
    assert len(places.origins_xy) > 100 and graph.n_nodes > 1000
    assert "D201" in set(places.service_category.tolist())
