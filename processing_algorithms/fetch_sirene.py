"""vigie:fetchsirene — active establishments of a territory for NAF codes, as points (Lambert-93 or overseas EPSG)."""

from dataclasses import dataclass

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import geoapi, geocode, sirene
from ..plugin.core.sources.territory import TerritoryCodes
from ..plugin.qgis_sources import api_key_from_authcfg
from ..plugin.styles import apply_service_points
from .fetch_common import FetchAlgorithm, clip_rows

FIELDS = (
    ("siret", QVariant.String),
    ("siren", QVariant.String),
    ("name", QVariant.String),
    ("enseigne", QVariant.String),
    ("naf", QVariant.String),
    ("commune", QVariant.String),
    ("code_postal", QVariant.String),
    ("libelle_commune", QVariant.String),
    ("date_creation", QVariant.String),
    ("tranche_effectifs", QVariant.String),
    ("siege", QVariant.Bool),
    ("geocode_score", QVariant.Double),
)
BACKEND_RECHERCHE, BACKEND_SIRENE = 0, 1


def point_rows(records, target_crs, transform_context, fields_spec):
    """(point geometry in target_crs, attributes) of the records with a position, and the count without one."""
    transforms, rows, missing = {}, [], 0
    for record in records:
        if record["x"] is None or record["y"] is None:
            missing += 1
            continue
        epsg = record["epsg"]
        if epsg not in transforms:
            transforms[epsg] = QgsCoordinateTransform(
                QgsCoordinateReferenceSystem(f"EPSG:{epsg}"), target_crs, transform_context
            )
        geometry = QgsGeometry.fromPointXY(QgsPointXY(record["x"], record["y"]))
        geometry.transform(transforms[epsg])
        rows.append((geometry, [record.get(name) for name, _ in fields_spec]))
    return rows, missing


@dataclass
class _Request:
    """What to fetch, read from the parameters."""

    codes: object  # the territory's codes
    layer: object  # the territory layer, if given (establishments are clipped to it)
    naf_codes: list
    backend: int
    base_url: str
    geocode: bool  # place the establishments without position with the geocoder


class FetchSireneAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchsirene"
    NAF_CODES = "NAF_CODES"
    BACKEND = "BACKEND"
    AUTHCFG = "AUTHCFG"
    GEOCODE = "GEOCODE"
    GEOCODER_URL = "GEOCODER_URL"
    WITHOUT_POSITION = "WITHOUT_POSITION"

    def displayName(self):
        return self.tr("Fetch establishments (Sirene)")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        self.add_parameter(
            QgsProcessingParameterString(self.NAF_CODES, self.tr("NAF codes or presets"), defaultValue="86.21Z"),
            self.tr("Comma-separated NAF codes (86.21Z) or presets: {0}.").format(", ".join(sirene.NAF_PRESETS)),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.BACKEND,
                self.tr("Service"),
                options=[self.tr("recherche-entreprises (no key)"), self.tr("INSEE API Sirene 3.11 (key)")],
                defaultValue=BACKEND_RECHERCHE,
            ),
            self.tr(
                "recherche-entreprises needs no key but filters NAF codes on the legal unit; "
                "API Sirene filters on each establishment and needs a key (AUTHCFG)."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterAuthConfig(
                self.AUTHCFG, self.tr("API key (authentication configuration)"), optional=True
            ),
            self.tr("QGIS authentication configuration holding the INSEE API key (API Sirene only)."),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.BASE_URL, self.tr("Service root URL"), optional=True, defaultValue=""),
            self.tr(
                "Root URL of the chosen service; empty for the public one. Change it for a mirror or a test server."
            ),
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterBoolean(
                self.GEOCODE, self.tr("Geocode establishments without position"), defaultValue=False
            ),
            self.tr(
                "Send their addresses to the Géoplateforme geocoder (BAN, CSV batch); positions found in the "
                "right commune with a score of 0.5 or more are used (field geocode_score)."
            ),
        )
        self.add_base_url(geocode.DEFAULT_BASE_URL, self.GEOCODER_URL, self.tr("Géoplateforme geocoder URL"))
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Establishments"), QgsProcessing.TypeVectorPoint),
            self.tr("Active establishments with a published position, as points."),
        )
        self.addOutput(QgsProcessingOutputNumber(self.WITHOUT_POSITION, self.tr("Establishments without position")))

    def processAlgorithm(self, parameters, context, feedback):
        request = self._read_request(parameters, context)
        client = self.client(parameters, context, feedback)
        fetch = self._fetch_sirene if request.backend == BACKEND_SIRENE else self._fetch_recherche
        records, source, query = fetch(parameters, context, request, client, feedback)
        if request.geocode and sirene.count_without_position(records):
            geocoder_url = self.url_parameter(parameters, context, self.GEOCODER_URL)
            placed = self.call(sirene.geocode_missing, client, records, geocoder_url)
            feedback.pushInfo(self.tr("{0} establishments placed by the geocoder.").format(placed))
        return self._write_outputs(parameters, context, request, records, source, query, feedback)

    # -- read -------------------------------------------------------------------------------------

    def _read_request(self, parameters, context):
        codes, layer = self.read_territory(parameters, context)
        self.require(
            bool(codes),
            self.tr("Sirene needs territory codes: type them in TERRITORY or use a layer with a commune code field."),
        )
        naf_codes = self.call(sirene.parse_naf_codes, self.parameterAsString(parameters, self.NAF_CODES, context))
        self.require(bool(naf_codes), self.tr("Give at least one NAF code in NAF_CODES."))
        backend = self.parameterAsEnum(parameters, self.BACKEND, context)
        base_url = (self.parameterAsString(parameters, self.BASE_URL, context) or "").strip().rstrip("/")
        if not base_url:
            base_url = sirene.SIRENE_BASE_URL if backend == BACKEND_SIRENE else sirene.RECHERCHE_BASE_URL
        self.require(base_url.startswith(("http://", "https://")), self.tr("BASE_URL must be an http(s) URL."))
        self.remember_service(self.BASE_URL, base_url)  # messages of a failing service name BASE_URL
        geocode_missing = self.parameterAsBoolean(parameters, self.GEOCODE, context)
        return _Request(codes, layer, naf_codes, backend, base_url, geocode_missing)

    # -- fetch ------------------------------------------------------------------------------------

    def _fetch_sirene(self, parameters, context, request, client, feedback):
        """(records, source URL, query) from API Sirene, which filters each establishment's NAF code."""
        codes, naf_codes = request.codes, request.naf_codes
        authcfg = self.parameterAsString(parameters, self.AUTHCFG, context)
        api_key = self.call(api_key_from_authcfg, authcfg)
        commune_codes = []
        if codes.epcis:
            boundaries_url = self.url_parameter(parameters, context, self.BOUNDARIES_URL)
            epci_communes = self.call(
                geoapi.fetch_communes, client, TerritoryCodes(epcis=codes.epcis), boundaries_url, "centre"
            )
            commune_codes = [c["code"] for c in epci_communes]
        feedback.pushInfo(self.tr("Querying API Sirene for {0}").format(", ".join(naf_codes)))
        records = self.call(sirene.fetch_sirene, client, api_key, naf_codes, codes, commune_codes, request.base_url)
        query = " | ".join(sirene.sirene_queries(naf_codes, codes, commune_codes))
        return records, f"{request.base_url}/siret", query

    def _fetch_recherche(self, parameters, context, request, client, feedback):
        """(records, source URL, query) from recherche-entreprises, which filters the legal unit's NAF code."""
        codes, naf_codes = request.codes, request.naf_codes
        feedback.pushInfo(self.tr("Querying recherche-entreprises for {0}").format(", ".join(naf_codes)))
        boundaries_url = self.url_parameter(parameters, context, self.BOUNDARIES_URL)

        def territory_communes():
            # Asked only when a legal unit reaches the 100-establishment cap of an EPCI/département query.
            feedback.pushInfo(
                self.tr("A legal unit has over 100 matching establishments: querying commune by commune.")
            )
            return [c["code"] for c in geoapi.fetch_communes(client, codes, boundaries_url, "centre")]

        records, truncated = self.call(
            sirene.fetch_recherche, client, naf_codes, codes, request.base_url, commune_codes=territory_communes
        )
        if truncated:
            feedback.pushWarning(
                self.tr(
                    "recherche-entreprises caps answers at 10,000 results: some may be missing; narrow the territory."
                )
            )
        query = f"activite_principale={','.join(naf_codes)} etat_administratif=A territory={codes.as_text()}"
        return records, f"{request.base_url}/search", query

    # -- write ------------------------------------------------------------------------------------

    def _write_outputs(self, parameters, context, request, records, source, query, feedback):
        crs = self.output_crs(request.codes)
        rows, missing = point_rows(records, crs, context.transformContext(), FIELDS)
        if request.layer is not None:
            rows = clip_rows(rows, self.territory_geometry(None, request.layer, crs, context))
        if missing:
            feedback.pushWarning(
                self.tr(
                    "{0} establishments have no published position (non-diffusible or not geolocated): not mapped."
                ).format(missing)
            )
        fields = QgsFields()
        for name, kind in FIELDS:
            fields.append(QgsField(name, kind))
        dest_id = self.write_features(parameters, context, self.OUTPUT, fields, QgsWkbTypes.Point, crs, rows, feedback)
        feedback.pushInfo(self.tr("{0} establishments written.").format(len(rows)))
        self.document_output(
            dest_id,
            context,
            self.tr("Establishments {0}").format(", ".join(request.naf_codes)),
            self.tr("Active establishments from INSEE Sirene ({0} without position not mapped).").format(missing),
            source,
            query,
            ["sirene", "geocoder"] if request.geocode else ["sirene"],
            renderer=apply_service_points,
        )
        return {self.OUTPUT: dest_id, self.WITHOUT_POSITION: missing}
