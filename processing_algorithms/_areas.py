"""Splitting population features among areas (communes, EPCI): shared by coverage and the service basket.

Not an algorithm module (the leading underscore keeps the provider from scanning it). A mixin, so
its messages keep their translation context whichever algorithm uses them; the geometry work is
the bridge's split_by_areas.
"""

import numpy as np

from ..plugin.core.indicators.coverage import Membership
from ..plugin.number_format import format_number
from ..plugin.qgis_bridge import metric_crs_for, split_by_areas


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
