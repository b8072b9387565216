"""The base of the algorithms that route on the road network: one run, read as read / compute / write.

Not an algorithm (no ALGORITHM_NAME: the provider skips it). A subclass adds the network parameters
(``add_network_parameters``) and its own in initAlgorithm, and implements four steps::

    inputs = self.read_inputs(parameters, context)                          # parameters -> a small dataclass
    places = self.read_places(parameters, context, inputs, network, steps)  # points on the network, or None
    result = self.compute(inputs, places, steps)                            # the engine call, or None
    return self.write_outputs(parameters, context, inputs, places, result, steps)

None from a step means the user cancelled: the run returns {} (a cut-short layer is not a result).
"""

from qgis.core import QgsProcessingMultiStepFeedback

from . import place_parameters
from .base import VigieAlgorithm
from .road_network import load_network


class RoadNetworkAlgorithm(VigieAlgorithm):
    # The parameters the place_parameters helpers add, under the names they give them.
    ORIGINS = place_parameters.ORIGINS
    DESTINATIONS = place_parameters.DESTINATIONS
    DESTINATION_ID_FIELD = place_parameters.DESTINATION_ID_FIELD
    MAX_TIME = place_parameters.MAX_TIME
    ACCESS_SPEED = place_parameters.ACCESS_SPEED
    OUTPUT = "OUTPUT"

    # Progress steps: 0 loads the network, read_places may use the next ones, COMPUTE_STEP is the
    # engine's, the last one the writing's (the same as COMPUTE_STEP when results are written as computed).
    STEP_COUNT = 5
    COMPUTE_STEP = 3

    def processAlgorithm(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(self.STEP_COUNT, feedback)
        inputs = self.read_inputs(parameters, context)
        steps.setCurrentStep(0)
        network = load_network(self, parameters, context, steps)
        if network is None or steps.isCanceled():
            return {}
        places = self.read_places(parameters, context, inputs, network, steps)
        if places is None or steps.isCanceled():
            return {}
        steps.setCurrentStep(self.COMPUTE_STEP)
        result = self.compute(inputs, places, steps)
        if result is None or steps.isCanceled():
            return {}
        steps.setCurrentStep(self.STEP_COUNT - 1)
        return self.write_outputs(parameters, context, inputs, places, result, steps)

    def read_inputs(self, parameters, context):
        """The parameters of the run, read and checked, as the subclass's dataclass."""
        raise NotImplementedError

    def read_places(self, parameters, context, inputs, network, steps):
        """The points of the run on ``network`` (its CRS), from step 1 on; None when cancelled."""
        raise NotImplementedError

    def compute(self, inputs, places, steps):
        """The engine's result (may be lazy, computed as write_outputs reads it); None when cancelled."""
        raise NotImplementedError

    def write_outputs(self, parameters, context, inputs, places, result, steps):
        """Write, style and document the outputs; returns the results ({} when cancelled)."""
        raise NotImplementedError
