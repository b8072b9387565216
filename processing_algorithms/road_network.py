"""Road network parameters and loading, shared by every algorithm that routes on roads.

Not an algorithm (the provider skips modules without a VigieAlgorithm subclass)::

    add_network_parameters(algorithm)   # NETWORK, PROFILE, SPEED_FIELD, DEFAULT_SPEED, DIRECTION_FIELD,
                                        # VALUE_FORWARD, VALUE_BACKWARD, VALUE_BOTH, DEFAULT_DIRECTION, TOLERANCE
    network = load_network(algorithm, parameters, context, feedback)   # RoadNetwork, or None if cancelled
"""

from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..plugin.core.routing import BACKWARD, BOTH, FORWARD, GraphCache, RoadGraph
from ..plugin.core.routing.network import NoDrivableRoadError, graph_from_lines
from ..plugin.core.routing.profiles import PROFILES, detect_profile, required_fields
from ..plugin.number_format import format_number
from ..plugin.provenance import layer_attributions
from ..plugin.qgis_bridge import check_crs, metric_crs_for, read_lines
from ..plugin.settings import cache_folder

NETWORK = "NETWORK"
PROFILE = "PROFILE"
SPEED_FIELD = "SPEED_FIELD"
DEFAULT_SPEED = "DEFAULT_SPEED"
DIRECTION_FIELD = "DIRECTION_FIELD"
VALUE_FORWARD = "VALUE_FORWARD"
VALUE_BACKWARD = "VALUE_BACKWARD"
VALUE_BOTH = "VALUE_BOTH"
DEFAULT_DIRECTION = "DEFAULT_DIRECTION"
TOLERANCE = "TOLERANCE"
# Beyond this, joining vertices merges whole villages: refused by the parameter (memory stays bounded anyway).
MAX_TOLERANCE_M = 2000.0

NETWORK_PARAMETERS = (
    NETWORK,
    PROFILE,
    SPEED_FIELD,
    DEFAULT_SPEED,
    DIRECTION_FIELD,
    VALUE_FORWARD,
    VALUE_BACKWARD,
    VALUE_BOTH,
    DEFAULT_DIRECTION,
    TOLERANCE,
)
# DEFAULT_DIRECTION enum order of native:shortestpathlayertopoint -> engine direction codes.
QGIS_DIRECTIONS = (FORWARD, BACKWARD, BOTH)


def tr(text):
    return QCoreApplication.translate("VigieRoadNetwork", text)


def graph_cache_folder() -> Path:
    """Where built graphs are kept between runs: <Vigie cache folder>/graphs (Options ▸ Vigie)."""
    return cache_folder() / "graphs"


@dataclass
class RoadNetwork:
    """A loaded road graph (metres, in ``crs``) and what to tell the user about it."""

    graph: RoadGraph
    crs: QgsCoordinateReferenceSystem
    attributions: list
    profile_name: str
    parameters_summary: dict
    component_count: int = 0
    cache_hit: bool = False


def add_network_parameters(algorithm):
    """Add the road network parameters, with the names and defaults of vigie:roadtraveltime."""
    algorithm.add_parameter(
        QgsProcessingParameterFeatureSource(NETWORK, tr("Road network"), [QgsProcessing.TypeVectorLine]),
        tr(
            "Road lines: OpenStreetMap (Geofabrik or native tags), IGN BD TOPO troncon_de_route, or any layer "
            "with a speed field. Reprojected internally to a metric CRS."
        ),
    )
    algorithm.add_parameter(
        QgsProcessingParameterEnum(
            PROFILE,
            tr("Speed profile"),
            options=[tr("Automatic (from the fields)"), tr("OpenStreetMap"), tr("IGN BD TOPO"), tr("Speed field")],
            defaultValue=0,
        ),
        tr(
            "How speeds and directions are read. Automatic uses the speed field when one is given, else BD TOPO "
            "when vitesse_moyenne_vl exists, OpenStreetMap when fclass or highway exists."
        ),
    )
    algorithm.add_parameter(
        QgsProcessingParameterField(
            SPEED_FIELD, tr("Speed field (km/h)"), parentLayerParameterName=NETWORK, optional=True
        ),
        tr(
            "Speed in km/h, for the speed field profile. Empty, zero or text values use the default speed "
            "and are counted in the log."
        ),
        advanced=True,
    )
    algorithm.add_parameter(
        QgsProcessingParameterNumber(
            DEFAULT_SPEED,
            tr("Default speed (km/h)"),
            QgsProcessingParameterNumber.Double,
            defaultValue=50.0,
            minValue=0.1,
        ),
        tr("Speed where the speed field has no usable value, and for road classes missing from the profile."),
        advanced=True,
    )
    algorithm.add_parameter(
        QgsProcessingParameterField(
            DIRECTION_FIELD, tr("Direction field"), parentLayerParameterName=NETWORK, optional=True
        ),
        tr("Field giving the direction of travel, for the speed field profile (as in QGIS's shortest path)."),
        advanced=True,
    )
    for name, label in (
        (VALUE_FORWARD, tr("Value for forward direction")),
        (VALUE_BACKWARD, tr("Value for backward direction")),
        (VALUE_BOTH, tr("Value for both directions")),
    ):
        algorithm.add_parameter(
            QgsProcessingParameterString(name, label, defaultValue="", optional=True),
            tr("Value of the direction field meaning this direction (digitising order is forward)."),
            advanced=True,
        )
    algorithm.add_parameter(
        QgsProcessingParameterEnum(
            DEFAULT_DIRECTION,
            tr("Default direction"),
            options=[tr("Forward direction"), tr("Backward direction"), tr("Both directions")],
            defaultValue=2,
        ),
        tr("Direction of roads whose direction field is empty or matches no value."),
        advanced=True,
    )
    algorithm.add_parameter(
        QgsProcessingParameterNumber(
            TOLERANCE,
            tr("Topology tolerance (metres)"),
            QgsProcessingParameterNumber.Double,
            defaultValue=0.0,
            minValue=0.0,
            maxValue=MAX_TOLERANCE_M,
        ),
        tr("Line ends closer than this are joined. 0 joins only identical vertices; at most 2000 m."),
        advanced=True,
    )


def _plain(value):
    """A QGIS attribute as a plain Python value (NULL -> None)."""
    if value is None:
        return None
    is_null = getattr(value, "isNull", None)
    if callable(is_null) and is_null():
        return None
    return value


def load_network(algorithm, parameters, context, feedback):
    """Read the network parameters, compute speeds, build (or reuse) the graph.

    Returns a RoadNetwork, or None when the user cancelled. Raises QgsProcessingException with a
    message saying what to fix for a missing, empty or entirely non-drivable network.
    """
    source = algorithm.parameterAsSource(parameters, NETWORK, context)
    if source is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, NETWORK))
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("The road network layer is empty: give a layer with road lines."))
    check_crs(source, NETWORK)
    crs = metric_crs_for(source, context)
    profile_index = algorithm.parameterAsEnum(parameters, PROFILE, context)
    speed_field = algorithm.parameterAsString(parameters, SPEED_FIELD, context) or None
    direction_field = algorithm.parameterAsString(parameters, DIRECTION_FIELD, context) or None
    default_speed = algorithm.parameterAsDouble(parameters, DEFAULT_SPEED, context)
    values = {
        name: algorithm.parameterAsString(parameters, name, context) or ""
        for name in (VALUE_FORWARD, VALUE_BACKWARD, VALUE_BOTH)
    }
    default_direction = QGIS_DIRECTIONS[algorithm.parameterAsEnum(parameters, DEFAULT_DIRECTION, context)]
    tolerance = algorithm.parameterAsDouble(parameters, TOLERANCE, context)

    field_names = source.fields().names()
    profile = PROFILES[profile_index]
    if profile == "auto":
        # A speed field given by the user wins over what the field names suggest.
        profile = "speed_field" if speed_field else detect_profile(field_names)
        feedback.pushInfo(tr("Speed profile detected from the fields: {0}").format(profile))
    if profile == "speed_field" and not speed_field:
        feedback.pushWarning(
            tr("No speed field given: every road gets the default speed of {0} km/h.").format(
                format_number(default_speed, 1)
            )
        )
    attributes = required_fields(profile, field_names, speed_field, direction_field)

    feedback.pushInfo(tr("Reading the road network…"))
    parts, part_rows, rows, skipped = read_lines(source, crs, context, feedback, attributes=attributes)
    if feedback.isCanceled():
        return None
    if skipped:
        feedback.pushWarning(
            tr("{0} road features skipped: empty, invalid or not a line geometry.").format(format_number(skipped))
        )
    if not parts:
        raise QgsProcessingException(
            tr("The road network has no usable line geometry ({0} features skipped).").format(skipped)
        )
    columns = {name: [_plain(row[i]) for row in rows] for i, name in enumerate(attributes)}
    try:
        built = graph_from_lines(
            parts,
            part_rows,
            columns,
            len(rows),
            crs.toWkt(),
            crs.authid(),
            profile=profile,
            speed_field=speed_field,
            default_speed_kmh=default_speed,
            direction_field=direction_field,
            value_forward=values[VALUE_FORWARD],
            value_backward=values[VALUE_BACKWARD],
            value_both=values[VALUE_BOTH],
            default_direction=default_direction,
            tolerance_m=tolerance,
            cache=GraphCache(graph_cache_folder()),
        )
    except NoDrivableRoadError as error:
        raise QgsProcessingException(
            tr("No road of the network is open to cars with the {0} profile: check the layer and the profile.").format(
                error.profile
            )
        ) from error
    except ValueError as error:
        raise QgsProcessingException(tr("Cannot compute road speeds: {0}").format(str(error))) from error
    speeds, graph = built.speeds, built.graph
    if speeds.fallback_count:
        feedback.pushWarning(
            tr("{0} roads have no usable speed (empty, zero or text, e.g. {1}): default speed used.").format(
                format_number(speeds.fallback_count), ", ".join(speeds.fallback_examples)
            )
        )
    if speeds.unknown_class_count:
        feedback.pushInfo(
            tr("{0} roads of an unknown class get the default speed of {1} km/h.").format(
                format_number(speeds.unknown_class_count), format_number(default_speed, 1)
            )
        )
    if speeds.excluded_count:
        feedback.pushInfo(
            tr("{0} roads not open to cars (paths, tracks, closed roads) are left out.").format(
                format_number(speeds.excluded_count)
            )
        )
    if built.cache_hit:
        feedback.pushInfo(tr("Road graph reused from the cache ({0}).").format(str(built.cache_path)))
    components = graph.component_count()
    feedback.pushInfo(
        tr("Road graph: {0} nodes, {1} directed edges, {2} separate parts.").format(
            format_number(graph.n_nodes), format_number(graph.n_edges), format_number(components)
        )
    )
    summary = {
        "network": source.sourceName() if hasattr(source, "sourceName") else NETWORK,
        "profile": speeds.profile,
        "speed_field": speed_field or "",
        "default_speed_kmh": default_speed,
        "direction_field": direction_field or "",
        "tolerance_m": tolerance,
        "crs": crs.authid(),
    }
    layer = algorithm.parameterAsVectorLayer(parameters, NETWORK, context)
    attributions = layer_attributions(layer, feedback) if layer is not None else []
    return RoadNetwork(
        graph=graph,
        crs=crs,
        attributions=attributions,
        profile_name=speeds.profile,
        parameters_summary=summary,
        component_count=components,
        cache_hit=built.cache_hit,
    )
