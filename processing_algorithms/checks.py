"""The parameter-check layer of every Vigie algorithm (called by VigieAlgorithm.checkParameterValues).

Not an algorithm module. ``parameter_problem(algorithm, definition, parameters, context)`` returns the
problem with one parameter as a message naming it, saying what is wrong and what to do, or "":

- numbers: finite (``nan``, ``inf`` refused) and within the definition's minimum and maximum;
- layers: a damaged GeoPackage is "not a readable GeoPackage"; the geometry type is one the parameter takes;
- fields: every named field is on the parent layer, with the type the field parameter asks;
- outputs: existing, writable folder; an extension QGIS writes; never the file of an input.
"""

import math
import sqlite3
from pathlib import Path

from qgis.core import (
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorDestination,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProperty,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from . import safe_output


def tr(text):
    return QCoreApplication.translate("VigieChecks", text)


def parameter_problem(algorithm, definition, parameters, context):
    value = parameters.get(definition.name())
    if value is None or (isinstance(value, str) and value == ""):
        return ""
    if isinstance(definition, QgsProcessingParameterNumber):
        return _number_problem(algorithm, definition, parameters, context)
    if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
        return _layer_problem(algorithm, definition, parameters, context)
    if isinstance(definition, QgsProcessingParameterField):
        return _field_problem(algorithm, definition, parameters, context)
    if definition.isDestination():
        return _output_problem(algorithm, definition, parameters, context)
    return ""


# -- numbers ----------------------------------------------------------------------------------------


def _number_problem(algorithm, definition, parameters, context):
    name = definition.name()
    raw = parameters.get(name)
    if isinstance(raw, QgsProperty):
        return ""  # data-defined: evaluated per feature by the algorithm
    try:
        number = float(raw if not isinstance(raw, str) else raw.strip())
    except (TypeError, ValueError):
        number = algorithm.parameterAsDouble(parameters, name, context)
    if not math.isfinite(number):
        return tr("{0} must be a finite number, not {1}: give a value such as {2}.").format(
            name, raw, definition.defaultValue() if definition.defaultValue() is not None else 0
        )
    low, high = definition.minimum(), definition.maximum()
    if number < low or number > high:
        return tr("{0} must be between {1} and {2}; {3} was given.").format(
            name, _short(low), _short(high), _short(number)
        )
    return ""


def _short(number):
    return f"{number:g}" if abs(number) < 1e15 else ("−∞" if number < 0 else "∞")


# -- layers -----------------------------------------------------------------------------------------

_TYPE_NAMES = {
    QgsWkbTypes.PointGeometry: "points",
    QgsWkbTypes.LineGeometry: "lines",
    QgsWkbTypes.PolygonGeometry: "polygons",
}


def _layer_problem(algorithm, definition, parameters, context):
    name = definition.name()
    path = local_file(parameters.get(name), context)
    if path is not None and path.suffix.lower() == ".gpkg" and path.is_file() and not readable_geopackage(path):
        return tr(
            "{0}: {1} is not a readable GeoPackage (damaged, cut short or another kind of file). "
            "Write it again or download it again."
        ).format(name, path)
    accepted = definition.dataTypes()
    if not accepted or QgsProcessing.TypeVectorAnyGeometry in accepted or QgsProcessing.TypeVector in accepted:
        return ""
    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None or source.featureCount() == 0:
        return ""  # the algorithm says "has no feature", clearer than a geometry type of nothing
    if source.wkbType() != QgsWkbTypes.NoGeometry and not _has_geometry(source):
        return tr(
            "{0}: none of the {1} features of the layer has a geometry. Give a layer with geometries "
            "(or repair this one: Vector ▸ Geometry Tools)."
        ).format(name, source.featureCount())
    geometry_type = QgsWkbTypes.geometryType(source.wkbType())
    wanted = {
        QgsProcessing.TypeVectorPoint: QgsWkbTypes.PointGeometry,
        QgsProcessing.TypeVectorLine: QgsWkbTypes.LineGeometry,
        QgsProcessing.TypeVectorPolygon: QgsWkbTypes.PolygonGeometry,
    }
    wanted_types = {wanted[t] for t in accepted if t in wanted}
    if not wanted_types or geometry_type in wanted_types:
        return ""
    given = _tr_type(_TYPE_NAMES.get(geometry_type, "no geometry"))
    if wanted_types == {QgsWkbTypes.PointGeometry}:
        return tr(
            "The layer given for {0} is not a point layer ({1}): give points (for polygons, make their "
            "centroids first with Vector ▸ Geometry Tools ▸ Centroids)."
        ).format(name, given)
    if wanted_types == {QgsWkbTypes.PointGeometry, QgsWkbTypes.PolygonGeometry}:
        message = tr("The layer given for {0} is neither points nor polygons ({1}): give a point or polygon layer.")
        return message.format(name, given)
    if wanted_types == {QgsWkbTypes.PolygonGeometry}:
        return tr("{0} must be a polygon layer (communes, EPCI…); the layer given has {1}.").format(name, given)
    if wanted_types == {QgsWkbTypes.LineGeometry}:
        return tr("{0} must be lines (roads); the layer given has {1}. Give a line layer.").format(name, given)
    return tr("The layer given for {0} has {1}, a geometry type this parameter does not take.").format(name, given)


def _has_geometry(source):
    """False when no feature has a geometry: such a layer would run to an empty or wrong result.

    Reads features until the first with a geometry (the first one, on any normal layer); the
    extent cannot tell, a GeoPackage keeps its old extent when geometries are set to NULL.
    """
    request = QgsFeatureRequest().setNoAttributes()
    return any(f.hasGeometry() and not f.geometry().isEmpty() for f in source.getFeatures(request))


def readable_geopackage(path: Path) -> bool:
    """True when ``path`` is an SQLite database with the GeoPackage contents table."""
    try:
        with path.open("rb") as stream:
            if not stream.read(16).startswith(b"SQLite format 3"):
                return False
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.execute("SELECT count(*) FROM gpkg_contents").fetchone()
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return False
    return True


def _tr_type(name):
    # The geometry type names, listed so that pylupdate finds them.
    return {"points": tr("points"), "lines": tr("lines"), "polygons": tr("polygons"), "no geometry": tr("no geometry")}[
        name
    ]


# -- fields -----------------------------------------------------------------------------------------

_NUMERIC_TYPES = {QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong, QVariant.Double}


def _field_problem(algorithm, definition, parameters, context):
    name = definition.name()
    parent = definition.parentLayerParameterName()
    if not parent or parameters.get(parent) in (None, ""):
        return ""
    names = algorithm.parameterAsFields(parameters, name, context)
    if not names:
        return ""
    source = algorithm.parameterAsSource(parameters, parent, context)
    if source is None:
        source = algorithm.parameterAsVectorLayer(parameters, parent, context)
    if source is None:
        return ""
    fields = source.fields()
    for field_name in names:
        index = fields.lookupField(field_name)
        if index < 0:
            shown = ", ".join(fields.names()[:12]) + (" …" if fields.count() > 12 else "")
            return tr("{0}: the layer {1} has no field named {2}; choose one of its fields ({3}).").format(
                name, parent, field_name, shown or tr("it has none")
            )
        field = fields.at(index)
        if definition.dataType() == QgsProcessingParameterField.Numeric and field.type() not in _NUMERIC_TYPES:
            return tr("{0}: the field {1} is {2}, not a number; choose a numeric field.").format(
                name, field_name, field.typeName()
            )
        if definition.dataType() == QgsProcessingParameterField.String and field.type() != QVariant.String:
            return tr("{0}: the field {1} is {2}, not text; choose a text field.").format(
                name, field_name, field.typeName()
            )
    return ""


# -- outputs ----------------------------------------------------------------------------------------


def _output_problem(algorithm, definition, parameters, context):
    from .base import destination_string

    name = definition.name()
    target = safe_output.output_file_target(destination_string(parameters.get(name), context))
    if target is None:
        return ""
    problem = safe_output.folder_problem(target.parent)
    if problem == "missing":
        return tr("The folder of {0} does not exist: {1}. Create it or choose another path.").format(
            name, target.parent
        )
    if problem:
        return tr("{0}: cannot write in the folder {1} ({2}). Choose a writable folder.").format(
            name, target.parent, safe_output.translated_cause(problem)
        )
    extensions = output_extensions(definition)
    if extensions and target.suffix.lower().lstrip(".") not in extensions:
        return tr("{0}: QGIS cannot write {1} files here. Use one of: {2}.").format(
            name, target.suffix or tr("extension-less"), ", ".join("." + e for e in extensions)
        )
    for other in algorithm.parameterDefinitions():
        if other.isDestination() or other.name() == name:
            continue
        for path in _input_files(parameters.get(other.name()), context):
            if _same_file(path, target):
                return tr(
                    "{0} is the file of the input {1} ({2}): writing it would destroy that input. "
                    "Choose another file name."
                ).format(name, other.name(), path)
    return ""


def output_extensions(definition):
    """Lower-case extensions an output parameter writes, [] when it is not a file output we know."""
    if isinstance(definition, (QgsProcessingParameterFeatureSink, QgsProcessingParameterVectorDestination)):
        return [e.lower() for e in definition.supportedOutputVectorLayerExtensions()]
    if isinstance(definition, QgsProcessingParameterFileDestination):
        found = []
        for part in definition.fileFilter().replace(")", " ").replace("(", " ").split():
            if part.startswith("*.") and part[2:] and part[2:] != "*":
                found.append(part[2:].lower())
        return found
    return []


def local_file(value, context):
    """The local file behind a layer parameter value (path, layer, source definition), or None."""
    files = _input_files(value, context)
    return files[0] if files else None


def _input_files(value, context):
    if isinstance(value, (list, tuple)):
        return [path for item in value for path in _input_files(item, context)]
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    if isinstance(value, QgsMapLayer):
        value = value.source()
    if not isinstance(value, str) or not value:
        return []
    path = Path(value.split("|")[0])
    if path.suffix and _is_file(path):
        return [path]
    layer = QgsProcessingUtils.mapLayerFromString(value, context, False)
    if layer is not None:
        path = Path(layer.source().split("|")[0])
        if _is_file(path):
            return [path]
    return []


def _is_file(path: Path):
    # A memory layer's source (a long URI of its fields) is no file name: "File name too long".
    try:
        return path.is_file()
    except OSError:
        return False


def _same_file(path: Path, target: Path):
    try:
        return target.exists() and path.samefile(target)
    except OSError:
        return False
