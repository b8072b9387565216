"""Layers for the layout tests, built from the Hautes-Alpes sample read in place.

``straight_line_times`` gives every 200 m cell a travel time to the nearest hospital from
the straight-line distance (× 1.3 detour, 50 km/h): deterministic and independent of the
routing engine, so the reference image only changes when the layout does.
"""

from contextlib import contextmanager

import numpy as np
from conftest import shared_path

HOSPITALS = ("data", "hautes-alpes", "health-facilities-finess-2020.geojson")
GRID = ("data", "hautes-alpes", "population-filosofi2019-200m-gap-champsaur.gpkg")
COMMUNES = ("data", "hautes-alpes", "communes-2018-population.geojson")
# Communes with many people in the population grid (Gap, Saint-Bonnet, La Bâtie-Neuve, Pelleautier).
ATLAS_COMMUNES = ("05061", "05132", "05017", "05100")


@contextmanager
def vigie_registered():
    """The Vigie provider registered for a block of tests, then removed if this block added it.

    The provider is held here: a Python provider nobody references is garbage-collected and
    its algorithms lose their ids, which breaks the tests that run after.
    """
    from qgis.core import QgsApplication

    from vigie.processing_algorithms.provider import VigieProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("vigie")
    added = provider is None
    if added:
        provider = VigieProvider()
        registry.addProvider(provider)
    try:
        yield provider
    finally:
        if added and registry.providerById("vigie") is provider:
            registry.removeProvider(provider)


def vector_layer(parts, name, subset=""):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(shared_path(*parts)), name, "ogr")
    assert layer.isValid(), parts
    if subset:
        layer.setSubsetString(subset)
    return layer


def hospitals_layer():
    from vigie.plugin.styles import apply_service_points

    layer = vector_layer(HOSPITALS, "Hospitals")
    apply_service_points(layer)
    return layer


def communes_layer(codes=None):
    from vigie.plugin.styles import outline_renderer

    subset = "code IN ({})".format(", ".join(f"'{code}'" for code in codes)) if codes else ""
    layer = vector_layer(COMMUNES, "Communes", subset)
    layer.setRenderer(outline_renderer(colour="#5a5a5a", width="0.25"))
    return layer


def straight_line_times(name="Travel time to the nearest hospital"):
    """Memory polygon layer of the 200 m cells with ``time_min`` and ``ind`` (EPSG:3035)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsField,
        QgsProject,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QVariant

    from vigie.plugin.provenance import ATTRIBUTIONS
    from vigie.plugin.styles import apply_time_bands

    grid = vector_layer(GRID, "grid")
    hospitals = vector_layer(HOSPITALS, "hospitals")
    transform = QgsCoordinateTransform(hospitals.crs(), grid.crs(), QgsProject.instance())
    targets = np.array(
        [(p.x(), p.y()) for p in (transform.transform(f.geometry().asPoint()) for f in hospitals.getFeatures())]
    )
    layer = QgsVectorLayer(f"Polygon?crs={grid.crs().authid() or 'EPSG:3035'}", name, "memory")
    if not layer.crs().isValid():
        layer.setCrs(QgsCoordinateReferenceSystem("EPSG:3035"))
    provider = layer.dataProvider()
    provider.addAttributes([QgsField("ind", QVariant.Double), QgsField("time_min", QVariant.Double)])
    layer.updateFields()
    features = []
    for cell in grid.getFeatures():
        centre = cell.geometry().centroid().asPoint()
        distance = np.hypot(targets[:, 0] - centre.x(), targets[:, 1] - centre.y()).min()
        feature = QgsFeature(layer.fields())
        feature.setGeometry(cell.geometry())
        feature.setAttributes([float(cell["ind"]), float(distance * 1.3 / 1000.0 / 50.0 * 60.0)])
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    metadata = layer.metadata()
    metadata.setRights([ATTRIBUTIONS["filosofi"], ATTRIBUTIONS["finess"]])
    layer.setMetadata(metadata)
    apply_time_bands(layer)
    return layer


def anonymous_areas():
    """Three commune outlines in a memory layer with no field or name telling where they come from."""
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    communes = vector_layer(COMMUNES, "c", "code IN ('05061', '05100', '05132')")
    layer = QgsVectorLayer(f"MultiPolygon?crs={communes.crs().authid()}", "zones", "memory")
    layer.dataProvider().addAttributes([QgsField("label", QVariant.String)])
    layer.updateFields()
    features = []
    for index, commune in enumerate(communes.getFeatures()):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(commune.geometry())
        feature.setAttributes([f"zone {index}"])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer
