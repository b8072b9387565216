"""vigie:gtfsstops — the stops of a GTFS feed with their number of departures in a window: a map of service."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsMarkerSymbol,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsRuleBasedRenderer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.transit.gtfs_reader import GtfsError, stop_departures
from ..plugin.provenance import build_metadata
from ..plugin.styles import TIME_BAND_COLOURS, UNREACHED_COLOUR
from .transit_travel_time import GtfsAlgorithm

# Classes of departures per hour for the map: (lower bound, upper bound or None).
DEPARTURE_CLASSES = ((0, 1), (1, 2), (2, 4), (4, 8), (8, None))


class GtfsStopsAlgorithm(GtfsAlgorithm):
    ALGORITHM_NAME = "gtfsstops"
    GROUP_ID = "travel_time"

    OUTPUT = "OUTPUT"

    def displayName(self):
        return self.tr("Public transport stops and their departures")

    def shortDescription(self):  # noqa: N802
        return self.tr("The stops of a GTFS feed with the number of departures in a time window on a date.")

    def initAlgorithm(self, config=None):
        self.add_gtfs_parameters()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Stops and departures")),
            self.tr("One point per boarding stop with departures, per_hour and routes in the window."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        feed, day, start_s, end_s = self.read_gtfs_parameters(parameters, context, feedback)
        feedback.setProgress(50)
        if feedback.isCanceled():
            return {}
        try:
            table = stop_departures(feed, day, start_s, end_s)
        except GtfsError as error:
            raise QgsProcessingException(self.gtfs_error_message(error)) from error
        hours = max((end_s - start_s) / 3600.0, 1.0 / 60.0)
        fields = QgsFields()
        for name in ("stop_id", "stop_name", "parent_station"):
            fields.append(QgsField(name, QVariant.String))
        fields.append(QgsField("departures", QVariant.Int))
        fields.append(QgsField("per_hour", QVariant.Double))
        fields.append(QgsField("routes", QVariant.Int))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, QgsCoordinateReferenceSystem("EPSG:4326")
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        located = table[table["valid_xy"]]
        skipped = len(table) - len(located)
        for row in located.itertuples(index=False):
            if feedback.isCanceled():
                break
            feature = QgsFeature(fields)
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(row.lon), float(row.lat))))
            feature.setAttributes(
                [
                    row.stop_id,
                    row.stop_name,
                    row.parent_station or None,
                    int(row.departures),
                    round(float(row.departures) / hours, 2),
                    int(row.routes),
                ]
            )
            sink.addFeature(feature)
        del sink
        if feedback.isCanceled():
            return {}  # a cut-short layer is not a result
        if skipped:
            feedback.pushWarning(self.tr("{0} stops not written: their coordinates are impossible.").format(skipped))
        feedback.pushInfo(
            self.tr("{0} stops, {1} departures between {2} and {3}.").format(
                len(located), int(located["departures"].sum()), _clock(start_s), _clock(end_s)
            )
        )
        gtfs = self.parameterAsFile(parameters, self.GTFS, context)
        metadata = build_metadata(
            self.tr("Public transport stops and their departures"),
            self.tr(
                "Boarding stops of the GTFS feed with the number of departures (boarding allowed, vehicle going on) "
                "in the window on the date, per hour, and the number of routes; trips of the previous service day "
                "after midnight and frequency-based trips included."
            ),
            "vigie:gtfsstops",
            {"gtfs": gtfs, "date": day.isoformat(), "departure_start": _clock(start_s), "departure_end": _clock(end_s)},
            [self.gtfs_attribution(parameters, context, feedback)],
            keywords=("public transport", "GTFS", "service frequency"),
        )

        def style(layer):
            layer.setRenderer(self._renderer())
            layer.setMetadata(metadata)

        self.style_output(dest_id, context, style)
        return {self.OUTPUT: dest_id}

    def _renderer(self):
        """Bigger and darker points for more departures per hour; stops without departure small and grey."""
        root = QgsRuleBasedRenderer.Rule(None)
        none = QgsMarkerSymbol.createSimple({"name": "circle", "color": UNREACHED_COLOUR, "size": "1.2"})
        root.appendChild(QgsRuleBasedRenderer.Rule(none, 0, 0, '"departures" = 0', self.tr("No departure")))
        # light is good, as in the time bands: few departures dark, many light
        colours = TIME_BAND_COLOURS[: len(DEPARTURE_CLASSES)][::-1]
        for index, ((lower, upper), colour) in enumerate(zip(DEPARTURE_CLASSES, colours)):
            expression = f'"departures" > 0 AND "per_hour" >= {lower}' + (
                f' AND "per_hour" < {upper}' if upper is not None else ""
            )
            label = (
                self.tr("{0}–{1} per hour").format(lower, upper)
                if upper is not None
                else self.tr("{0} and more per hour").format(lower)
            )
            symbol = QgsMarkerSymbol.createSimple(
                {"name": "circle", "color": colour, "size": str(1.8 + 0.8 * index), "outline_color": "#404040"}
            )
            root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, expression, label))
        return QgsRuleBasedRenderer(root)


def _clock(seconds):
    minutes = int(round(seconds / 60.0))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
