"""vigie:roadtraveltime — drive time from every origin to its nearest destination, in one graph search."""

from dataclasses import dataclass, replace

import numpy as np
from qgis.core import QgsProcessingParameterFeatureSink

from ..plugin.core.routing import nearest_service_times
from ..plugin.number_format import format_number
from ._indicators_common import network_record
from ._per_origin import number_or_null, write_travel_times
from .network_base import RoadNetworkAlgorithm
from .place_parameters import (
    add_access_speed,
    add_destination_id_field,
    add_destinations,
    add_max_time,
    add_origins,
    place_sources,
    read_destinations,
    read_origins,
)
from .road_network import add_network_parameters

# Origins farther than this from any road get a warning: their time is mostly guesswork.
FAR_FROM_ROAD_M = 1000.0


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    origins: object
    destinations: object
    id_field: object  # None: destinations named by their feature id
    max_time_min: float
    access_speed: float


@dataclass
class _Places:
    """The network and the points read on it."""

    network: object
    destination_ids: list
    destination_xy: object
    origin_ids: list
    origin_xy: object


class RoadTravelTimeAlgorithm(RoadNetworkAlgorithm):
    ALGORITHM_NAME = "roadtraveltime"
    GROUP_ID = "travel_time"
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    def displayName(self):
        return self.tr("Road travel time to the nearest service")

    def shortDescription(self):  # noqa: N802
        return self.tr("Drive time from every origin to its nearest destination, in one pass over the road graph.")

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        add_origins(self)
        add_destinations(self, self.tr("Points of the services: doctors, pharmacies, crèches, hospitals…"))
        add_destination_id_field(
            self, self.tr("Copied into dest_id for the nearest destination; the feature id when empty.")
        )
        add_max_time(
            self, 0.0, self.tr("Origins farther than this get NULL times. A limit also makes the search faster.")
        )
        add_access_speed(
            self,
            self.tr(
                "Speed on the straight legs between a point and the nearest point of the road. "
                "0 ignores them, like QGIS's shortest path algorithms; 5 is walking."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Road travel time")),
            self.tr("The origins with time_min, net_time_min, dist_m, snap_m and dest_id."),
        )

    # -- read -------------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        origins, destinations = place_sources(self, parameters, context, [self.ORIGINS, self.DESTINATIONS])
        return _Inputs(
            origins=origins,
            destinations=destinations,
            id_field=self.parameterAsString(parameters, self.DESTINATION_ID_FIELD, context) or None,
            max_time_min=self.parameterAsDouble(parameters, self.MAX_TIME, context),
            access_speed=self.parameterAsDouble(parameters, self.ACCESS_SPEED, context),
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Steps 1 and 2: the destinations and the origins on the network (None when cancelled)."""
        steps.setCurrentStep(1)
        destination_ids, destination_xy = read_destinations(
            inputs.destinations, network.crs, context, steps, inputs.id_field
        )
        steps.setCurrentStep(2)
        origin_ids, origin_xy = read_origins(inputs.origins, network.crs, context, steps)
        if steps.isCanceled():
            return None
        return _Places(network, destination_ids, destination_xy, origin_ids, origin_xy)

    # -- compute ----------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """The nearest destination of every origin, in one multi-source search (None when cancelled)."""
        steps.pushInfo(
            self.tr("Searching the nearest of {0} destinations for {1} origins…").format(
                len(places.destination_xy), len(places.origin_xy)
            )
        )
        result = nearest_service_times(
            places.network.graph,
            places.origin_xy,
            places.destination_xy,
            max_time_s=inputs.max_time_min * 60.0 if inputs.max_time_min > 0 else None,
            access_speed_kmh=inputs.access_speed,
        )
        self._report(result, places.network, inputs.max_time_min, steps)
        return None if steps.isCanceled() else result

    # -- write ------------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, result, steps):
        def values_of(i):
            reached = result.dest_index[i] >= 0
            return [
                number_or_null(result.time_s[i] / 60.0),
                number_or_null(result.net_time_s[i] / 60.0),
                number_or_null(result.dist_m[i]),
                number_or_null(result.snap_m[i]),
                places.destination_ids[result.dest_index[i]] if reached else None,
            ]

        names = ("time_min", "net_time_min", "dist_m", "snap_m")
        record = self._record(parameters, context, inputs, places.network, steps)
        return write_travel_times(self, parameters, context, inputs, places.origin_ids, names, values_of, record, steps)

    def _record(self, parameters, context, inputs, network, feedback):
        summary = {
            "origins": inputs.origins.sourceName(),
            "destinations": inputs.destinations.sourceName(),
            "destination_id_field": inputs.id_field or "",
            "max_time_min": inputs.max_time_min,
            "access_speed_kmh": inputs.access_speed,
        }
        title = self.tr("Road travel time to the nearest service")
        abstract = self.tr(
            "Drive time from each origin to its nearest destination over the road network "
            "(speed profile {0}), one multi-source shortest-path search; time_min = access legs + "
            "network time, NULL where no destination is reached."
        ).format(network.profile_name)
        layers = [self.ORIGINS, self.DESTINATIONS]
        record = network_record(self, parameters, context, network, layers, summary, title, abstract, feedback)
        return replace(record, keywords=("travel time", "road"))

    def _report(self, result, network, max_time_min, feedback):
        unreached = int(np.sum(result.dest_index < 0))
        reached = len(result.dest_index) - unreached
        feedback.pushInfo(self.tr("{0} origins reach a destination.").format(format_number(reached)))
        if unreached:
            if max_time_min > 0:
                message = self.tr("{0} origins reach no destination within {1} minutes (NULL in the output).")
                minutes = format_number(max_time_min, 0 if max_time_min % 1 == 0 else 1)
                feedback.pushWarning(message.format(format_number(unreached), minutes))
            else:
                feedback.pushWarning(
                    self.tr(
                        "{0} origins cannot reach any destination: the road network has {1} separate parts "
                        "(NULL in the output)."
                    ).format(format_number(unreached), format_number(network.component_count))
                )
        far = int(np.sum(result.snap_m > FAR_FROM_ROAD_M))
        if far:
            feedback.pushWarning(
                self.tr("{0} origins are more than {1} m from the nearest road.").format(
                    format_number(far), format_number(FAR_FROM_ROAD_M)
                )
            )
