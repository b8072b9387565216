"""Origins, destinations and their common parameters, shared by the travel-time and indicator algorithms.

Not an algorithm (the provider skips modules without a VigieAlgorithm subclass). Each helper adds ONE
parameter, so every algorithm keeps its own parameter names, defaults and order::

    add_origins(algorithm)                          # ORIGINS
    add_destinations(algorithm, help_text)          # DESTINATIONS
    add_destination_id_field(algorithm, help_text)  # DESTINATION_ID_FIELD
    add_max_time(algorithm, default_min, help_text) # MAX_TIME
    add_access_speed(algorithm)                     # ACCESS_SPEED (advanced)

    origins, destinations = place_sources(algorithm, parameters, context, [ORIGINS, DESTINATIONS])
    destination_ids, destination_xy = read_destinations(destinations, crs, context, feedback, id_field)
    origin_ids, origin_xy = read_origins(origins, crs, context, feedback)
"""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..plugin.qgis_bridge import check_crs, read_points

ORIGINS = "ORIGINS"
DESTINATIONS = "DESTINATIONS"
DESTINATION_ID_FIELD = "DESTINATION_ID_FIELD"
MAX_TIME = "MAX_TIME"
ACCESS_SPEED = "ACCESS_SPEED"

POINTS_OR_POLYGONS = [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]


def tr(text):
    return QCoreApplication.translate("VigiePlaces", text)


def add_origins(algorithm, label=None, help_text=None):
    """ORIGINS: points or polygons (centroids), by default the places where people live."""
    algorithm.add_parameter(
        QgsProcessingParameterFeatureSource(
            ORIGINS, label or tr("Origins (places where people live)"), POINTS_OR_POLYGONS
        ),
        help_text or tr("Points, or polygons (their centroid is used), e.g. the 200 m population grid."),
    )


def add_destinations(algorithm, help_text, label=None, polygons=False):
    """DESTINATIONS: service points (or points and polygons when ``polygons``)."""
    algorithm.add_parameter(
        QgsProcessingParameterFeatureSource(
            DESTINATIONS,
            label or tr("Destinations (services)"),
            POINTS_OR_POLYGONS if polygons else [QgsProcessing.TypeVectorPoint],
        ),
        help_text,
    )


def add_destination_id_field(algorithm, help_text):
    """DESTINATION_ID_FIELD: optional identifier field of DESTINATIONS."""
    algorithm.add_field_parameter(DESTINATION_ID_FIELD, tr("Destination identifier field"), DESTINATIONS, help_text)


def add_max_time(algorithm, default_min, help_text):
    """MAX_TIME: minutes, 0 = no limit."""
    algorithm.add_number_parameter(MAX_TIME, tr("Maximum time (minutes, 0 = no limit)"), default_min, help_text, 0.0)


def add_access_speed(algorithm, help_text=None):
    """ACCESS_SPEED (advanced): km/h on the straight legs between a point and the road, 0 = not counted."""
    algorithm.add_number_parameter(
        ACCESS_SPEED,
        tr("Access speed (km/h, 0 = access legs not counted)"),
        0.0,
        help_text or tr("Speed on the straight legs between a point and the nearest road, as in road travel time."),
        minimum=0.0,
        advanced=True,
    )


def place_sources(algorithm, parameters, context, names):
    """The feature sources of the layer parameters ``names``, each checked (readable, valid CRS)."""
    sources = []
    for name in names:
        source = algorithm.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
        check_crs(source, name)
        check_geometry_type(algorithm, name, source)
        sources.append(source)
    return sources


def check_geometry_type(algorithm, name, source):
    """A clear error when the layer's geometry is not one the parameter takes.

    The dialog only offers layers of the right type, but qgis_process and models pass any file:
    polygons given for a points-only parameter would silently become their centroids.
    """
    accepted = algorithm.parameterDefinition(name).dataTypes()
    if not accepted or QgsProcessing.TypeVectorAnyGeometry in accepted or QgsProcessing.TypeVector in accepted:
        return
    geometry_type = QgsWkbTypes.geometryType(source.wkbType())
    takes_points = QgsProcessing.TypeVectorPoint in accepted
    takes_polygons = QgsProcessing.TypeVectorPolygon in accepted
    if (geometry_type == QgsWkbTypes.PointGeometry and takes_points) or (
        geometry_type == QgsWkbTypes.PolygonGeometry and takes_polygons
    ):
        return
    if takes_polygons:
        message = tr("The layer given for {0} is neither points nor polygons: give a point or polygon layer.")
    else:
        message = tr(
            "The layer given for {0} is not a point layer: give points (for polygons, make their centroids "
            "first with Vector ▸ Geometry Tools ▸ Centroids)."
        )
    raise QgsProcessingException(message.format(name))


def read_destinations(source, crs, context, feedback, id_field=None):
    """Destination identifiers (``id_field`` values, else feature ids) and points in ``crs``: the same order
    as read_origins.

    Skipped geometries are reported; a layer with no usable point is a clear error.
    """
    feedback.pushInfo(tr("Reading the destinations…"))
    fids, xy, rows, skipped = read_points(source, crs, context, feedback, attributes=[id_field] if id_field else [])
    if skipped:
        feedback.pushWarning(tr("{0} destinations skipped: empty or invalid geometry.").format(skipped))
    # Cancelled while reading: the caller stops, no error to report.
    if len(xy) == 0 and not feedback.isCanceled():
        raise QgsProcessingException(tr("There is no destination to reach: the destination layer has no usable point."))
    return ([row[0] for row in rows] if id_field else list(fids)), xy


def read_origins(source, crs, context, feedback):
    """Origin feature ids and points in ``crs``; skipped geometries are reported (they are not in the output)."""
    feedback.pushInfo(tr("Reading the origins…"))
    ids, xy, _, skipped = read_points(source, crs, context, feedback, attributes=[])
    if skipped:
        feedback.pushWarning(tr("{0} origins skipped (not in the output): empty or invalid geometry.").format(skipped))
    return ids, xy
