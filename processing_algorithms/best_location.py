"""vigie:bestlocation — where to put N new services: maximal covering or p-median on the road graph."""

from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.location import (
    COVERING,
    MEDIAN,
    choose_sites,
    exhaustive_optimum,
    location_problem,
    search_limit_s,
    times_with_sites,
)
from ..plugin.core.routing import bounded_travel_times, nearest_service_times
from ..plugin.qgis_bridge import check_crs, read_points
from ..plugin.styles import apply_service_points, apply_time_bands
from ._indicators_common import field_or_default, network_record, new_fields, sql_value
from ._per_origin import write_columns_per_origin
from ._whatif_common import add_population_field, read_people
from .network_base import RoadNetworkAlgorithm
from .place_parameters import POINTS_OR_POLYGONS, add_access_speed, add_origins, place_sources
from .road_network import add_network_parameters

OBJECTIVES = (COVERING, MEDIAN)
# Instances this small are also solved exactly, so the log can say how far the heuristic is.
EXACT_MAX_CANDIDATES, EXACT_MAX_COUNT = 30, 3


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    origins: object
    candidates: object
    existing: object  # None: no service yet
    population_field: str
    id_field: object  # None: candidates named by their feature id
    count: int
    objective: str
    max_time_min: float
    access_speed: float


@dataclass
class _Places:
    """The network and the points read on it."""

    network: object
    candidate_fids: list
    candidate_xy: object
    candidate_ids: list
    origin_ids: list
    origin_xy: object
    people: object
    existing_xy: object


@dataclass
class _Choice:
    """The sites chosen, and each origin's time before (``current``, None without existing services) and after."""

    result: object
    current: object
    time_s: object
    site: object


class BestLocationAlgorithm(RoadNetworkAlgorithm):
    ALGORITHM_NAME = "bestlocation"
    GROUP_ID = "indicators"
    COMPUTE_STEP = 2  # then 3: the choice of sites
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    POPULATION_FIELD = "POPULATION_FIELD"
    EXISTING = "EXISTING"
    CANDIDATES = "CANDIDATES"
    CANDIDATE_ID_FIELD = "CANDIDATE_ID_FIELD"
    COUNT = "COUNT"
    OBJECTIVE = "OBJECTIVE"
    OUTPUT_ORIGINS = "OUTPUT_ORIGINS"

    def displayName(self):
        return self.tr("Best location for new services")

    def shortDescription(self):  # noqa: N802
        return self.tr("Choose N sites among candidates: most people within T minutes, or the shortest mean time.")

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        add_origins(self)
        add_population_field(self, self.POPULATION_FIELD, self.ORIGINS)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.EXISTING, self.tr("Existing services"), [QgsProcessing.TypeVectorPoint], optional=True
            ),
            self.tr("Services already there: only what the new sites add to them counts. None when empty."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.CANDIDATES, self.tr("Candidate sites"), POINTS_OR_POLYGONS),
            self.tr("Where a service could go: commune centres, available buildings… (polygons: their centroid)."),
        )
        self.add_field_parameter(
            self.CANDIDATE_ID_FIELD,
            self.tr("Candidate identifier field"),
            self.CANDIDATES,
            self.tr("Copied into site_id in the origins output; the feature id when empty."),
        )
        self.add_number_parameter(
            self.COUNT,
            self.tr("Number of new sites (N)"),
            1,
            self.tr("How many candidates to choose."),
            1,
            integer=True,
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.OBJECTIVE,
                self.tr("Objective"),
                options=[
                    self.tr("Maximise the population within T minutes (maximal covering)"),
                    self.tr("Minimise the mean travel time (p-median)"),
                ],
                defaultValue=0,
            ),
            self.tr(
                "Covering counts the people within T minutes of a service; p-median lowers the population-weighted "
                "mean time, a time beyond T counting as T."
            ),
        )
        self.add_number_parameter(
            self.MAX_TIME,
            self.tr("Time T (minutes)"),
            20.0,
            self.tr("The covering radius, or the cap of the times for the p-median. Searches stop there."),
            minimum=0.1,
        )
        add_access_speed(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Chosen sites"), QgsProcessing.TypeVectorPoint),
            self.tr("The chosen candidates in order (rank), with pop_gained and the objective reached after each."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_ORIGINS, self.tr("Origins with the new sites")),
            self.tr("The origins with time_existing, time_after (minutes) and site_id, the new site serving them."),
        )

    # -- read -------------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        origins, candidates = place_sources(self, parameters, context, [self.ORIGINS, self.CANDIDATES])
        population_field = field_or_default(self, parameters, self.POPULATION_FIELD, context, origins)
        existing = self.parameterAsSource(parameters, self.EXISTING, context)
        if existing is not None:
            check_crs(existing, self.EXISTING)
        return _Inputs(
            origins=origins,
            candidates=candidates,
            existing=existing,
            population_field=population_field,
            id_field=self.parameterAsString(parameters, self.CANDIDATE_ID_FIELD, context) or None,
            count=self.parameterAsInt(parameters, self.COUNT, context),
            objective=OBJECTIVES[self.parameterAsEnum(parameters, self.OBJECTIVE, context)],
            max_time_min=self.parameterAsDouble(parameters, self.MAX_TIME, context),
            access_speed=self.parameterAsDouble(parameters, self.ACCESS_SPEED, context),
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Step 1: the candidates, the origins with their people and the existing services (None when
        cancelled)."""
        steps.setCurrentStep(1)
        id_field = inputs.id_field
        candidate_fids, candidate_xy, candidate_rows, _ = read_points(
            inputs.candidates, network.crs, context, steps, [id_field] if id_field else []
        )
        self.require(
            len(candidate_xy) > 0, self.tr("CANDIDATES has no usable point: give the sites where a service could go.")
        )
        if inputs.count > len(candidate_xy):
            raise QgsProcessingException(
                self.tr("COUNT is {0} but there are only {1} candidates: choose at most {1} sites.").format(
                    inputs.count, len(candidate_xy)
                )
            )
        candidate_ids = [sql_value(row[0]) for row in candidate_rows] if id_field else list(candidate_fids)
        origin_ids, origin_xy, people = read_people(
            inputs.origins, network.crs, context, steps, inputs.population_field, self.POPULATION_FIELD
        )
        existing_xy = np.zeros((0, 2))
        if inputs.existing is not None:
            _, existing_xy, _, _ = read_points(inputs.existing, network.crs, context, steps, attributes=[])
        if steps.isCanceled():
            return None
        return _Places(network, candidate_fids, candidate_xy, candidate_ids, origin_ids, origin_xy, people, existing_xy)

    # -- compute ----------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """Steps 2 and 3: travel times from the origins to the candidates, then the choice (None when cancelled)."""
        network, access_speed = places.network, inputs.access_speed
        max_time_s = inputs.max_time_min * 60.0
        current = None
        if len(places.existing_xy):
            current = nearest_service_times(
                network.graph, places.origin_xy, places.existing_xy, max_time_s, access_speed
            ).time_s
        limit_s = search_limit_s(inputs.objective, places.people, max_time_s, current)
        steps.pushInfo(
            self.tr("Travel times from {0} origins to {1} candidates, up to {2} min…").format(
                len(places.origin_xy), len(places.candidate_xy), f"{limit_s / 60.0:.3g}"
            )
        )
        pairs = bounded_travel_times(
            network.graph,
            places.candidate_xy,
            places.origin_xy,
            limit_s,
            access_speed_kmh=access_speed,
            reverse=True,  # from people's homes to the site
            chunk_size=64,
            progress=lambda fraction: steps.setProgress(100.0 * fraction),
            is_canceled=steps.isCanceled,
        )
        if steps.isCanceled():
            return None

        steps.setCurrentStep(3)
        problem = location_problem(
            inputs.objective,
            places.people,
            max_time_s,
            pairs.source_index,
            pairs.target_index,
            pairs.time_s,
            len(places.candidate_xy),
            current,
        )
        result = choose_sites(problem, inputs.count)
        self._report(problem, result, inputs.objective, places.people, inputs.count, steps)
        time_s, site = times_with_sites(
            current,
            pairs.source_index,
            pairs.target_index,
            pairs.time_s,
            result.sites,
            origin_count=len(places.origin_xy),
        )
        return _Choice(result, current, time_s, site)

    # -- write ------------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, choice, steps):
        total_people = float(places.people.sum())
        output_id = self._write_sites(
            parameters, context, inputs.candidates, places.candidate_fids, choice.result, inputs.objective, total_people
        )
        origins_id = self._write_origins(parameters, context, steps, inputs.origins, places, choice)
        if origins_id is None:
            return {}
        record = self._record(parameters, context, inputs, places, choice, steps)
        record.style(self, output_id, context, apply_service_points)
        record.style(self, origins_id, context, lambda layer: apply_time_bands(layer, "time_after"))
        return {self.OUTPUT: output_id, self.OUTPUT_ORIGINS: origins_id}

    def _record(self, parameters, context, inputs, places, choice, feedback):
        summary = {
            "origins": inputs.origins.sourceName(),
            "existing": inputs.existing.sourceName() if inputs.existing is not None else "",
            "candidates": inputs.candidates.sourceName(),
            self.COUNT: inputs.count,
            self.OBJECTIVE: inputs.objective,
            "max_time_min": inputs.max_time_min,
            "access_speed_kmh": inputs.access_speed,
        }
        abstract = self.tr(
            "{0} new sites chosen among {1} candidates ({2}, T = {3} min) by a greedy choice improved by 1-exchange "
            "swaps, on the road graph (speed profile {4}): fixed speeds, no congestion. A heuristic: see the help "
            "for its measured gap to the optimum."
        ).format(
            len(choice.result.sites),
            len(places.candidate_xy),
            inputs.objective,
            f"{inputs.max_time_min:g}",
            places.network.profile_name,
        )
        title = self.tr("Best location for new services")
        layers = [self.ORIGINS, self.EXISTING, self.CANDIDATES]
        return network_record(self, parameters, context, places.network, layers, summary, title, abstract, feedback)

    def _report(self, problem, result, objective, people, count, feedback):
        total = max(float(people.sum()), 1e-12)
        before = self._objective_text(objective, result.base_cost, total)
        after = self._objective_text(objective, result.cost_after[-1] if len(result.sites) else result.base_cost, total)
        feedback.pushInfo(self.tr("Objective before: {0}; with the new sites: {1}.").format(before, after))
        if problem.site_count <= EXACT_MAX_CANDIDATES and count <= EXACT_MAX_COUNT:
            _, optimum = exhaustive_optimum(problem, count)
            reached = result.cost_after[-1] if len(result.sites) else result.base_cost
            feedback.pushInfo(
                self.tr("Exact optimum (every combination tried): {0}; the choice is {1} from it.").format(
                    self._objective_text(objective, optimum, total),
                    self.tr("at the optimum") if reached <= optimum * (1 + 1e-9) + 1e-9 else f"{reached - optimum:.3g}",
                )
            )

    def _objective_text(self, objective, cost, total):
        if objective == COVERING:
            return self.tr("{0} people within T ({1} %)").format(
                f"{total - cost:,.0f}", f"{100 * (1 - cost / total):.1f}"
            )
        return self.tr("mean time {0} min").format(f"{cost / total / 60.0:.2f}")

    def _write_sites(self, parameters, context, candidates, candidate_fids, result, objective, total_people):
        added = [("rank", QVariant.Int), ("pop_gained", QVariant.Double)]
        added += [("pop_covered", QVariant.Double), ("share_covered", QVariant.Double)] if objective == COVERING else []
        added += [("mean_time_min", QVariant.Double)] if objective == MEDIAN else []
        fields = QgsProcessingUtils.combineFields(candidates.fields(), new_fields(*added))
        # Points, as the sites were searched from: the centroid of a polygon candidate.
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, candidates.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        chosen_fids = [candidate_fids[site] for site in result.sites]
        by_fid = {f.id(): f for f in candidates.getFeatures(QgsFeatureRequest().setFilterFids(chosen_fids))}
        for rank, (fid, served, cost) in enumerate(zip(chosen_fids, result.served, result.cost_after), start=1):
            if objective == COVERING:
                covered = total_people - cost
                figures = [covered, 100.0 * covered / total_people if total_people else None]
            else:
                figures = [cost / total_people / 60.0 if total_people else None]
            feature = QgsFeature(fields)
            geometry = by_fid[fid].geometry()
            single_point = geometry.type() == QgsWkbTypes.PointGeometry and not geometry.isMultipart()
            feature.setGeometry(geometry if single_point else geometry.centroid())
            feature.setAttributes(list(by_fid[fid].attributes()) + [sql_value(v) for v in [rank, served, *figures]])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        del sink
        return dest_id

    def _write_origins(self, parameters, context, feedback, origins, places, choice):
        specs = [("time_existing", QVariant.Double), ("time_after", QVariant.Double), ("site_id", QVariant.String)]
        existing = choice.current / 60.0 if choice.current is not None else [None] * len(places.origin_ids)
        site_ids = [str(places.candidate_ids[s]) if s >= 0 else None for s in choice.site.tolist()]
        columns = [existing, choice.time_s / 60.0, site_ids]
        output = self.OUTPUT_ORIGINS
        return write_columns_per_origin(
            self, parameters, context, origins, places.origin_ids, specs, columns, feedback, output
        )
