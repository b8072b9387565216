"""QGIS layers <-> numpy arrays for the engines, in a metric CRS chosen once per run.

Engines never see QGIS objects: they get coordinates in metres and plain arrays.
"""

import math
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
    QgsProviderRegistry,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core.routing.geodesy import metric_epsg

LAMBERT_93 = "EPSG:2154"


def ogr_file_and_layer(source):
    """(file path, layer name) of an OGR layer source such as ``kit.gpkg|layername=roads``; the layer
    name is "" when the source names none."""
    parts = QgsProviderRegistry.instance().decodeUri("ogr", source)
    return Path(parts.get("path") or source.split("|")[0]), parts.get("layerName") or ""


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


_WKB_LINESTRING, _WKB_MULTILINESTRING = 2, 5


def _wkb_line_parts(wkb):
    """Coordinate arrays (k, 2) of a LineString or MultiLineString in ISO WKB, or None for other types.

    numpy reads the coordinates straight from the bytes: several times faster than building a
    QgsPointXY per vertex on a département-sized network (and struct the few integers, faster still).
    """
    order = "<" if wkb[0] == 1 else ">"
    (kind,) = struct.unpack_from(f"{order}I", wkb, 1)
    if kind & 0x80000000:  # old "2.5D" flag: x, y, z
        base, dims = kind & 0xFF, 3
    else:
        base, dims = kind % 1000, 2 + (kind // 1000 in (1, 2)) + 2 * (kind // 1000 == 3)
    if base == _WKB_LINESTRING:
        return [_wkb_coordinates(wkb, 5, order, dims)[0]]
    if base != _WKB_MULTILINESTRING:
        return None
    (count,) = struct.unpack_from(f"{order}I", wkb, 5)
    parts, offset = [], 9
    for _ in range(count):
        inner_order = "<" if wkb[offset] == 1 else ">"
        coordinates, offset = _wkb_coordinates(wkb, offset + 5, inner_order, dims)
        parts.append(coordinates)
    return parts


def _wkb_coordinates(wkb, offset, order, dims):
    """(k, 2) coordinates of the point list at ``offset`` (its count first), and the offset after it."""
    (count,) = struct.unpack_from(f"{order}I", wkb, offset)
    values = np.frombuffer(wkb, dtype=f"{order}f8", count=count * dims, offset=offset + 4)
    return values.reshape(count, dims)[:, :2].astype(float), offset + 4 + 8 * count * dims


def _all_finite(coordinates):
    """np.isfinite(coordinates).all(), from the sum first: a NaN or an infinity makes it NaN or infinite."""
    return math.isfinite(coordinates.sum()) or bool(np.isfinite(coordinates).all())


def read_lines(source, target_crs, context, feedback=None, attributes=None):
    """Line parts of a layer in ``target_crs``, read from the WKB of each geometry.

    Returns (part coordinate arrays, feature row of each part, attribute rows, skipped count).
    Features without a usable line geometry are skipped and counted; curves are segmentized.
    """
    request = _request(source, target_crs, context, attributes)
    parts, part_rows, rows, skipped = [], [], [], 0
    # By index: a name lookup per feature and field costs more than the reading on a département.
    columns = None if attributes is None else [source.fields().indexFromName(name) for name in attributes]
    if columns is not None and -1 in columns:
        raise KeyError(attributes[columns.index(-1)])  # as feature[name] would
    total = max(source.featureCount(), 1)
    for index, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and index % 1000 == 0:
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * index / total)
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty() or geometry.type() != QgsWkbTypes.LineGeometry:
            skipped += 1
            continue
        if QgsWkbTypes.isCurvedType(geometry.wkbType()):
            geometry.convertToStraightSegment()
        feature_parts = _wkb_line_parts(bytes(geometry.asWkb()))
        if feature_parts is None:
            skipped += 1
            continue
        kept = [part for part in feature_parts if len(part) >= 2 and _all_finite(part)]
        if not kept:
            skipped += 1
            continue
        row_index = len(rows)
        parts.extend(kept)
        part_rows.extend([row_index] * len(kept))
        values = feature.attributes()
        rows.append(values if columns is None else [values[i] for i in columns])
    return parts, np.asarray(part_rows, dtype=np.int64), rows, skipped


@dataclass
class AreaSplit:
    """Where the features of a layer lie among areas: for each (feature, area) pair, the position of the
    feature (in the ids given), of the area (in ``area_features``) and the share of the feature in it."""

    area_features: list
    feature: np.ndarray
    area: np.ndarray
    fraction: np.ndarray
    skipped_areas: int


def split_by_areas(source, feature_ids, areas_source, target_crs, context, feedback=None) -> AreaSplit:
    """Share of each feature of ``source`` in each polygon of ``areas_source``, measured in ``target_crs``.

    Points (and lines, by their centroid) count whole in the first area holding them; polygons are split
    in proportion to their area inside each area. ``feature_ids`` gives the order of the positions.
    Areas without geometry are skipped (counted); ``area_features`` are the areas as in their own layer
    and CRS (an output keeps their geometry, not the metric copy used for measuring).
    """
    areas_request = QgsFeatureRequest().setDestinationCrs(target_crs, context.transformContext())
    kept_ids, area_geometries, skipped = [], [], 0
    for feature in areas_source.getFeatures(areas_request):
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            skipped += 1
            continue
        kept_ids.append(feature.id())
        area_geometries.append(geometry if geometry.isGeosValid() else geometry.makeValid())
    originals = {f.id(): f for f in areas_source.getFeatures()} if kept_ids else {}
    area_features = [originals[fid] for fid in kept_ids]
    index = QgsSpatialIndex()
    for position, geometry in enumerate(area_geometries):
        index.addFeature(position, geometry.boundingBox())
    engines = [None] * len(area_geometries)

    def engine_of(candidate):
        if engines[candidate] is None:
            engines[candidate] = QgsGeometry.createGeometryEngine(area_geometries[candidate].constGet())
            engines[candidate].prepareGeometry()
        return engines[candidate]

    transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
    position_of_id = {fid: position for position, fid in enumerate(feature_ids)}
    features, parts, fractions = [], [], []
    total = max(len(feature_ids), 1)
    for count, feature in enumerate(source.getFeatures(QgsFeatureRequest().setNoAttributes()) if kept_ids else []):
        if feedback is not None:
            if feedback.isCanceled():
                break
            if count % 500 == 0:
                feedback.setProgress(80.0 * count / total)
        geometry = QgsGeometry(feature.geometry())
        if geometry.isNull() or geometry.isEmpty() or feature.id() not in position_of_id:
            continue
        geometry.transform(transform)
        position = position_of_id[feature.id()]
        is_polygon = geometry.type() == QgsWkbTypes.PolygonGeometry and geometry.area() > 0
        if not is_polygon and geometry.type() != QgsWkbTypes.PointGeometry:
            geometry = geometry.centroid()
        for candidate in index.intersects(geometry.boundingBox()):
            engine = engine_of(candidate)
            if not is_polygon:
                if engine.intersects(geometry.constGet()):
                    features.append(position)
                    parts.append(candidate)
                    fractions.append(1.0)
                    break  # a point counts once, in the first area that holds it
                continue
            if engine.contains(geometry.constGet()):
                fraction = 1.0
            elif engine.intersects(geometry.constGet()):
                fraction = area_geometries[candidate].intersection(geometry).area() / geometry.area()
            else:
                continue
            if fraction > 0:
                features.append(position)
                parts.append(candidate)
                fractions.append(min(fraction, 1.0))
    return AreaSplit(
        area_features,
        np.asarray(features, dtype=np.int64),
        np.asarray(parts, dtype=np.int64),
        np.asarray(fractions, dtype=float),
        skipped,
    )
