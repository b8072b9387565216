"""QGIS layers <-> numpy arrays for the engines, in a metric CRS chosen once per run.

Engines never see QGIS objects: they get coordinates in metres and plain arrays.
"""

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core.routing.geodesy import metric_epsg

LAMBERT_93 = "EPSG:2154"


def tr(text):
    return QCoreApplication.translate("VigieBridge", text)


def check_crs(source, parameter_name):
    if source is None:
        raise QgsProcessingException(tr("The layer given for {0} cannot be read.").format(parameter_name))
    # Before the CRS: a GeoJSON file with no feature has no CRS either, and "empty" is what to fix.
    if source.featureCount() == 0:
        raise QgsProcessingException(
            tr("The layer given for {0} has no feature: give a layer that holds some.").format(parameter_name)
        )
    if not source.sourceCrs().isValid():
        raise QgsProcessingException(
            tr(
                "The layer given for {0} has no coordinate reference system: "
                "set its CRS (Layer Properties ▸ Source) and run again."
            ).format(parameter_name)
        )


def metric_crs_for(source, context):
    """Lambert-93 for metropolitan France, else the UTM zone of the layer's centre (metres everywhere)."""
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    transform = QgsCoordinateTransform(source.sourceCrs(), wgs84, context.transformContext())
    extent = transform.transformBoundingBox(source.sourceExtent())
    centre = extent.center()
    return QgsCoordinateReferenceSystem(f"EPSG:{metric_epsg(centre.x(), centre.y())}")


def _request(source, target_crs, context, attributes=None):
    request = QgsFeatureRequest().setDestinationCrs(target_crs, context.transformContext())
    if attributes is not None:
        request.setSubsetOfAttributes(attributes, source.fields())
    return request


def read_points(source, target_crs, context, feedback=None, attributes=None):
    """Points of a layer in ``target_crs``; polygons and lines give their centroid.

    Returns (feature_ids, xy array (n, 2), attribute rows, skipped count). Features whose
    geometry is missing, empty or invalid after transformation are skipped and counted.
    """
    ids, xy, rows, skipped = [], [], [], 0
    total = max(source.featureCount(), 1)
    for index, feature in enumerate(source.getFeatures(_request(source, target_crs, context, attributes))):
        if feedback is not None:
            if feedback.isCanceled():
                break
            if index % 1000 == 0:
                feedback.setProgress(100.0 * index / total)
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            skipped += 1
            continue
        if geometry.type() != QgsWkbTypes.PointGeometry or geometry.isMultipart():
            geometry = geometry.centroid()
        point = geometry.asPoint() if not geometry.isNull() else None
        if point is None or not np.isfinite(point.x()) or not np.isfinite(point.y()):
            skipped += 1
            continue
        ids.append(feature.id())
        xy.append((point.x(), point.y()))
        rows.append(feature.attributes() if attributes is None else [feature[name] for name in attributes])
    return ids, np.asarray(xy, dtype=float).reshape(-1, 2), rows, skipped


def read_lines(source, target_crs, context, feedback=None, attributes=None):
    """Line parts of a layer in ``target_crs``.

    Returns (part coordinate arrays, index of the feature row of each part, attribute rows,
    skipped count). Multi-lines give one part each; Z and M are dropped.
    """
    parts, part_rows, rows, skipped = [], [], [], 0
    total = max(source.featureCount(), 1)
    for index, feature in enumerate(source.getFeatures(_request(source, target_crs, context, attributes))):
        if feedback is not None:
            if feedback.isCanceled():
                break
            if index % 1000 == 0:
                feedback.setProgress(100.0 * index / total)
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty() or geometry.type() != QgsWkbTypes.LineGeometry:
            skipped += 1
            continue
        polylines = geometry.asMultiPolyline() if geometry.isMultipart() else [geometry.asPolyline()]
        row_index = len(rows)
        kept = 0
        for polyline in polylines:
            if len(polyline) < 2:
                continue
            coords = np.array([(p.x(), p.y()) for p in polyline], dtype=float)
            if not np.isfinite(coords).all():
                continue
            parts.append(coords)
            part_rows.append(row_index)
            kept += 1
        if kept == 0:
            skipped += 1
            continue
        rows.append(feature.attributes() if attributes is None else [feature[name] for name in attributes])
    return parts, np.asarray(part_rows, dtype=np.int64), rows, skipped
