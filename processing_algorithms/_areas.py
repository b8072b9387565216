"""Splitting population features among areas (communes, EPCI): shared by coverage and the service basket.

Not an algorithm module (the leading underscore keeps the provider from scanning it). A mixin, so
its messages keep their translation context whichever algorithm uses them.
"""

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsSpatialIndex,
    QgsWkbTypes,
)

from ..plugin.core.indicators.coverage import Membership
from ..plugin.qgis_bridge import metric_crs_for


class AreaSplitting:
    """Needs ``self.tr`` and ``self.require`` (VigieAlgorithm)."""

    def _split_by_location(self, population_source, population_ids, areas_source, context, feedback):
        """Membership by location: points in the area containing them, polygons split by intersected area."""
        metric = metric_crs_for(areas_source, context)
        areas_request = QgsFeatureRequest().setDestinationCrs(metric, context.transformContext())
        area_features, area_geometries = [], []
        invalid = 0
        for feature in areas_source.getFeatures(areas_request):
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                invalid += 1
                continue
            if not geometry.isGeosValid():
                geometry = geometry.makeValid()
            area_features.append(feature)
            area_geometries.append(geometry)
        if invalid:
            feedback.pushWarning(self.tr("{0} area(s) without geometry are left out.").format(invalid))
        self.require(area_features, self.tr("AREAS has no polygon to aggregate into."))
        # Output rows keep the areas' own geometry and CRS, not the metric copy used for measuring.
        originals = {f.id(): f for f in areas_source.getFeatures()}
        area_features = [originals[f.id()] for f in area_features]

        index = QgsSpatialIndex()
        for position, geometry in enumerate(area_geometries):
            index.addFeature(position, geometry.boundingBox())
        engines = [None] * len(area_geometries)

        transform = QgsCoordinateTransform(population_source.sourceCrs(), metric, context.transformContext())
        position_of_id = {fid: position for position, fid in enumerate(population_ids)}
        features, parts, fractions = [], [], []
        total = max(len(population_ids), 1)
        for count, feature in enumerate(population_source.getFeatures(QgsFeatureRequest().setNoAttributes())):
            if feedback.isCanceled():
                break
            if count % 500 == 0:
                feedback.setProgress(80.0 * count / total)
            geometry = QgsGeometry(feature.geometry())
            if geometry.isNull() or geometry.isEmpty():
                continue
            geometry.transform(transform)
            position = position_of_id[feature.id()]
            is_polygon = geometry.type() == QgsWkbTypes.PolygonGeometry and geometry.area() > 0
            if not is_polygon:
                geometry = geometry.centroid() if geometry.type() != QgsWkbTypes.PointGeometry else geometry
            cell_area = geometry.area() if is_polygon else 0.0
            for candidate in index.intersects(geometry.boundingBox()):
                if engines[candidate] is None:
                    engines[candidate] = QgsGeometry.createGeometryEngine(area_geometries[candidate].constGet())
                    engines[candidate].prepareGeometry()
                engine = engines[candidate]
                if not is_polygon:
                    if engine.intersects(geometry.constGet()):
                        features.append(position)
                        parts.append(candidate)
                        fractions.append(1.0)
                        break  # a point counts once, in the first area that holds it
                    continue
                if engine.contains(geometry.constGet()):
                    fraction = 1.0
                elif engine.intersects(geometry.constGet()):
                    fraction = area_geometries[candidate].intersection(geometry).area() / cell_area
                else:
                    continue
                if fraction > 0:
                    features.append(position)
                    parts.append(candidate)
                    fractions.append(min(fraction, 1.0))
        if feedback.isCanceled():
            return area_features, Membership([], [], [])
        self.require(
            features,
            self.tr(
                "No population feature lies inside AREAS: check that both layers cover the same territory "
                "(the layers are compared in {0})."
            ).format(metric.authid()),
        )
        return area_features, Membership(features, parts, fractions)

    def _report_outside(self, population, membership, feedback):
        attributed = np.bincount(membership.feature, weights=membership.fraction, minlength=len(population))
        outside = float(np.dot(population, np.clip(1.0 - attributed, 0.0, 1.0)))
        if outside > 1e-6 * max(float(population.sum()), 1.0):
            feedback.pushWarning(
                self.tr("{0} people lie outside every area and are not counted in any row, nor in the total.").format(
                    f"{outside:,.1f}"
                )
            )
