"""vigie:fetchchildcare — EAJE facilities (BPE D502 with capacity) and CAF childcare figures joined to boundaries.

No national list of individual crèches is published: facility points come from the BPE; the CAF's
Explore API gives places and coverage rates per commune (over 10,000 inhabitants) or EPCI.
"""

from collections import defaultdict

from qgis.core import (
    QgsCoordinateTransform,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import bpe, caf, geoapi
from ..plugin.styles import apply_service_points, outline_renderer
from .fetch_bpe import bpe_fields, bpe_points
from .fetch_common import FetchAlgorithm, wgs84

COVERAGE_FIELDS = (
    ("code", QVariant.String),
    ("nom", QVariant.String),
    ("population", QVariant.Int),
    ("year", QVariant.String),
    ("coverage_rate", QVariant.Double),
    ("coverage_rate_eaje", QVariant.Double),
    ("places_eaje", QVariant.Double),
    ("places_micro_paje", QVariant.Double),
    ("places_collective", QVariant.Double),
    ("places_total", QVariant.Double),
    ("eaje_count", QVariant.Int),
    ("eaje_capacity", QVariant.Double),
)
SCALE_COMMUNE, SCALE_EPCI = 0, 1


class FetchChildcareAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchchildcare"
    SCALE = "SCALE"
    BPE_URL = "BPE_URL"
    BPE_FILE_PATH = "BPE_FILE_PATH"
    BPE_LOCAL_FILE = "BPE_LOCAL_FILE"
    OUTPUT_COVERAGE = "OUTPUT_COVERAGE"

    def displayName(self):
        return self.tr("Fetch childcare (EAJE, CAF coverage)")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.SCALE, self.tr("Figures by"), options=[self.tr("Commune"), self.tr("EPCI")], defaultValue=1
            ),
            self.tr("CAF figures per commune exist only for communes over 10,000 inhabitants; EPCI covers all."),
        )
        self.add_base_url(caf.DEFAULT_BASE_URL, description=self.tr("data.caf.fr root URL"))
        self.add_base_url(bpe.DEFAULT_BASE_URL, self.BPE_URL, self.tr("BPE (insee.fr) root URL"))
        self.add_bpe_file_parameters(
            self.BPE_FILE_PATH,
            self.BPE_LOCAL_FILE,
            self.tr("Path of the BPE national file"),
            self.tr("Path of the geolocated BPE zip under the BPE root URL."),
        )
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("EAJE facilities"), QgsProcessing.TypeVectorPoint),
            self.tr("Établissements d'accueil du jeune enfant (BPE D502) with their capacity."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_COVERAGE, self.tr("Childcare coverage"), QgsProcessing.TypeVectorPolygon
            ),
            self.tr(
                "Communes or EPCI with the CAF coverage rate, places, and the EAJE count and capacity from the BPE."
            ),
        )

    def processAlgorithm(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        codes, layer = self.read_territory(parameters, context)
        self.require(
            bool(codes),
            self.tr("fetchchildcare needs territory codes (or a territory layer with a commune code field)."),
        )
        epci_scale = self.parameterAsEnum(parameters, self.SCALE, context) == SCALE_EPCI
        caf_url = self.url_parameter(parameters, context)
        bpe_url = self.url_of_path(parameters, context, self.BPE_FILE_PATH, self.BPE_URL)
        local_bpe = self.local_file_parameter(parameters, context, self.BPE_LOCAL_FILE)
        client = self.client(parameters, context, feedback)
        communes = self.fetch_communes(client, parameters, context, codes)
        steps.setCurrentStep(1)
        rows, crs, missing, bpe_source, bpe_query, records = bpe_points(
            self, parameters, context, steps, client, codes, layer, ["D502"], bpe_url, local_bpe
        )
        steps.setCurrentStep(2)
        if epci_scale:
            epci_codes = sorted({c["code_epci"] for c in communes if c.get("code_epci")})
            boundaries_url = self.url_parameter(parameters, context, self.BOUNDARIES_URL)
            areas = self.call(geoapi.fetch_epcis, client, epci_codes, boundaries_url)
            area_of_commune = {c["code"]: c.get("code_epci") for c in communes}
        else:
            areas = communes
            area_of_commune = {c["code"]: c["code"] for c in communes}
        figures = self.call(
            caf.fetch_childcare_figures,
            client,
            "epci" if epci_scale else "commune",
            [a["code"] for a in areas],
            caf_url,
        )
        # Every EAJE counts, with or without coordinates.
        eaje_count, eaje_capacity = defaultdict(int), defaultdict(float)
        for record in records:
            area = area_of_commune.get(record["depcom"])
            if area:
                eaje_count[area] += 1
                eaje_capacity[area] += record["capacite"] or 0.0
        transform = QgsCoordinateTransform(wgs84(), crs, context.transformContext())
        coverage_rows = []
        for area in areas:
            geometry = QgsGeometry.fromWkt(area["wkt"]) if area.get("wkt") else None
            if geometry is not None:
                geometry.transform(transform)
                geometry.convertToMultiType()
            figure = figures.get(area["code"], {})
            coverage_rows.append(
                (
                    geometry,
                    [
                        area["code"],
                        area.get("nom"),
                        area.get("population"),
                        figure.get("year"),
                        figure.get("coverage_rate"),
                        figure.get("coverage_rate_eaje"),
                        figure.get("places_eaje"),
                        figure.get("places_micro_paje"),
                        figure.get("places_collective"),
                        figure.get("places_total"),
                        eaje_count.get(area["code"], 0),
                        eaje_capacity.get(area["code"], 0.0),
                    ],
                )
            )
        without_figures = sum(1 for area in areas if area["code"] not in figures)
        if without_figures:
            steps.pushWarning(
                self.tr("{0} areas have no CAF figures (masked, or communes under 10,000 inhabitants).").format(
                    without_figures
                )
            )
        if missing:
            steps.pushWarning(self.tr("{0} EAJE have no coordinates in the BPE: not mapped.").format(missing))
        points_id = self.write_features(parameters, context, self.OUTPUT, bpe_fields(), QgsWkbTypes.Point, crs, rows)
        coverage_fields = QgsFields()
        for name, kind in COVERAGE_FIELDS:
            coverage_fields.append(QgsField(name, kind))
        coverage_id = self.write_features(
            parameters, context, self.OUTPUT_COVERAGE, coverage_fields, QgsWkbTypes.MultiPolygon, crs, coverage_rows
        )
        self.document_output(
            points_id,
            context,
            self.tr("EAJE facilities"),
            self.tr("EAJE (BPE D502) with capacity."),
            bpe_source,
            bpe_query,
            ["bpe"],
            renderer=apply_service_points,
        )
        self.document_output(
            coverage_id,
            context,
            self.tr("Childcare coverage"),
            self.tr("CAF childcare coverage rate and places (data.caf.fr), with BPE EAJE counts."),
            f"{caf_url}/api/explore/v2.1",
            f"{'epci' if epci_scale else 'commune'} in {codes.as_text()}",
            ["caf", "bpe", "geoapi"],
            renderer=lambda layer: layer.setRenderer(outline_renderer()),
        )
        return {self.OUTPUT: points_id, self.OUTPUT_COVERAGE: coverage_id}
