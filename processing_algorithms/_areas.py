"""Splitting population features among areas (communes, EPCI): shared by coverage and the service basket.

Not an algorithm module (the leading underscore keeps the provider from scanning it). A mixin, so
its messages keep their translation context whichever algorithm uses them; the geometry work is
the bridge's split_by_areas.
"""

import numpy as np
from qgis.core import QgsFeatureSink, QgsField, QgsGeometry, QgsProcessingException, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.coverage import TOTAL_AREA_ID, Membership
from ..plugin.number_format import format_number
from ..plugin.qgis_bridge import metric_crs_for, split_by_areas
from ._indicators_common import feature_with, new_fields


class AreaSplitting:
    """Needs ``self.tr`` and ``self.require`` (VigieAlgorithm)."""

    def _split_by_location(self, population_source, population_ids, areas_source, context, feedback):
        """Membership by location: points in the area containing them, polygons split by intersected area."""
        metric = metric_crs_for(areas_source, context)
        split = split_by_areas(population_source, population_ids, areas_source, metric, context, feedback)
        if split.skipped_areas:
            feedback.pushWarning(
                self.tr("{0} area(s) without geometry are left out.").format(format_number(split.skipped_areas))
            )
        self.require(split.area_features, self.tr("AREAS has no polygon to aggregate into."))
        if feedback.isCanceled():
            return split.area_features, Membership([], [], [])
        self.require(
            len(split.feature) > 0,
            self.tr(
                "No population feature lies inside AREAS: check that both layers cover the same territory "
                "(the layers are compared in {0})."
            ).format(metric.authid()),
        )
        return split.area_features, Membership(split.feature, split.area, split.fraction)

    def _report_outside(self, population, membership, feedback):
        attributed = np.bincount(membership.feature, weights=membership.fraction, minlength=len(population))
        outside = float(np.dot(population, np.clip(1.0 - attributed, 0.0, 1.0)))
        if outside > 1e-6 * max(float(population.sum()), 1.0):
            feedback.pushWarning(
                self.tr("{0} people lie outside every area and are not counted in any row, nor in the total.").format(
                    format_number(outside, 1)
                )
            )


def write_area_table(
    algorithm, parameters, output, context, table, specs, rows, areas, area_features, area_ids, crs, multi=False
):
    """Write ``output``: one feature per row of ``table`` (an engine's areas_then_total frame), the areas
    then the TOTAL row.

    Fields: those of ``areas`` not named like a result (an earlier run's), then area_id, is_total and the
    (name, QVariant type) ``specs``; ``rows`` gives the values of ``specs`` for each row of the table. Area
    rows take the geometry of their feature in ``area_features`` (made multi-part when ``multi``), none
    when the areas were joined by a code. Without ``areas``, a table without geometry in ``crs``.
    """
    specs = [("area_id", QVariant.String), ("is_total", QVariant.Int), *specs]
    reserved = {name for name, _ in specs}
    kept = [i for i, f in enumerate(areas.fields()) if f.name() not in reserved] if areas is not None else []
    fields = new_fields()
    for i in kept:
        fields.append(areas.fields().at(i))
    for name, kind in specs:
        fields.append(QgsField(name, kind))
    if areas is not None:
        wkb_type, crs = areas.wkbType(), areas.sourceCrs()
        if multi:
            wkb_type = QgsWkbTypes.multiType(wkb_type)
    else:
        wkb_type = QgsWkbTypes.NoGeometry
    sink, dest_id = algorithm.parameterAsSink(parameters, output, context, fields, wkb_type, crs)
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, output))
    for row, values in zip(table.itertuples(index=False), rows):
        geometry = None
        if row.is_total:
            attributes = [None] * len(kept) + [TOTAL_AREA_ID, 1]
        elif area_features:
            area = area_features[row.area_index]
            attributes = [area.attributes()[i] for i in kept] + [area_ids[row.area_index], 0]
            geometry = QgsGeometry(area.geometry())
            if multi:
                geometry.convertToMultiType()
        else:
            attributes = [area_ids[row.area_index], 0]
        sink.addFeature(feature_with(fields, attributes + list(values), geometry), QgsFeatureSink.FastInsert)
    del sink
    return dest_id
