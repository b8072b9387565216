"""Territory kits (GeoPackages of ``vigie:fetchterritory``) read with GDAL's Python bindings, no QGIS.

A kit holds the layers ``population`` (200 m cells, polygons or points), ``roads`` (lines with the
fields a speed profile detects) and ``services`` (points with ``typequ``). Everything is read in the
metric CRS the Processing algorithms would choose (Lambert-93 in metropolitan France, else the UTM
zone), and origins are cell centroids, as ``qgis_bridge.read_points`` gives them, so that the
runner's times equal the algorithms' on the same kit.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..routing.geodesy import metric_epsg
from ..routing.network import graph_from_lines
from ..routing.profiles import required_fields

POPULATION, ROADS, SERVICES = "population", "roads", "services"
CATEGORY_FIELD = "typequ"


class KitError(Exception):
    """A kit that cannot be used as it is: the message says which layer and what to do."""


@dataclass
class KitPlaces:
    """Origins (population cells) and services of a kit, in the metric CRS ``crs_key``."""

    name: str
    crs_key: str
    crs_wkt: str
    origin_fids: np.ndarray
    origins_xy: np.ndarray
    service_xy: np.ndarray
    service_category: np.ndarray
    skipped_origins: int = 0


def kit_name(path) -> str:
    """The name of a kit's results: its file name without the extension."""
    return Path(path).stem


def kit_stamp(path) -> str:
    """Size and modification time of a kit: a kit changed since a result was written is computed again."""
    stat = os.stat(path)
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _ogr():
    from osgeo import ogr, osr

    return ogr, osr


def open_kit(path):
    """The kit's GDAL dataset (read-only); KitError when it is not a readable GeoPackage."""
    ogr, _ = _ogr()
    if not Path(path).is_file():
        raise KitError(f"kit {path}: no such file; give the GeoPackage written by vigie:fetchterritory")
    dataset = ogr.Open(str(path), 0)
    if dataset is None:
        raise KitError(f"kit {path}: not a readable GeoPackage; build it again with vigie:fetchterritory")
    return dataset


def kit_layer(dataset, name, path):
    """Layer ``name`` of a kit, present and not empty, with a CRS; KitError otherwise."""
    layer = dataset.GetLayerByName(name)
    if layer is None:
        raise KitError(f"kit {path}: layer '{name}' is missing; build the kit again with vigie:fetchterritory")
    if layer.GetFeatureCount() == 0:
        raise KitError(f"kit {path}: layer '{name}' has no feature; check the territory and fetch it again")
    srs = layer.GetSpatialRef()
    # GDAL reads a GeoPackage layer of srs_id -1 ("undefined Cartesian") as a local CRS: no place on Earth either.
    if srs is None or srs.IsLocal():
        raise KitError(f"kit {path}: layer '{name}' has no coordinate reference system; set it and run again")
    return layer


def _traditional(srs):
    _, osr = _ogr()
    srs = srs.Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def metric_srs_for(layer):
    """The metric CRS the Processing algorithms use for this layer (chosen from its extent's centre)."""
    _, osr = _ogr()
    source = _traditional(layer.GetSpatialRef())
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xmin, xmax, ymin, ymax = layer.GetExtent()
    lon, lat, _ = osr.CoordinateTransformation(source, wgs84).TransformPoint((xmin + xmax) / 2, (ymin + ymax) / 2)
    target = osr.SpatialReference()
    target.ImportFromEPSG(metric_epsg(lon, lat))
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return target


def _transform_to(layer, target):
    """A coordinate transformation from the layer's CRS to ``target``, or None when they are the same."""
    _, osr = _ogr()
    source = _traditional(layer.GetSpatialRef())
    if source.IsSame(target):
        return None
    return osr.CoordinateTransformation(source, target)


def _plain(feature, index):
    return feature.GetField(index) if feature.IsFieldSetAndNotNull(index) else None


def _features_in(layer, target):
    """(feature, its geometry in ``target``, or None when missing, empty or not transformable), for each feature."""
    transform = _transform_to(layer, target)
    layer.ResetReading()
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or geometry.IsEmpty():
            yield feature, None
            continue
        geometry = geometry.Clone()
        if transform is not None and geometry.Transform(transform) != 0:
            geometry = None
        yield feature, geometry


def read_points(layer, target, fields=()):
    """(fids, xy (n, 2), attribute rows, skipped): points, or centroids of other and multi geometries."""
    ogr, _ = _ogr()
    definition = layer.GetLayerDefn()
    indexes = [definition.GetFieldIndex(name) for name in fields]
    fids, xy, rows, skipped = [], [], [], 0
    for feature, geometry in _features_in(layer, target):
        if geometry is None:
            skipped += 1
            continue
        if ogr.GT_Flatten(geometry.GetGeometryType()) != ogr.wkbPoint:
            geometry = geometry.Centroid()
        if geometry is None or geometry.IsEmpty():
            skipped += 1
            continue
        x, y = geometry.GetX(), geometry.GetY()
        if not (np.isfinite(x) and np.isfinite(y)):
            skipped += 1
            continue
        fids.append(feature.GetFID())
        xy.append((x, y))
        rows.append([_plain(feature, i) for i in indexes])
    return np.asarray(fids, dtype=np.int64), np.asarray(xy, dtype=float).reshape(-1, 2), rows, skipped


def read_places(path) -> KitPlaces:
    """Origins and services of the kit at ``path``, in the metric CRS chosen from its roads."""
    dataset = open_kit(path)
    roads = kit_layer(dataset, ROADS, path)
    target = metric_srs_for(roads)
    population = kit_layer(dataset, POPULATION, path)
    services = kit_layer(dataset, SERVICES, path)
    if services.GetLayerDefn().GetFieldIndex(CATEGORY_FIELD) < 0:
        raise KitError(f"kit {path}: layer 'services' has no '{CATEGORY_FIELD}' field (the BPE equipment type)")
    fids, origins_xy, _, skipped = read_points(population, target)
    if len(fids) == 0:
        raise KitError(f"kit {path}: layer 'population' has no usable geometry")
    _, service_xy, rows, _ = read_points(services, target, [CATEGORY_FIELD])
    categories = np.array(["" if row[0] is None else str(row[0]) for row in rows], dtype=object)
    return KitPlaces(
        kit_name(path),
        f"EPSG:{target.GetAuthorityCode(None)}",
        target.ExportToWkt(),
        fids,
        origins_xy,
        service_xy,
        categories,
        skipped,
    )


def _line_parts(geometry):
    """(k, 2) arrays of a line or multi-line (curves segmentized), or None for other geometry types."""
    ogr, _ = _ogr()
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind in (ogr.wkbCircularString, ogr.wkbCompoundCurve, ogr.wkbMultiCurve):
        geometry = geometry.GetLinearGeometry()
        kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind == ogr.wkbLineString:
        lines = [geometry]
    elif kind == ogr.wkbMultiLineString:
        lines = [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())]
    else:
        return None
    parts = []
    for line in lines:
        points = line.GetPoints() or []
        part = np.asarray(points, dtype=float).reshape(len(points), -1)[:, :2]
        if len(part) >= 2 and np.isfinite(part).all():
            parts.append(part)
    return parts


def read_roads(path, target):
    """(parts, part_rows, columns, n_rows, skipped) of the kit's roads in ``target``, for graph_from_lines."""
    dataset = open_kit(path)
    layer = kit_layer(dataset, ROADS, path)
    definition = layer.GetLayerDefn()
    field_names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    attributes = required_fields("auto", field_names)
    indexes = [definition.GetFieldIndex(name) for name in attributes]
    parts, part_rows, rows, skipped = [], [], [], 0
    for feature, geometry in _features_in(layer, target):
        kept = _line_parts(geometry) if geometry is not None else None
        if not kept:
            skipped += 1
            continue
        parts.extend(kept)
        part_rows.extend([len(rows)] * len(kept))
        rows.append([_plain(feature, i) for i in indexes])
    if not parts:
        raise KitError(f"kit {path}: layer 'roads' has no usable line geometry ({skipped} features skipped)")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(attributes)}
    return parts, np.asarray(part_rows, dtype=np.int64), columns, len(rows), skipped


def build_kit_graph(path, places: KitPlaces, cache=None):
    """The kit's road graph with the default speed profile of the algorithms (auto, 50 km/h, tolerance 0)."""
    _, osr = _ogr()
    target = osr.SpatialReference()
    target.ImportFromWkt(places.crs_wkt)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    parts, part_rows, columns, n_rows, _ = read_roads(path, target)
    try:
        return graph_from_lines(parts, part_rows, columns, n_rows, places.crs_key, places.crs_key, cache=cache)
    except ValueError as error:
        raise KitError(f"kit {path}: layer 'roads': {error}") from error
