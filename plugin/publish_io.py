"""QGIS side of publishing: layers to plain rows, GeoJSON, uMap styles and a styled GeoPackage.

Reads what the layers carry (attributes, renderer, provenance metadata) and hands plain Python
values to the QGIS-free ``core.publish`` package, which decides and writes everything else.
"""

import json
import re
import unicodedata

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProviderRegistry,
    QgsRenderContext,
    QgsSimpleFillSymbolLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, Qt, QVariant
from qgis.PyQt.QtXml import QDomDocument

from .core.publish.confidentiality import grid_rule, mask_rows
from .core.publish.geojson import feature
from .core.publish.provenance_text import parse_provenance
from .provenance import layer_attributions
from .styles import style_name

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
COMMUNE_CODE = re.compile(r"^(\d\d|2[AB])\d{3}$")
CODE_FIELDS = ("code", "insee", "code_insee", "codgeo", "insee_com", "area_id")
NAME_FIELDS = ("nom", "name", "libelle", "nom_commune", "lib_epci", "nom_epci")
GEOMETRY_NAMES = {
    QgsWkbTypes.PointGeometry: "points",
    QgsWkbTypes.LineGeometry: "lignes",
    QgsWkbTypes.PolygonGeometry: "polygones",
}


def tr(text):
    return QCoreApplication.translate("VigiePublish", text)


def _plain(value):
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if value is None or (hasattr(value, "isNull") and callable(value.isNull) and value.isNull()):
        return None
    return value


def slug(text, taken=()):
    """A file-safe lowercase ASCII name for ``text``, different from every name in ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "couche"
    name, number = base[:60], 2
    while name in taken:
        name = f"{base[:56]}_{number}"
        number += 1
    return name


def is_table(layer):
    return layer.geometryType() in (QgsWkbTypes.NullGeometry, QgsWkbTypes.UnknownGeometry)


def with_saved_metadata(layer):
    """The layer with its saved metadata loaded (a file given by path opens without it)."""
    if not any(layer.metadata().rights()) and layer.providerType() in ("ogr", "gdal"):
        layer.loadDefaultMetadata()
    return layer


def provenance_of(layer):
    return parse_provenance(layer.metadata().abstract())


def layer_table(layer):
    """(field names, rows as lists, features' ids) of a vector layer, geometry left out."""
    names = layer.fields().names()
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    rows, ids = [], []
    for item in layer.getFeatures(request):
        rows.append([_plain(value) for value in item.attributes()])
        ids.append(item.id())
    return names, rows, ids


def published_table(layer):
    """(names, rows, ids, MaskSummary or None): the layer's attributes as they may be published."""
    names, rows, ids = layer_table(layer)
    rule = grid_rule(names)
    if rule is None:
        return names, rows, ids, None
    rows, summary = mask_rows(names, rows, rule)
    return names, rows, ids, summary


def territory_areas(layers):
    """(code, name) of the communes the layers describe: from a code field holding INSEE codes."""
    areas = {}
    for layer in layers:
        lower = {name.lower(): name for name in layer.fields().names()}
        code_field = next((lower[name] for name in CODE_FIELDS if name in lower), None)
        if code_field is None:
            continue
        name_field = next((lower[name] for name in NAME_FIELDS if name in lower), None)
        population_field = lower.get("pop_total")
        for item in layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)):
            if population_field and not (_plain(item[population_field]) or 0) > 0:
                continue  # an area of the layer where nobody of the diagnostic lives
            code = _plain(item[code_field])
            if code is None or not COMMUNE_CODE.match(str(code)):
                continue
            name = _plain(item[name_field]) if name_field else None
            areas.setdefault(str(code), str(name) if name else areas.get(str(code), ""))
    return sorted(areas.items())


# -- styles -----------------------------------------------------------------------------------------


def _symbol_style(symbol, geometry_type):
    """uMap style options of a QGIS symbol: colours, opacity, stroke."""
    if symbol is None:
        return {}
    colour = symbol.color().name()
    if geometry_type == QgsWkbTypes.PolygonGeometry:
        layer = symbol.symbolLayer(0) if symbol.symbolLayerCount() else None
        if isinstance(layer, QgsSimpleFillSymbolLayer):
            no_fill = layer.brushStyle() == Qt.BrushStyle.NoBrush
            no_stroke = layer.strokeStyle() == Qt.PenStyle.NoPen
            style = {"fill": not no_fill, "stroke": not no_stroke}
            if not no_fill:
                style.update({"fillColor": layer.fillColor().name(), "fillOpacity": 0.7})
            if not no_stroke:
                style.update({"color": layer.strokeColor().name(), "weight": max(1, round(layer.strokeWidth() * 3))})
            return style
        return {"fillColor": colour, "color": colour, "fillOpacity": 0.7}
    if geometry_type == QgsWkbTypes.LineGeometry:
        return {"color": colour, "weight": 3}
    return {"color": colour, "iconClass": "Circle"}


def legend(layer):
    """(label, colour) of each class of the layer's renderer."""
    renderer = layer.renderer()
    if renderer is None:
        return []
    items = []
    for item in renderer.legendSymbolItems():
        symbol = item.symbol()
        if symbol is None or not item.label():
            continue
        style = _symbol_style(symbol, layer.geometryType())
        items.append((item.label(), style.get("fillColor") or style.get("color") or symbol.color().name()))
    return items


class FeatureStyler:
    """The uMap style of each feature, from the class the layer's renderer puts it in."""

    def __init__(self, layer):
        self._layer = layer
        self._renderer = layer.renderer().clone() if layer.renderer() is not None else None
        self._context = QgsRenderContext()
        if self._renderer is not None:
            self._renderer.startRender(self._context, layer.fields())

    def style(self, item):
        if self._renderer is None:
            return {}
        self._context.expressionContext().setFeature(item)
        symbols = self._renderer.originalSymbolsForFeature(item, self._context)
        return _symbol_style(symbols[0] if symbols else None, self._layer.geometryType())

    def close(self):
        if self._renderer is not None:
            self._renderer.stopRender(self._context)
            self._renderer = None


def layer_style(layer):
    """Layer-wide uMap options: the common style of its features (the first class as default)."""
    if is_table(layer) or layer.renderer() is None:
        return {}
    symbols = layer.renderer().symbols(QgsRenderContext())
    return _symbol_style(symbols[0] if symbols else None, layer.geometryType())


# -- GeoJSON ------------------------------------------------------------------------------------------


def geojson_features(layer, names, rows, ids, decimals, context, feedback=None):
    """(features, uMap styles): GeoJSON features in WGS84 with the published attributes, styled."""
    transform = QgsCoordinateTransform(layer.crs(), WGS84, context.transformContext())
    by_id = dict(zip(ids, rows))
    styler = FeatureStyler(layer)
    features, styles = [], []
    try:
        for item in layer.getFeatures():
            if feedback is not None and feedback.isCanceled():
                break
            if not item.hasGeometry() or item.id() not in by_id:
                continue
            geometry = item.geometry()
            geometry.transform(transform)
            properties = {name: _json_value(value) for name, value in zip(names, by_id[item.id()])}
            made = feature(json.loads(geometry.asJson(decimals + 1)), properties, decimals)
            if made is None:
                continue
            features.append(made)
            styles.append(styler.style(item))
    finally:
        styler.close()
    return features, styles


def _json_value(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "toString"):  # QDate, QDateTime, QTime
        return value.toString(Qt.DateFormat.ISODate)
    return str(value)


# -- GeoPackage -----------------------------------------------------------------------------------------


def published_copy(layer, rows):
    """A memory copy of ``layer`` whose attributes are the published ``rows`` (in the layer's order).

    The copy numbers its features anew, in the order the layer gives them: rows are matched by position.
    """
    copy = layer.materialize(QgsFeatureRequest())
    changes = {}
    for item, published in zip(copy.getFeatures(), rows):
        changed = {
            index: value
            for index, (value, original) in enumerate(zip(published, item.attributes()))
            if value is None and _plain(original) is not None
        }
        if changed:
            changes[item.id()] = changed
    if changes:
        copy.dataProvider().changeAttributeValues(changes)
    return copy


def write_geopackage_layer(source_layer, copy, path, layer_name, first, context):
    """Write ``copy`` as ``layer_name`` into the GeoPackage ``path`` with the style and metadata of
    ``source_layer`` saved inside; returns the written layer (loaded from the file)."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteFile if first else QgsVectorFileWriter.CreateOrOverwriteLayer
    )
    writer = getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None) or QgsVectorFileWriter.writeAsVectorFormatV2
    result = writer(copy, str(path), context.transformContext(), options)
    error, message = result[0], result[1]
    if error != QgsVectorFileWriter.NoError:
        raise OSError(tr("Could not write {0} into {1}: {2}").format(layer_name, path, message))
    written = QgsVectorLayer(f"{path}|layername={layer_name}", source_layer.name(), "ogr")
    if not written.isValid():
        raise OSError(tr("The layer {0} written into {1} does not open.").format(layer_name, path))
    if source_layer.renderer() is not None:
        written.setRenderer(source_layer.renderer().clone())
    written.setOpacity(source_layer.opacity())
    written.setMetadata(source_layer.metadata())
    written.saveStyleToDatabase(style_name(layer_name), "Vigie", True, "")
    QgsProviderRegistry.instance().saveLayerMetadata("ogr", f"{path}|layername={layer_name}", written.metadata())
    return written


def write_qmd(layer, path):
    """The layer's metadata as a QGIS .qmd file (read by QGIS beside a GeoJSON of the same name)."""
    document = QDomDocument("qgis")
    layer.exportNamedMetadata(document, "")
    path.write_text(document.toString(), encoding="utf-8")


def vector_layers(layers):
    return [layer for layer in layers if layer.type() == QgsMapLayer.VectorLayer]


def attribution_lines(layers):
    lines = []
    for layer in layers:
        for line in layer_attributions(with_saved_metadata(layer)):
            if line not in lines:
                lines.append(line)
    return lines
