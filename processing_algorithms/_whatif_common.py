"""QGIS-side helpers shared by the what-if algorithms (scenario, best location).

Not an algorithm module (the leading underscore keeps the provider from scanning it).
"""

from qgis.PyQt.QtCore import QCoreApplication

from ..plugin.qgis_bridge import read_points
from ._indicators_common import checked_numbers


def tr(text):
    return QCoreApplication.translate("VigieWhatIf", text)


def add_population_field(algorithm, name, parent):
    """An optional population field of ``parent``, default ``ind`` (Filosofi)."""
    algorithm.add_field_parameter(
        name,
        tr("Population field"),
        parent,
        tr("Number of people of each origin (ind for Filosofi cells; NULL counts as 0)."),
        default="ind",
    )


def read_people(source, crs, context, feedback, field, parameter_name):
    """Origin feature ids, points in ``crs`` and population (NULL = 0, text or negatives refused)."""
    ids, xy, rows, skipped = read_points(source, crs, context, feedback, [field])
    if skipped:
        feedback.pushWarning(tr("{0} origins skipped (not in the output): empty or invalid geometry.").format(skipped))
    people = checked_numbers([row[0] for row in rows], field, parameter_name, feedback).values
    return ids, xy, people
