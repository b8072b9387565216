"""vigie:fetchboundaries — communes (or EPCI) of a territory with code, name, population, from geo.api.gouv.fr."""

from qgis.core import (
    QgsCoordinateTransform,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import geoapi, wfs
from ..plugin.styles import outline_renderer
from .fetch_common import FetchAlgorithm, wgs84

COMMUNE_FIELDS = (
    ("code", QVariant.String),
    ("nom", QVariant.String),
    ("population", QVariant.Int),
    ("code_epci", QVariant.String),
    ("code_dep", QVariant.String),
    ("code_reg", QVariant.String),
    ("siren", QVariant.String),
    ("codes_postaux", QVariant.String),
)
EPCI_FIELDS = (
    ("code", QVariant.String),
    ("nom", QVariant.String),
    ("population", QVariant.Int),
    ("code_deps", QVariant.String),
    ("code_regs", QVariant.String),
)


def make_fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


SOURCE_GEOAPI, SOURCE_ADMINEXPRESS = 0, 1


class FetchBoundariesAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchboundaries"
    LEVEL = "LEVEL"
    SOURCE = "SOURCE"
    WFS_URL = "WFS_URL"

    def displayName(self):
        return self.tr("Fetch boundaries (communes, EPCI)")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.LEVEL, self.tr("Level"), options=[self.tr("Communes"), self.tr("EPCI")], defaultValue=0
            ),
            self.tr("Communes of the territory, or the EPCI (intercommunalities) they belong to."),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.SOURCE,
                self.tr("Source"),
                options=[self.tr("geo.api.gouv.fr"), self.tr("IGN ADMIN EXPRESS (Géoplateforme WFS)")],
                defaultValue=SOURCE_GEOAPI,
            ),
            self.tr("geo.api.gouv.fr (simplified outlines, populations) or ADMIN EXPRESS over WFS (full outlines)."),
            advanced=True,
        )
        self.add_base_url(geoapi.DEFAULT_BASE_URL)
        self.add_base_url(wfs.DEFAULT_BASE_URL, self.WFS_URL, self.tr("Géoplateforme WFS URL"))
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Boundaries")),
            self.tr("Polygons in Lambert-93 (or the official projection overseas)."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        codes, layer = self.read_territory(parameters, context)
        self.require(
            bool(codes),
            self.tr("fetchboundaries needs territory codes (or a territory layer with a commune code field)."),
        )
        epci_level = self.parameterAsEnum(parameters, self.LEVEL, context) == 1
        base_url = self.url_parameter(parameters, context)
        client = self.client(parameters, context, feedback)
        crs = self.output_crs(codes)
        if self.parameterAsEnum(parameters, self.SOURCE, context) == SOURCE_ADMINEXPRESS:
            base_url = self.url_parameter(parameters, context, self.WFS_URL)
            feedback.pushInfo(
                self.tr("Fetching ADMIN EXPRESS communes of {0} from {1}").format(codes.as_text(), base_url)
            )
            communes = self.call(geoapi.fetch_adminexpress_communes, client, codes, crs.authid(), base_url)
            records, spec, records_crs = communes, COMMUNE_FIELDS, crs
            if epci_level:
                epci_codes = sorted({e for c in communes for e in c["epcis"]})
                records = self.call(geoapi.fetch_adminexpress_epcis, client, epci_codes, crs.authid(), base_url)
                spec = EPCI_FIELDS
            attribution = "adminexpress"
        else:
            feedback.pushInfo(self.tr("Fetching communes of {0} from {1}").format(codes.as_text(), base_url))
            communes = self.call(geoapi.fetch_communes, client, codes, base_url)
            records, spec, records_crs = communes, COMMUNE_FIELDS, wgs84()
            if epci_level:
                epci_codes = sorted({c["code_epci"] for c in communes if c.get("code_epci")})
                records, spec = self.call(geoapi.fetch_epcis, client, epci_codes, base_url), EPCI_FIELDS
            attribution = "geoapi"
        transform = QgsCoordinateTransform(records_crs, crs, context.transformContext())
        rows = []
        for record in records:
            geometry = QgsGeometry.fromWkt(record["wkt"]) if record.get("wkt") else None
            if geometry is not None:
                geometry.transform(transform)
                geometry.convertToMultiType()
            rows.append((geometry, [record.get(name) for name, _ in spec]))
        fields = make_fields(spec)
        dest_id = self.write_features(parameters, context, self.OUTPUT, fields, QgsWkbTypes.MultiPolygon, crs, rows)
        feedback.pushInfo(self.tr("{0} boundaries written.").format(len(rows)))
        self.document_output(
            dest_id,
            context,
            self.tr("Communes") if not epci_level else self.tr("EPCI"),
            self.tr("Boundaries from IGN ADMIN EXPRESS (geo.api.gouv.fr or the Géoplateforme WFS)."),
            base_url,
            codes.as_text(),
            [attribution],
            renderer=lambda layer: layer.setRenderer(outline_renderer()),
        )
        return {self.OUTPUT: dest_id}
