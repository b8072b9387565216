"""QGIS-side helpers shared by the indicator algorithms (coverage, 2SFCA, isochrones, OD matrix).

Not an algorithm module (the leading underscore keeps the provider from scanning it).
"""

import math
from dataclasses import dataclass

from qgis.core import QgsFeature, QgsField, QgsFields, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..plugin.core.indicators.values import numeric_column, parse_thresholds
from ..plugin.provenance import build_metadata, layer_attributions


def tr(text):
    return QCoreApplication.translate("VigieIndicators", text)


def field_values(source, field_name, request=None):
    """Values of one field for every feature, in iteration order, with their feature ids."""
    index = source.fields().lookupField(field_name)
    if index < 0:
        raise QgsProcessingException(tr("The field {0} does not exist in the input layer.").format(field_name))
    ids, values = [], []
    for feature in source.getFeatures() if request is None else source.getFeatures(request):
        ids.append(feature.id())
        values.append(_plain(feature.attributes()[index]))
    return ids, values


def field_or_default(algorithm, parameters, name, context, source):
    """The field named by the field parameter ``name``, or the parameter's default when it is left empty.

    Such parameters are optional with a default because QGIS 3.22 refuses an omitted non-optional
    field parameter even when it has a default (processing.run, qgis_process). Raises a clear error
    when the field (given or default) is not on the layer.
    """
    field = algorithm.parameterAsString(parameters, name, context) or algorithm.parameterDefinition(name).defaultValue()
    if not field or source.fields().lookupField(field) < 0:
        raise QgsProcessingException(
            tr("{0}: the layer has no field named {1}; choose one of its fields.").format(name, field or "")
        )
    return field


def _plain(value):
    """QVariant NULL -> None; other values unchanged."""
    if value is None:
        return None
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


def checked_numbers(values, field_name, parameter_label, feedback, null_as_zero=True, allow_negative=False):
    """Numbers of a field, with a clear error for text and negatives and a warning for NULLs.

    NULL values count as 0 when ``null_as_zero`` (population, capacity), else stay NaN (times).
    """
    column = numeric_column(_plain(value) for value in values)
    if column.text_count:
        raise QgsProcessingException(
            tr(
                "{0}: the field {1} holds {2} value(s) that are not numbers (for example: {3}). "
                "Choose a numeric field or fix the values."
            ).format(parameter_label, field_name, column.text_count, ", ".join(repr(t) for t in column.text_examples))
        )
    if column.negative_count and not allow_negative:
        raise QgsProcessingException(
            tr("{0}: the field {1} holds {2} negative value(s); they must be 0 or more.").format(
                parameter_label, field_name, column.negative_count
            )
        )
    if column.null_count and null_as_zero:
        feedback.pushWarning(
            tr("{0}: {1} feature(s) have no value in {2}; they count as 0.").format(
                parameter_label, column.null_count, field_name
            )
        )
        column.values[~(column.values == column.values)] = 0.0
    return column


def warn_far_from_roads(graph, xy, parameter_name, feedback, limit_m=1000.0):
    """Warn about points farther than ``limit_m`` from every road: their times start from that road."""
    from ..plugin.core.routing import attach_points

    if len(xy) == 0:
        return
    far = int((attach_points(graph, xy).snap_m > limit_m).sum())
    if far:
        feedback.pushWarning(
            tr(
                "{0}: {1} point(s) are more than {2} m from the nearest road (outside the network?): their times "
                "start from that road, as if they stood on it. Set an access speed to count that distance."
            ).format(parameter_name, far, int(limit_m))
        )


def parse_threshold_text(text, parameter_name):
    try:
        return parse_thresholds(text)
    except ValueError as error:
        raise QgsProcessingException(
            tr("{0} must list minutes in strictly increasing order, such as 10,20,30 ({1}).").format(
                parameter_name, str(error)
            )
        ) from None


def threshold_problem(algorithm, parameters, name, context):
    """For check_values: the message parse_threshold_text would raise for parameter ``name``, or ""."""
    try:
        parse_threshold_text(algorithm.parameterAsString(parameters, name, context), name)
    except QgsProcessingException as error:
        return str(error)
    return ""


def sql_value(value):
    """A value for a feature attribute: NaN and numpy scalars become NULL / Python numbers."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def new_fields(*specs):
    """QgsFields from (name, QVariant type) pairs."""
    fields = QgsFields()
    for name, kind in specs:
        fields.append(QgsField(name, kind))
    return fields


def feature_with(fields, attributes, geometry=None):
    feature = QgsFeature(fields)
    if geometry is not None:
        feature.setGeometry(geometry)
    feature.setAttributes([sql_value(value) for value in attributes])
    return feature


def layer_sources(algorithm, parameters, context, names, feedback=None):
    """Attribution lines of the input layers named in ``names`` (a warning for each unknown source)."""
    lines = []
    for name in names:
        layer = algorithm.parameterAsVectorLayer(parameters, name, context)
        if layer is not None:
            lines += layer_attributions(layer, feedback)
    return lines


def documented(title, abstract, algorithm_id, parameter_summary, attributions, apply_renderer=None, keywords=()):
    """An apply_style callable for VigieAlgorithm.style_output: renderer (optional) + metadata."""

    def apply(layer):
        if apply_renderer is not None:
            apply_renderer(layer)
        layer.setMetadata(build_metadata(title, abstract, algorithm_id, parameter_summary, attributions, keywords))

    return apply


@dataclass
class OutputRecord:
    """What every output of one run says about it in its metadata: title, abstract, parameters, sources."""

    title: str
    abstract: str
    algorithm_id: str
    summary: dict
    attributions: list
    keywords: tuple = ()

    def style(self, algorithm, dest_id, context, apply_renderer=None, title=None):
        """Style and document one output of the run (VigieAlgorithm.style_output); ``title`` overrides the record's."""
        apply_style = documented(
            title or self.title,
            self.abstract,
            self.algorithm_id,
            self.summary,
            self.attributions,
            apply_renderer,
            self.keywords,
        )
        algorithm.style_output(dest_id, context, apply_style)


def network_record(algorithm, parameters, context, network, layer_names, summary, title, abstract, feedback=None):
    """The OutputRecord of a run on a road network: the network's parameters then ``summary``; the network's
    sources then those of the input layers named in ``layer_names``."""
    return OutputRecord(
        title,
        abstract,
        f"vigie:{algorithm.ALGORITHM_NAME}",
        {**network.parameters_summary, **summary},
        list(network.attributions) + layer_sources(algorithm, parameters, context, layer_names, feedback),
    )
