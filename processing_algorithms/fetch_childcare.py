"""vigie:fetchchildcare — EAJE facilities (BPE D502 with capacity) and CAF childcare figures joined to boundaries.

No national list of individual crèches is published: facility points come from the BPE; the CAF's
Explore API gives places and coverage rates per commune (over 10,000 inhabitants) or EPCI.
"""

from collections import defaultdict
from dataclasses import dataclass

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
# The fields of COVERAGE_FIELDS read from the CAF figures of an area, in that order.
CAF_FIGURES = (
    "year",
    "coverage_rate",
    "coverage_rate_eaje",
    "places_eaje",
    "places_micro_paje",
    "places_collective",
    "places_total",
)
SCALE_COMMUNE, SCALE_EPCI = 0, 1


@dataclass
class _Request:
    """What to fetch, read from the parameters."""

    codes: object  # the territory's commune codes
    layer: object  # the territory layer, if given (its BPE points are those inside it)
    epci_scale: bool
    caf_url: str
    bpe_url: str
    local_bpe: str


@dataclass
class _Fetched:
    """What the sources returned: EAJE points (rows in ``crs``), the areas and their CAF figures."""

    rows: list
    crs: object
    bpe_source: str
    bpe_query: str
    records: list
    areas: list
    area_of_commune: dict
    figures: dict


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
        request = self._read_request(parameters, context)
        client = self.client(parameters, context, feedback)
        fetched = self._fetch(parameters, context, request, client, steps)
        coverage_rows = self._coverage_rows(fetched, context, steps)
        return self._write_outputs(parameters, context, request, fetched, coverage_rows)

    # -- read -------------------------------------------------------------------------------------

    def _read_request(self, parameters, context):
        codes, layer = self.read_territory(parameters, context)
        self.require(
            bool(codes),
            self.tr("fetchchildcare needs territory codes (or a territory layer with a commune code field)."),
        )
        bpe_url = self.url_of_path(parameters, context, self.BPE_FILE_PATH, self.BPE_URL)
        return _Request(
            codes=codes,
            layer=layer,
            epci_scale=self.parameterAsEnum(parameters, self.SCALE, context) == SCALE_EPCI,
            caf_url=self.url_parameter(parameters, context),
            bpe_url=bpe_url,
            local_bpe=self.local_file_parameter(parameters, context, self.BPE_LOCAL_FILE),
        )

    # -- fetch ------------------------------------------------------------------------------------

    def _fetch(self, parameters, context, request, client, steps):
        """Steps 0 to 2: communes, EAJE of the BPE, the areas of the chosen scale and their CAF figures."""
        communes = self.fetch_communes(client, parameters, context, request.codes)
        steps.setCurrentStep(1)
        rows, crs, missing, bpe_source, bpe_query, records = bpe_points(
            self,
            parameters,
            context,
            steps,
            client,
            request.codes,
            request.layer,
            ["D502"],
            request.bpe_url,
            request.local_bpe,
        )
        steps.setCurrentStep(2)
        if request.epci_scale:
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
            "epci" if request.epci_scale else "commune",
            [a["code"] for a in areas],
            request.caf_url,
        )
        if missing:
            steps.pushWarning(self.tr("{0} EAJE have no coordinates in the BPE: not mapped.").format(missing))
        return _Fetched(rows, crs, bpe_source, bpe_query, records, areas, area_of_commune, figures)

    # -- compute ----------------------------------------------------------------------------------

    def _coverage_rows(self, fetched, context, feedback):
        """(geometry in the output CRS, attributes of COVERAGE_FIELDS) of every area."""
        figures = fetched.figures
        # Every EAJE counts, with or without coordinates.
        eaje_count, eaje_capacity = defaultdict(int), defaultdict(float)
        for record in fetched.records:
            area = fetched.area_of_commune.get(record["depcom"])
            if area:
                eaje_count[area] += 1
                eaje_capacity[area] += record["capacite"] or 0.0
        transform = QgsCoordinateTransform(wgs84(), fetched.crs, context.transformContext())
        coverage_rows = []
        for area in fetched.areas:
            geometry = QgsGeometry.fromWkt(area["wkt"]) if area.get("wkt") else None
            if geometry is not None:
                geometry.transform(transform)
                geometry.convertToMultiType()
            figure = figures.get(area["code"], {})
            attributes = [area["code"], area.get("nom"), area.get("population")]
            attributes += [figure.get(name) for name in CAF_FIGURES]
            attributes += [eaje_count.get(area["code"], 0), eaje_capacity.get(area["code"], 0.0)]
            coverage_rows.append((geometry, attributes))
        without_figures = sum(1 for area in fetched.areas if area["code"] not in figures)
        if without_figures:
            feedback.pushWarning(
                self.tr("{0} areas have no CAF figures (masked, or communes under 10,000 inhabitants).").format(
                    without_figures
                )
            )
        return coverage_rows

    # -- write ------------------------------------------------------------------------------------

    def _write_outputs(self, parameters, context, request, fetched, coverage_rows):
        crs = fetched.crs
        points_id = self.write_features(
            parameters, context, self.OUTPUT, bpe_fields(), QgsWkbTypes.Point, crs, fetched.rows
        )
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
            fetched.bpe_source,
            fetched.bpe_query,
            ["bpe"],
            renderer=apply_service_points,
        )
        self.document_output(
            coverage_id,
            context,
            self.tr("Childcare coverage"),
            self.tr("CAF childcare coverage rate and places (data.caf.fr), with BPE EAJE counts."),
            f"{request.caf_url}/api/explore/v2.1",
            f"{'epci' if request.epci_scale else 'commune'} in {request.codes.as_text()}",
            ["caf", "bpe", "geoapi"],
            renderer=lambda layer: layer.setRenderer(outline_renderer()),
        )
        return {self.OUTPUT: points_id, self.OUTPUT_COVERAGE: coverage_id}
