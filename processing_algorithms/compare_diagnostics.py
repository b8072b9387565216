"""vigie:comparediagnostics — the change of each indicator between two results of the same diagnostic."""

from dataclasses import dataclass

from qgis.core import (
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.compare import AFTER_ONLY, BEFORE_ONLY, BOTH, change_summary, compare_results
from ..plugin.qgis_bridge import check_crs
from ..plugin.styles import apply_change
from ._indicators_common import OutputRecord, checked_numbers, feature_with, field_values, layer_sources, sql_value
from .base import VigieAlgorithm

# Identifiers Vigie's own outputs carry, tried in this order when KEY_FIELD is left empty.
KNOWN_KEYS = ("idcar_200m", "area_id", "code", "id")
NUMERIC_TYPES = (QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong, QVariant.Double)


def _attributes_only():
    return QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    before: object
    after: object
    key: str  # the field naming the same cell or area in both
    fields: list  # the indicators compared
    weight_field: object  # None: plain means


class CompareDiagnosticsAlgorithm(VigieAlgorithm):
    ALGORITHM_NAME = "comparediagnostics"
    GROUP_ID = "indicators"

    BEFORE = "BEFORE"
    AFTER = "AFTER"
    KEY_FIELD = "KEY_FIELD"
    FIELDS = "FIELDS"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    OUTPUT = "OUTPUT"

    def displayName(self):
        return self.tr("Compare two diagnostics (before / after)")

    def shortDescription(self):  # noqa: N802
        return self.tr("Change of each indicator per origin or per area between two results of the same diagnostic.")

    def initAlgorithm(self, config=None):
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.BEFORE, self.tr("Earlier result"), [QgsProcessing.TypeVector]),
            self.tr(
                "An output of a Vigie algorithm for the earlier state: travel times per cell, coverage per commune…"
            ),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.AFTER, self.tr("Later result"), [QgsProcessing.TypeVector]),
            self.tr("The output of the same algorithm for the later state (another BPE edition, population, road…)."),
        )
        self.add_field_parameter(
            self.KEY_FIELD,
            self.tr("Identifier field"),
            self.AFTER,
            self.tr(
                "Field naming the same cell or area in both results. Empty: the first of idcar_200m, area_id, code, "
                "id found in both."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterField(
                self.FIELDS,
                self.tr("Indicators to compare"),
                parentLayerParameterName=self.AFTER,
                type=QgsProcessingParameterField.Numeric,
                allowMultiple=True,
                optional=True,
            ),
            self.tr("Numeric fields present in both results. Empty: every numeric field found in both."),
        )
        self.add_parameter(
            QgsProcessingParameterField(
                self.WEIGHT_FIELD,
                self.tr("Weight field for the summary"),
                parentLayerParameterName=self.AFTER,
                type=QgsProcessingParameterField.Numeric,
                optional=True,
            ),
            self.tr("E.g. ind: the log then gives population-weighted means of each indicator before and after."),
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Comparison")),
            self.tr("One row per cell or area with <indicator>_before, _after, _delta (after - before) and status."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        inputs = self._read_inputs(parameters, context)
        comparison = self._compare(inputs, feedback)
        if feedback.isCanceled():
            return {}
        self._report(comparison, inputs.key, inputs.fields, inputs.weight_field, inputs.after, feedback)
        return self._write_outputs(parameters, context, inputs, comparison, feedback)

    # -- read -------------------------------------------------------------------------------------

    def _read_inputs(self, parameters, context):
        before = self.parameterAsSource(parameters, self.BEFORE, context)
        after = self.parameterAsSource(parameters, self.AFTER, context)
        for name, source in ((self.BEFORE, before), (self.AFTER, after)):
            if source is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, name))
            check_crs(source, name)
        key = self._key_field(parameters, context, before, after)
        return _Inputs(
            before=before,
            after=after,
            key=key,
            fields=self._indicator_fields(parameters, context, before, after, key),
            weight_field=self.parameterAsString(parameters, self.WEIGHT_FIELD, context) or None,
        )

    # -- compute ----------------------------------------------------------------------------------

    def _compare(self, inputs, feedback):
        """The engine's comparison of the indicators of both results, matched on the key."""
        values = []
        for label, source in ((self.BEFORE, inputs.before), (self.AFTER, inputs.after)):
            _, keys = field_values(source, inputs.key, _attributes_only())
            columns = {}
            for name in inputs.fields:
                _, raw = field_values(source, name, _attributes_only())
                column = checked_numbers(raw, name, label, feedback, null_as_zero=False, allow_negative=True)
                columns[name] = column.values
            values += [keys, columns]
        try:
            return compare_results(*values)
        except ValueError as error:
            raise QgsProcessingException(
                self.tr("KEY_FIELD {0} does not name each feature once: {1}. Choose an identifier field.").format(
                    inputs.key, str(error)
                )
            ) from error

    # -- write ------------------------------------------------------------------------------------

    def _write_outputs(self, parameters, context, inputs, comparison, feedback):
        key, after = inputs.key, inputs.after
        out_fields = QgsFields()
        out_fields.append(QgsField(key, QVariant.String))
        out_fields.append(QgsField("status", QVariant.String))
        for name in comparison.columns[2:]:
            out_fields.append(QgsField(name, QVariant.Double))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, out_fields, after.wkbType(), after.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        geometries = {"before": self._geometries(inputs.before, key), "after": self._geometries(after, key)}
        for count, row in enumerate(comparison.itertuples(index=False)):
            if count % 1000 == 0 and feedback.isCanceled():
                return {}
            geometry = geometries["before" if row.status == BEFORE_ONLY else "after"].get(row.key)
            sink.addFeature(feature_with(out_fields, list(row), geometry), QgsFeatureSink.FastInsert)
            feedback.setProgress(100.0 * count / max(len(comparison), 1))
        del sink
        shown = next((name for name in inputs.fields if "time" in name), None)
        renderer = None
        if shown:

            def renderer(layer):
                apply_change(layer, f"{shown}_delta", f"{shown}_after", f"{shown}_before")

        self._record(parameters, context, inputs, feedback).style(self, dest_id, context, renderer)
        return {self.OUTPUT: dest_id}

    def _record(self, parameters, context, inputs, feedback):
        summary = {
            "before": _described(inputs.before, self.parameterAsVectorLayer(parameters, self.BEFORE, context)),
            "after": _described(inputs.after, self.parameterAsVectorLayer(parameters, self.AFTER, context)),
            self.KEY_FIELD: inputs.key,
            self.FIELDS: ",".join(inputs.fields),
        }
        return OutputRecord(
            self.tr("Change between two diagnostics"),
            self.tr(
                "Each indicator before (from {0}) and after (from {1}), matched on {2}; <indicator>_delta = "
                "after - before; status both, before_only or after_only."
            ).format(summary["before"], summary["after"], inputs.key),
            "vigie:comparediagnostics",
            summary,
            layer_sources(self, parameters, context, [self.BEFORE, self.AFTER], feedback),
        )

    def _key_field(self, parameters, context, before, after):
        key = self.parameterAsString(parameters, self.KEY_FIELD, context)
        if key:
            if before.fields().lookupField(key) < 0:
                raise QgsProcessingException(
                    self.tr("KEY_FIELD {0} is not a field of BEFORE: both results need the same identifier.").format(
                        key
                    )
                )
            return key
        for name in KNOWN_KEYS:
            if before.fields().lookupField(name) >= 0 and after.fields().lookupField(name) >= 0:
                return name
        raise QgsProcessingException(
            self.tr("KEY_FIELD is empty and neither result has one of {0}: choose the identifier field.").format(
                ", ".join(KNOWN_KEYS)
            )
        )

    def _indicator_fields(self, parameters, context, before, after, key):
        chosen = self.parameterAsFields(parameters, self.FIELDS, context)
        if chosen:
            missing = [name for name in chosen if before.fields().lookupField(name) < 0]
            if missing:
                raise QgsProcessingException(
                    self.tr("FIELDS: {0} not in BEFORE; compare fields present in both results.").format(
                        ", ".join(missing)
                    )
                )
            return list(chosen)
        numeric = [
            field.name()
            for field in after.fields()
            if field.type() in NUMERIC_TYPES
            and field.name() != key
            and before.fields().lookupField(field.name()) >= 0
            and before.fields().field(field.name()).type() in NUMERIC_TYPES
        ]
        if not numeric:
            raise QgsProcessingException(
                self.tr("FIELDS: the two results share no numeric field: are they outputs of the same algorithm?")
            )
        return numeric

    def _geometries(self, source, key):
        index = source.fields().lookupField(key)
        return {
            str(sql_value(feature.attributes()[index])).strip(): feature.geometry()
            for feature in source.getFeatures()
            if feature.hasGeometry()
        }

    def _report(self, comparison, key, fields, weight_field, after, feedback):
        counts = comparison["status"].value_counts()
        feedback.pushInfo(
            self.tr("{0} features in both results, {1} only before, {2} only after.").format(
                int(counts.get(BOTH, 0)), int(counts.get(BEFORE_ONLY, 0)), int(counts.get(AFTER_ONLY, 0))
            )
        )
        weights = None
        if weight_field:
            _, keys = field_values(after, key, _attributes_only())
            _, raw = field_values(after, weight_field, _attributes_only())
            by_key = {str(sql_value(k)).strip(): sql_value(w) for k, w in zip(keys, raw)}
            weights = [float(by_key.get(k) or 0.0) for k in comparison["key"]]
        for name, (mean_before, mean_after, mean_change) in change_summary(comparison, fields, weights).items():
            feedback.pushInfo(
                self.tr("{0}: mean {1} before, {2} after, change {3}.").format(
                    name, f"{mean_before:.2f}", f"{mean_after:.2f}", f"{mean_change:+.2f}"
                )
            )


def _described(source, layer):
    """The name of a result and, when it carries Vigie provenance, its title and date."""
    name = source.sourceName()
    if layer is None:
        return name
    metadata = layer.metadata()
    dates = [line for line in metadata.abstract().splitlines() if line.startswith("Date: ")]
    details = [part for part in (metadata.title(), dates[0][6:] if dates else "") if part]
    return f"{name} ({', '.join(details)})" if details else name
