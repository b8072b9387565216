"""vigie:isochrones — time-band polygons around services, built from the road network times."""

from dataclasses import dataclass

import numpy as np
from osgeo import gdal, ogr
from qgis.core import (
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.indicators.isochrones import band_grid, band_limits, unique_undirected_edges
from ..plugin.core.routing import node_times_from_sources
from ..plugin.styles import apply_isochrone_bands
from ._indicators_common import (
    feature_with,
    network_record,
    new_fields,
    parse_threshold_text,
    threshold_problem,
    warn_far_from_roads,
)
from .network_base import RoadNetworkAlgorithm
from .place_parameters import (
    add_access_speed,
    add_destination_id_field,
    add_destinations,
    place_sources,
    read_destinations,
)
from .road_network import add_network_parameters

MODES = ("nearest", "per_service")


def _memory_vector_driver():
    # GDAL 3.11 renamed the in-memory vector driver "MEM"; older versions call it "Memory".
    return ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")


def band_polygons(grid):
    """{band class: QgsGeometry} from a BandGrid: the class grid polygonized by GDAL, one multipolygon per class.

    Polygonize traces the cell edges, so regions of one class never overlap and are valid.
    """
    rows, cols = grid.classes.shape
    if rows == 0 or cols == 0 or not grid.classes.any():
        return {}
    raster = gdal.GetDriverByName("MEM").Create(
        "", cols, rows, 1, gdal.GDT_Byte if grid.classes.dtype == np.uint8 else gdal.GDT_UInt16
    )
    raster.SetGeoTransform((grid.x_min, grid.cell_m, 0.0, grid.y_max, 0.0, -grid.cell_m))
    band = raster.GetRasterBand(1)
    band.WriteArray(grid.classes)
    vector = _memory_vector_driver().CreateDataSource("bands")
    layer = vector.CreateLayer("bands", geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("band", ogr.OFTInteger))
    gdal.Polygonize(band, band, layer, 0, [], callback=None)
    parts = {}
    for feature in layer:
        geometry = QgsGeometry()
        geometry.fromWkb(bytes(feature.GetGeometryRef().ExportToWkb()))
        parts.setdefault(feature.GetField(0), []).append(geometry)
    polygons = {}
    for value, geometries in parts.items():
        collected = QgsGeometry.collectGeometry(geometries)
        if not collected.isGeosValid():
            collected = collected.makeValid()
        polygons[int(value)] = collected
    return polygons


@dataclass
class _Inputs:
    """The parameters of one run, read and checked."""

    destinations: object
    bands: list
    mode: str
    buffer_m: float
    access_speed: float
    id_field: object  # None: services named by their feature id


@dataclass
class _Places:
    """The network and the services read on it."""

    network: object
    destination_ids: list
    xy: object


class IsochronesAlgorithm(RoadNetworkAlgorithm):
    ALGORITHM_NAME = "isochrones"
    GROUP_ID = "indicators"
    STEP_COUNT, COMPUTE_STEP = 3, 2  # the bands are written as they are computed
    # ORIGINS, DESTINATIONS, DESTINATION_ID_FIELD, MAX_TIME, ACCESS_SPEED, OUTPUT: RoadNetworkAlgorithm's.

    BANDS = "BANDS"
    MODE = "MODE"
    BUFFER = "BUFFER"

    def displayName(self):
        return self.tr("Isochrones (drive-time bands)")

    def shortDescription(self):  # noqa: N802
        return self.tr("Polygons of the places within 5, 10, 15… minutes of drive of a service.")

    def initAlgorithm(self, config=None):
        add_network_parameters(self)
        add_destinations(self, self.tr("Points of the services the bands are drawn around."))
        add_destination_id_field(
            self, self.tr("Copied into dest_id in the per-service mode; the feature id when empty.")
        )
        self.add_parameter(
            QgsProcessingParameterString(self.BANDS, self.tr("Band limits (minutes)"), "5,10,15,20,30"),
            self.tr("Upper limits of the bands, strictly increasing, separated by commas."),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.MODE,
                self.tr("Bands for"),
                options=[self.tr("The nearest service (bands do not overlap)"), self.tr("Each service separately")],
                defaultValue=0,
            ),
            self.tr(
                "Nearest service: one set of bands, by the time to the closest service. Each service: one set "
                "of bands per service; bands of different services overlap."
            ),
        )
        self.add_number_parameter(
            self.BUFFER,
            self.tr("Corridor width around reached roads (metres)"),
            200.0,
            self.tr(
                "Reached road sections are buffered by this distance and dissolved into the band polygons: "
                "places that close to a reached road count as reached."
            ),
            minimum=1.0,
            advanced=True,
        )
        add_access_speed(self)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Isochrones"), QgsProcessing.TypeVectorPolygon),
            self.tr("One polygon per band (and per service): band_min, band_max, dest_id, area_km2."),
        )

    def check_values(self, parameters, context):
        return threshold_problem(self, parameters, self.BANDS, context)

    # -- read -------------------------------------------------------------------------------------

    def read_inputs(self, parameters, context):
        (destinations,) = place_sources(self, parameters, context, [self.DESTINATIONS])
        return _Inputs(
            destinations=destinations,
            bands=parse_threshold_text(self.parameterAsString(parameters, self.BANDS, context), self.BANDS),
            mode=MODES[self.parameterAsEnum(parameters, self.MODE, context)],
            buffer_m=self.parameterAsDouble(parameters, self.BUFFER, context),
            access_speed=self.parameterAsDouble(parameters, self.ACCESS_SPEED, context),
            id_field=self.parameterAsString(parameters, self.DESTINATION_ID_FIELD, context) or None,
        )

    def read_places(self, parameters, context, inputs, network, steps):
        """Step 1: the services on the network (None when cancelled)."""
        steps.setCurrentStep(1)
        ids, xy = read_destinations(inputs.destinations, network.crs, context, steps, inputs.id_field)
        if steps.isCanceled():
            return None
        if inputs.access_speed <= 0:
            warn_far_from_roads(network.graph, xy, self.DESTINATIONS, steps)
        return _Places(network, [str(value) for value in ids], xy)

    # -- compute ----------------------------------------------------------------------------------

    def compute(self, inputs, places, steps):
        """(band_min, band_max, label, dest_id, multipolygon) of every band reached: one search for all the
        services (nearest) or one per service (per_service); stops when the user cancels."""
        bands, xy = inputs.bands, places.xy
        if inputs.mode == "nearest":
            groups = [(None, xy)]
        else:
            groups = [(places.destination_ids[i], xy[i : i + 1]) for i in range(len(xy))]
        for position, (group_id, sources_xy) in enumerate(groups):
            if steps.isCanceled():
                return
            node_times = node_times_from_sources(
                places.network.graph,
                sources_xy,
                max_time_s=bands[-1] * 60.0,
                reverse=True,
                access_speed_kmh=inputs.access_speed,
            )
            graph = node_times.graph
            edges = unique_undirected_edges(graph.edge_src, graph.edge_dst, graph.edge_time_s)
            grid = band_grid(graph.node_xy, edges, node_times.time_s, bands, inputs.buffer_m)
            polygons = band_polygons(grid)
            for band_class, (lower, upper) in enumerate(band_limits(bands), start=1):
                geometry = polygons.get(band_class)
                if geometry is None:
                    continue
                geometry.convertToMultiType()
                yield lower, upper, self.tr("{0}–{1} min").format(f"{lower:g}", f"{upper:g}"), group_id, geometry
            steps.setProgress(100.0 * (position + 1) / len(groups))

    # -- write ------------------------------------------------------------------------------------

    def write_outputs(self, parameters, context, inputs, places, bands, steps):
        fields = new_fields(
            ("band_min", QVariant.Double),
            ("band_max", QVariant.Double),
            ("label", QVariant.String),
            ("dest_id", QVariant.String),
            ("area_km2", QVariant.Double),
        )
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, places.network.crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        written = 0
        for lower, upper, label, group_id, geometry in bands:
            attributes = [lower, upper, label, group_id, geometry.area() / 1e6]
            sink.addFeature(feature_with(fields, attributes, geometry), QgsFeatureSink.FastInsert)
            written += 1
        del sink
        if steps.isCanceled():
            return {}  # a cut-short layer is not a result
        if written == 0:
            steps.pushWarning(
                self.tr("No road is reached within {0} minutes: the output is empty.").format(f"{inputs.bands[-1]:g}")
            )
        record = self._record(parameters, context, inputs, places.network, steps)
        record.style(self, dest_id, context, lambda layer: apply_isochrone_bands(layer, inputs.bands))
        return {self.OUTPUT: dest_id}

    def _record(self, parameters, context, inputs, network, feedback):
        summary = {
            "destinations": inputs.destinations.sourceName(),
            "bands_min": ",".join(f"{b:g}" for b in inputs.bands),
            "mode": inputs.mode,
            "buffer_m": inputs.buffer_m,
            "access_speed_kmh": inputs.access_speed,
        }
        abstract = self.tr(
            "Drive-time bands (times to the {0}): roads sampled with their times (interpolated along each "
            "section) on a grid of {1} m cells; each cell takes the smallest time of the roads within {2} m; "
            "cells classed by band and polygonized. Bands do not overlap."
        ).format(
            self.tr("nearest service") if inputs.mode == "nearest" else self.tr("each service"),
            f"{inputs.buffer_m / 4:g}",
            f"{inputs.buffer_m:g}",
        )
        title = self.tr("Isochrones")
        return network_record(
            self, parameters, context, network, [self.DESTINATIONS], summary, title, abstract, feedback
        )
