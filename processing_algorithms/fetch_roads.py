"""vigie:fetchroads — a road network ready for vigie:roadtraveltime: IGN BD TOPO over the Géoplateforme WFS, or OSM.

The territory's bounding box, enlarged by BUFFER (trips cross boundaries), is fetched tile by tile;
lines touching the buffered territory are kept.
"""

from qgis.core import (
    QgsCoordinateTransform,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import roads
from .fetch_common import FetchAlgorithm, clip_rows, wgs84

SOURCE_BDTOPO, SOURCE_OSM = 0, 1
BDTOPO_FIELDS = (
    ("cleabs", QVariant.String),
    ("nature", QVariant.String),
    ("importance", QVariant.String),
    ("sens_de_circulation", QVariant.String),
    ("vitesse_moyenne_vl", QVariant.Int),
    ("acces_vehicule_leger", QVariant.String),
    ("urbain", QVariant.Bool),
    ("etat_de_l_objet", QVariant.String),
    ("nom_collaboratif_gauche", QVariant.String),
    ("nom_collaboratif_droite", QVariant.String),
)
OSM_FIELDS = (
    ("osm_id", QVariant.String),
    ("fclass", QVariant.String),
    ("name", QVariant.String),
    ("ref", QVariant.String),
    ("oneway", QVariant.String),
    ("maxspeed", QVariant.Int),
    ("layer", QVariant.Int),
    ("bridge", QVariant.String),
    ("tunnel", QVariant.String),
)


class FetchRoadsAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchroads"
    SOURCE = "SOURCE"
    BUFFER = "BUFFER"

    def displayName(self):
        return self.tr("Fetch road network (BD TOPO, OSM)")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.SOURCE,
                self.tr("Source"),
                options=[self.tr("IGN BD TOPO (Géoplateforme WFS)"), self.tr("OpenStreetMap (Overpass)")],
                defaultValue=SOURCE_BDTOPO,
            ),
            self.tr("BD TOPO carries average speeds and directions; OSM has speed limits and road classes."),
        )
        self.add_parameter(
            QgsProcessingParameterDistance(
                self.BUFFER, self.tr("Margin around the territory"), defaultValue=5000.0, minValue=0.0
            ),
            self.tr("Roads this far beyond the territory are kept: the nearest service may be across the boundary."),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.BASE_URL, self.tr("Service root URL"), optional=True, defaultValue=""),
            self.tr("WFS or Overpass URL; empty for the public service. Change it for a mirror or a test server."),
            advanced=True,
        )
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Roads"), QgsProcessing.TypeVectorLine),
            self.tr("Road lines in Lambert-93 (or the official projection overseas)."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        codes, layer = self.read_territory(parameters, context)
        source = self.parameterAsEnum(parameters, self.SOURCE, context)
        base_url = (self.parameterAsString(parameters, self.BASE_URL, context) or "").strip().rstrip("/")
        if not base_url:
            base_url = roads.WFS_BASE_URL if source == SOURCE_BDTOPO else roads.OVERPASS_BASE_URL
        self.require(base_url.startswith(("http://", "https://")), self.tr("BASE_URL must be an http(s) URL."))
        self.remember_service(self.BASE_URL, base_url)
        client = self.client(parameters, context, feedback)
        crs = self.output_crs(codes)
        communes = self.fetch_communes(client, parameters, context, codes) if layer is None else None
        territory = self.territory_geometry(communes, layer, crs, context)
        margin = self.parameterAsDouble(parameters, self.BUFFER, context)
        area = territory.buffer(margin, 8) if margin > 0 else territory
        box = area.boundingBox()
        bbox = (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())

        def progress(done, total):
            feedback.setProgress(100.0 * done / total)

        if source == SOURCE_BDTOPO:
            feedback.pushInfo(self.tr("Fetching BD TOPO road sections from {0}").format(base_url))
            records = self.call(roads.fetch_wfs, client, bbox, crs.authid(), base_url=base_url, progress=progress)
            spec, attribution, transform = BDTOPO_FIELDS, "bdtopo", None
        else:
            to_wgs84 = QgsCoordinateTransform(crs, wgs84(), context.transformContext())
            box84 = to_wgs84.transformBoundingBox(box)
            feedback.pushInfo(self.tr("Fetching OSM ways from {0}").format(base_url))
            records = self.call(
                roads.fetch_overpass,
                client,
                (box84.xMinimum(), box84.yMinimum(), box84.xMaximum(), box84.yMaximum()),
                base_url,
            )
            spec, attribution = OSM_FIELDS, "osm"
            transform = QgsCoordinateTransform(wgs84(), crs, context.transformContext())
        rows = []
        for record in records:
            if not record.get("wkt"):
                continue
            geometry = QgsGeometry.fromWkt(record["wkt"])
            if transform is not None:
                geometry.transform(transform)
            geometry.convertToMultiType()
            rows.append((geometry, [_value(record.get(name), kind) for name, kind in spec]))
        rows = clip_rows(rows, area)
        fields = QgsFields()
        for name, kind in spec:
            fields.append(QgsField(name, kind))
        dest_id = self.write_features(parameters, context, self.OUTPUT, fields, QgsWkbTypes.MultiLineString, crs, rows)
        feedback.pushInfo(self.tr("{0} road lines written.").format(len(rows)))
        self.document_output(
            dest_id,
            context,
            self.tr("Roads"),
            self.tr("Road network for travel-time computations."),
            base_url,
            f"bbox {', '.join(f'{v:.0f}' for v in bbox)} ({crs.authid()}), territory {codes.as_text() or 'layer'}",
            [attribution],
        )
        return {self.OUTPUT: dest_id}


def _value(value, kind):
    if value is None or value == "":
        return None
    if kind == QVariant.Int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return value
