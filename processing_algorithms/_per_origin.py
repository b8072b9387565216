"""The output shared by the travel-time algorithms (road, public transport): every origin feature copied
with its result fields appended (a few numbers, then dest_id).

Not an algorithm module (the leading underscore keeps the provider from scanning it).
"""

import math

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.styles import apply_time_bands
from ._indicators_common import new_fields, sql_value


def number_or_null(value):
    """A float for a field; NaN (no result) becomes NULL."""
    value = float(value)
    return None if math.isnan(value) else value


def identifier_field(source, field_name, output_name):
    """The output field ``output_name`` for identifiers: typed like ``field_name`` of ``source``, else the
    feature id (integer)."""
    if field_name:
        field = QgsField(source.fields().field(field_name))
        field.setName(output_name)
        return field
    return QgsField(output_name, QVariant.LongLong)


def result_fields(destinations, id_field, number_names):
    """Double fields ``number_names``, then dest_id: typed like ``id_field`` of the destinations, else the
    destination's feature id."""
    fields = QgsFields()
    for name in number_names:
        fields.append(QgsField(name, QVariant.Double))
    fields.append(identifier_field(destinations, id_field, "dest_id"))
    return fields


def write_per_origin(
    algorithm,
    parameters,
    context,
    origins,
    origin_ids,
    extra_fields,
    values_of,
    feedback,
    output=None,
    replace_same_names=False,
):
    """Write the algorithm's ``output`` (OUTPUT by default): each origin read (``origin_ids``, in the order
    of the results) with ``values_of(i)`` appended. Returns the output's id, or None when the user cancelled
    (a cut-short layer is not a result).

    ``replace_same_names``: input fields named like an added one (a previous run's results) are dropped,
    so a second run does not pile up ``access_index_2``; otherwise QGIS renames the added ones.
    """
    output = output or algorithm.OUTPUT
    if replace_same_names:
        added = set(extra_fields.names())
        kept = [i for i, field in enumerate(origins.fields()) if field.name() not in added]
        fields = QgsFields()
        for i in kept:
            fields.append(origins.fields().at(i))
        for field in extra_fields:
            fields.append(field)
    else:
        kept = None
        fields = QgsProcessingUtils.combineFields(origins.fields(), extra_fields)
    sink, dest_id = algorithm.parameterAsSink(
        parameters, output, context, fields, origins.wkbType(), origins.sourceCrs()
    )
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, output))
    position = {feature_id: i for i, feature_id in enumerate(origin_ids)}
    total = max(len(origin_ids), 1)
    written = 0
    for feature in origins.getFeatures(QgsFeatureRequest()):
        if feedback.isCanceled():
            break
        i = position.get(feature.id())
        if i is None:
            continue
        attributes = feature.attributes()
        if kept is not None:
            attributes = [attributes[k] for k in kept]
        out = QgsFeature(fields)
        out.setGeometry(feature.geometry())
        out.setAttributes(list(attributes) + list(values_of(i)))
        sink.addFeature(out, QgsFeatureSink.FastInsert)
        written += 1
        if written % 1000 == 0:
            feedback.setProgress(100.0 * written / total)
    del sink
    return None if feedback.isCanceled() else dest_id


def write_columns_per_origin(
    algorithm, parameters, context, origins, origin_ids, specs, columns, feedback, output=None, replace_same_names=False
):
    """write_per_origin with the added fields as (name, QVariant type) ``specs`` and their values as ``columns``,
    one sequence per field aligned with ``origin_ids`` (NaN becomes NULL, numpy numbers Python ones)."""

    def values_of(i):
        return [sql_value(column[i]) for column in columns]

    added = new_fields(*specs)
    return write_per_origin(
        algorithm, parameters, context, origins, origin_ids, added, values_of, feedback, output, replace_same_names
    )


def write_travel_times(algorithm, parameters, context, inputs, origin_ids, number_names, values_of, record, feedback):
    """The OUTPUT of a travel-time algorithm (road, public transport): each origin of ``inputs.origins`` with
    ``number_names`` and dest_id (see result_fields: ``inputs.destinations``, ``inputs.id_field``), in time
    bands, documented by ``record``. Returns the results ({} when cancelled)."""
    extra_fields = result_fields(inputs.destinations, inputs.id_field, number_names)
    origins = inputs.origins
    dest_id = write_per_origin(algorithm, parameters, context, origins, origin_ids, extra_fields, values_of, feedback)
    if dest_id is None:
        return {}
    record.style(algorithm, dest_id, context, apply_time_bands)
    return {algorithm.OUTPUT: dest_id}
