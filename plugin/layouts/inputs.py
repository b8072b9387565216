"""Reading what a layout needs from QGIS layers: map CRS, extent, sources, table rows, logo."""

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProcessingException,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant
from qgis.PyQt.QtGui import QImageReader

from ..provenance import layer_attributions, unique
from ..qgis_bridge import metric_crs_for, ogr_file_and_layer
from ..styles import apply_coverage_shares, apply_service_points, apply_time_bands, outline_renderer

WEB_MERCATOR = "EPSG:3857"


def tr(text):
    return QCoreApplication.translate("VigieLayouts", text)


def map_crs(project, layers, context):
    """The project's CRS when it is projected (and not Web Mercator, whose scale lies),
    else Lambert-93 in metropolitan France or the local UTM zone."""
    project_crs = project.crs() if project is not None else QgsCoordinateReferenceSystem()
    if project_crs.isValid() and not project_crs.isGeographic() and project_crs.authid() != WEB_MERCATOR:
        return project_crs
    for layer in layers:
        if layer.type() == QgsMapLayer.VectorLayer and layer.crs().isValid() and not layer.extent().isEmpty():
            return metric_crs_for(layer, context)
    for layer in layers:
        if layer.crs().isValid() and not layer.crs().isGeographic():
            return layer.crs()
    return QgsCoordinateReferenceSystem("EPSG:3857")


def check_layer_crs(layers):
    """A clear error for a layer drawn on the map without a CRS (a shapefile without .prj, a CSV
    opened without crs=): it would land at the wrong place and give the map a wrong scale."""
    for layer in layers:
        if layer.type() == QgsMapLayer.VectorLayer and layer.geometryType() in (
            QgsWkbTypes.NullGeometry,
            QgsWkbTypes.UnknownGeometry,
        ):
            continue  # a table: nothing to place
        if not layer.crs().isValid():
            raise QgsProcessingException(
                tr(
                    "The layer {0} has no coordinate reference system: "
                    "set its CRS (Layer Properties ▸ Source) and run again."
                ).format(layer.name())
            )


def _transformed(extent, source_crs, target_crs, context):
    if source_crs == target_crs:
        return QgsRectangle(extent)
    transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
    return transform.transformBoundingBox(extent)


def layers_extent(layers, crs, context):
    """Union of the layers' extents in ``crs`` (empty rectangle when they hold nothing)."""
    union = QgsRectangle()
    union.setMinimal()
    for layer in layers:
        extent = layer.extent()
        if extent.isNull() or extent.isEmpty():
            continue
        union.combineExtentWith(_transformed(extent, layer.crs(), crs, context))
    return union


def source_extent(source, crs, context):
    """Bounding box of the features of a feature source (selection respected), in ``crs``."""
    union = QgsRectangle()
    union.setMinimal()
    request = QgsFeatureRequest().setNoAttributes().setDestinationCrs(crs, context.transformContext())
    for feature in source.getFeatures(request):
        if feature.hasGeometry():
            union.combineExtentWith(feature.geometry().boundingBox())
    return union


def require_extent(extent, what):
    if extent is None or extent.isNull() or extent.isEmpty() or extent.width() <= 0 or extent.height() <= 0:
        raise QgsProcessingException(
            tr(
                "The extent to map is empty ({0}): give an extent or an area layer that has features "
                "covering some ground (not a single point)."
            ).format(what)
        )
    return extent


def collected_sources(layers, feedback=None):
    """Attribution lines of the layers, each once, in layer order (a layer of unknown source prints its
    name with "licence not stated", and ``feedback`` gets a warning asking to state it)."""
    lines = []
    for layer in layers:
        if not any(layer.metadata().rights()) and layer.providerType() in ("ogr", "gdal"):
            # A file given by path is opened without its saved metadata (a GeoPackage written by
            # Vigie keeps its sources there): read it, as QGIS does when a file joins a project.
            layer.loadDefaultMetadata()
        lines.extend(layer_attributions(layer, feedback))
    return unique(lines)


def sources_from_text(text):
    """Sources typed by the user: one per line (or separated by " · ")."""
    lines = []
    for line in (text or "").splitlines():
        lines.extend(part.strip() for part in line.split(" · "))
    return unique([line for line in lines if line])


def _plain(value):
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


def table_rows(source):
    """(field names, rows as dicts) of a feature source or table layer."""
    names = [field.name() for field in source.fields()]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    rows = [
        dict(zip(names, (_plain(value) for value in feature.attributes()))) for feature in source.getFeatures(request)
    ]
    return names, rows


def check_logo(path):
    """The logo path when it is a readable image, else a clear QgsProcessingException."""
    if not path:
        return ""
    logo = Path(path)
    if not logo.is_file():
        raise QgsProcessingException(tr("The logo file does not exist: {0}. Choose an existing image.").format(path))
    if logo.suffix.lower() != ".svg" and not QImageReader(str(logo)).canRead():
        raise QgsProcessingException(
            tr("The logo file {0} is not an image QGIS can read (use PNG, JPEG or SVG).").format(path)
        )
    return str(logo)


def name_layers_of_a_geopackage(layers, context):
    """Layers loaded for this run from ``file.gpkg|layername=X`` take the name X, not the file's.

    QGIS names them after the file, so every layer of a territory kit would be "kit" in the legend.
    Project layers keep the name the user gave them.
    """
    store = context.temporaryLayerStore()
    for layer in layers:
        if store.mapLayer(layer.id()) is None:
            continue
        path, layer_name = ogr_file_and_layer(layer.source())
        if layer_name and layer.name() == path.stem:
            layer.setName(layer_name)


def style_unstyled_layers(layers, context):
    """Give a Vigie style to layers loaded from a file for this run that carry no style of their own.

    Files given by path (qgis_process, batch) otherwise come with QGIS's random colours,
    and a filled commune layer would hide the whole map. Project layers keep their style.
    """
    store = context.temporaryLayerStore()
    styled = []
    for layer in layers:
        if layer.type() != QgsMapLayer.VectorLayer or store.mapLayer(layer.id()) is None:
            continue
        _, has_own_style = layer.loadDefaultStyle()
        if has_own_style:
            continue
        names = layer.fields().names()
        shares = sorted(name for name in names if name.lower().startswith("share_le_"))
        if "time_min" in names:
            apply_time_bands(layer)
        elif shares and layer.geometryType() == QgsWkbTypes.PolygonGeometry:
            apply_coverage_shares(layer, shares[len(shares) // 2])
        elif layer.geometryType() == QgsWkbTypes.PolygonGeometry:
            layer.setRenderer(outline_renderer(colour="#5a5a5a", width="0.25"))
        elif layer.geometryType() == QgsWkbTypes.PointGeometry:
            apply_service_points(layer)
        else:
            continue
        styled.append(layer.name())
    return styled
