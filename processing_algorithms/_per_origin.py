"""The output shared by the travel-time algorithms (road, public transport): every origin feature copied
with its result fields appended (a few numbers, then dest_id).

Not an algorithm module (the leading underscore keeps the provider from scanning it).
"""

import math

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QVariant


def number_or_null(value):
    """A float for a field; NaN (no result) becomes NULL."""
    value = float(value)
    return None if math.isnan(value) else value


def result_fields(destinations, id_field, number_names):
    """Double fields ``number_names``, then dest_id: typed like ``id_field`` of the destinations, else the
    destination's feature id."""
    fields = QgsFields()
    for name in number_names:
        fields.append(QgsField(name, QVariant.Double))
    if id_field:
        dest_field = QgsField(destinations.fields().field(id_field))
        dest_field.setName("dest_id")
        fields.append(dest_field)
    else:
        fields.append(QgsField("dest_id", QVariant.LongLong))
    return fields


def write_per_origin(algorithm, parameters, context, origins, origin_ids, extra_fields, values_of, feedback):
    """Write the algorithm's OUTPUT: each origin read (``origin_ids``, in the order of the results) with
    ``values_of(i)`` appended. Returns the output's id, or None when the user cancelled (a cut-short
    layer is not a result)."""
    fields = QgsProcessingUtils.combineFields(origins.fields(), extra_fields)
    sink, dest_id = algorithm.parameterAsSink(
        parameters, algorithm.OUTPUT, context, fields, origins.wkbType(), origins.sourceCrs()
    )
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, algorithm.OUTPUT))
    position = {feature_id: i for i, feature_id in enumerate(origin_ids)}
    total = max(len(origin_ids), 1)
    written = 0
    for feature in origins.getFeatures(QgsFeatureRequest()):
        if feedback.isCanceled():
            break
        i = position.get(feature.id())
        if i is None:
            continue
        out = QgsFeature(fields)
        out.setGeometry(feature.geometry())
        out.setAttributes(list(feature.attributes()) + values_of(i))
        sink.addFeature(out)
        written += 1
        if written % 1000 == 0:
            feedback.setProgress(100.0 * written / total)
    del sink
    return None if feedback.isCanceled() else dest_id
