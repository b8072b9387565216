"""The territory kit's GeoPackage store (GDAL/OGR, shipped with every QGIS): each step's layers and their
manifest rows are written in one SQLite transaction, so a kit never holds half a layer.

A failure (or a killed process) before the commit leaves the layers of earlier steps and the manifest
as they were. The layout is in ``plugin/core/sources/territory_kit.py``; kept small and separate so
that it can move onto the shared safe write path later.
"""

from pathlib import Path

from osgeo import ogr, osr

from .core.sources.territory_kit import KIT_EPSG, MANIFEST, MANIFEST_FIELDS

ogr.UseExceptions()
osr.UseExceptions()

_GEOMETRY = {
    "point": ogr.wkbPoint,
    "multipolygon": ogr.wkbMultiPolygon,
    "multilinestring": ogr.wkbMultiLineString,
}
_FORCE = {"multipolygon": ogr.ForceToMultiPolygon, "multilinestring": ogr.ForceToMultiLineString}
_TYPES = {"str": ogr.OFTString, "int": ogr.OFTInteger64, "float": ogr.OFTReal}


class KitGeoPackage:
    """A kit file: ``completed_layers()`` and ``write_layers(layers, manifest_rows)`` for ``run_steps``."""

    def __init__(self, path, epsg=KIT_EPSG):
        self.path = Path(path)
        self.epsg = epsg

    def _open(self, update=True):
        if self.path.exists():
            return ogr.Open(str(self.path), 1 if update else 0)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return ogr.GetDriverByName("GPKG").CreateDataSource(str(self.path))

    def completed_layers(self):
        """Layers that are in the file and have a manifest row (both written in the same transaction)."""
        if not self.path.exists():
            return set()
        ds = ogr.Open(str(self.path), 0)
        names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
        manifest = ds.GetLayerByName(MANIFEST)
        if manifest is None:
            return set()
        return {feature.GetField("layer") for feature in manifest} & names

    def layer_epsg(self, name="territory"):
        """EPSG code of a layer already in the kit (None when absent): a rerun keeps the kit's CRS."""
        if not self.path.exists():
            return None
        ds = ogr.Open(str(self.path), 0)
        layer = ds.GetLayerByName(name)
        srs = layer.GetSpatialRef() if layer is not None else None
        return int(srs.GetAuthorityCode(None)) if srs is not None and srs.GetAuthorityCode(None) else None

    def manifest(self):
        """Manifest rows as dicts, in file order."""
        return read_rows(self.path, MANIFEST)

    def write_layers(self, layers, manifest_rows):
        """Replace ``layers`` (LayerData) and their manifest rows in one transaction."""
        ds = self._open()
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(self.epsg)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ds.StartTransaction()
        try:
            manifest = ds.GetLayerByName(MANIFEST) or _create_table(ds, MANIFEST, None, None, MANIFEST_FIELDS)
            names = {data.name for data in layers}
            for feature in list(manifest):
                if feature.GetField("layer") in names:
                    manifest.DeleteFeature(feature.GetFID())
            for data in layers:
                _replace_layer(ds, data, srs)
            definition = manifest.GetLayerDefn()
            for row in manifest_rows:
                feature = ogr.Feature(definition)
                for key, value in row.items():
                    feature.SetField(key, value)
                manifest.CreateFeature(feature)
            ds.CommitTransaction()
        except BaseException:
            ds.RollbackTransaction()
            raise
        finally:
            ds = None


_STYLE_FIELDS = {
    "f_table_catalog": ogr.OFTString,
    "f_table_schema": ogr.OFTString,
    "f_table_name": ogr.OFTString,
    "f_geometry_column": ogr.OFTString,
    "styleName": ogr.OFTString,
    "styleQML": ogr.OFTString,
    "styleSLD": ogr.OFTString,
    "useAsDefault": ogr.OFTInteger,
    "description": ogr.OFTString,
    "owner": ogr.OFTString,
    "ui": ogr.OFTString,
    "update_time": ogr.OFTDateTime,
}


def save_default_style(path, layer_name, qml, description=""):
    """Store ``qml`` as the default style of ``layer_name`` in QGIS's ``layer_styles`` table.

    Written with OGR rather than ``QgsVectorLayer.saveStyleToDatabase``: QGIS keeps pooled connections
    to a GeoPackage it has opened, and after this store has replaced a layer through its own
    connection, saving a style through the pooled one blocks forever (a rerun of vigie:fetchterritory
    with REFRESH did). QGIS reads the row back like one it wrote itself.
    """
    ds = ogr.Open(str(path), 1)
    try:
        layer = ds.GetLayerByName(layer_name)
        geometry_column = layer.GetGeometryColumn() if layer is not None else ""
        styles = ds.GetLayerByName("layer_styles")
        if styles is None:
            styles = ds.CreateLayer("layer_styles", None, ogr.wkbNone)
            for name, kind in _STYLE_FIELDS.items():
                styles.CreateField(ogr.FieldDefn(name, kind))
        ds.StartTransaction()
        escaped = layer_name.replace("'", "''")
        styles.SetAttributeFilter(f"f_table_name = '{escaped}'")
        for feature in list(styles):
            styles.DeleteFeature(feature.GetFID())
        styles.SetAttributeFilter(None)
        feature = ogr.Feature(styles.GetLayerDefn())
        for name, value in (
            ("f_table_name", layer_name),
            ("f_geometry_column", geometry_column),
            ("styleName", layer_name),
            ("styleQML", qml),
            ("useAsDefault", 1),
            ("description", description),
        ):
            feature.SetField(name, value)
        styles.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None


def _create_table(ds, name, geometry, srs, fields):
    options = ["SPATIAL_INDEX=YES"] if geometry else []
    layer = ds.CreateLayer(name, srs, _GEOMETRY[geometry] if geometry else ogr.wkbNone, options=options)
    for field_name, kind in fields.items():
        layer.CreateField(ogr.FieldDefn(field_name, _TYPES[kind]))
    return layer


def _replace_layer(ds, data, srs):
    for index in range(ds.GetLayerCount()):
        if ds.GetLayer(index).GetName() == data.name:
            ds.DeleteLayer(index)
            break
    geometry, fields = data.schema()
    layer = _create_table(ds, data.name, geometry, srs, fields)
    definition = layer.GetLayerDefn()
    force = _FORCE.get(geometry)
    indexed = [(definition.GetFieldIndex(key), key) for key in fields]
    for row in data.rows:
        feature = ogr.Feature(definition)
        if geometry:
            shape = ogr.CreateGeometryFromWkt(row["wkt"])
            feature.SetGeometry(force(shape) if force else shape)
        for index, key in indexed:
            value = row.get(key)
            if value is not None and value == value:  # None and NaN stay NULL
                feature.SetField(index, value)
        layer.CreateFeature(feature)


def read_rows(path, name, geometry=False):
    """Rows of one layer of a GeoPackage as dicts (with ``wkt`` when ``geometry``); [] when absent."""
    ds = ogr.Open(str(path), 0)
    layer = ds.GetLayerByName(name) if ds is not None else None
    if layer is None:
        return []
    rows = []
    for feature in layer:
        row = feature.items()
        if geometry and feature.GetGeometryRef() is not None:
            row["wkt"] = feature.GetGeometryRef().ExportToWkt()
        rows.append(row)
    return rows
