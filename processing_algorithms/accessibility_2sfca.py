"""vigie:accessibility2sfca — capacity per 1,000 people, shared among everybody who can reach it (2SFCA)."""

from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.fca import DECAY_FUNCTIONS, age_weighted_demand, two_step_fca
from ..plugin.core.reference.basket import age_class_weights, drees_editions, drees_source, parse_age_class
from ..plugin.core.routing import bounded_travel_times
from ..plugin.qgis_bridge import read_points
from ..plugin.styles import apply_access_index, apply_service_points
from ._indicators_common import (
    checked_numbers,
    field_or_default,
    network_record,
    warn_far_from_roads,
)
from ._per_origin import write_columns_per_origin
from .network_base import RoadNetworkAlgorithm
from .place_parameters import add_access_speed, place_sources
from .road_network import add_network_parameters

DEMAND_RESULT_FIELDS = (
    ("access_index", QVariant.Double),
    ("supply_in_reach", QVariant.Int),
    ("per_person", QVariant.Double),
    ("sous_dense", QVariant.Int),
)
# People of unknown age in Filosofi cells: they weigh 1 (the mean) in age-standardised demand.
UNKNOWN_AGE_FIELD = "ind_inc"
SUPPLY_RESULT_FIELDS = (("capacity", QVariant.Double), ("weighted_demand", QVariant.Double), ("ratio", QVariant.Double))


def quantile_breaks(values, classes=5):
    """Distinct upper limits of ``classes`` quantile classes of the positive values (for the legend)."""
    positive = np.asarray(values, dtype=float)
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if len(positive) == 0:
        return []
    limits = np.quantile(positive, np.linspace(0, 1, classes + 1)[1:])
    return sorted({float(f"{limit:.4g}") for limit in limits})


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    supply: object
    demand: object
    capacity_field: object  # None: each supply point counts 1
    demand_field: str
    catchment: float
    decay: str
    access_speed: float
    age_edition: object  # None: no age standardisation
    age_fields: list
    underserved_below: float


@dataclass
class _Places:
    """The network and the points read on it, with their capacity and people."""

    network: object
    supply_ids: list
    supply_xy: object
    capacity: object
    demand_ids: list
    demand_xy: object
    people: object


class Accessibility2sfcaAlgorithm(RoadNetworkAlgorithm):
    ALGORITHM_NAME = "accessibility2sfca"
    GROUP_ID = "indicators"
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    SUPPLY = "SUPPLY"
    CAPACITY_FIELD = "CAPACITY_FIELD"
    DEMAND = "DEMAND"
    DEMAND_FIELD = "DEMAND_FIELD"
    CATCHMENT = "CATCHMENT"
    DECAY = "DECAY"
    AGE_WEIGHTS = "AGE_WEIGHTS"
    UNDERSERVED_BELOW = "UNDERSERVED_BELOW"
    OUTPUT_SUPPLY = "OUTPUT_SUPPLY"

    def displayName(self):
        return self.tr("Accessibility to capacity (2SFCA)")

    def shortDescription(self):  # noqa: N802
        return self.tr("Capacity per 1,000 people within a drive time, shared among everybody who can reach it.")

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.SUPPLY, self.tr("Supply (services)"), [QgsProcessing.TypeVectorPoint]
            ),
            self.tr("Points offering a capacity: crèches, doctors, hospitals…"),
        )
        self.add_field_parameter(
            self.CAPACITY_FIELD,
            self.tr("Capacity field"),
            self.SUPPLY,
            self.tr("Places, beds or doctors of each supply point (NULL counts as 0). Empty: each point counts 1."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.DEMAND,
                self.tr("Demand (population)"),
                [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon],
            ),
            self.tr("Population points or cells (their centroid is used), e.g. the 200 m grid."),
        )
        self.add_field_parameter(
            self.DEMAND_FIELD,
            self.tr("Demand field"),
            self.DEMAND,
            self.tr("People of each demand feature, e.g. ind, or ind_0_3 for children under 4 (NULL counts as 0)."),
            default="ind",
        )
        self.add_number_parameter(
            self.CATCHMENT,
            self.tr("Catchment (minutes)"),
            20.0,
            self.tr("Drive time beyond which a supply point is out of reach (DREES's APL uses 20 minutes)."),
            minimum=0.1,
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.DECAY,
                self.tr("Distance decay"),
                options=[
                    self.tr("None (weight 1 within the catchment)"),
                    self.tr("Stepped, as DREES's APL (1, 2/3, 1/3)"),
                    self.tr("Gaussian"),
                    self.tr("Linear"),
                ],
                defaultValue=1,
            ),
            self.tr(
                "Weight of a supply point by drive time. Stepped: 1 up to half the catchment, 2/3 up to three "
                "quarters, 1/3 up to the catchment (10/15/20 min for 20 min, as DREES's APL)."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.AGE_WEIGHTS,
                self.tr("Age standardisation of demand"),
                options=[self.tr("None (each person counts 1)")]
                + [self.tr("DREES APL weights, edition {0}").format(edition) for edition in drees_editions()],
                defaultValue=0,
            ),
            self.tr(
                "DREES: each person weighs the GP care of their age band (0.93 under 5 … 2.39 at 90+), computed "
                "from the age-class fields of DEMAND (ind_0_3 … ind_80p of the Filosofi grid); DEMAND_FIELD is "
                "then not used."
            ),
        )
        self.add_number_parameter(
            self.UNDERSERVED_BELOW,
            self.tr("Under-served below (capacity per person, 0 = no flag)"),
            0.0,
            self.tr(
                "sous_dense = 1 where per_person is below this value. DREES: 2.5 consultations per year per "
                "inhabitant, with capacities in consultations per year."
            ),
            minimum=0.0,
        )
        add_access_speed(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Accessibility index (demand)")),
            self.tr(
                "The demand features with access_index (capacity per 1,000 people), supply_in_reach, per_person "
                "(capacity per person) and sous_dense."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_SUPPLY, self.tr("Supply ratio")),
            self.tr("The supply points with ratio (capacity per 1,000 weighted people in their catchment)."),
        )

    # -- read -------------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        supply, demand = place_sources(self, parameters, context, [self.SUPPLY, self.DEMAND])
        capacity_field = self.parameterAsString(parameters, self.CAPACITY_FIELD, context) or None
        demand_field = field_or_default(self, parameters, self.DEMAND_FIELD, context, demand)
        age_choice = self.parameterAsEnum(parameters, self.AGE_WEIGHTS, context)
        age_edition = drees_editions()[age_choice - 1] if age_choice > 0 else None
        for name, source, field in (
            (self.CAPACITY_FIELD, supply, capacity_field),
            (self.DEMAND_FIELD, demand, demand_field),
        ):
            if field and source.fields().lookupField(field) < 0:
                raise QgsProcessingException(self.tr("{0}: the field {1} does not exist.").format(name, field))
        return _Inputs(
            supply=supply,
            demand=demand,
            capacity_field=capacity_field,
            demand_field=demand_field,
            catchment=self.parameterAsDouble(parameters, self.CATCHMENT, context),
            decay=DECAY_FUNCTIONS[self.parameterAsEnum(parameters, self.DECAY, context)],
            access_speed=self.parameterAsDouble(parameters, self.ACCESS_SPEED, context),
            age_edition=age_edition,
            age_fields=self._age_fields(demand) if age_edition else [],
            underserved_below=self.parameterAsDouble(parameters, self.UNDERSERVED_BELOW, context),
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Steps 1 and 2: the supply points with their capacity, the demand with its people (None when
        cancelled)."""
        steps.setCurrentStep(1)
        capacity_field = inputs.capacity_field
        supply_ids, supply_xy, supply_rows, skipped = read_points(
            inputs.supply, network.crs, context, steps, attributes=[capacity_field] if capacity_field else []
        )
        if skipped:
            steps.pushWarning(self.tr("{0} supply points skipped: empty or invalid geometry.").format(skipped))
        if steps.isCanceled():
            return None
        self.require(len(supply_xy) > 0, self.tr("The supply layer has no usable point."))
        capacity = self._capacity(supply_rows, capacity_field, steps)
        if inputs.access_speed <= 0:
            warn_far_from_roads(network.graph, supply_xy, self.SUPPLY, steps)

        steps.setCurrentStep(2)
        demand_ids, demand_xy, demand_rows, skipped = read_points(
            inputs.demand, network.crs, context, steps, attributes=inputs.age_fields or [inputs.demand_field]
        )
        if skipped:
            steps.pushWarning(self.tr("{0} demand features skipped: empty or invalid geometry.").format(skipped))
        if steps.isCanceled():
            return None
        self.require(len(demand_xy) > 0, self.tr("The demand layer has no usable feature."))
        if inputs.age_edition:
            people = self._standardised_demand(demand_rows, inputs.age_fields, inputs.age_edition, steps)
        else:
            column = [row[0] for row in demand_rows]
            people = checked_numbers(column, inputs.demand_field, self.DEMAND_FIELD, steps).values
        if steps.isCanceled():
            return None
        return _Places(network, supply_ids, supply_xy, capacity, demand_ids, demand_xy, people)

    # -- compute ----------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """The 2SFCA result (None when cancelled)."""
        steps.pushInfo(
            self.tr("Searching {0} supply points' catchments of {1} min over {2} demand features…").format(
                len(places.supply_xy), f"{inputs.catchment:g}", len(places.demand_xy)
            )
        )
        # One bounded search per supply point (usually far fewer than demand points), over the reversed
        # graph: times are those of the trip from each home to the facility, one-way streets included.
        pairs = bounded_travel_times(
            places.network.graph,
            places.supply_xy,
            places.demand_xy,
            inputs.catchment * 60.0,
            access_speed_kmh=inputs.access_speed,
            progress=lambda fraction: steps.setProgress(100.0 * fraction),
            is_canceled=steps.isCanceled,
            reverse=True,
        )
        if steps.isCanceled():
            return None
        result = two_step_fca(
            places.capacity,
            places.people,
            pairs.source_index,
            pairs.target_index,
            pairs.time_s / 60.0,
            inputs.catchment,
            inputs.decay,
        )
        self._report(result, places.people, places.capacity, steps)
        return result

    # -- write ------------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, result, steps):
        per_person = result.access_index / 1000.0
        sous_dense = self._sous_dense(per_person, places.people, inputs.underserved_below, steps)
        record = self._record(parameters, context, inputs, places.network, steps)
        demand_dest = self._write_layer(
            parameters,
            self.OUTPUT,
            context,
            inputs.demand,
            places.demand_ids,
            DEMAND_RESULT_FIELDS,
            [result.access_index, result.supply_in_reach, per_person, sous_dense],
            steps,
        )
        if demand_dest is None:
            return {}  # a cut-short layer is not a result
        breaks = quantile_breaks(result.access_index)
        record.style(self, demand_dest, context, lambda layer: apply_access_index(layer, breaks))
        supply_dest = self._write_layer(
            parameters,
            self.OUTPUT_SUPPLY,
            context,
            inputs.supply,
            places.supply_ids,
            SUPPLY_RESULT_FIELDS,
            [places.capacity, result.weighted_demand, result.ratio],
            steps,
        )
        if supply_dest is None:
            return {}
        record.style(self, supply_dest, context, apply_service_points, title=self.tr("Supply ratio (2SFCA)"))
        return {self.OUTPUT: demand_dest, self.OUTPUT_SUPPLY: supply_dest}

    def _sous_dense(self, per_person, people, underserved_below, feedback):
        """The sous_dense column: 1 below ``underserved_below`` per person, else 0; NULL when no threshold."""
        if underserved_below <= 0:
            return [None] * len(per_person)
        sous_dense = (per_person < underserved_below).astype(np.int64)
        feedback.pushInfo(
            self.tr("{0} of {1} people live where the index is below {2} per person (sous_dense).").format(
                f"{people[sous_dense == 1].sum():,.0f}", f"{people.sum():,.0f}", f"{underserved_below:g}"
            )
        )
        return sous_dense

    def _record(self, parameters, context, inputs, network, feedback):
        summary = {
            "supply": inputs.supply.sourceName(),
            "capacity_field": inputs.capacity_field or "(1 per supply point)",
            "demand": inputs.demand.sourceName(),
            "demand_field": inputs.demand_field,
            "catchment_min": inputs.catchment,
            "decay": inputs.decay,
            "access_speed_kmh": inputs.access_speed,
            "age_weights": f"DREES APL {inputs.age_edition}: {drees_source()}" if inputs.age_edition else "none",
            "underserved_below": inputs.underserved_below,
        }
        abstract = self.tr(
            "Two-step floating catchment area (2SFCA): for each supply point, ratio = capacity per 1,000 people "
            "weighted by the decay ({0}) within {1} min of drive; for each demand feature, access_index = sum "
            "of the weighted ratios of the supply points in reach (0 when none)."
        ).format(inputs.decay, f"{inputs.catchment:g}")
        title = self.tr("Accessibility index (2SFCA)")
        layers = [self.SUPPLY, self.DEMAND]
        return network_record(self, parameters, context, network, layers, summary, title, abstract, feedback)

    def _age_fields(self, demand):
        fields = [f.name() for f in demand.fields() if parse_age_class(f.name())]
        if not fields:
            raise QgsProcessingException(
                self.tr(
                    "AGE_WEIGHTS: DEMAND has no age-class field (ind_0_3 … ind_80p of the Filosofi grid). Give the "
                    "population grid with its age classes, or choose no age standardisation."
                )
            )
        if demand.fields().lookupField(UNKNOWN_AGE_FIELD) >= 0:
            fields.append(UNKNOWN_AGE_FIELD)
        return fields

    def _standardised_demand(self, demand_rows, age_fields, edition, feedback):
        classes = [name for name in age_fields if name != UNKNOWN_AGE_FIELD]
        columns = {
            name: checked_numbers([row[i] for row in demand_rows], name, self.DEMAND, feedback).values
            for i, name in enumerate(age_fields)
        }
        weights = age_class_weights(classes, edition)
        feedback.pushInfo(
            self.tr("Age-standardised demand (DREES {0}): {1}.").format(
                edition, ", ".join(f"{name} × {weights[name]:.3f}" for name in classes)
            )
        )
        unknown = columns.pop(UNKNOWN_AGE_FIELD, None)
        return age_weighted_demand(columns, weights, unknown)

    def _capacity(self, supply_rows, capacity_field, feedback):
        if not capacity_field:
            feedback.pushInfo(self.tr("No capacity field: each supply point counts as 1."))
            return np.ones(len(supply_rows))
        column = checked_numbers([row[0] for row in supply_rows], capacity_field, self.CAPACITY_FIELD, feedback)
        if column.null_count == len(supply_rows):
            raise QgsProcessingException(
                self.tr(
                    "CAPACITY_FIELD {0} has no value on any supply point: there is no capacity to share. Choose "
                    "another field, or leave it empty to count each supply point as 1."
                ).format(capacity_field)
            )
        if not column.values.any():
            feedback.pushWarning(self.tr("Every capacity is 0: every access index will be 0."))
        return column.values

    def _report(self, result, people, capacity, feedback):
        out_of_reach = result.supply_in_reach == 0
        feedback.pushInfo(
            self.tr("{0} of {1} people have no supply point within the catchment (access_index 0).").format(
                f"{people[out_of_reach].sum():,.0f}", f"{people.sum():,.0f}"
            )
        )
        lonely = int(np.isnan(result.ratio).sum())
        if lonely:
            feedback.pushWarning(
                self.tr("{0} supply point(s) have no demand in their catchment (ratio NULL).").format(lonely)
            )
        reached = people.sum() - people[out_of_reach].sum()
        if reached > 0:
            mean = float(np.dot(result.access_index, people) / people.sum())
            feedback.pushInfo(
                self.tr("Population-weighted mean access index: {0} per 1,000 people.").format(f"{mean:.3f}")
            )

    def _write_layer(self, parameters, name, context, source, feature_ids, specs, columns, feedback):
        """Each feature read with the result columns; input fields of the same names (an earlier run) are replaced."""
        return write_columns_per_origin(
            self, parameters, context, source, feature_ids, specs, columns, feedback, name, replace_same_names=True
        )
