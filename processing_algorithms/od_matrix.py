"""vigie:odmatrix — drive times between origins and destinations, with a cut-off and K nearest, in chunks."""

from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsFeatureSink,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.od_matrix import od_pair_chunks, origins_per_chunk
from ..plugin.core.routing import bounded_travel_times
from ..plugin.number_format import format_number
from ..plugin.qgis_bridge import read_points
from ..plugin.styles import time_band_renderer
from ._indicators_common import feature_with, network_record, new_fields, warn_far_from_roads
from ._per_origin import identifier_field
from .network_base import RoadNetworkAlgorithm
from .place_parameters import (
    add_access_speed,
    add_destination_id_field,
    add_destinations,
    add_max_time,
    add_origins,
    place_sources,
)
from .road_network import add_network_parameters


@dataclass
class _Places:
    """Origins and destinations of a run: points in the network's CRS and their ids."""

    network: object
    origin_xy: np.ndarray
    dest_xy: np.ndarray
    origin_ids: list
    dest_ids: list


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    origins: object
    destinations: object
    origin_field: object  # None: origins named by their feature id
    dest_field: object  # None: destinations named by their feature id
    max_time_min: float  # 0: no limit
    k_nearest: object  # None: every destination within the time
    access_speed: float


class OdMatrixAlgorithm(RoadNetworkAlgorithm):
    ALGORITHM_NAME = "odmatrix"
    GROUP_ID = "indicators"
    STEP_COUNT, COMPUTE_STEP = 3, 2  # the pairs are written as they are computed
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    ORIGIN_ID_FIELD = "ORIGIN_ID_FIELD"
    K = "K"
    OUTPUT_LINES = "OUTPUT_LINES"

    def displayName(self):
        return self.tr("Origin–destination matrix (road)")

    def shortDescription(self):  # noqa: N802
        return self.tr("Drive time and distance between origins and destinations, with a cut-off and K nearest.")

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        points_or_polygons = self.tr("Points, or polygons (their centroid is used).")
        add_origins(self, self.tr("Origins"), points_or_polygons)
        self.add_field_parameter(
            self.ORIGIN_ID_FIELD,
            self.tr("Origin identifier field"),
            self.ORIGINS,
            self.tr("Copied into origin_id; the feature id when empty."),
        )
        add_destinations(self, points_or_polygons, self.tr("Destinations"), polygons=True)
        add_destination_id_field(self, self.tr("Copied into dest_id; the feature id when empty."))
        add_max_time(
            self,
            30.0,
            self.tr("Pairs farther apart are left out. A limit keeps the table small and the searches fast."),
        )
        self.add_number_parameter(
            self.K,
            self.tr("Nearest destinations per origin (0 = all)"),
            0,
            self.tr("Keep only the K fastest destinations of each origin."),
            minimum=0,
            integer=True,
        )
        add_access_speed(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("OD matrix"), QgsProcessing.TypeVector),
            self.tr("A table: origin_id, dest_id, time_min, dist_m, rank (1 = fastest destination of the origin)."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_LINES,
                self.tr("OD lines"),
                QgsProcessing.TypeVectorLine,
                optional=True,
                createByDefault=False,
            ),
            self.tr("The same rows as straight lines from origin to destination (for a quick map)."),
        )

    # -- read ---------------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        origins, destinations = place_sources(self, parameters, context, [self.ORIGINS, self.DESTINATIONS])
        return _Inputs(
            origins=origins,
            destinations=destinations,
            origin_field=self.parameterAsString(parameters, self.ORIGIN_ID_FIELD, context) or None,
            dest_field=self.parameterAsString(parameters, self.DESTINATION_ID_FIELD, context) or None,
            max_time_min=self.parameterAsDouble(parameters, self.MAX_TIME, context),
            k_nearest=self.parameterAsInt(parameters, self.K, context) or None,
            access_speed=self.parameterAsDouble(parameters, self.ACCESS_SPEED, context),
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Step 1: origins and destinations in the network's CRS with their ids (None when cancelled)."""
        steps.setCurrentStep(1)
        origin_field, dest_field = inputs.origin_field, inputs.dest_field
        origin_fids, origin_xy, origin_rows, skipped_o = read_points(
            inputs.origins, network.crs, context, steps, attributes=[origin_field] if origin_field else []
        )
        dest_fids, dest_xy, dest_rows, skipped_d = read_points(
            inputs.destinations, network.crs, context, steps, attributes=[dest_field] if dest_field else []
        )
        if steps.isCanceled():
            return None
        if skipped_o or skipped_d:
            steps.pushWarning(
                self.tr("Skipped for empty or invalid geometry: {0} origin(s), {1} destination(s).").format(
                    format_number(skipped_o), format_number(skipped_d)
                )
            )
        self.require(len(origin_xy) > 0, self.tr("The origin layer has no usable feature."))
        self.require(len(dest_xy) > 0, self.tr("The destination layer has no usable feature."))
        if inputs.access_speed <= 0:
            warn_far_from_roads(network.graph, origin_xy, self.ORIGINS, steps)
            warn_far_from_roads(network.graph, dest_xy, self.DESTINATIONS, steps)
        return _Places(
            network,
            origin_xy,
            dest_xy,
            [row[0] for row in origin_rows] if origin_field else list(origin_fids),
            [row[0] for row in dest_rows] if dest_field else list(dest_fids),
        )

    # -- compute ------------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """Pairs within the maximum time, chunk by chunk of origins (sorted by origin, fastest first), computed
        as write_outputs reads them."""
        network, origin_xy, dest_xy = places.network, places.origin_xy, places.dest_xy
        max_time_s = inputs.max_time_min * 60.0 if inputs.max_time_min > 0 else None
        k_nearest, access_speed = inputs.k_nearest, inputs.access_speed
        # Search from whichever side is smaller: from the destinations on the reversed graph when they
        # are fewer (one search per destination instead of one per origin); times stay origin → destination.
        from_destinations = len(dest_xy) < len(origin_xy)
        chunk = origins_per_chunk(len(dest_xy), None if from_destinations else k_nearest)
        steps.pushInfo(
            self.tr("Routing {0} origins × {1} destinations, {2} origins at a time…").format(
                format_number(len(origin_xy)), format_number(len(dest_xy)), format_number(min(chunk, len(origin_xy)))
            )
        )

        def compute_pairs(indices):
            if from_destinations:
                pairs = bounded_travel_times(
                    network.graph,
                    dest_xy,
                    origin_xy[indices],
                    max_time_s,
                    access_speed_kmh=access_speed,
                    is_canceled=steps.isCanceled,
                    reverse=True,
                )
                return pairs.target_index, pairs.source_index, pairs.time_s, pairs.dist_m
            pairs = bounded_travel_times(
                network.graph,
                origin_xy[indices],
                dest_xy,
                max_time_s,
                access_speed_kmh=access_speed,
                k_nearest=k_nearest,
                is_canceled=steps.isCanceled,
            )
            return pairs.source_index, pairs.target_index, pairs.time_s, pairs.dist_m

        return od_pair_chunks(len(origin_xy), compute_pairs, max_time_s, k_nearest, chunk, is_canceled=steps.isCanceled)

    # -- write --------------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, chunks, steps):
        fields, sink, dest_id, line_sink, lines_id = self._sinks(parameters, context, inputs, places.network)
        written, reached_origins = self._write_pairs(chunks, places, fields, sink, line_sink, steps)
        del sink
        if line_sink is not None:
            del line_sink
        if steps.isCanceled():
            return {}  # a cut-short matrix is not a result
        steps.setCurrentStep(self.STEP_COUNT)  # the routing (and writing) step ends at 100 %
        steps.pushInfo(
            self.tr("{0} pairs written; {1} of {2} origins reach at least one destination.").format(
                format_number(written), format_number(reached_origins), format_number(len(places.origin_xy))
            )
        )
        return self._document(parameters, context, inputs, places.network, dest_id, lines_id, steps)

    def _sinks(self, parameters, context, inputs, network):
        fields = new_fields()
        fields.append(identifier_field(inputs.origins, inputs.origin_field, "origin_id"))
        fields.append(identifier_field(inputs.destinations, inputs.dest_field, "dest_id"))
        for name, kind in (("time_min", QVariant.Double), ("dist_m", QVariant.Double), ("rank", QVariant.Int)):
            fields.append(QgsField(name, kind))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        line_sink, lines_id = self.parameterAsSink(
            parameters, self.OUTPUT_LINES, context, fields, QgsWkbTypes.LineString, network.crs
        )
        return fields, sink, dest_id, line_sink, lines_id

    def _write_pairs(self, chunks, places, fields, sink, line_sink, steps):
        """Write every pair (and its straight line); returns (pairs written, origins reaching one)."""
        written, reached_origins = 0, 0
        for pair_chunk in chunks:
            origin_index = pair_chunk.origin_index
            starts = np.r_[True, origin_index[1:] != origin_index[:-1]] if len(origin_index) else np.zeros(0, bool)
            reached_origins += int(starts.sum())
            first_of_run = np.maximum.accumulate(np.where(starts, np.arange(len(origin_index)), 0))
            ranks = np.arange(len(origin_index)) - first_of_run + 1
            for count, (o, d, time_s, dist_m, rank) in enumerate(
                zip(origin_index, pair_chunk.dest_index, pair_chunk.time_s, pair_chunk.dist_m, ranks)
            ):
                if count % 1000 == 999:
                    if steps.isCanceled():
                        break
                    steps.setProgress(100.0 * (o + 1) / len(places.origin_xy))
                attributes = [places.origin_ids[o], places.dest_ids[d], time_s / 60.0, dist_m, rank]
                sink.addFeature(feature_with(fields, attributes), QgsFeatureSink.FastInsert)
                if line_sink is not None:
                    line = QgsGeometry.fromPolylineXY(
                        [QgsPointXY(*places.origin_xy[o]), QgsPointXY(*places.dest_xy[d])]
                    )
                    line_sink.addFeature(feature_with(fields, attributes, line), QgsFeatureSink.FastInsert)
            written += len(pair_chunk)
            done = origin_index[-1] + 1 if len(origin_index) else 0
            steps.setProgress(100.0 * done / len(places.origin_xy))
        return written, reached_origins

    def _document(self, parameters, context, inputs, network, dest_id, lines_id, feedback):
        """Style and provenance of the outputs; returns the results."""
        summary = {
            "origins": inputs.origins.sourceName(),
            "destinations": inputs.destinations.sourceName(),
            "max_time_min": inputs.max_time_min,
            "k_nearest": inputs.k_nearest or 0,
            "access_speed_kmh": inputs.access_speed,
        }
        abstract = self.tr(
            "Drive time and network distance of every origin–destination pair within {0} (bounded searches "
            "by chunks of origins), keeping the {1} fastest destinations per origin."
        ).format(
            self.tr("{0} min").format(f"{inputs.max_time_min:g}") if inputs.max_time_min > 0 else self.tr("any time"),
            inputs.k_nearest or self.tr("all"),
        )
        layers = [self.ORIGINS, self.DESTINATIONS]
        title = self.tr("OD matrix")
        record = network_record(self, parameters, context, network, layers, summary, title, abstract, feedback)
        record.style(self, dest_id, context)
        results = {self.OUTPUT: dest_id}
        if lines_id:

            def time_bands(layer):
                layer.setRenderer(time_band_renderer(layer.geometryType()))

            record.style(self, lines_id, context, time_bands, title=self.tr("OD lines"))
            results[self.OUTPUT_LINES] = lines_id
        return results
