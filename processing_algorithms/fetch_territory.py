"""vigie:fetchterritory — the territory kit: today's open data for a territory in one GeoPackage, with its border.

Steps (plugin/core/sources/territory_kit.py runs them; each step's layers and manifest rows are
written in one transaction by plugin/kit_geopackage.py):
1. boundaries — communes and their EPCI (geo.api.gouv.fr), the territory's outline;
2. population — Filosofi 200 m cells of the territory's communes (Géoplateforme WFS, or a local file);
3. roads — BD TOPO (WFS), OSM (Overpass) or a local file, on the territory plus BUFFER_KM;
4. services — BPE equipment (SERVICES: TYPEQU codes, groups or INSEE ranges, the ranges read from INSEE's
   table given in RANGE_TABLE, else from INSEE's workbook of the edition at RANGES_URL) on the territory plus
   BUFFER_KM;
5. gtfs — transport.data.gouv.fr feeds covering the territory (national ones only with INCLUDE_NATIONAL; those
   left out are listed in the log), zips in ``<kit>_gtfs/``, their stops.
A failure keeps the layers of the steps before it; a rerun without REFRESH continues from there.
"""

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtXml import QDomDocument

from ..plugin.core.reference import bpe_ranges
from ..plugin.core.sources import bpe, geoapi, gtfs_catalogue, population, roads
from ..plugin.core.sources.archive import SevenZipUnavailableError
from ..plugin.core.sources.errors import CancelledError
from ..plugin.core.sources.territory import check_overseas, departement_of_commune, lambert_epsg
from ..plugin.core.sources.territory_kit import KitStepError, LayerData, Step, run_steps
from ..plugin.kit_geopackage import KitGeoPackage, read_rows, save_default_style
from ..plugin.provenance import ATTRIBUTIONS, build_metadata, layer_attributions
from ..plugin.qgis_sources import DOWNLOAD_TTL
from ..plugin.styles import apply_service_points
from .base import save_metadata_with_file
from .fetch_common import FetchAlgorithm, wgs84

ROAD_BDTOPO, ROAD_OSM, ROAD_FILE = 0, 1, 2
LICENCE_LO = "Licence Ouverte 2.0"
GRID_CRS_ID = "EPSG:3035"


class FetchTerritoryAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchterritory"
    BUFFER_KM = "BUFFER_KM"
    SERVICES = "SERVICES"
    ROAD_SOURCE = "ROAD_SOURCE"
    ROADS_FILE = "ROADS_FILE"
    POPULATION_FILE = "POPULATION_FILE"
    BPE_FILE = "BPE_FILE"
    GTFS = "GTFS"
    INCLUDE_NATIONAL = "INCLUDE_NATIONAL"
    REFRESH = "REFRESH"
    POPULATION_URL = "POPULATION_URL"
    ROADS_URL = "ROADS_URL"
    OVERPASS_URL = "OVERPASS_URL"
    BPE_URL = "BPE_URL"
    RANGES_URL = "RANGES_URL"
    GTFS_URL = "GTFS_URL"
    # The kit is written layer by layer (each replaced atomically) and a rerun resumes from it.
    IN_PLACE_OUTPUTS = ("OUTPUT",)

    def displayName(self):
        return self.tr("Fetch territory kit (all layers, one GeoPackage)")

    def initAlgorithm(self, config=None):
        self.add_parameter(
            QgsProcessingParameterString(self.TERRITORY, self.tr("Territory codes")),
            self.tr(
                "One or more codes, comma-separated: communes (e.g. 05061), EPCI (9-digit SIREN, e.g. 200067452) "
                "or départements (05)."
            ),
        )
        self.add_number_parameter(
            self.BUFFER_KM,
            self.tr("Margin for roads and services (km)"),
            20.0,
            self.tr(
                "Roads and services are fetched on the territory plus this margin, so that a commune on the "
                "border finds the doctor just across it. The population stays inside the territory."
            ),
            minimum=0.0,
            maximum=200.0,
        )
        self.add_parameter(
            QgsProcessingParameterString(self.SERVICES, self.tr("Services (BPE types or ranges)"), defaultValue="D265"),
            self.tr(
                "Comma-separated BPE TYPEQU codes (e.g. D265, D307, D502), groups (health, childcare, schools, "
                "everyday) or INSEE ranges of the edition (proximite, intermediaire, superieure), read from "
                "INSEE's table given in RANGE_TABLE, else from INSEE's table of the BPE file's edition, downloaded "
                "from RANGES_URL."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.ROAD_SOURCE,
                self.tr("Roads from"),
                options=[self.tr("IGN BD TOPO (WFS)"), self.tr("OpenStreetMap (Overpass)"), self.tr("A local file")],
                defaultValue=ROAD_BDTOPO,
            ),
            self.tr("Source of the road network; a local file is given in ROADS_FILE."),
        )
        for name, description, help_text in (
            (
                self.ROADS_FILE,
                self.tr("Local road file"),
                self.tr("Road lines (any format QGIS reads) when ROAD_SOURCE is a local file."),
            ),
            (
                self.POPULATION_FILE,
                self.tr("Local Filosofi file (optional)"),
                self.tr("A copy of INSEE's 200 m file (CSV, or the zip holding a 7z) instead of the WFS."),
            ),
            (
                self.BPE_FILE,
                self.tr("Local BPE file (optional)"),
                self.tr("A copy of the geolocated BPE file (CSV or zip) instead of downloading it."),
            ),
        ):
            self.add_parameter(
                QgsProcessingParameterFile(name, description, behavior=QgsProcessingParameterFile.File, optional=True),
                help_text,
            )
        self.add_range_table_parameter()
        self.add_parameter(
            QgsProcessingParameterBoolean(self.GTFS, self.tr("Fetch public transport (GTFS)"), defaultValue=True),
            self.tr(
                "Download the GTFS feeds covering the territory (zips in a folder beside the kit) and their stops."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterBoolean(
                self.INCLUDE_NATIONAL, self.tr("Include national GTFS feeds"), defaultValue=False
            ),
            self.tr(
                "Also take the datasets declared over the whole country (covered area: pays FR), such as national "
                "coach and rail feeds, and keep their stops within the margin. They are large; when left out, the "
                "log lists them."
            ),
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterBoolean(self.REFRESH, self.tr("Fetch every layer again"), defaultValue=False),
            self.tr("Without it, a kit already partly written is continued: layers listed in its manifest are kept."),
        )
        for name, description, default in (
            (self.BOUNDARIES_URL, self.tr("geo.api.gouv.fr root URL"), geoapi.DEFAULT_BASE_URL),
            (self.POPULATION_URL, self.tr("Géoplateforme WFS URL (Filosofi grid)"), population.WFS_BASE_URL),
            (self.ROADS_URL, self.tr("Géoplateforme WFS URL (BD TOPO)"), roads.WFS_BASE_URL),
            (self.OVERPASS_URL, self.tr("Overpass API URL"), roads.OVERPASS_BASE_URL),
            (self.BPE_URL, self.tr("BPE national file URL"), bpe.DEFAULT_BASE_URL + bpe.DEFAULT_FILE_PATH),
            (
                self.RANGES_URL,
                self.tr("URL of INSEE's table of BPE ranges ({edition} = the BPE file's year)"),
                bpe.RANGES_URL_TEMPLATE,
            ),
            (self.GTFS_URL, self.tr("transport.data.gouv.fr root URL"), gtfs_catalogue.DEFAULT_BASE_URL),
        ):
            self.add_base_url(default, name, description)
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Territory kit"), self.tr("GeoPackage (*.gpkg)"), defaultValue=None
            ),
            self.tr(
                "The kit GeoPackage: territory, communes, epci, population, roads, services, gtfs_stops and the "
                "manifest table (docs/territory-kit.md)."
            ),
        )

    # -- run ----------------------------------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):
        codes, _ = self.read_territory(parameters, context)
        output = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))
        self.require(
            output.suffix.lower() == ".gpkg", self.tr("OUTPUT must be a .gpkg file, got '{0}'.").format(output)
        )
        refresh = self.parameterAsBoolean(parameters, self.REFRESH, context)
        for service in ("filosofi", "bpe"):  # overseas territories a source does not cover: say so before any request
            self.call(check_overseas, codes, service)
        self.range_table(parameters, context)  # a table Vigie cannot read fails now, not at step 4
        first = (codes.communes + codes.departements or ["00000"])[0]
        epsg = lambert_epsg(first if len(first) == 5 else first + "000")
        kit = KitGeoPackage(output, epsg=epsg)
        if not refresh:
            kit.epsg = kit.layer_epsg() or epsg  # a rerun keeps the kit's CRS
        run = KitContext(self, parameters, context, feedback, codes, kit, kit.epsg)
        steps = [
            Step(self.tr("boundaries"), ("territory", "communes", "epci"), run.boundaries),
            Step(self.tr("population"), ("population",), run.population),
            Step(self.tr("roads"), ("roads",), run.roads),
            Step(self.tr("services"), run.services_layers(), run.services),
            Step(self.tr("public transport"), ("gtfs_stops",), run.gtfs),
        ]
        try:
            result = run_steps(
                steps,
                kit,
                refresh=refresh,
                log=feedback.pushInfo,
                progress=lambda done, total, name: feedback.setProgress(100.0 * done / total),
                is_cancelled=feedback.isCanceled,
            )
        except CancelledError as error:
            raise QgsProcessingException(
                self.tr("Cancelled: the layers already in {0} are kept; run again to continue.").format(output.name)
            ) from error
        except KitStepError as error:
            raise QgsProcessingException(
                self.tr(
                    "Step {0}/{1} ({2}) failed: {3} The layers of the steps before it are kept in {4}; run again "
                    "(without REFRESH) to continue from this step."
                ).format(error.number, error.total, error.step, self.describe(error.cause), output.name)
            ) from error
        self.document_kit(output, parameters, context)
        counts = {row["layer"]: row["feature_count"] for row in kit.manifest()}
        feedback.pushInfo(self.tr("Kit {0}: {1}").format(output.name, ", ".join(f"{k} {v}" for k, v in counts.items())))
        if result.skipped:
            feedback.pushInfo(self.tr("Kept from the previous run: {0}").format(", ".join(result.skipped)))
        return {self.OUTPUT: str(output)}

    def document_kit(self, output, parameters, context):
        """Provenance metadata (and the services' style) inside the kit, for every layer of its manifest."""
        keys = {
            "territory": ["geoapi"],
            "communes": ["geoapi"],
            "epci": ["geoapi"],
            "population": ["filosofi"],
            "services": ["bpe"],
            "bpe_ranges": ["bpe"],
            "gtfs_stops": ["transport_data_gouv"],
        }
        shown = {
            name: self.parameterAsString(parameters, name, context)
            for name in (self.TERRITORY, self.BUFFER_KM, self.SERVICES, self.ROAD_SOURCE, self.GTFS)
        }
        table = self.parameterAsFile(parameters, self.RANGE_TABLE, context)
        if table:
            shown[self.RANGE_TABLE] = table
        if self.parameterAsBoolean(parameters, self.INCLUDE_NATIONAL, context):
            shown[self.INCLUDE_NATIONAL] = "true"
        for row in read_rows(output, "manifest"):
            layer = QgsVectorLayer(f"{output}|layername={row['layer']}", row["layer"], "ogr")
            if not layer.isValid():
                continue
            if row["layer"] == "roads":
                edition = row["edition"] or ""
                attributions = (
                    [ATTRIBUTIONS["osm"]]
                    if "OpenStreetMap" in edition
                    else [ATTRIBUTIONS["bdtopo"]]
                    if "BD TOPO" in edition
                    else layer_attributions(layer)
                )
            else:
                attributions = [ATTRIBUTIONS[key] for key in keys[row["layer"]]]
            abstract = self.tr("Territory kit layer {0}: {1} features from {2} ({3}), fetched {4}; query: {5}.").format(
                row["layer"], row["feature_count"], row["source_url"], row["edition"], row["fetched_at"], row["query"]
            )
            layer.setMetadata(
                build_metadata(
                    self.tr("Territory kit: {0}").format(row["layer"]),
                    abstract,
                    f"vigie:{self.ALGORITHM_NAME}",
                    {**shown, "Source": row["source_url"]},
                    attributions or [row["licence"]],
                )
            )
            save_metadata_with_file(layer)
            if row["layer"] == "services":
                apply_service_points(layer)
                document = QDomDocument("qgis")
                layer.exportNamedStyle(document)
                layer = None  # QGIS's connection released before OGR writes the style
                save_default_style(output, "services", document.toString(), "Vigie")

    def describe(self, cause):
        """A user message for a step's cause (typed fetcher errors already say what to do)."""
        if isinstance(cause, SevenZipUnavailableError):
            return self.seven_zip_advice(self.tr("the Filosofi file"), self.POPULATION_FILE)
        if isinstance(cause, QgsProcessingException):
            return str(cause.args[0]) if cause.args else str(cause)
        text = self.engine_text(cause).strip()  # coded fetcher errors in the user's language
        at_fault = self.parameter_at_fault(cause)
        text = f"{at_fault}: {text}" if at_fault else text
        return text if text.endswith(".") else text + "."


class KitContext:
    """What the steps share: parameters, HTTP client, territory geometry (read back from the kit on a rerun)."""

    def __init__(self, algorithm, parameters, context, feedback, codes, kit, epsg):
        self.alg, self.parameters, self.context, self.feedback = algorithm, parameters, context, feedback
        self.codes, self.kit = codes, kit
        self.crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
        self.client = algorithm.client(parameters, context, feedback)
        self.buffer_m = 1000.0 * algorithm.parameterAsDouble(parameters, algorithm.BUFFER_KM, context)
        self._territory = None
        self._communes = None

    @staticmethod
    def tr(text):
        return QCoreApplication.translate("KitContext", text)

    def param(self, name, kind="string"):
        getter = {
            "string": self.alg.parameterAsString,
            "file": self.alg.parameterAsFile,
            "enum": self.alg.parameterAsEnum,
            "bool": self.alg.parameterAsBoolean,
        }[kind]
        return getter(self.parameters, name, self.context)

    def url(self, name):
        return self.alg.url_parameter(self.parameters, self.context, name)

    def transform(self, source_crs, target_crs=None):
        return QgsCoordinateTransform(source_crs, target_crs or self.crs, self.context.transformContext())

    # -- territory, read back from the kit when the boundaries step was kept ------------------------

    def communes(self):
        if self._communes is None:
            self._communes = read_rows(self.kit.path, "communes", geometry=True)
        return self._communes

    def territory(self):
        if self._territory is None:
            rows = read_rows(self.kit.path, "territory", geometry=True)
            if not rows:
                raise ValueError("the kit has no territory layer: run again with REFRESH")
            self._territory = QgsGeometry.fromWkt(rows[0]["wkt"])
        return self._territory

    def zone(self):
        """The territory plus BUFFER_KM (roads and services)."""
        territory = self.territory()
        return territory.buffer(self.buffer_m, 16) if self.buffer_m > 0 else territory

    def box(self, geometry, crs):
        """(xmin, ymin, xmax, ymax) of a kit geometry in another CRS."""
        copy = QgsGeometry(geometry)
        copy.transform(self.transform(self.crs, crs))
        rect = copy.boundingBox()
        return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()

    def query(self, extra=""):
        text = f"territory={self.codes.as_text()}; buffer_km={self.buffer_m / 1000:g}"
        return f"{text}; {extra}" if extra else text

    # -- 1. boundaries ---------------------------------------------------------------------------------

    def boundaries(self, _):
        base = self.url(self.alg.BOUNDARIES_URL)
        records = geoapi.fetch_communes(self.client, self.codes, base)
        if records:  # an EPCI's codes say nothing of its CRS: its first commune does (overseas Lambert)
            self.kit.epsg = lambert_epsg(records[0]["code"])
            self.crs = QgsCoordinateReferenceSystem(f"EPSG:{self.kit.epsg}")
        to_kit = self.transform(wgs84())
        communes, parts = [], []
        for record in records:
            geometry = QgsGeometry.fromWkt(record["wkt"])
            geometry.transform(to_kit)
            parts.append(geometry)
            epci = record.get("code_epci")
            communes.append(
                {
                    "wkt": geometry.asWkt(),
                    "code": record["code"],
                    "nom": record.get("nom"),
                    "epci": epci if epci and str(epci).strip().upper() != "NR" else None,
                    "dep": record.get("code_dep") or departement_of_commune(record["code"]),
                    "reg": record.get("code_reg"),
                    "population": record.get("population"),
                }
            )
        epci_codes = sorted({c["epci"] for c in communes if c["epci"]})
        epcis = []
        for record in geoapi.fetch_epcis(self.client, epci_codes, base):
            geometry = QgsGeometry.fromWkt(record["wkt"])
            geometry.transform(to_kit)
            epcis.append({"wkt": geometry.asWkt(), "code": record.get("code"), "nom": record.get("nom")})
        union = QgsGeometry.unaryUnion(parts)
        union = union if union.isGeosValid() else union.makeValid()
        self._territory, self._communes = union, communes
        territory = {
            "wkt": union.asWkt(),
            "name": ", ".join(sorted({c["nom"] or "" for c in communes})[:3]) + ("…" if len(communes) > 3 else ""),
            "codes": self.codes.as_text(),
            "buffer_km": self.buffer_m / 1000.0,
        }
        source = f"{base}/communes, {base}/epcis"
        meta = {"source_url": source, "edition": "geo.api.gouv.fr (COG of the day)", "licence": LICENCE_LO}
        return [
            LayerData("territory", [territory], query=self.query(), **meta),
            LayerData("communes", communes, query=self.query(), **meta),
            LayerData("epci", epcis, query=f"EPCI {', '.join(epci_codes) or '(none)'}", **meta),
        ]

    # -- 2. population ----------------------------------------------------------------------------------

    def population(self, _):
        local = self.alg.local_file_parameter(self.parameters, self.context, self.alg.POPULATION_FILE)
        grid = QgsCoordinateReferenceSystem(GRID_CRS_ID)
        codes = [c["code"] for c in self.communes()]
        if local:
            departements = sorted({departement_of_commune(code) for code in codes})
            csv_path = population.national_csv_path(local, departements, self.feedback.isCanceled)
            frame = population.read_cells(
                csv_path, self.box(self.territory(), grid), is_cancelled=self.feedback.isCanceled
            )
            frame = frame.rename(columns={"lcog_geo": "depcom"})
            source, edition = str(local), "Filosofi (local file)"
        else:
            url = self.url(self.alg.POPULATION_URL)
            frame = population.wfs_cells(self.client, self.box(self.territory(), wgs84()), codes, url)
            source, edition = f"{url} ({population.WFS_TYPENAME})", "Filosofi 2019 (200 m, Géoplateforme relay)"
        to_kit = self.transform(grid)
        inside = QgsGeometry.createGeometryEngine(self.territory().constGet())
        inside.prepareGeometry()
        communes = [(c["code"], QgsGeometry.fromWkt(c["wkt"])) for c in self.communes()]
        wanted = set(codes)
        rows = []
        for record in frame.to_dict("records"):
            half = record["size"] / 2.0
            centre = QgsGeometry.fromPointXY(QgsPointXY(record["x_sw"] + half, record["y_sw"] + half))
            centre.transform(to_kit)
            depcom = record.get("depcom") if isinstance(record.get("depcom"), str) else None
            depcom = depcom[:5] if depcom and depcom[:5] in wanted else None
            if depcom is None:  # a file without commune codes: the commune holding the cell's centre
                if not inside.contains(centre.constGet()):
                    continue
                depcom = next((code for code, shape in communes if shape.contains(centre)), None)
            square = QgsGeometry.fromWkt(population.cell_polygon_wkt(record["x_sw"], record["y_sw"], record["size"]))
            square.transform(to_kit)
            row = {"wkt": square.asWkt(), "idcar_200m": record["idcar_200m"], "depcom": depcom}
            for column in population.VALUE_COLUMNS:
                value = record.get(column)
                row[column] = None if value is None or value != value else float(value)
            row["imputed"] = int(record.get("imputed") or 0)
            rows.append(row)
        self.feedback.pushInfo(
            self.tr("{0} cells, {1} inhabitants, {2} imputed by INSEE.").format(
                len(rows), round(sum(r["ind"] or 0 for r in rows)), sum(r["imputed"] for r in rows)
            )
        )
        return [
            LayerData(
                "population",
                rows,
                source_url=source,
                edition=edition,
                licence=LICENCE_LO,
                query=self.query("cells of the territory's communes"),
            )
        ]

    # -- 3. roads ------------------------------------------------------------------------------------

    def roads(self, _):
        choice = self.param(self.alg.ROAD_SOURCE, "enum")
        zone = self.zone()
        if choice == ROAD_FILE:
            return [self.roads_from_file(zone)]
        if choice == ROAD_OSM:
            url = self.url(self.alg.OVERPASS_URL)
            records = roads.fetch_overpass(self.client, self.box(zone, wgs84()), url)
            source_crs, edition, licence = wgs84(), "OpenStreetMap (Overpass, live)", ATTRIBUTIONS["osm"]
        else:
            url = self.url(self.alg.ROADS_URL)
            records = roads.fetch_wfs(self.client, self.box(zone, self.crs), srs=self.crs.authid(), base_url=url)
            source_crs, edition, licence = self.crs, "IGN BD TOPO (troncon_de_route, live)", LICENCE_LO
        to_kit = self.transform(source_crs)
        engine = QgsGeometry.createGeometryEngine(zone.constGet())
        engine.prepareGeometry()
        rows = []
        for record in records:
            geometry = QgsGeometry.fromWkt(record["wkt"] or "")
            if geometry.isNull():
                continue
            geometry.transform(to_kit)
            if engine.intersects(geometry.constGet()):
                rows.append({**record, "wkt": geometry.asWkt()})
        fields = {key: _kind(records, key) for key in (records[0] if records else {}) if key != "wkt"}
        return [
            LayerData(
                "roads", rows, fields=fields, source_url=url, edition=edition, licence=licence, query=self.query()
            )
        ]

    def roads_from_file(self, zone):
        path = self.param(self.alg.ROADS_FILE, "file")
        if not path:
            raise ValueError("ROAD_SOURCE is a local file but ROADS_FILE is empty: give the road file")
        layer = QgsVectorLayer(path, "roads", "ogr")
        if not layer.isValid():
            raise ValueError(f"ROADS_FILE: QGIS cannot open {path} as a line layer")
        request = QgsFeatureRequest().setDestinationCrs(self.crs, self.context.transformContext())
        request.setFilterRect(zone.boundingBox())
        engine = QgsGeometry.createGeometryEngine(zone.constGet())
        engine.prepareGeometry()
        names = layer.fields().names()
        rows = []
        for feature in layer.getFeatures(request):
            geometry = feature.geometry()
            if geometry.isNull() or not engine.intersects(geometry.constGet()):
                continue
            values = [None if v is None or str(v) == "NULL" else v for v in feature.attributes()]
            rows.append({**dict(zip(names, values)), "wkt": geometry.asWkt()})
        fields = {name: _kind(rows, name) for name in names}
        return LayerData(
            "roads", rows, fields=fields, source_url=f"file {path}", edition="local file", query=self.query()
        )

    # -- 4. services -----------------------------------------------------------------------------------

    def services_layers(self):
        """The services step's layers: with INSEE's table of ranges (RANGE_TABLE, or a range in SERVICES)
        the kit keeps that table too (``bpe_ranges``), so that a basket by range reads the kit alone."""
        tokens = self.param(self.alg.SERVICES).replace(";", ",").split(",")
        uses_ranges = bool(self.param(self.alg.RANGE_TABLE, "file")) or bpe.names_a_range(tokens)
        return ("services", "bpe_ranges") if uses_ranges else ("services",)

    def services(self, _):
        local = self.alg.local_file_parameter(self.parameters, self.context, self.alg.BPE_FILE)
        url = self.url(self.alg.BPE_URL)
        csv_path = self.alg.national_csv(self.client, url, local, self.feedback)
        edition = bpe.detect_edition(csv_path)
        tokens = self.param(self.alg.SERVICES).replace(";", ",").split(",")
        table = self.param(self.alg.RANGE_TABLE, "file") or None
        ranges_source = Path(table).name if table else ""
        if table is None and bpe.names_a_range(tokens):
            table, ranges_source = self.alg.insee_range_table(
                self.client, self.url(self.alg.RANGES_URL), edition, self.feedback
            )
        try:
            typequ, notes = bpe.resolve_equipment(tokens, edition, table)
        except ValueError as error:
            if table or not isinstance(error.__cause__, LookupError):
                raise
            # A range Vigie's tables do not confirm: say which parameter takes INSEE's table.
            raise ValueError(f"{str(error).rstrip('.')} in RANGE_TABLE.") from error
        for note in notes:
            self.feedback.pushInfo(note)
        if not typequ:
            raise ValueError("SERVICES names no equipment type: give BPE codes (e.g. D265) or ranges")
        zone = self.zone()
        frame = bpe.read_bpe(csv_path, typequ, bbox=self.box(zone, self.crs), is_cancelled=self.feedback.isCanceled)
        labels, ranges = self.type_tables(edition, table)
        engine = QgsGeometry.createGeometryEngine(zone.constGet())
        engine.prepareGeometry()
        transforms, rows, unlocated = {}, [], 0
        for record in frame.to_dict("records"):
            if record["x"] != record["x"] or record["y"] != record["y"] or not record["epsg"]:
                unlocated += 1
                continue
            epsg = int(record["epsg"])
            if epsg not in transforms:
                transforms[epsg] = self.transform(QgsCoordinateReferenceSystem(f"EPSG:{epsg}"))
            point = QgsGeometry.fromPointXY(QgsPointXY(record["x"], record["y"]))
            point.transform(transforms[epsg])
            if not engine.contains(point.constGet()):
                continue
            rows.append(
                {
                    "wkt": point.asWkt(),
                    "typequ": record["typequ"],
                    "typequ_label": labels.get(record["typequ"]),
                    "bpe_range": ranges.get(record["typequ"]) or None,
                    "name": record["nomrs"] or None,
                    "depcom": record["depcom"],
                    "position_quality": record["qualite_geoloc"] or record["qualite_xy"] or None,
                    "approximate": int(record["approximate"]),
                    "capacity": None if record["capacite"] != record["capacite"] else record["capacite"],
                    "source": f"INSEE BPE {edition}",
                }
            )
        approximate = sum(r["approximate"] for r in rows)
        self.feedback.pushInfo(
            self.tr("{0} equipment points ({1} approximate: placed at random in their commune).").format(
                len(rows), approximate
            )
        )
        if unlocated:
            self.feedback.pushWarning(self.tr("{0} equipment rows have no coordinates: left out.").format(unlocated))
        return [
            LayerData(
                "services",
                rows,
                source_url=str(local) if local else url,
                edition=f"BPE {edition}",
                licence=LICENCE_LO,
                query=self.query(
                    f"TYPEQU in ({', '.join(typequ)}); {approximate} approximate; {unlocated} unlocated"
                    + (f"; ranges from {ranges_source}" if ranges_source else "")
                ),
            )
        ] + ([self.range_table_layer(table, ranges_source, edition)] if table else [])

    def range_table_layer(self, table, source, edition):
        """INSEE's table of ranges used, kept in the kit (``bpe_ranges``)."""
        frame = bpe_ranges.read_range_table(table)
        rows = [
            {"typequ": code, "bpe_range": kind or None, "type_group": group, "label": label}
            for code, kind, group, label in zip(frame["typequ"], frame["range"], frame["group"], frame["label"])
        ]
        return LayerData(
            "bpe_ranges",
            rows,
            source_url=source,
            edition=f"BPE {edition}",
            licence=LICENCE_LO,
            query=self.query("INSEE's table of the ranges (gammes d'équipements) the services were chosen with"),
        )

    @staticmethod
    def type_tables(edition, range_table=None):
        """({typequ: label}, {typequ: range}) of the edition, from the reference tables when shipped; the
        ranges from ``range_table`` (INSEE's table of the edition) when given."""
        if str(edition) in bpe_ranges.bpe_editions():
            return bpe_ranges.type_labels(str(edition)), bpe_ranges.type_ranges(str(edition), range_table)
        ranges = bpe_ranges.type_ranges(str(edition), range_table) if range_table else {}
        return dict(bpe.CODE_TABLES[bpe.edition_table(edition)]), ranges

    # -- 5. public transport -------------------------------------------------------------------------

    def gtfs(self, _):
        if not self.param(self.alg.GTFS, "bool"):
            return [LayerData("gtfs_stops", [], query="GTFS not requested (GTFS = no)")]
        base = self.url(self.alg.GTFS_URL)
        datasets = gtfs_catalogue.fetch_catalogue(self.client, base)
        codes = set(self.codes.communes + self.codes.epcis + self.codes.departements)
        codes |= {c["code"] for c in self.communes()} | {c["epci"] for c in self.communes() if c.get("epci")}
        codes |= {c[key] for c in self.communes() for key in ("dep", "reg") if c.get(key)}
        include_national = self.param(self.alg.INCLUDE_NATIONAL, "bool")
        resources = [
            r
            for r in gtfs_catalogue.gtfs_resources(datasets, codes, include_national)
            if r["url"] and r["is_available"]
        ]
        left_out = gtfs_catalogue.national_datasets_left_out(datasets, include_national)
        if left_out:
            self.feedback.pushInfo(
                self.tr("{0} national datasets left out (set INCLUDE_NATIONAL to add them): {1}").format(
                    len(left_out), "; ".join(f"{title} ({count} GTFS)" for title, count in left_out)
                )
            )
        folder = self.kit.path.with_name(self.kit.path.stem + "_gtfs")
        folder.mkdir(parents=True, exist_ok=True)
        to_kit = self.transform(wgs84())
        zone = self.zone()  # kept alive: the engine refers to it
        engine = QgsGeometry.createGeometryEngine(zone.constGet())
        engine.prepareGeometry()
        rows, seen, licences = [], set(), set()
        for resource in resources:
            name = f"{resource['dataset_id']}-{resource['resource_id']}.zip".replace("/", "_")
            path = self.client.download(resource["url"], folder / name, ttl=DOWNLOAD_TTL, expected_magic=b"PK")
            stops, _ = gtfs_catalogue.read_stops(path, name)
            licences.add(str(resource.get("licence") or "licence of the feed"))
            for stop in stops:
                if stop["location_type"] not in (0, None) or (name, stop["stop_id"]) in seen:
                    continue
                point = QgsGeometry.fromPointXY(QgsPointXY(stop["lon"], stop["lat"]))
                point.transform(to_kit)
                if engine.contains(point.constGet()):
                    seen.add((name, stop["stop_id"]))
                    rows.append(
                        {"wkt": point.asWkt(), "stop_id": stop["stop_id"], "stop_name": stop["stop_name"], "feed": name}
                    )
        self.feedback.pushInfo(self.tr("{0} GTFS feeds in {1}.").format(len(resources), folder.name))
        return [
            LayerData(
                "gtfs_stops",
                rows,
                source_url=f"{base}/api/datasets; " + "; ".join(r["url"] for r in resources),
                edition="transport.data.gouv.fr (feeds of the day)",
                licence="; ".join(sorted(licences)) or "",
                query=self.query(
                    f"{len(resources)} feeds in {folder.name}; national datasets (pays FR) "
                    + ("included" if include_national else f"left out ({len(left_out)})")
                ),
            )
        ]


def _kind(rows, key):
    """'int', 'float' or 'str' for a column of records."""
    kinds = {type(row.get(key)) for row in rows if row.get(key) is not None}
    if kinds and kinds <= {int, bool}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    return "str"
