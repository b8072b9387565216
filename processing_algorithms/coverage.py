"""vigie:coverage — population within N minutes of a service, per area and for the whole territory."""

import numpy as np
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.coverage import (
    Membership,
    coverage_by_area,
    coverage_columns,
    membership_from_codes,
)
from ..plugin.core.reference.basket import access_presets
from ..plugin.i18n import user_language
from ..plugin.number_format import format_number
from ..plugin.qgis_bridge import check_crs
from ..plugin.styles import apply_coverage_shares
from ._areas import AreaSplitting, write_area_table
from ._indicators_common import (
    checked_numbers,
    documented,
    field_or_default,
    field_values,
    layer_sources,
    parse_threshold_text,
    threshold_problem,
)
from .base import VigieAlgorithm


class CoverageAlgorithm(AreaSplitting, VigieAlgorithm):
    ALGORITHM_NAME = "coverage"
    GROUP_ID = "indicators"

    POPULATION = "POPULATION"
    POPULATION_FIELD = "POPULATION_FIELD"
    TIME_FIELD = "TIME_FIELD"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    THRESHOLDS = "THRESHOLDS"
    PRESET = "PRESET"
    OUTPUT = "OUTPUT"

    def displayName(self):
        return self.tr("Population coverage within N minutes")

    def initAlgorithm(self, config=None):
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.POPULATION,
                self.tr("Population (points or polygons) with a travel time"),
                [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon],
            ),
            self.tr(
                "Population features (e.g. 200 m cells) carrying a travel time, such as the output of road travel time."
            ),
        )
        self.add_field_parameter(
            self.POPULATION_FIELD,
            self.tr("Population field"),
            self.POPULATION,
            self.tr("Number of people of each feature (NULL counts as 0; text and negative values are refused)."),
            default="ind",
        )
        self.add_field_parameter(
            self.TIME_FIELD,
            self.tr("Travel time field (minutes)"),
            self.POPULATION,
            self.tr("Travel time in minutes; NULL means no service reached."),
            default="time_min",
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.AREAS, self.tr("Areas (communes, EPCI…)"), [QgsProcessing.TypeVectorPolygon], optional=True
            ),
            self.tr("Polygons to aggregate into; a feature straddling a boundary is split by area."),
        )
        self.add_field_parameter(
            self.AREA_FIELD,
            self.tr("Area code field of the population"),
            self.POPULATION,
            self.tr(
                "A code already on the population features (e.g. the commune code). With AREAS, the areas are "
                "joined by a field of the same name instead of by location."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.THRESHOLDS, self.tr("Thresholds (minutes)"), "10,20,30"),
            self.tr("Strictly increasing minutes, separated by commas."),
        )
        french = user_language() == "fr"
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.PRESET,
                self.tr("Official indicator (preset)"),
                [self.tr("None: the thresholds above")]
                + [preset.label_fr if french else preset.label_en for preset in access_presets()],
                defaultValue=0,
            ),
            self.tr(
                "An access indicator French public action is judged by: its threshold replaces THRESHOLDS and its "
                "definition and source go into the output's metadata (France services 30 min, emergency care 30 min, "
                "maternity 45 min, GP 20 min, BPE ranges). Give the times to the services it names."
            ),
        )
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Coverage")))

    def check_values(self, parameters, context):
        return threshold_problem(self, parameters, self.THRESHOLDS, context)

    def processAlgorithm(self, parameters, context, feedback):
        population_source = self.parameterAsSource(parameters, self.POPULATION, context)
        check_crs(population_source, self.POPULATION)
        population_field = field_or_default(self, parameters, self.POPULATION_FIELD, context, population_source)
        time_field = field_or_default(self, parameters, self.TIME_FIELD, context, population_source)
        area_field = self.parameterAsString(parameters, self.AREA_FIELD, context) or None
        areas_source = self.parameterAsSource(parameters, self.AREAS, context)
        if areas_source is not None:
            check_crs(areas_source, self.AREAS)
        thresholds = parse_threshold_text(self.parameterAsString(parameters, self.THRESHOLDS, context), self.THRESHOLDS)
        preset = self._preset(parameters, context)
        if preset is not None:
            thresholds = list(preset.thresholds_min)
            feedback.pushInfo(
                self.tr("Preset {0}: threshold(s) {1} min; services: {2} Source: {3}.").format(
                    preset.id, ",".join(f"{t:g}" for t in thresholds), preset.services_en, preset.source
                )
            )

        fields_wanted = [population_field, time_field] + ([area_field] if area_field else [])
        population_ids, population, times, codes = self._read_population(population_source, fields_wanted, feedback)
        self.require(len(population_ids) > 0, self.tr("The population layer has no feature."))

        area_features, membership, area_ids = [], None, []
        if areas_source is not None and area_field:
            area_features, membership, area_ids = self._join_by_code(areas_source, area_field, codes, feedback)
        elif areas_source is not None:
            area_features, membership = self._split_by_location(
                population_source, population_ids, areas_source, context, feedback
            )
            area_ids = [str(feature.id()) for feature in area_features]
        elif area_field:
            membership, area_ids = membership_from_codes(codes)
            self.require(
                len(area_ids) > 0,
                self.tr("AREA_FIELD {0} is empty on every population feature: no area to aggregate into.").format(
                    area_field
                ),
            )
        if feedback.isCanceled():
            return {}
        if membership is not None:
            self._report_outside(population, membership, feedback)
        table = coverage_by_area(
            population, times, thresholds, membership, len(area_ids) if membership is not None else None
        )
        return self._write(
            parameters, context, feedback, table, thresholds, areas_source, area_features, area_ids, preset
        )

    def _preset(self, parameters, context):
        choice = self.parameterAsEnum(parameters, self.PRESET, context)
        presets = access_presets()
        if choice <= 0:
            return None
        if choice > len(presets):
            raise QgsProcessingException(
                self.tr("PRESET {0} does not exist: choose 0 (none) to {1}.").format(choice, len(presets))
            )
        return presets[choice - 1]

    # -- reading ----------------------------------------------------------------------------------

    def _read_population(self, source, names, feedback):
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes(names, source.fields())
        columns = {}
        ids = []
        for name in names:
            ids, columns[name] = field_values(source, name, request)
        population = checked_numbers(columns[names[0]], names[0], self.POPULATION_FIELD, feedback).values
        times_column = checked_numbers(columns[names[1]], names[1], self.TIME_FIELD, feedback, null_as_zero=False)
        if times_column.valid_count == 0:
            feedback.pushWarning(self.tr("No population feature has a travel time: everybody counts as not reached."))
        codes = columns[names[2]] if len(names) > 2 else None
        return ids, population, times_column.values, codes

    def _join_by_code(self, areas_source, area_field, codes, feedback):
        index = areas_source.fields().lookupField(area_field)
        self.require(
            index >= 0,
            self.tr(
                "AREAS has no field named {0}: with both AREAS and AREA_FIELD, the areas are joined by that field. "
                "Leave AREA_FIELD empty to split by location instead."
            ).format(area_field),
        )
        area_features = list(areas_source.getFeatures())
        area_of_code = {}
        for position, feature in enumerate(area_features):
            value = feature.attributes()[index]
            if value is not None and str(value) != "NULL":
                area_of_code.setdefault(str(value).strip(), position)
        membership_codes, distinct = membership_from_codes(codes)
        known = np.array([area_of_code.get(code, -1) for code in distinct], dtype=np.int64)
        area = known[membership_codes.area] if len(distinct) else np.zeros(0, dtype=np.int64)
        keep = area >= 0
        unknown = sorted({code for code, position in zip(distinct, known) if position < 0})
        if unknown:
            feedback.pushWarning(
                self.tr("{0} code(s) of AREA_FIELD match no area (for example {1}).").format(
                    len(unknown), ", ".join(unknown[:3])
                )
            )
        self.require(keep.any(), self.tr("No code of AREA_FIELD {0} matches a feature of AREAS.").format(area_field))
        membership = Membership(membership_codes.feature[keep], area[keep], membership_codes.fraction[keep])
        area_ids = [str(feature.attributes()[index]) for feature in area_features]
        return area_features, membership, area_ids

    def _aggregation_mode(self, areas_source, parameters, context):
        by_code = bool(self.parameterAsString(parameters, self.AREA_FIELD, context))
        if areas_source is not None:
            return "AREAS joined by AREA_FIELD" if by_code else "AREAS by location, area-weighted split"
        return "AREA_FIELD codes" if by_code else "whole territory only"

    # -- writing ----------------------------------------------------------------------------------

    def _write(self, parameters, context, feedback, table, thresholds, areas_source, area_features, area_ids, preset):
        indicator_columns = coverage_columns(thresholds)
        rows = [[getattr(row, name) for name in indicator_columns] for row in table.itertuples(index=False)]
        dest_id = write_area_table(
            self,
            parameters,
            self.OUTPUT,
            context,
            table,
            [(name, QVariant.Double) for name in indicator_columns],
            rows,
            areas_source,
            area_features,
            area_ids,
            self.parameterAsSource(parameters, self.POPULATION, context).sourceCrs(),
        )
        if feedback.isCanceled():
            return {}  # a cut-short table is not a result
        feedback.setProgress(100)

        total = table[table.is_total == 1].iloc[0]
        for threshold in thresholds:
            column = coverage_columns([threshold])[2]
            share = total[column]
            feedback.pushInfo(
                self.tr("Whole territory: {0} % of {1} people within {2} min.").format(
                    "–" if np.isnan(share) else format_number(share, 1),
                    format_number(total.pop_total),
                    format_number(threshold, 0 if float(threshold).is_integer() else 1),
                )
            )

        shown = coverage_columns([thresholds[len(thresholds) // 2]])[2]
        summary = {
            self.POPULATION_FIELD: self.parameterAsString(parameters, self.POPULATION_FIELD, context),
            self.TIME_FIELD: self.parameterAsString(parameters, self.TIME_FIELD, context),
            self.AREA_FIELD: self.parameterAsString(parameters, self.AREA_FIELD, context),
            self.THRESHOLDS: ",".join(f"{t:g}" for t in thresholds),
            "aggregation": self._aggregation_mode(areas_source, parameters, context),
        }
        abstract = self.tr(
            "Population within each travel-time threshold per area, and for the whole territory (row TOTAL). "
            "Features straddling an area boundary are split in proportion to their area."
        )
        if preset is not None:
            summary[self.PRESET] = preset.id
            summary["preset_services"] = preset.services_en
            summary["preset_source"] = preset.source
            abstract += " " + self.tr("Official indicator: {0} ({1}); services: {2} Source: {3}.").format(
                preset.label_en, preset.label_fr, preset.services_en, preset.source
            )
        apply_style = documented(
            self.tr("Population coverage"),
            abstract,
            "vigie:coverage",
            summary,
            layer_sources(self, parameters, context, [self.POPULATION, self.AREAS], feedback),
            (lambda layer: apply_coverage_shares(layer, shown)) if areas_source is not None else None,
        )
        self.style_output(dest_id, context, apply_style)
        return {self.OUTPUT: dest_id}
