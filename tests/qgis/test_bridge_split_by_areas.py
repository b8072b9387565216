"""qgis_bridge.split_by_areas on the real sample: Filosofi 200 m cells among the Hautes-Alpes communes.

The reference is computed apart from QGIS, with OGR: the same geometries reprojected to EPSG:2154 and
intersected there.
"""

from collections import defaultdict

import numpy as np
import pytest
from osgeo import ogr, osr

ogr.UseExceptions()
TARGET_EPSG = 2154


@pytest.fixture(scope="module")
def sample(qgis_app):
    from conftest import shared_path
    from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext, QgsVectorLayer

    folder = shared_path("data", "hautes-alpes")
    cells_path = str(folder / "population-filosofi2019-200m-gap-champsaur.gpkg")
    communes_path = str(folder / "communes-2018-population.geojson")
    cells = QgsVectorLayer(cells_path, "cells", "ogr")
    communes = QgsVectorLayer(communes_path, "communes", "ogr")
    assert cells.isValid() and communes.isValid()
    return cells, communes, QgsCoordinateReferenceSystem(f"EPSG:{TARGET_EPSG}"), QgsProcessingContext()


def _ogr_geometries(path, fids):
    """{fid: OGR geometry in EPSG:2154} for the given feature ids of a file's first layer."""
    target = osr.SpatialReference()
    target.ImportFromEPSG(TARGET_EPSG)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dataset = ogr.Open(path)
    layer = dataset.GetLayer(0)
    source = layer.GetSpatialRef()
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    geometries = {}
    for fid in fids:
        feature = layer.GetFeature(int(fid))  # kept alive while its geometry is cloned
        geometry = feature.GetGeometryRef().Clone()
        geometry.Transform(transform)
        geometries[fid] = geometry
    return geometries


def test_a_cell_straddling_two_communes_is_split_by_area(sample):
    from vigie.plugin.qgis_bridge import split_by_areas

    cells, communes, target_crs, context = sample
    cell_ids = [feature.id() for feature in cells.getFeatures()]
    split = split_by_areas(cells, cell_ids, communes, target_crs, context)

    shares = defaultdict(dict)
    for position, area, fraction in zip(split.feature, split.area, split.fraction):
        shares[cell_ids[position]][split.area_features[area].id()] = fraction
    straddling = [fid for fid, parts in shares.items() if len(parts) == 2]
    assert straddling, "the sample has cells on commune borders"
    # every cell of the Gap–Champsaur square lies in the département: its shares add up to the whole cell
    totals = np.array([sum(parts.values()) for parts in shares.values()])
    assert len(shares) == len(cell_ids)
    assert np.allclose(totals, 1.0, atol=1e-6)

    cell_fid = straddling[0]
    commune_fids = sorted(shares[cell_fid])
    cell = _ogr_geometries(cells.source().split("|")[0], [cell_fid])[cell_fid]
    areas = _ogr_geometries(communes.source().split("|")[0], commune_fids)
    for commune_fid in commune_fids:
        expected = areas[commune_fid].Intersection(cell).GetArea() / cell.GetArea()
        assert 0 < shares[cell_fid][commune_fid] < 1
        assert shares[cell_fid][commune_fid] == pytest.approx(expected, abs=1e-6)


def test_points_count_once_in_the_commune_holding_them(sample):
    from qgis.core import QgsFeature, QgsVectorLayer

    from vigie.plugin.qgis_bridge import split_by_areas

    cells, communes, target_crs, context = sample
    points = QgsVectorLayer(f"Point?crs={cells.crs().authid()}", "centres", "memory")
    features = []
    for cell in cells.getFeatures():
        point = QgsFeature()
        point.setGeometry(cell.geometry().centroid())
        features.append(point)
    points.dataProvider().addFeatures(features)
    point_ids = [feature.id() for feature in points.getFeatures()]

    split = split_by_areas(points, point_ids, communes, target_crs, context)

    assert sorted(split.feature.tolist()) == list(range(len(point_ids)))  # each point once
    assert np.all(split.fraction == 1.0)
    commune_fids = sorted({split.area_features[area].id() for area in split.area})
    areas = _ogr_geometries(communes.source().split("|")[0], commune_fids)
    for position, area in list(zip(split.feature, split.area))[::97]:  # a spread sample of the points
        centre = points.getFeature(point_ids[position]).geometry()
        centre.transform(_to_target(points.crs(), target_crs, context))
        point = ogr.CreateGeometryFromWkt(centre.asWkt())
        assert areas[split.area_features[area].id()].Intersects(point)


def _to_target(source_crs, target_crs, context):
    from qgis.core import QgsCoordinateTransform

    return QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
