"""vigie:servicebasket — time to the nearest service of each category of a basket, one search per category."""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.basket import (
    DEFAULT_CLASS_EDGES,
    basket_by_area,
    basket_table,
    category_travel_times,
)
from ..plugin.core.reference.basket import (
    BPE_RANGES,
    basket_from_codes,
    bpe_range_basket,
    bpe_ranges_available,
    insee_basket,
)
from ..plugin.core.reference.bpe_ranges import kit_has_range_table
from ..plugin.qgis_bridge import ogr_file_and_layer, read_points
from ..plugin.styles import apply_time_bands
from ._areas import AreaSplitting, write_area_table
from ._indicators_common import (
    checked_numbers,
    field_or_default,
    field_values,
    network_record,
    new_fields,
    parse_threshold_text,
)
from ._per_origin import write_per_origin
from .fetch_common import range_table_parameter
from .network_base import RoadNetworkAlgorithm
from .place_parameters import add_access_speed, add_max_time, add_origins, place_sources, read_origins
from .road_network import add_network_parameters

# BASKET options, in this order (models store the index).
BASKET_INSEE, BASKET_PROXIMITE, BASKET_INTERMEDIAIRE, BASKET_SUPERIEURE, BASKET_PRESENT = range(5)


def _values(frame):
    """Rows of a frame as lists of plain Python values, NaN and <NA> as None."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_integer_dtype(series.dtype):
            columns.append([None if pd.isna(v) else int(v) for v in series])
        else:
            columns.append([None if not np.isfinite(v) else float(v) for v in series.to_numpy(dtype=float)])
    return [list(row) for row in zip(*columns)]


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    origins: object
    services: object
    category_field: str
    far_min: float
    thresholds: list
    max_time_min: float
    access_speed: float
    basket: object  # None: every category present in the services
    by_code: bool  # the basket lists BPE codes (INSEE's basket, BPE ranges), not category values
    areas: object  # None: only the whole territory
    area_field: object  # None: areas named by their feature id


@dataclass
class _Places:
    """The network and the points read on it: the services of the basket with their category, the origins."""

    network: object
    service_xy: object
    labels: list
    basket_ids: list
    present: list  # the basket's categories with at least one service point
    origin_ids: list
    origin_xy: object


class ServiceBasketAlgorithm(AreaSplitting, RoadNetworkAlgorithm):
    ALGORITHM_NAME = "servicebasket"
    GROUP_ID = "indicators"
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    POPULATION_FIELD = "POPULATION_FIELD"
    SERVICES = "SERVICES"
    CATEGORY_FIELD = "CATEGORY_FIELD"
    BASKET = "BASKET"
    BPE_EDITION = "BPE_EDITION"
    RANGE_TABLE = "RANGE_TABLE"
    CATEGORIES = "CATEGORIES"
    FAR_MIN = "FAR_MIN"
    THRESHOLDS = "THRESHOLDS"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    OUTPUT_AREAS = "OUTPUT_AREAS"

    def displayName(self):
        return self.tr("Service basket: time to the nearest of each service")

    def shortDescription(self):  # noqa: N802
        return self.tr(
            "Time from every origin to the nearest service of each category of a basket (INSEE's everyday "
            "basket, a BPE range), the basket mean and the share of people far from it, per area."
        )

    def basket_options(self):
        return [
            self.tr("INSEE basket of everyday services (panier de la vie courante)"),
            self.tr("BPE local range (gamme de proximité)"),
            self.tr("BPE intermediate range (gamme intermédiaire)"),
            self.tr("BPE upper range (gamme supérieure)"),
            self.tr("Every category present in the services"),
        ]

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        add_origins(self)
        self.add_field_parameter(
            self.POPULATION_FIELD,
            self.tr("Population field"),
            self.ORIGINS,
            self.tr("Number of people of each origin, used for the per-area figures (NULL counts as 0)."),
            default="ind",
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.SERVICES, self.tr("Services (points)"), [QgsProcessing.TypeVectorPoint]
            ),
            self.tr(
                "Service points of every category, e.g. the BPE equipment of the territory and a buffer around it "
                "(vigie:fetchbpe)."
            ),
        )
        self.add_field_parameter(
            self.CATEGORY_FIELD,
            self.tr("Category field"),
            self.SERVICES,
            self.tr("Field holding each service's category: the BPE TYPEQU code for the INSEE basket and BPE ranges."),
            default="typequ",
        )
        self.add_parameter(
            QgsProcessingParameterEnum(self.BASKET, self.tr("Basket"), self.basket_options(), defaultValue=0),
            self.tr(
                "Which categories make the basket: INSEE's 22 everyday services (Insee Première n° 1579), one BPE "
                "range, or every category found in the services. CATEGORIES overrides it."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterString(
                self.CATEGORIES, self.tr("Categories (explicit list, overrides the basket)"), "", optional=True
            ),
            self.tr("Category values separated by commas, e.g. D201,D301,B203; each one is a category of the basket."),
        )
        self.add_number_parameter(
            self.FAR_MIN,
            self.tr("'Far' threshold of the basket mean (minutes)"),
            7.0,
            self.tr("A person is 'far' (éloigné) when the basket mean exceeds it: 7 minutes for INSEE's basket."),
            minimum=0.0,
        )
        self.add_parameter(
            QgsProcessingParameterString(self.BPE_EDITION, self.tr("BPE edition of the services"), "", optional=True),
            self.tr(
                "Edition (year) of the services' BPE. INSEE's basket then reads the codes of that edition (INSEE "
                "renumbered them in 2023) and a BPE range the table of that edition. Empty: the basket takes the "
                "codes of every edition, a range the latest edition Vigie knows."
            ),
            advanced=True,
        )
        self.add_parameter(*range_table_parameter(self, self.RANGE_TABLE), advanced=True)
        self.add_parameter(
            QgsProcessingParameterString(self.THRESHOLDS, self.tr("Count thresholds (minutes)"), "7,15,30"),
            self.tr("n_within_<T> counts the basket's services reached within T minutes; increasing minutes."),
            advanced=True,
        )
        add_max_time(
            self,
            0.0,
            self.tr("Services farther than this are not reached (NULL time; the basket mean is then unknown)."),
        )
        self.parameterDefinition(self.MAX_TIME).setFlags(
            self.parameterDefinition(self.MAX_TIME).flags() | QgsProcessingParameterNumber.FlagAdvanced
        )
        add_access_speed(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.AREAS, self.tr("Areas (communes, EPCI…)"), [QgsProcessing.TypeVectorPolygon], optional=True
            ),
            self.tr("Polygons to aggregate into; an origin cell straddling a boundary is split by area."),
        )
        self.add_field_parameter(
            self.AREA_FIELD,
            self.tr("Area identifier field"),
            self.AREAS,
            self.tr("Field of AREAS copied into area_id (e.g. the commune code); the feature id when empty."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Service basket (origins)")),
            self.tr("The origins with t_<category>, basket_mean_min, basket_max_min, n_within_<T> and far."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_AREAS, self.tr("Service basket per area"), optional=True, createByDefault=True
            ),
            self.tr(
                "Per area and for the whole territory (row TOTAL): population-weighted mean and median of each time, "
                "share of the population far from the basket, population per class of basket mean."
            ),
        )

    # -- parameters -------------------------------------------------------------------------------

    def _basket(self, parameters, context, far_min):
        explicit = self.parameterAsString(parameters, self.CATEGORIES, context)
        if explicit.strip():
            codes = [c.strip() for c in explicit.replace(";", ",").split(",") if c.strip()]
            return basket_from_codes(codes, self.tr("explicit list"), far_min), False
        choice = self.parameterAsEnum(parameters, self.BASKET, context)
        edition = self.parameterAsString(parameters, self.BPE_EDITION, context).strip() or None
        if choice == BASKET_INSEE:
            try:
                return insee_basket(edition), True
            except ValueError as error:
                raise QgsProcessingException(self.tr("BPE_EDITION: {0}.").format(error)) from None
        if choice == BASKET_PRESENT:
            return None, False
        if not bpe_ranges_available():
            raise QgsProcessingException(
                self.tr(
                    "BASKET: the BPE range tables are not installed with this version of Vigie. Choose INSEE's "
                    "basket, or list the codes in CATEGORIES."
                )
            )
        table = self.parameterAsFile(parameters, self.RANGE_TABLE, context) or self._kit_range_table(
            parameters, context
        )
        range_name = BPE_RANGES[choice - BASKET_PROXIMITE]
        try:
            return bpe_range_basket(range_name, edition, far_min, table), True
        except LookupError as error:
            raise QgsProcessingException(
                self.tr(
                    "BASKET: {0}. Give that table in RANGE_TABLE, or list the codes of the range in CATEGORIES."
                ).format(str(error).strip("'\""))
            ) from None
        except (OSError, ValueError) as error:
            raise QgsProcessingException(
                self.tr("BPE_EDITION / RANGE_TABLE: {0}. Leave BPE_EDITION empty for the latest edition.").format(
                    str(error).strip("'\"")
                )
            ) from None

    def _kit_range_table(self, parameters, context):
        """The territory kit SERVICES comes from, when it keeps INSEE's table of ranges (``bpe_ranges``)."""
        layer = self.parameterAsVectorLayer(parameters, self.SERVICES, context)
        if layer is None or layer.providerType() != "ogr":
            return None
        path, _ = ogr_file_and_layer(layer.source())
        return str(path) if kit_has_range_table(path) else None

    def _categorise(self, services, values, basket, by_code, feedback):
        """Per service point, the basket category it counts for ('' = none); every category present when no basket."""
        clean = ["" if v is None or str(v) == "NULL" else str(v).strip() for v in values]
        if basket is None:
            return clean, sorted({c for c in clean if c})
        if by_code:
            table = basket.category_of_code()
            labels = [table.get(c.upper(), [""])[0] for c in clean]
        else:
            wanted = set(basket.category_ids)
            labels = [c if c in wanted else "" for c in clean]
        ignored = sum(1 for label in labels if not label)
        if ignored:
            feedback.pushInfo(self.tr("{0} service point(s) are of no category of the basket.").format(ignored))
        return labels, basket.category_ids

    # -- run ---------------------------------------------------------------------------------------

    # -- read -------------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        origins, services = place_sources(self, parameters, context, [self.ORIGINS, self.SERVICES])
        category_field = field_or_default(self, parameters, self.CATEGORY_FIELD, context, services)
        far_min = self.parameterAsDouble(parameters, self.FAR_MIN, context)
        thresholds = parse_threshold_text(self.parameterAsString(parameters, self.THRESHOLDS, context), self.THRESHOLDS)
        max_time_min = self.parameterAsDouble(parameters, self.MAX_TIME, context)
        access_speed = self.parameterAsDouble(parameters, self.ACCESS_SPEED, context)
        basket, by_code = self._basket(parameters, context, far_min)
        return _Inputs(
            origins=origins,
            services=services,
            category_field=category_field,
            far_min=far_min,
            thresholds=thresholds,
            max_time_min=max_time_min,
            access_speed=access_speed,
            basket=basket,
            by_code=by_code,
            areas=self.parameterAsSource(parameters, self.AREAS, context),
            area_field=self.parameterAsString(parameters, self.AREA_FIELD, context) or None,
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Steps 1 and 2: the services of the basket with their category, the origins (None when cancelled)."""
        if inputs.basket is not None and inputs.basket.unmapped:
            # A service whose code in this edition is unknown is left out, never averaged as absent.
            steps.pushWarning(
                self.tr(
                    "INSEE's basket: no BPE code of this edition is known for {0}; the basket mean is over the {1} "
                    "other services. List every code in CATEGORIES to add it."
                ).format(", ".join(inputs.basket.unmapped), len(inputs.basket.categories))
            )
        steps.setCurrentStep(1)
        steps.pushInfo(self.tr("Reading the services…"))
        category_field = inputs.category_field
        _, service_xy, rows, skipped = read_points(
            inputs.services, network.crs, context, steps, attributes=[category_field]
        )
        if skipped:
            steps.pushWarning(self.tr("{0} service point(s) skipped: empty or invalid geometry.").format(skipped))
        values = [row[0] for row in rows]
        labels, basket_ids = self._categorise(inputs.services, values, inputs.basket, inputs.by_code, steps)
        self.require(
            any(labels),
            self.tr(
                "SERVICES: no service point belongs to the basket (field {0}). Check CATEGORY_FIELD (BPE TYPEQU codes "
                "for INSEE's basket and the BPE ranges) or list the categories in CATEGORIES."
            ).format(category_field),
        )

        steps.setCurrentStep(2)
        origin_ids, origin_xy = read_origins(inputs.origins, network.crs, context, steps)
        if steps.isCanceled():
            return None
        # Only the points of the basket are tied to the graph.
        keep = np.array([bool(label) for label in labels], dtype=bool)
        labels = [label for label in labels if label]
        found = set(labels)
        present = [c for c in basket_ids if c in found]
        return _Places(network, service_xy[keep], labels, basket_ids, present, origin_ids, origin_xy)

    # -- compute ----------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """The basket table of the origins (one row each, in the order read), or None when cancelled."""
        steps.pushInfo(
            self.tr("Searching the nearest service of {0} categories for {1} origins…").format(
                len(places.present), len(places.origin_xy)
            )
        )
        times_min = {}
        for done, (category, result) in enumerate(
            category_travel_times(
                places.network.graph,
                places.origin_xy,
                places.service_xy,
                places.labels,
                max_time_s=inputs.max_time_min * 60.0 if inputs.max_time_min > 0 else None,
                access_speed_kmh=inputs.access_speed,
                only=places.present,
                is_canceled=steps.isCanceled,
                distances=False,
            ),
            start=1,
        ):
            times_min[category] = result.time_s / 60.0
            steps.setProgress(100.0 * done / max(len(places.present), 1))
        if steps.isCanceled():
            return None
        frame = basket_table(times_min, places.basket_ids, inputs.far_min, inputs.thresholds)
        absent = frame.attrs["absent_categories"]
        if absent:
            steps.pushWarning(
                self.tr(
                    "{0} categories of the basket have no service point in SERVICES (absent from the territory and "
                    "its buffer): {1}. They are left out of the basket mean, not counted as 0."
                ).format(len(absent), ", ".join(absent))
            )
        unknown = int(frame["far"].isna().sum())
        if unknown:
            steps.pushWarning(
                self.tr(
                    "{0} origins do not reach every category of the basket (beyond MAX_TIME or on a separate part of "
                    "the network): their basket mean is NULL."
                ).format(unknown)
            )
        return frame

    # -- write ------------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, frame, steps):
        record = self._record(parameters, context, inputs, places, frame, steps)
        origins_id = self._write_origins(parameters, context, steps, inputs.origins, places.origin_ids, frame)
        if origins_id is None:
            return {}
        record.style(self, origins_id, context, lambda layer: apply_time_bands(layer, "basket_mean_min"))
        results = {self.OUTPUT: origins_id}
        if self.parameterDefinition(self.OUTPUT_AREAS) and parameters.get(self.OUTPUT_AREAS) is not None:
            areas_id = self._write_areas(parameters, context, steps, inputs, places.origin_ids, frame, record)
            if areas_id:
                results[self.OUTPUT_AREAS] = areas_id
        return results

    def _record(self, parameters, context, inputs, places, frame, feedback):
        basket, absent = inputs.basket, ",".join(frame.attrs["absent_categories"])
        summary = {
            "basket": basket.id if basket is not None else "every category present",
            "basket_source": basket.source if basket is not None else "",
            "categories": ",".join(places.present),
            "absent_categories": absent,
            self.CATEGORY_FIELD: inputs.category_field,
            self.FAR_MIN: inputs.far_min,
            self.THRESHOLDS: ",".join(f"{t:g}" for t in inputs.thresholds),
            self.MAX_TIME: inputs.max_time_min,
            self.ACCESS_SPEED: inputs.access_speed,
        }
        abstract = self.tr(
            "Drive time from each origin to the nearest service of each category of the basket (t_<category>), "
            "their mean (basket_mean_min, INSEE's definition) and maximum, the number reached within each "
            "threshold, and far = 1 when the mean exceeds {0} min. Categories absent from the services: {1}."
        ).format(f"{inputs.far_min:g}", absent or "–")
        title = self.tr("Service basket")
        layers = [self.ORIGINS, self.SERVICES, self.AREAS]
        return network_record(self, parameters, context, places.network, layers, summary, title, abstract, feedback)

    def _write_origins(self, parameters, context, feedback, origins, origin_ids, frame):
        added = new_fields(
            *[
                (name, QVariant.Int if name.startswith("n_within_") or name == "far" else QVariant.Double)
                for name in frame.columns
            ]
        )
        rows = _values(frame)
        return write_per_origin(
            self,
            parameters,
            context,
            origins,
            origin_ids,
            added,
            rows.__getitem__,
            feedback,
            replace_same_names=True,
        )

    def _write_areas(self, parameters, context, feedback, inputs, origin_ids, frame, record):
        origins, areas_source, area_field = inputs.origins, inputs.areas, inputs.area_field
        population_field = field_or_default(self, parameters, self.POPULATION_FIELD, context, origins)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([population_field], origins.fields())
        ids, values = field_values(origins, population_field, request)
        by_id = dict(zip(ids, checked_numbers(values, population_field, self.POPULATION_FIELD, feedback).values))
        population = np.array([by_id.get(fid, 0.0) for fid in origin_ids], dtype=float)

        area_features, membership, area_ids = [], None, []
        if areas_source is not None:
            area_features, membership = self._split_by_location(origins, origin_ids, areas_source, context, feedback)
            if feedback.isCanceled():
                return None
            self._report_outside(population, membership, feedback)
            if area_field:
                index = areas_source.fields().lookupField(area_field)
                area_ids = [str(f.attributes()[index]) for f in area_features]
            else:
                area_ids = [str(f.id()) for f in area_features]
        table = basket_by_area(population, frame, membership, len(area_ids) if membership is not None else None)
        indicator_columns = [c for c in table.columns if c not in ("area_index", "is_total")]
        specs = [(name, QVariant.Double) for name in indicator_columns] + [("absent_categories", QVariant.String)]
        absent = record.summary["absent_categories"]
        rows = [values + [absent] for values in _values(table[indicator_columns])]
        dest_id = write_area_table(
            self,
            parameters,
            self.OUTPUT_AREAS,
            context,
            table,
            specs,
            rows,
            areas_source,
            area_features,
            area_ids,
            origins.sourceCrs(),
        )
        total = table[table.is_total == 1].iloc[0]
        feedback.pushInfo(
            self.tr("Whole territory: basket mean {0} min on average, {1} % of {2} people far from the basket.").format(
                f"{total['mean_basket_mean_min']:.1f}", f"{total['share_far']:.1f}", f"{total['pop_total']:,.0f}"
            )
        )
        area_summary = dict(record.summary)
        area_summary[self.POPULATION_FIELD] = population_field
        area_summary[self.AREA_FIELD] = area_field or ""
        area_summary["classes_min"] = ",".join(f"{e:g}" for e in DEFAULT_CLASS_EDGES)
        area_record = replace(
            record,
            title=self.tr("Service basket per area"),
            abstract=self.tr(
                "Per area and for the whole territory (row TOTAL): population-weighted mean (mean_*) and median "
                "(med_*) of each time, population far from the basket (pop_far, share_far in % of the people whose "
                "mean is known), pop_unknown, population per class of basket mean. Cells straddling a boundary "
                "are split."
            ),
            summary=area_summary,
        )
        area_style = (
            (lambda layer: apply_time_bands(layer, "mean_basket_mean_min")) if areas_source is not None else None
        )
        area_record.style(self, dest_id, context, area_style)
        return dest_id
