"""vigie:servicescenario — what if services close or open: travel times before and after, in one run."""

from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPoint,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsSpatialIndex,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.coverage import Membership
from ..plugin.core.indicators.scenario import change_columns, scenario_changes, scenario_times
from ..plugin.core.indicators.values import threshold_suffix
from ..plugin.qgis_bridge import check_crs, read_points
from ..plugin.styles import apply_change
from ._areas import write_area_table
from ._indicators_common import (
    field_or_default,
    network_record,
    parse_threshold_text,
    sql_value,
)
from ._per_origin import write_columns_per_origin
from ._whatif_common import add_population_field, read_people
from .network_base import RoadNetworkAlgorithm
from .place_parameters import add_access_speed, add_max_time, add_origins, place_sources, read_destinations
from .road_network import add_network_parameters


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    origins: object
    services: object
    opened: object  # None: no new site
    areas: object  # None: only the whole territory
    population_field: str
    id_field: object  # None: services named by their feature id
    area_field: object  # None: areas named by their feature id
    thresholds: list
    max_time_min: float
    access_speed: float


@dataclass
class _Places:
    """The network and the points read on it: services today (``closed`` marks those that close), new sites,
    origins with their population."""

    network: object
    service_xy: object
    closed: object
    service_ids: list
    opened_xy: object
    opened_ids: list
    origin_ids: list
    origin_xy: object
    population: object
    areas: object  # an _Areas


@dataclass
class _Areas:
    """The AREAS features, each origin's area (a coverage Membership; None without AREAS) and the area ids."""

    features: list
    membership: object
    ids: list


class ServicesScenarioAlgorithm(RoadNetworkAlgorithm):
    ALGORITHM_NAME = "servicescenario"
    GROUP_ID = "indicators"
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    POPULATION_FIELD = "POPULATION_FIELD"
    SERVICES = "SERVICES"
    SERVICE_ID_FIELD = "SERVICE_ID_FIELD"
    CLOSE = "CLOSE"
    CLOSE_SELECTED = "CLOSE_SELECTED"
    OPEN = "OPEN"
    THRESHOLDS = "THRESHOLDS"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    OUTPUT_AREAS = "OUTPUT_AREAS"

    def displayName(self):
        return self.tr("Service scenario: close or open services, before and after")

    def shortDescription(self):  # noqa: N802
        return self.tr("Who is farther or nearer from a service if some close and new sites open, on one road graph.")

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        add_origins(self)
        add_population_field(self, self.POPULATION_FIELD, self.ORIGINS)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.SERVICES, self.tr("Services today"), [QgsProcessing.TypeVectorPoint]
            ),
            self.tr("Points of the services as they are today (doctors, France services, schools…)."),
        )
        self.add_field_parameter(
            self.SERVICE_ID_FIELD,
            self.tr("Service identifier field"),
            self.SERVICES,
            self.tr("Copied into dest_before and dest_after; the feature id when empty. New sites are named new-<id>."),
        )
        self.add_parameter(
            QgsProcessingParameterExpression(
                self.CLOSE,
                self.tr("Services that close (expression)"),
                parentLayerParameterName=self.SERVICES,
                optional=True,
            ),
            self.tr("Services for which this expression is true close, e.g. \"commune\" = 'Saint-Bonnet'."),
        )
        self.add_parameter(
            QgsProcessingParameterBoolean(self.CLOSE_SELECTED, self.tr("Close the selected services"), False),
            self.tr("The features selected in the services layer close (with the expression's, if any)."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.OPEN, self.tr("New sites that open"), [QgsProcessing.TypeVectorPoint], optional=True
            ),
            self.tr("Points of the services that would open; none when empty."),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.THRESHOLDS, self.tr("Thresholds (minutes)"), "10,20,30"),
            self.tr("Strictly increasing minutes: the population crossing each threshold is counted."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.AREAS, self.tr("Areas (communes, EPCI…)"), [QgsProcessing.TypeVectorPolygon], optional=True
            ),
            self.tr("Polygons for the figures per area; an origin counts in the area holding its centre."),
        )
        self.add_field_parameter(
            self.AREA_FIELD,
            self.tr("Area name or code field"),
            self.AREAS,
            self.tr("Copied into area_id; the feature id when empty."),
        )
        add_max_time(self, 0.0, self.tr("Origins farther than this get NULL times, before and after. 0 = no limit."))
        add_access_speed(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Scenario per origin")),
            self.tr("The origins with time_before, time_after, delta_min (minutes), dest_before and dest_after."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_AREAS, self.tr("Scenario per area")),
            self.tr("Per area and for the whole territory (TOTAL): population crossing each threshold, mean change…"),
        )

    # -- reading ----------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        origins, services = place_sources(self, parameters, context, [self.ORIGINS, self.SERVICES])
        population_field = field_or_default(self, parameters, self.POPULATION_FIELD, context, origins)
        id_field = self.parameterAsString(parameters, self.SERVICE_ID_FIELD, context) or None
        thresholds = parse_threshold_text(self.parameterAsString(parameters, self.THRESHOLDS, context), self.THRESHOLDS)
        max_time_min = self.parameterAsDouble(parameters, self.MAX_TIME, context)
        access_speed = self.parameterAsDouble(parameters, self.ACCESS_SPEED, context)
        opened = self.parameterAsSource(parameters, self.OPEN, context)
        if opened is not None:
            check_crs(opened, self.OPEN)
        areas = self.parameterAsSource(parameters, self.AREAS, context)
        if areas is not None:
            check_crs(areas, self.AREAS)
        area_field = self.parameterAsString(parameters, self.AREA_FIELD, context) or None
        return _Inputs(
            origins,
            services,
            opened,
            areas,
            population_field,
            id_field,
            area_field,
            thresholds,
            max_time_min,
            access_speed,
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Steps 1 and 2: the services (which close, which open), the origins with their people and the area
        of each (None when cancelled)."""
        steps.setCurrentStep(1)
        service_fids, service_xy = read_destinations(inputs.services, network.crs, context, steps)
        closed = np.isin(service_fids, list(self._closed_ids(parameters, context, inputs.services, steps)))
        service_ids = self._service_ids(inputs.services, inputs.id_field, service_fids)
        opened_xy, opened_ids = np.zeros((0, 2)), []
        if inputs.opened is not None:
            fids, opened_xy, _, skipped = read_points(inputs.opened, network.crs, context, steps, attributes=[])
            opened_ids = [f"new-{fid}" for fid in fids]
            if skipped:
                steps.pushWarning(self.tr("{0} new sites skipped: empty or invalid geometry.").format(skipped))
        steps.pushInfo(
            self.tr("{0} of {1} services close, {2} new sites open.").format(
                int(closed.sum()), len(service_ids), len(opened_ids)
            )
        )
        if not closed.any() and not opened_ids:
            steps.pushWarning(self.tr("No service closes and no site opens: after is the same as before."))

        steps.setCurrentStep(2)
        origin_ids, origin_xy, population = read_people(
            inputs.origins, network.crs, context, steps, inputs.population_field, self.POPULATION_FIELD
        )
        if steps.isCanceled():
            return None
        areas = _Areas([], None, [])
        if inputs.areas is not None:
            areas = _Areas(*self._membership(inputs.areas, inputs.area_field, origin_xy, network.crs, context, steps))
        return _Places(
            network, service_xy, closed, service_ids, opened_xy, opened_ids, origin_ids, origin_xy, population, areas
        )

    # -- computing --------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """Times before and after and their changes per area and in total (None when cancelled)."""
        steps.pushInfo(
            self.tr("Searching the nearest service before and after for {0} origins…").format(len(places.origin_xy))
        )
        result = scenario_times(
            places.network.graph,
            places.origin_xy,
            places.service_xy,
            places.closed,
            places.opened_xy,
            max_time_s=inputs.max_time_min * 60.0 if inputs.max_time_min > 0 else None,
            access_speed_kmh=inputs.access_speed,
        )
        self._report(result, places.population, inputs.thresholds, steps)
        area_count = len(places.areas.ids) if inputs.areas is not None else None
        table = scenario_changes(places.population, result, inputs.thresholds, places.areas.membership, area_count)
        return None if steps.isCanceled() else (result, table)

    # -- reading ----------------------------------------------------------------------------------

    def _closed_ids(self, parameters, context, services, feedback):
        """Feature ids of the services that close: selected (CLOSE_SELECTED) or matching CLOSE."""
        closed = set()
        if self.parameterAsBoolean(parameters, self.CLOSE_SELECTED, context):
            layer = self.parameterAsVectorLayer(parameters, self.SERVICES, context)
            if layer is None:
                raise QgsProcessingException(
                    self.tr("CLOSE_SELECTED needs SERVICES to be a layer of the project, with features selected.")
                )
            closed = set(layer.selectedFeatureIds())
            if not closed:
                raise QgsProcessingException(
                    self.tr("CLOSE_SELECTED is on but no service is selected: select the services that close.")
                )
        # parameterAsExpression returns "" for an expression that does not parse: read the text to say why.
        text = self.parameterAsString(parameters, self.CLOSE, context)
        if not text:
            return closed
        expression = QgsExpression(text)
        if expression.hasParserError():
            raise QgsProcessingException(
                self.tr("CLOSE: the expression cannot be read ({0}). Fix it in the expression builder.").format(
                    expression.parserErrorString()
                )
            )
        unknown = sorted(
            set(expression.referencedColumns()) - set(services.fields().names()) - {QgsFeatureRequest.ALL_ATTRIBUTES}
        )
        if unknown:
            raise QgsProcessingException(
                self.tr("CLOSE: the expression uses {0}, which SERVICES does not have. Fields: {1}.").format(
                    ", ".join(unknown), ", ".join(services.fields().names())
                )
            )
        expression_context = self.createExpressionContext(parameters, context, services)
        expression.prepare(expression_context)
        for feature in services.getFeatures(QgsFeatureRequest()):
            expression_context.setFeature(feature)
            value = expression.evaluate(expression_context)
            if expression.hasEvalError():
                raise QgsProcessingException(
                    self.tr("CLOSE: the expression fails on service {0} ({1}).").format(
                        feature.id(), expression.evalErrorString()
                    )
                )
            if sql_value(value):
                closed.add(feature.id())
        if not closed:
            feedback.pushWarning(self.tr("CLOSE matches no service: none closes."))
        return closed

    def _service_ids(self, services, id_field, fids):
        """The SERVICE_ID_FIELD value of each service (feature ids when no field is given)."""
        if not id_field:
            return list(fids)
        request = QgsFeatureRequest().setFilterFids(list(fids)).setFlags(QgsFeatureRequest.NoGeometry)
        values = {feature.id(): sql_value(feature[id_field]) for feature in services.getFeatures(request)}
        return [values.get(fid) for fid in fids]

    def _membership(self, areas, area_field, origin_xy, crs, context, feedback):
        """Each origin in the area whose polygon holds it (the first one), as a coverage Membership."""
        request = QgsFeatureRequest().setDestinationCrs(crs, context.transformContext())
        features, geometries = [], []
        for feature in areas.getFeatures(request):
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                continue
            features.append(feature)
            geometries.append(geometry if geometry.isGeosValid() else geometry.makeValid())
        self.require(features, self.tr("AREAS has no polygon to aggregate into."))
        originals = {f.id(): f for f in areas.getFeatures()}
        features = [originals[f.id()] for f in features]
        index = QgsSpatialIndex()
        for position, geometry in enumerate(geometries):
            index.addFeature(position, geometry.boundingBox())
        engines = {}
        origin_rows, area_rows = [], []
        for row, (x, y) in enumerate(origin_xy):
            if row % 1000 == 0 and feedback.isCanceled():
                break
            point = QgsPoint(x, y)
            for candidate in sorted(index.intersects(QgsRectangle(x, y, x, y))):
                if candidate not in engines:
                    engines[candidate] = QgsGeometry.createGeometryEngine(geometries[candidate].constGet())
                    engines[candidate].prepareGeometry()
                if engines[candidate].intersects(point):
                    origin_rows.append(row)
                    area_rows.append(candidate)
                    break
        ids = [str(sql_value(f[area_field])) if area_field else str(f.id()) for f in features]
        return features, Membership(origin_rows, area_rows, np.ones(len(origin_rows))), ids

    def _report(self, result, population, thresholds, feedback):
        reached_after = np.isfinite(result.time_after)
        if len(reached_after) and not reached_after.any():
            feedback.pushWarning(self.tr("After the scenario no origin reaches any service: every time_after is NULL."))
        lost = np.isfinite(result.time_before) & ~reached_after
        if lost.any():
            feedback.pushWarning(
                self.tr("{0} origins ({1} people) reach no service any more after the scenario.").format(
                    int(lost.sum()), f"{population[lost].sum():,.0f}"
                )
            )
        whole = scenario_changes(population, result, thresholds).iloc[-1]
        feedback.pushInfo(
            self.tr("{0} people get another nearest service; population-weighted mean change {1} min.").format(
                f"{whole.pop_dest_changed:,.0f}",
                "–" if np.isnan(whole.mean_delta_min) else f"{whole.mean_delta_min:+.2f}",
            )
        )
        for threshold in thresholds:
            suffix = threshold_suffix(threshold)
            feedback.pushInfo(
                self.tr("{0} min: {1} people cross it outward, {2} inward.").format(
                    f"{threshold:g}", f"{whole[f'pop_out_{suffix}']:,.0f}", f"{whole[f'pop_in_{suffix}']:,.0f}"
                )
            )

    # -- writing ----------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, times_and_table, steps):
        result, table = times_and_table
        areas = places.areas
        all_ids = list(places.service_ids) + places.opened_ids
        dest_id = self._write_origins(parameters, context, steps, inputs.origins, places.origin_ids, result, all_ids)
        if dest_id is None:
            return {}
        areas_id = self._write_areas(
            parameters, context, inputs.origins, inputs.areas, areas.features, areas.ids, table, inputs.thresholds
        )
        record = self._record(parameters, context, inputs, places, steps)
        record.style(
            self, dest_id, context, lambda layer: apply_change(layer, "delta_min", "time_after", "time_before")
        )
        area_style = (lambda layer: apply_change(layer, "mean_delta_min")) if inputs.areas is not None else None
        record.style(self, areas_id, context, area_style)
        return {self.OUTPUT: dest_id, self.OUTPUT_AREAS: areas_id}

    def _record(self, parameters, context, inputs, places, feedback):
        service_ids = places.service_ids
        summary = {
            "origins": inputs.origins.sourceName(),
            "services": inputs.services.sourceName(),
            "closed": ", ".join(str(service_ids[i]) for i in np.nonzero(places.closed)[0]),
            "opened": inputs.opened.sourceName() if inputs.opened is not None else "",
            self.THRESHOLDS: ",".join(f"{t:g}" for t in inputs.thresholds),
            "max_time_min": inputs.max_time_min,
            "access_speed_kmh": inputs.access_speed,
        }
        abstract = self.tr(
            "Drive time to the nearest service before and after the scenario (closed services removed, new sites "
            "added), on one road graph (speed profile {0}); delta_min = after - before, negative = faster. "
            "Fixed speeds, no congestion."
        ).format(places.network.profile_name)
        title = self.tr("Service scenario: before and after")
        layers = [self.ORIGINS, self.SERVICES, self.OPEN, self.AREAS]
        return network_record(self, parameters, context, places.network, layers, summary, title, abstract, feedback)

    def _write_origins(self, parameters, context, feedback, origins, origin_ids, result, all_ids):
        def names(dest):
            return [str(all_ids[d]) if d >= 0 else None for d in dest.tolist()]

        specs = [
            ("time_before", QVariant.Double),
            ("time_after", QVariant.Double),
            ("delta_min", QVariant.Double),
            ("dest_before", QVariant.String),
            ("dest_after", QVariant.String),
        ]
        columns = [
            result.time_before,
            result.time_after,
            result.delta_min,
            names(result.dest_before),
            names(result.dest_after),
        ]
        return write_columns_per_origin(self, parameters, context, origins, origin_ids, specs, columns, feedback)

    def _write_areas(self, parameters, context, origins, areas, area_features, area_ids, table, thresholds):
        columns = change_columns(thresholds)
        rows = [[getattr(row, name) for name in columns] for row in table.itertuples(index=False)]
        return write_area_table(
            self,
            parameters,
            self.OUTPUT_AREAS,
            context,
            table,
            [(name, QVariant.Double) for name in columns],
            rows,
            areas,
            area_features,
            area_ids,
            origins.sourceCrs(),
            multi=True,
        )
