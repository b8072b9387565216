"""vigie:transittraveltime — public-transport travel time to the nearest service over a departure window."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from qgis.core import (
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameters,
)
from qgis.PyQt.QtCore import QTime

from ..plugin.core.transit.gtfs_reader import GtfsError, feed_publishers, read_feed
from ..plugin.core.transit.router import (
    TransitCancelled,
    TransitSettings,
    departure_times,
    project_stops,
    summarise,
    travel_times,
)
from ..plugin.engine_messages import engine_message
from ..plugin.number_format import format_number
from ..plugin.provenance import gtfs_attribution
from ..plugin.qgis_bridge import metric_crs_for
from ._indicators_common import OutputRecord, layer_sources
from ._per_origin import number_or_null, write_travel_times
from .base import VigieAlgorithm
from .place_parameters import (
    add_destination_id_field,
    add_destinations,
    add_origins,
    place_sources,
    read_destinations,
    read_origins,
)

# More departures than minutes in a day means a mistaken step.
MAX_DEPARTURES = 24 * 60 + 1


def date_time_type(name):
    """QgsProcessingParameterDateTime.Date/.Time, whichever enum this QGIS version exposes."""
    legacy = getattr(QgsProcessingParameterDateTime, name, None)
    if legacy is not None:
        return legacy
    from qgis.core import Qgis

    return getattr(Qgis.ProcessingDateTimeParameterDataType, name)


class GtfsAlgorithm(VigieAlgorithm):
    """Shared by vigie:transittraveltime and vigie:gtfsstops: the GTFS, DATE and departure window parameters.

    Not an algorithm itself (no ALGORITHM_NAME); its strings are translated under its own name.
    """

    GTFS = "GTFS"
    DATE = "DATE"
    DEPARTURE_START = "DEPARTURE_START"
    DEPARTURE_END = "DEPARTURE_END"

    def add_gtfs_parameters(self):
        """GTFS file, date of travel and departure window (default 07:00–09:00)."""
        self.add_parameter(
            QgsProcessingParameterFile(
                self.GTFS,
                self.tr("GTFS timetable (.zip)"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter=self.tr("GTFS feeds (*.zip *.ZIP);;All files (*)"),
            ),
            self.tr("The network's GTFS file, e.g. from transport.data.gouv.fr."),
        )
        self.add_parameter(
            QgsProcessingParameterDateTime(self.DATE, self.tr("Date of travel"), type=date_time_type("Date")),
            self.tr(
                "A day within the feed's calendar; trips of the previous evening still running after midnight count."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterDateTime(
                self.DEPARTURE_START,
                self.tr("Departures from (time of day)"),
                type=date_time_type("Time"),
                defaultValue=QTime(7, 0),
            ),
            self.tr("First departure time of the window."),
        )
        self.add_parameter(
            QgsProcessingParameterDateTime(
                self.DEPARTURE_END,
                self.tr("Departures until (time of day)"),
                type=date_time_type("Time"),
                defaultValue=QTime(9, 0),
            ),
            self.tr("Last departure time of the window (included)."),
        )

    def read_gtfs_parameters(self, parameters, context, feedback):
        """(feed, date, start seconds, end seconds), checked; QgsProcessingException with the reason if bad."""
        path = self.parameterAsFile(parameters, self.GTFS, context)
        self.require(bool(path), self.tr("Choose the GTFS file of the network (GTFS parameter)."))
        # QgsProcessingAlgorithm has no parameterAsDate/Time before QGIS 3.24: use the static readers
        day = QgsProcessingParameters.parameterAsDate(self.parameterDefinition(self.DATE), parameters, context)
        self.require(day is not None and day.isValid(), self.tr("Give the date of travel (DATE parameter)."))
        start, end = (
            QgsProcessingParameters.parameterAsTime(self.parameterDefinition(name), parameters, context)
            for name in (self.DEPARTURE_START, self.DEPARTURE_END)
        )
        self.require(start.isValid() and end.isValid(), self.tr("Give the departure window as times of day (HH:MM)."))
        start_s, end_s = start.msecsSinceStartOfDay() / 1000.0, end.msecsSinceStartOfDay() / 1000.0
        self.require(
            end_s >= start_s,
            self.tr("The departure window ends ({0}) before it starts ({1}).").format(
                end.toString("HH:mm"), start.toString("HH:mm")
            ),
        )
        feedback.pushInfo(self.tr("Reading the GTFS feed {0}…").format(path))
        try:
            feed = read_feed(path)
            python_day = day.toPyDate()
            feed.check_date(python_day)
        except GtfsError as error:
            raise QgsProcessingException(self.gtfs_error_message(error)) from error
        for warning in feed.warnings:
            feedback.pushInfo(engine_message(warning))
        if feed.excluded_stops:
            feedback.pushWarning(
                self.tr(
                    "{0} stops have impossible coordinates: excluded from walking access, egress and transfers."
                ).format(format_number(feed.excluded_stops))
            )
        return feed, python_day, start_s, end_s

    def gtfs_error_message(self, error):
        return self.tr("The GTFS feed cannot be used: {0}").format(engine_message(error))

    def gtfs_attribution(self, parameters, context, feedback=None):
        path = self.parameterAsFile(parameters, self.GTFS, context)
        try:
            publishers = feed_publishers(path)
        except GtfsError:
            publishers = []
        return gtfs_attribution(publishers, Path(path).name, feedback)


@dataclass
class _Inputs:
    """The parameters of one run, read and checked (the timetable's are read by read_gtfs_parameters)."""

    origins: object
    destinations: object
    id_field: object  # None: destinations named by their feature id
    step_min: float
    settings: TransitSettings


@dataclass
class _Timetable:
    """The feed and the departures of the window on the day of travel."""

    feed: object
    day: object
    start_s: float
    end_s: float
    departures: object


@dataclass
class _Places:
    """Destinations and origins in the metric CRS of the search."""

    crs: object
    destination_ids: list
    destination_xy: object
    origin_ids: list
    origin_xy: object


class TransitTravelTimeAlgorithm(GtfsAlgorithm):
    ALGORITHM_NAME = "transittraveltime"
    GROUP_ID = "travel_time"

    ORIGINS = "ORIGINS"
    DESTINATIONS = "DESTINATIONS"
    DESTINATION_ID_FIELD = "DESTINATION_ID_FIELD"
    STEP_MIN = "STEP_MIN"
    WALK_SPEED = "WALK_SPEED"
    WALK_DETOUR = "WALK_DETOUR"
    MAX_WALK_M = "MAX_WALK_M"
    TRANSFER_MAX_M = "TRANSFER_MAX_M"
    MAX_TRANSFERS = "MAX_TRANSFERS"
    MAX_TIME = "MAX_TIME"
    OUTPUT = "OUTPUT"

    def displayName(self):
        return self.tr("Public transport travel time to the nearest service")

    def shortDescription(self):  # noqa: N802
        return self.tr(
            "Earliest arrival by timetable at the nearest destination for every departure minute of a window, "
            "walking access and transfers included."
        )

    def initAlgorithm(self, config=None):
        self.add_gtfs_parameters()
        add_origins(self)
        add_destinations(self, self.tr("Points of the services: doctors, pharmacies, crèches, hospitals…"))
        add_destination_id_field(
            self,
            self.tr("Copied into dest_id for the destination of the fastest journey; the feature id when empty."),
        )
        numbers = [
            (self.STEP_MIN, self.tr("Departure step (minutes)"), 1.0, 0.1, self.tr("One departure every N minutes.")),
            (self.WALK_SPEED, self.tr("Walking speed (km/h)"), 4.5, 0.5, self.tr("Speed of every walk.")),
            (
                self.WALK_DETOUR,
                self.tr("Walking detour factor"),
                1.3,
                1.0,
                self.tr("Walked distance = straight-line distance × this factor (streets are not straight)."),
            ),
            (
                self.MAX_WALK_M,
                self.tr("Maximum walk to or from a stop (m)"),
                1000.0,
                0.0,
                self.tr("Longest walked distance (detour included) from the origin, to the destination, or direct."),
            ),
            (
                self.TRANSFER_MAX_M,
                self.tr("Maximum distance between stops for a transfer (m)"),
                500.0,
                0.0,
                self.tr(
                    "Stops at most this far apart (straight line) are linked by a walk; stops of one station and "
                    "the transfers of transfers.txt are always linked."
                ),
            ),
        ]
        for name, label, default, minimum, help_text in numbers:
            self.add_parameter(
                QgsProcessingParameterNumber(
                    name, label, QgsProcessingParameterNumber.Double, defaultValue=default, minValue=minimum
                ),
                help_text,
                advanced=name != self.STEP_MIN,
            )
        self.add_parameter(
            QgsProcessingParameterNumber(
                self.MAX_TRANSFERS,
                self.tr("Maximum number of transfers"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=4,
                minValue=0,
                maxValue=10,
            ),
            self.tr("0 means a single vehicle."),
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterNumber(
                self.MAX_TIME,
                self.tr("Maximum travel time (minutes)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=120.0,
                minValue=1.0,
            ),
            self.tr("Departures arriving later count as not reaching; time_min is NULL when fewer than half arrive."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Public transport travel time")),
            self.tr("The origins with time_min (median), best_min, reach_share and dest_id."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(5, feedback)
        inputs = self._read_inputs(parameters, context)
        timetable = self._read_timetable(parameters, context, inputs, steps)
        places = self._read_places(context, inputs, steps)
        if places is None:
            return {}
        steps.setCurrentStep(2)
        summary = self._compute(inputs, timetable, places, steps)
        if summary is None:
            return {}
        steps.setCurrentStep(3)
        return self._write_outputs(parameters, context, inputs, timetable, places, summary, steps)

    # -- read -------------------------------------------------------------------------------------

    def _read_inputs(self, parameters, context):
        origins, destinations = place_sources(self, parameters, context, [self.ORIGINS, self.DESTINATIONS])
        step_min = self.parameterAsDouble(parameters, self.STEP_MIN, context)
        settings = TransitSettings(
            walk_speed_kmh=self.parameterAsDouble(parameters, self.WALK_SPEED, context),
            walk_detour=self.parameterAsDouble(parameters, self.WALK_DETOUR, context),
            max_walk_m=self.parameterAsDouble(parameters, self.MAX_WALK_M, context),
            transfer_max_m=self.parameterAsDouble(parameters, self.TRANSFER_MAX_M, context),
            max_transfers=self.parameterAsInt(parameters, self.MAX_TRANSFERS, context),
            max_time_min=self.parameterAsDouble(parameters, self.MAX_TIME, context),
        )
        self.require(step_min > 0, self.tr("The departure step must be more than 0 minutes."))
        self.require(settings.walk_speed_kmh > 0, self.tr("The walking speed must be more than 0 km/h."))
        self.require(settings.walk_detour >= 1, self.tr("The walking detour factor must be at least 1."))
        id_field = self.parameterAsString(parameters, self.DESTINATION_ID_FIELD, context) or None
        return _Inputs(origins, destinations, id_field, step_min, settings)

    def _read_timetable(self, parameters, context, inputs, steps):
        """Step 0: the feed, the day and the departures of the window, checked."""
        steps.setCurrentStep(0)
        feed, day, start_s, end_s = self.read_gtfs_parameters(parameters, context, steps)
        departures = departure_times(start_s, end_s, inputs.step_min)
        self.require(
            len(departures) <= MAX_DEPARTURES,
            self.tr("{0} departures in the window: use a larger departure step.").format(
                format_number(len(departures))
            ),
        )
        return _Timetable(feed, day, start_s, end_s, departures)

    def _read_places(self, context, inputs, steps):
        """Step 1: destinations and origins in a metric CRS (None when cancelled, this step or the one before)."""
        if steps.isCanceled():
            return None
        steps.setCurrentStep(1)
        crs = metric_crs_for(inputs.origins, context)
        destination_ids, destination_xy = read_destinations(inputs.destinations, crs, context, steps, inputs.id_field)
        origin_ids, origin_xy = read_origins(inputs.origins, crs, context, steps)
        if steps.isCanceled():
            return None
        return _Places(crs, destination_ids, destination_xy, origin_ids, origin_xy)

    # -- compute ----------------------------------------------------------------------------------

    def _compute(self, inputs, timetable, places, steps):
        """The per-origin summary of every departure's journey (None when cancelled)."""
        steps.pushInfo(
            self.tr("Timetable search: {0} origins, {1} destinations, {2} departures from {3} to {4}…").format(
                format_number(len(places.origin_xy)),
                format_number(len(places.destination_xy)),
                format_number(len(timetable.departures)),
                _clock(timetable.start_s),
                _clock(timetable.end_s),
            )
        )
        stop_xy = project_stops(timetable.feed, places.crs.authid())
        try:
            result = travel_times(
                timetable.feed,
                timetable.day,
                places.origin_xy,
                places.destination_xy,
                timetable.departures,
                inputs.settings,
                stop_xy=stop_xy,
                progress=lambda fraction: steps.setProgress(100.0 * fraction),
                is_canceled=steps.isCanceled,
            )
        except TransitCancelled:
            return None
        except GtfsError as error:
            raise QgsProcessingException(self.gtfs_error_message(error)) from error
        summary = summarise(result, inputs.settings.max_time_min)
        self._report(summary, result, inputs.settings, steps)
        return summary

    def _report(self, summary, result, settings, feedback):
        reached = int(np.sum(np.isfinite(summary.time_min)))
        feedback.pushInfo(
            self.tr("{0} connections scanned, {1} stop profile entries.").format(
                format_number(result.connections), format_number(result.profile_entries)
            )
        )
        feedback.pushInfo(
            self.tr(
                "{0} of {1} origins reach a destination within {2} minutes for at least half the departures."
            ).format(
                format_number(reached),
                format_number(len(summary.time_min)),
                format_number(settings.max_time_min, 0 if settings.max_time_min % 1 == 0 else 1),
            )
        )
        if result.connections == 0:
            feedback.pushWarning(
                self.tr("No vehicle runs in the departure window on this date: only walking journeys are counted.")
            )

    # -- write ------------------------------------------------------------------------------------

    def _write_outputs(self, parameters, context, inputs, timetable, places, summary, steps):
        def values_of(i):
            destination = summary.dest_index[i]
            return [
                number_or_null(summary.time_min[i]),
                number_or_null(summary.best_min[i]),
                float(summary.reach_share[i]),
                places.destination_ids[destination] if destination >= 0 else None,
            ]

        names = ("time_min", "best_min", "reach_share")
        record = self._record(parameters, context, inputs, timetable, steps)
        return write_travel_times(self, parameters, context, inputs, places.origin_ids, names, values_of, record, steps)

    def _record(self, parameters, context, inputs, timetable, feedback):
        settings = inputs.settings
        summary = {
            "gtfs": self.parameterAsFile(parameters, self.GTFS, context),
            "date": timetable.day.isoformat(),
            "departure_start": _clock(timetable.start_s),
            "departure_end": _clock(timetable.end_s),
            "step_min": inputs.step_min,
            "walk_speed_kmh": settings.walk_speed_kmh,
            "walk_detour": settings.walk_detour,
            "max_walk_m": settings.max_walk_m,
            "transfer_max_m": settings.transfer_max_m,
            "max_transfers": settings.max_transfers,
            "max_time_min": settings.max_time_min,
            "destination_id_field": inputs.id_field or "",
        }
        attributions = [self.gtfs_attribution(parameters, context, feedback)] + layer_sources(
            self, parameters, context, [self.ORIGINS, self.DESTINATIONS], feedback
        )
        return OutputRecord(
            self.tr("Public transport travel time to the nearest service"),
            self.tr(
                "For every departure minute of the window, the earliest arrival at the nearest destination by the "
                "GTFS timetable (profile connection scan), walking access, transfers and final walk included. "
                "time_min = median over the window (NULL when fewer than half the departures arrive within the "
                "maximum time), best_min = fastest, reach_share = share of departures arriving in time, "
                "dest_id = destination of the fastest journey."
            ),
            "vigie:transittraveltime",
            summary,
            attributions,
            keywords=("travel time", "public transport", "GTFS"),
        )


def _clock(seconds):
    minutes = int(round(seconds / 60.0))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
