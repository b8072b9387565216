"""vigie:accessibility2sfca — capacity per 1,000 people, shared among everybody who can reach it (2SFCA)."""

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.fca import DECAY_FUNCTIONS, age_weighted_demand, two_step_fca
from ..plugin.core.reference.basket import age_class_weights, drees_editions, drees_source, parse_age_class
from ..plugin.core.routing import bounded_travel_times
from ..plugin.qgis_bridge import read_points
from ..plugin.styles import apply_access_index, apply_service_points
from ._indicators_common import (
    checked_numbers,
    documented,
    field_or_default,
    layer_sources,
    sql_value,
    warn_far_from_roads,
)
from .base import VigieAlgorithm
from .place_parameters import add_access_speed, place_sources
from .road_network import add_network_parameters, load_network

DEMAND_RESULT_FIELDS = (
    ("access_index", QVariant.Double),
    ("supply_in_reach", QVariant.Int),
    ("per_person", QVariant.Double),
    ("sous_dense", QVariant.Int),
)
# People of unknown age in Filosofi cells: they weigh 1 (the mean) in age-standardised demand.
UNKNOWN_AGE_FIELD = "ind_inc"
SUPPLY_RESULT_FIELDS = (("capacity", QVariant.Double), ("weighted_demand", QVariant.Double), ("ratio", QVariant.Double))


def _with_result_fields(input_fields, specs):
    """Input fields (minus any of the same names, e.g. from a previous run) followed by the result fields."""
    names = {name for name, _ in specs}
    kept = [i for i, field in enumerate(input_fields) if field.name() not in names]
    fields = QgsFields()
    for i in kept:
        fields.append(input_fields.at(i))
    for name, kind in specs:
        fields.append(QgsField(name, kind))
    return fields, kept


def quantile_breaks(values, classes=5):
    """Distinct upper limits of ``classes`` quantile classes of the positive values (for the legend)."""
    positive = np.asarray(values, dtype=float)
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if len(positive) == 0:
        return []
    limits = np.quantile(positive, np.linspace(0, 1, classes + 1)[1:])
    return sorted({float(f"{limit:.4g}") for limit in limits})


class Accessibility2sfcaAlgorithm(VigieAlgorithm):
    ALGORITHM_NAME = "accessibility2sfca"
    GROUP_ID = "indicators"

    SUPPLY = "SUPPLY"
    CAPACITY_FIELD = "CAPACITY_FIELD"
    DEMAND = "DEMAND"
    DEMAND_FIELD = "DEMAND_FIELD"
    CATCHMENT = "CATCHMENT"
    DECAY = "DECAY"
    AGE_WEIGHTS = "AGE_WEIGHTS"
    UNDERSERVED_BELOW = "UNDERSERVED_BELOW"
    ACCESS_SPEED = "ACCESS_SPEED"
    OUTPUT = "OUTPUT"
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
        self.add_parameter(
            QgsProcessingParameterField(
                self.CAPACITY_FIELD,
                self.tr("Capacity field"),
                None,
                self.SUPPLY,
                QgsProcessingParameterField.Any,
                optional=True,
            ),
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
        self.add_parameter(
            QgsProcessingParameterField(
                self.DEMAND_FIELD,
                self.tr("Demand field"),
                "ind",
                self.DEMAND,
                QgsProcessingParameterField.Any,
                optional=True,
            ),
            self.tr("People of each demand feature, e.g. ind, or ind_0_3 for children under 4 (NULL counts as 0)."),
        )
        self.add_parameter(
            QgsProcessingParameterNumber(
                self.CATCHMENT,
                self.tr("Catchment (minutes)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=20.0,
                minValue=0.1,
            ),
            self.tr("Drive time beyond which a supply point is out of reach (DREES's APL uses 20 minutes)."),
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
        self.add_parameter(
            QgsProcessingParameterNumber(
                self.UNDERSERVED_BELOW,
                self.tr("Under-served below (capacity per person, 0 = no flag)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=0.0,
                minValue=0.0,
            ),
            self.tr(
                "sous_dense = 1 where per_person is below this value. DREES: 2.5 consultations per year per "
                "inhabitant, with capacities in consultations per year."
            ),
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

    def processAlgorithm(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(5, feedback)
        supply, demand = place_sources(self, parameters, context, [self.SUPPLY, self.DEMAND])
        capacity_field = self.parameterAsString(parameters, self.CAPACITY_FIELD, context) or None
        demand_field = field_or_default(self, parameters, self.DEMAND_FIELD, context, demand)
        catchment = self.parameterAsDouble(parameters, self.CATCHMENT, context)
        decay = DECAY_FUNCTIONS[self.parameterAsEnum(parameters, self.DECAY, context)]
        access_speed = self.parameterAsDouble(parameters, self.ACCESS_SPEED, context)
        age_choice = self.parameterAsEnum(parameters, self.AGE_WEIGHTS, context)
        age_edition = drees_editions()[age_choice - 1] if age_choice > 0 else None
        underserved_below = self.parameterAsDouble(parameters, self.UNDERSERVED_BELOW, context)
        age_fields = self._age_fields(demand) if age_edition else []
        for name, source, field in (
            (self.CAPACITY_FIELD, supply, capacity_field),
            (self.DEMAND_FIELD, demand, demand_field),
        ):
            if field and source.fields().lookupField(field) < 0:
                raise QgsProcessingException(self.tr("{0}: the field {1} does not exist.").format(name, field))

        steps.setCurrentStep(0)
        network = load_network(self, parameters, context, steps)
        if network is None or steps.isCanceled():
            return {}

        steps.setCurrentStep(1)
        supply_ids, supply_xy, supply_rows, skipped = read_points(
            supply, network.crs, context, steps, attributes=[capacity_field] if capacity_field else []
        )
        if skipped:
            steps.pushWarning(self.tr("{0} supply points skipped: empty or invalid geometry.").format(skipped))
        if steps.isCanceled():
            return {}
        self.require(len(supply_xy) > 0, self.tr("The supply layer has no usable point."))
        capacity = self._capacity(supply_rows, capacity_field, steps)
        if access_speed <= 0:
            warn_far_from_roads(network.graph, supply_xy, self.SUPPLY, steps)

        steps.setCurrentStep(2)
        demand_ids, demand_xy, demand_rows, skipped = read_points(
            demand, network.crs, context, steps, attributes=age_fields or [demand_field]
        )
        if skipped:
            steps.pushWarning(self.tr("{0} demand features skipped: empty or invalid geometry.").format(skipped))
        if steps.isCanceled():
            return {}
        self.require(len(demand_xy) > 0, self.tr("The demand layer has no usable feature."))
        if age_edition:
            people = self._standardised_demand(demand_rows, age_fields, age_edition, steps)
        else:
            people = checked_numbers([row[0] for row in demand_rows], demand_field, self.DEMAND_FIELD, steps).values
        if steps.isCanceled():
            return {}

        steps.setCurrentStep(3)
        steps.pushInfo(
            self.tr("Searching {0} supply points' catchments of {1} min over {2} demand features…").format(
                len(supply_xy), f"{catchment:g}", len(demand_xy)
            )
        )
        # One bounded search per supply point (usually far fewer than demand points), over the reversed
        # graph: times are those of the trip from each home to the facility, one-way streets included.
        pairs = bounded_travel_times(
            network.graph,
            supply_xy,
            demand_xy,
            catchment * 60.0,
            access_speed_kmh=access_speed,
            progress=lambda fraction: steps.setProgress(100.0 * fraction),
            is_canceled=steps.isCanceled,
            reverse=True,
        )
        if steps.isCanceled():
            return {}
        result = two_step_fca(
            capacity, people, pairs.source_index, pairs.target_index, pairs.time_s / 60.0, catchment, decay
        )
        self._report(result, people, capacity, steps)

        steps.setCurrentStep(4)
        summary = dict(network.parameters_summary)
        summary.update(
            {
                "supply": supply.sourceName(),
                "capacity_field": capacity_field or "(1 per supply point)",
                "demand": demand.sourceName(),
                "demand_field": demand_field,
                "catchment_min": catchment,
                "decay": decay,
                "access_speed_kmh": access_speed,
                "age_weights": f"DREES APL {age_edition}: {drees_source()}" if age_edition else "none",
                "underserved_below": underserved_below,
            }
        )
        per_person = result.access_index / 1000.0
        sous_dense = (per_person < underserved_below).astype(np.int64) if underserved_below > 0 else None
        if sous_dense is not None:
            steps.pushInfo(
                self.tr("{0} of {1} people live where the index is below {2} per person (sous_dense).").format(
                    f"{people[sous_dense == 1].sum():,.0f}", f"{people.sum():,.0f}", f"{underserved_below:g}"
                )
            )
            sous_dense_column = sous_dense
        else:
            sous_dense_column = [None] * len(per_person)
        attributions = list(network.attributions) + layer_sources(self, parameters, context, [self.SUPPLY, self.DEMAND])
        abstract = self.tr(
            "Two-step floating catchment area (2SFCA): for each supply point, ratio = capacity per 1,000 people "
            "weighted by the decay ({0}) within {1} min of drive; for each demand feature, access_index = sum "
            "of the weighted ratios of the supply points in reach (0 when none)."
        ).format(decay, f"{catchment:g}")

        demand_dest = self._write(
            parameters,
            self.OUTPUT,
            context,
            demand,
            demand_ids,
            DEMAND_RESULT_FIELDS,
            [result.access_index, result.supply_in_reach, per_person, sous_dense_column],
            steps,
        )
        breaks = quantile_breaks(result.access_index)
        self.style_output(
            demand_dest,
            context,
            documented(
                self.tr("Accessibility index (2SFCA)"),
                abstract,
                "vigie:accessibility2sfca",
                summary,
                attributions,
                lambda layer: apply_access_index(layer, breaks),
            ),
        )
        if steps.isCanceled():
            return {}  # a cut-short layer is not a result
        supply_dest = self._write(
            parameters,
            self.OUTPUT_SUPPLY,
            context,
            supply,
            supply_ids,
            SUPPLY_RESULT_FIELDS,
            [capacity, result.weighted_demand, result.ratio],
            steps,
        )
        self.style_output(
            supply_dest,
            context,
            documented(
                self.tr("Supply ratio (2SFCA)"),
                abstract,
                "vigie:accessibility2sfca",
                summary,
                attributions,
                apply_service_points,
            ),
        )
        if steps.isCanceled():
            return {}
        return {self.OUTPUT: demand_dest, self.OUTPUT_SUPPLY: supply_dest}

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

    def _write(self, parameters, name, context, source, feature_ids, specs, columns, feedback):
        fields, kept = _with_result_fields(source.fields(), specs)
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, source.wkbType(), source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        position = {fid: i for i, fid in enumerate(feature_ids)}
        total = max(len(feature_ids), 1)
        for count, feature in enumerate(source.getFeatures()):
            if feedback.isCanceled():
                break
            i = position.get(feature.id())
            if i is None:
                continue
            attributes = feature.attributes()
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            out.setAttributes([attributes[k] for k in kept] + [sql_value(column[i]) for column in columns])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
            if count % 1000 == 0:
                feedback.setProgress(100.0 * count / total)
        del sink
        return dest_id
