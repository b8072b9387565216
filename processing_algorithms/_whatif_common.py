"""QGIS-side helpers shared by the what-if algorithms (scenario, best location).

Not an algorithm module (the leading underscore keeps the provider from scanning it).
"""

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterField,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..plugin.qgis_bridge import read_points
from ._indicators_common import checked_numbers


def tr(text):
    return QCoreApplication.translate("VigieWhatIf", text)


def add_population_field(algorithm, name, parent):
    """An optional population field of ``parent``, default ``ind`` (Filosofi)."""
    algorithm.add_parameter(
        QgsProcessingParameterField(
            name, tr("Population field"), "ind", parent, QgsProcessingParameterField.Any, optional=True
        ),
        tr("Number of people of each origin (ind for Filosofi cells; NULL counts as 0)."),
    )


def read_people(source, crs, context, feedback, field, parameter_name):
    """Origin feature ids, points in ``crs`` and population (NULL = 0, text or negatives refused)."""
    ids, xy, rows, skipped = read_points(source, crs, context, feedback, [field])
    if skipped:
        feedback.pushWarning(tr("{0} origins skipped (not in the output): empty or invalid geometry.").format(skipped))
    people = checked_numbers([row[0] for row in rows], field, parameter_name, feedback).values
    return ids, xy, people


def plain_column(values):
    """A numpy column as Python values for feature attributes, NaN -> None."""
    array = np.asarray(values)
    if array.dtype.kind == "f":
        return [None if v != v else v for v in array.tolist()]
    return array.tolist()


def write_origins_with(algorithm, parameters, output, context, feedback, source, ids, added, columns):
    """Write every feature of ``source`` read as ``ids`` with its fields plus ``added`` (name, QVariant type).

    ``columns``: one list per added field, aligned with ``ids`` (plain values, None = NULL). Returns the
    destination id, or None when cancelled (a cut-short layer is not a result).
    """
    extra = QgsFields()
    for name, kind in added:
        extra.append(QgsField(name, kind))
    fields = QgsProcessingUtils.combineFields(source.fields(), extra)
    sink, dest_id = algorithm.parameterAsSink(parameters, output, context, fields, source.wkbType(), source.sourceCrs())
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, output))
    position = {feature_id: i for i, feature_id in enumerate(ids)}
    rows = list(zip(*columns))
    total = max(len(ids), 1)
    for count, feature in enumerate(source.getFeatures()):
        if count % 1000 == 0:
            if feedback.isCanceled():
                return None
            feedback.setProgress(100.0 * count / total)
        i = position.get(feature.id())
        if i is None:
            continue
        out = QgsFeature(fields)
        out.setGeometry(feature.geometry())
        out.setAttributes(feature.attributes() + list(rows[i]))
        sink.addFeature(out, QgsFeatureSink.FastInsert)
    del sink
    return dest_id
