"""What every fetch algorithm shares: territory parameters, the HTTP client, error messages, atomic sinks.

``FetchAlgorithm`` is abstract (empty ALGORITHM_NAME): the provider does not list it. Network work
happens before any sink is created, so a failed or cancelled fetch leaves no output behind.
"""

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..plugin.core.reference import bpe_ranges
from ..plugin.core.sources import geoapi
from ..plugin.core.sources.archive import extract_member, find_member, open_zip
from ..plugin.core.sources.errors import (
    AuthError,
    CancelledError,
    IncompleteResultError,
    NotFoundError,
    PayloadError,
    RateLimitedError,
    RequestError,
    ServiceUnavailableError,
    SourceError,
    UnsupportedTerritoryError,
)
from ..plugin.core.sources.territory import (
    COMMUNE_RE,
    METROPOLE_EPSG,
    OVERSEAS_EPSG,
    TerritoryCodes,
    departement_of_commune,
    parse_territory,
)
from ..plugin.engine_messages import engine_message
from ..plugin.provenance import ATTRIBUTIONS, build_metadata
from ..plugin.qgis_sources import DOWNLOAD_TTL, client_for
from ..plugin.settings import default_bpe_file_path
from .base import VigieAlgorithm

# Engine error codes saying that a well-formed territory code does not exist (geoapi.py, ADMIN EXPRESS).
UNKNOWN_TERRITORY_CODES = (
    "unknown_territory_code",
    "no_commune_for_code",
    "unknown_epci",
    "no_commune_in_admin_express",
)
# Field names that hold commune codes in a territory layer (ADMIN EXPRESS, geo.api, INSEE files).
CODE_FIELDS = ("code", "insee_com", "code_insee", "codgeo", "depcom", "com", "insee", "inseecom")


def wgs84():
    """EPSG:4326, built on demand (never at import time, before QGIS's CRS database is ready)."""
    return QgsCoordinateReferenceSystem("EPSG:4326")


def range_table_parameter(algorithm, name):
    """(parameter, help) of RANGE_TABLE: INSEE's table of BPE ranges, its workbook as published or a CSV."""
    parameter = QgsProcessingParameterFile(
        name,
        algorithm.tr("INSEE table of BPE ranges (xlsx or CSV, optional)"),
        behavior=QgsProcessingParameterFile.File,
        optional=True,
        fileFilter=algorithm.tr("INSEE's table of ranges (*.xlsx *.csv)"),
    )
    help_text = algorithm.tr(
        "INSEE's 'gammes d'équipements' table of the BPE edition, as downloaded from insee.fr "
        "(BPE_gammes_equipements_<year>.xlsx) or saved as CSV: a TYPEQU (or 'code équipement') column and a "
        "gamme column ('Gamme de proximité', 'intermédiaire', 'supérieure'); its groups (a school and its RPI "
        "classes, the kinds of post office) count as one service. The tables shipped with Vigie hold no ranges, "
        "because INSEE's lists could not be read when they were written (offline): give this table to ask for "
        "the ranges proximite, intermediaire or superieure by name. A territory kit keeps the table it was "
        "fetched with: a basket by range on the kit's services needs none."
    )
    return parameter, help_text


class FetchAlgorithm(VigieAlgorithm):
    """Base of the fetch_* algorithms (not an algorithm itself)."""

    GROUP_ID = "fetch"
    TERRITORY = "TERRITORY"
    TERRITORY_LAYER = "TERRITORY_LAYER"
    BASE_URL = "BASE_URL"
    BOUNDARIES_URL = "BOUNDARIES_URL"
    REFRESH_CACHE = "REFRESH_CACHE"
    RANGE_TABLE = "RANGE_TABLE"
    OUTPUT = "OUTPUT"

    def __init__(self):
        super().__init__()
        # Parameter -> the service root or local file it gave, and file read -> where it came from:
        # so that an engine error names the parameter to change (service_parameter, call).
        self._service_roots = {}
        self._file_origins = {}

    # -- parameters -----------------------------------------------------------------

    def add_territory_parameters(self):
        self.add_parameter(
            QgsProcessingParameterString(self.TERRITORY, self.tr("Territory codes"), optional=True),
            self.tr(
                "One or more codes, comma-separated: communes (5 characters, e.g. 05061), "
                "EPCI (9-digit SIREN, e.g. 200067452) or départements (05, 2A, 974)."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.TERRITORY_LAYER,
                self.tr("Territory layer (instead of codes)"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            ),
            self.tr(
                "A polygon layer of the territory. Commune codes are read from a field named code, "
                "insee_com or codgeo when there is one; the outputs are clipped to its polygons."
            ),
        )

    def add_base_url(self, default, name=None, description=None):
        self.add_parameter(
            QgsProcessingParameterString(
                name or self.BASE_URL, description or self.tr("Service root URL"), defaultValue=default
            ),
            self.tr("Root URL of the service; change it to use a mirror, a proxy or a local test server."),
            advanced=True,
        )

    def add_boundaries_url(self):
        self.add_base_url(geoapi.DEFAULT_BASE_URL, self.BOUNDARIES_URL, self.tr("geo.api.gouv.fr root URL"))

    def add_bpe_file_parameters(self, path_name, local_name, path_description, path_help):
        """The BPE national file's path under its root URL, and a local copy to use instead (advanced)."""
        self.add_parameter(
            QgsProcessingParameterString(path_name, path_description, defaultValue=default_bpe_file_path()),
            path_help,
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterFile(
                local_name,
                self.tr("Local BPE file (CSV or zip)"),
                behavior=QgsProcessingParameterFile.File,
                optional=True,
            ),
            self.tr("Use an already downloaded geolocated BPE file instead of downloading it."),
            advanced=True,
        )

    def add_range_table_parameter(self):
        """RANGE_TABLE (advanced): INSEE's table of the BPE ranges, for the range names and the ranges of types."""
        self.add_parameter(*range_table_parameter(self, self.RANGE_TABLE), advanced=True)

    def add_refresh_parameter(self):
        self.add_parameter(
            QgsProcessingParameterBoolean(self.REFRESH_CACHE, self.tr("Ignore the cache"), defaultValue=False),
            self.tr("Download again even when a recent copy is in Vigie's cache folder."),
            advanced=True,
        )

    # -- reading parameters --------------------------------------------------------

    def url_parameter(self, parameters, context, name=None):
        url = (self.parameterAsString(parameters, name or self.BASE_URL, context) or "").strip()
        self.require(
            url.startswith(("http://", "https://")),
            self.tr("{0} must be an http(s) URL, got '{1}'.").format(name or self.BASE_URL, url),
        )
        return self.remember_service(name or self.BASE_URL, url.rstrip("/"))

    def remember_service(self, name, url):
        """Note that parameter ``name`` gave ``url`` (a service root or a local file); returns ``url``.

        A failing service or file is then named by its parameter (``service_parameter``).
        """
        self._service_roots[name] = url
        return url

    def local_file_parameter(self, parameters, context, name):
        """A local file parameter's path ('' when empty), remembered so that an unusable archive is named by it."""
        path = self.parameterAsFile(parameters, name, context)
        return self.remember_service(name, str(Path(path).absolute())) if path else ""

    def service_parameter(self, error):
        """The URL parameter(s) whose service an engine error came from (longest matching root), or ''."""
        url = getattr(error, "url", None) or ""
        matches = {}
        for name, root in self._service_roots.items():
            if root and url.startswith(root) and url[len(root) : len(root) + 1] in ("", "/", "?"):
                matches.setdefault(len(root), []).append(name)
        return " / ".join(sorted(matches[max(matches)])) if matches else ""

    def url_of_path(self, parameters, context, path_name, base_name=None):
        """The URL of a file given as a path (parameter ``path_name``) under a root URL (``base_name``)."""
        path = self.parameterAsString(parameters, path_name, context).lstrip("/")
        return self.url_parameter(parameters, context, base_name) + "/" + path

    def read_territory(self, parameters, context):
        """(TerritoryCodes, layer source or None): codes typed, or read from the layer's code field."""
        text = self.parameterAsString(parameters, self.TERRITORY, context)
        try:
            codes = parse_territory(text)
        except ValueError as error:
            raise QgsProcessingException(self.tr("TERRITORY: {0}").format(str(error))) from error
        layer = None
        if parameters.get(self.TERRITORY_LAYER):
            layer = self.parameterAsSource(parameters, self.TERRITORY_LAYER, context)
            if layer is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, self.TERRITORY_LAYER))
            if not codes:
                codes = TerritoryCodes(communes=commune_codes_of_layer(layer))
        self.require(
            bool(codes) or layer is not None,
            self.tr("Give the territory: commune, EPCI or département codes in TERRITORY, or a TERRITORY_LAYER."),
        )
        return codes, layer

    def client(self, parameters, context, feedback, headers=None):
        refresh = self.parameterAsBoolean(parameters, self.REFRESH_CACHE, context)
        return client_for(feedback, refresh=refresh, headers=headers)

    def national_file(self, client, url, local_file, feedback):
        """A national file as it is: ``local_file``, else ``url`` downloaded once into the cache."""
        if local_file:
            local = Path(local_file).absolute()
            return self._noted_origin(local, local)
        feedback.pushInfo(self.tr("Downloading (once, then cached) {0}").format(url))

        def progress(done, total):
            if total:
                feedback.setProgress(min(100.0, 100.0 * done / total))

        return self._noted_origin(
            self.call(client.download, url, ttl=DOWNLOAD_TTL, progress=progress, expected_magic=b"PK"), url
        )

    def _noted_origin(self, path, origin):
        """``path``, noted as read from ``origin`` (a URL, or a local file's path): its errors name that parameter."""
        self._file_origins[str(path)] = str(origin)
        return path

    def national_csv(self, client, url, local_file, feedback):
        """A national CSV: ``local_file`` (CSV or zip), else ``url`` downloaded once into the cache.

        A zip is checked (safe entries) and its CSV extracted beside it, once per download.
        """
        path = self.national_file(client, url, local_file, feedback)
        if path.suffix.lower() != ".zip":
            return path
        with self.call(open_zip, path) as archive:
            member = find_member(archive, ".csv", suffix=True)
        if member is None:
            raise QgsProcessingException(self.tr("No CSV file in {0}.").format(path.name))
        csv_path = path.with_name(path.name + "." + Path(member).name)
        if not csv_path.exists() or csv_path.stat().st_mtime < path.stat().st_mtime:
            self.call(extract_member, path, member, csv_path)
        return csv_path

    def insee_range_table(self, client, url_template, edition, feedback):
        """(path, URL) of INSEE's workbook of the ranges of a BPE ``edition``, downloaded once into the cache.

        ``url_template`` holds ``{edition}``. ValueError saying to give RANGE_TABLE when it cannot be had.
        """
        url = url_template.replace("{edition}", str(edition))
        feedback.pushInfo(self.tr("INSEE's table of the BPE {0} ranges: {1}").format(edition, url))
        try:
            return client.download(url, ttl=DOWNLOAD_TTL, expected_magic=b"PK"), url
        except CancelledError:
            raise
        except SourceError as error:
            raise ValueError(
                f"INSEE's table of the BPE {edition} ranges could not be fetched from {url} "
                f"({str(error).rstrip('.')}); download it from insee.fr and give it in RANGE_TABLE"
            ) from error

    def seven_zip_advice(self, name, parameter):
        """What to do when ``name`` holds a 7z archive and nothing here opens it: extract it, give the CSV."""
        return self.tr(
            "{0} holds a 7z archive and nothing on this computer can open it (GDAL 3.7 or later, the "
            "py7zr module or the 7z program). Extract it with 7-Zip (or 'apt install p7zip-full' then "
            "'7z x'), then give the CSV of your territory (carreaux_200m_met.csv for metropolitan France, "
            "_mart for Martinique, _reun for La Réunion) in {1}."
        ).format(name, parameter)

    def range_table(self, parameters, context):
        """RANGE_TABLE's path (None when empty), read once so that a table Vigie cannot use fails at once."""
        table = self.parameterAsFile(parameters, self.RANGE_TABLE, context)
        if not table:
            return None
        try:
            frame = bpe_ranges.read_range_table(table)
        except (OSError, ValueError) as error:
            raise QgsProcessingException(self.tr("RANGE_TABLE: {0}.").format(str(error).rstrip("."))) from error
        if not (frame["range"] != "").any():
            raise QgsProcessingException(
                self.tr("RANGE_TABLE: {0} puts no equipment type in a range.").format(Path(table).name)
            )
        return table

    # -- engine calls --------------------------------------------------------------------

    def call(self, function, *args, **kwargs):
        """Run an engine function; its typed errors become QgsProcessingException with a clear message."""
        try:
            return function(*args, **kwargs)
        except (SourceError, ValueError) as error:
            origin = self._file_origins.get(str(args[0])) if args else None
            if origin and getattr(error, "url", None) is None:
                error.url = origin  # an archive or file read from a download or a local file parameter
            raise QgsProcessingException(self.source_error_message(error)) from error

    def source_error_message(self, error):
        """What an engine error says to the user, led by the URL parameter of the service that failed."""
        if isinstance(error, CancelledError):
            return self.tr("Cancelled: nothing was written.")
        if isinstance(error, UnsupportedTerritoryError):
            return self.tr("TERRITORY: {0}").format(engine_message(error))
        frames = (
            (IncompleteResultError, self.tr("Incomplete answer, nothing was written: {0}")),
            (AuthError, self.tr("Access refused: {0}")),
            (NotFoundError, self.tr("Not found: {0}")),
            (RateLimitedError, self.tr("Rate limited: {0}")),
            (ServiceUnavailableError, self.tr("Service unavailable: {0}")),
            (PayloadError, self.tr("Unexpected answer: {0}")),
            (RequestError, self.tr("Request rejected: {0}")),
        )
        if not isinstance(error, SourceError):
            return str(error)
        text = self.engine_text(error)
        frame = next((frame for kind, frame in frames if isinstance(error, kind)), "{0}")
        at_fault = self.parameter_at_fault(error)
        # The parameter leads, as in every Vigie message: the user sees which code, URL or file to change.
        return f"{at_fault}: {frame.format(text)}" if at_fault else frame.format(text)

    def engine_text(self, error):
        """An engine error in the user's language; a refused key is only the user's to fix where AUTHCFG is."""
        if isinstance(error, AuthError) and self.parameterDefinition("AUTHCFG") is None:
            # The engine's advice (choose a key in AUTHCFG) fits API Sirene only: these services are open.
            return self.tr(
                "{0} refused the request ({1}): this open service needs no key, so the URL may point at a mirror "
                "or proxy that asks for a login; check it and QGIS's proxy settings."
            ).format(error.params.get("host", "?"), error.params.get("status", "401"))
        return engine_message(error)

    def parameter_at_fault(self, error):
        """TERRITORY for a code the boundaries service does not know, else the URL or file parameter, or ''."""
        if getattr(error, "code", None) in UNKNOWN_TERRITORY_CODES:
            return self.TERRITORY
        return self.service_parameter(error)

    def fetch_communes(self, client, parameters, context, codes):
        """Communes of the territory with their outline (geo.api.gouv.fr), as engine records."""
        base_url = self.url_parameter(parameters, context, self.BOUNDARIES_URL)
        return self.call(geoapi.fetch_communes, client, codes, base_url)

    # -- geometry helpers --------------------------------------------------------------

    def territory_geometry(self, communes, layer, target_crs, context):
        """Union of the territory (layer polygons, else commune outlines in WGS84) in ``target_crs``."""
        parts = []
        if layer is not None:
            request = QgsFeatureRequest().setDestinationCrs(target_crs, context.transformContext())
            request.setNoAttributes()
            parts = [f.geometry() for f in layer.getFeatures(request) if f.hasGeometry()]
        else:
            transform = QgsCoordinateTransform(wgs84(), target_crs, context.transformContext())
            for record in communes or []:
                if record.get("wkt"):
                    geometry = QgsGeometry.fromWkt(record["wkt"])
                    geometry.transform(transform)
                    parts.append(geometry)
        self.require(bool(parts), self.tr("The territory has no geometry to work with."))
        union = QgsGeometry.unaryUnion(parts)
        return union.makeValid() if not union.isGeosValid() else union

    @staticmethod
    def output_crs(codes):
        """Lambert-93, or the INSEE projection of the overseas département of the first code."""
        first = next(iter(codes.communes + codes.departements), "")
        departement = departement_of_commune(first) if len(first) == 5 else first
        return QgsCoordinateReferenceSystem(f"EPSG:{OVERSEAS_EPSG.get(departement, METROPOLE_EPSG)}")

    # -- output ---------------------------------------------------------------------------

    def write_features(self, parameters, context, name, fields, wkb_type, crs, rows, feedback=None):
        """Create the sink only now (all data in hand) and fill it; rows are (QgsGeometry or None, attributes)."""
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        total = max(len(rows), 1)
        for index, (geometry, attributes) in enumerate(rows):
            feature = QgsFeature(fields)
            if geometry is not None:
                feature.setGeometry(geometry)
            feature.setAttributes(attributes)
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.tr("Could not write a feature to {0}.").format(name))
            if feedback is not None and index % 2000 == 0:
                feedback.setProgress(100.0 * index / total)
        del sink
        return dest_id

    def document_output(self, dest_id, context, title, abstract, sources, query, attribution_keys, renderer=None):
        """Layer metadata (source, licence, URL, date fetched, query) and optional renderer on an output."""
        attributions = [ATTRIBUTIONS[key] for key in attribution_keys]
        metadata_parameters = {"Source": sources, "Query": query}

        def apply(layer):
            layer.setMetadata(
                build_metadata(title, abstract, f"vigie:{self.ALGORITHM_NAME}", metadata_parameters, attributions)
            )
            if renderer is not None:
                renderer(layer)

        self.style_output(dest_id, context, apply)


def commune_codes_of_layer(layer):
    """Commune codes from the first field of the layer named like a commune code field, if any."""
    names = {field.name().lower(): field.name() for field in layer.fields()}
    for candidate in CODE_FIELDS:
        if candidate in names:
            field_name = names[candidate]
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
            request.setSubsetOfAttributes([field_name], layer.fields())
            codes = []
            for feature in layer.getFeatures(request):
                value = str(feature[field_name] or "").strip().upper()
                if COMMUNE_RE.match(value) and value not in codes:
                    codes.append(value)
            if codes:
                return codes
    return []


def clip_rows(rows, territory_geometry):
    """Rows whose geometry intersects the territory (rows without geometry are dropped)."""
    if territory_geometry is None:
        return rows
    engine = QgsGeometry.createGeometryEngine(territory_geometry.constGet())
    engine.prepareGeometry()
    return [(g, a) for g, a in rows if g is not None and engine.intersects(g.constGet())]
