"""vigie:fetchpopulation — INSEE Filosofi 200 m cells of a territory (polygons or centroids, EPSG:3035).

Two ways in. By default the Géoplateforme WFS relay of the grid, fetched by box in tiles and paged
(at most 5,000 cells a page), keeping the cells of the territory's communes (``depcom``) and
marking imputed cells. Or INSEE's national file (a zip holding one .7z holding one CSV per part of
France), downloaded once into Vigie's cache or read from LOCAL_FILE, read in chunks filtered on the
territory's bounding box; cells touching the territory are kept.
"""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import population
from ..plugin.core.sources.archive import SevenZipUnavailableError
from ..plugin.core.sources.territory import departement_of_commune
from .fetch_common import FetchAlgorithm, wgs84

GRID_CRS = QgsCoordinateReferenceSystem("EPSG:3035")


class FetchPopulationAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchpopulation"
    GEOMETRY = "GEOMETRY"
    SOURCE = "SOURCE"
    WFS_URL = "WFS_URL"
    FILE_PATH = "FILE_PATH"
    LOCAL_FILE = "LOCAL_FILE"

    def displayName(self):
        return self.tr("Fetch population grid (Filosofi 200 m)")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.GEOMETRY, self.tr("Cells as"), options=[self.tr("Squares"), self.tr("Centroids")], defaultValue=0
            ),
            self.tr("200 m squares for maps, or their centres for travel-time computations."),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.SOURCE,
                self.tr("Source"),
                options=[self.tr("Géoplateforme WFS (by box)"), self.tr("INSEE national file")],
                defaultValue=0,
            ),
            self.tr(
                "The WFS relay fetches only the territory's box (keyless); the national file (about 1 GB "
                "once extracted) is downloaded once. A LOCAL_FILE is always used when given."
            ),
        )
        self.add_base_url(population.WFS_BASE_URL, self.WFS_URL, self.tr("Géoplateforme WFS URL (Filosofi grid)"))
        self.add_base_url(population.DEFAULT_BASE_URL)
        self.add_parameter(
            QgsProcessingParameterString(
                self.FILE_PATH, self.tr("Path of the national file"), defaultValue=population.DEFAULT_FILE_PATH
            ),
            self.tr("Path of the Filosofi 200 m CSV zip under BASE_URL (change it for another edition)."),
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterFile(
                self.LOCAL_FILE,
                self.tr("Local Filosofi file (CSV, zip or 7z)"),
                behavior=QgsProcessingParameterFile.File,
                optional=True,
            ),
            self.tr(
                "Use an already downloaded Filosofi grid file: the CSV, or INSEE's zip (which holds a 7z) as it is."
            ),
            advanced=True,
        )
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Population cells"), QgsProcessing.TypeVector),
            self.tr(
                "Cells with idcar_200m, ind (inhabitants), age classes, depcom and imputed (1 = values "
                "imputed by INSEE), in EPSG:3035."
            ),
        )

    def processAlgorithm(self, parameters, context, feedback):
        codes, layer = self.read_territory(parameters, context)
        client = self.client(parameters, context, feedback)
        communes = self.fetch_communes(client, parameters, context, codes) if layer is None else None
        territory = self.territory_geometry(communes, layer, GRID_CRS, context)
        local_file = self.local_file_parameter(parameters, context, self.LOCAL_FILE)
        commune_codes = [c["code"] for c in communes or []] or list(codes.communes)
        if local_file or self.parameterAsEnum(parameters, self.SOURCE, context) == 1:
            frame, source = self.cells_from_file(parameters, context, feedback, client, territory, codes, communes)
        else:
            frame, source = self.cells_from_wfs(parameters, context, feedback, client, communes, layer, commune_codes)
        rows, fields, centroids = self.cell_rows(parameters, context, frame, territory)
        wkb = QgsWkbTypes.Point if centroids else QgsWkbTypes.Polygon
        dest_id = self.write_features(parameters, context, self.OUTPUT, fields, wkb, GRID_CRS, rows, feedback)
        inhabitants = sum(row[1][1] or 0 for row in rows) if "ind" in frame else 0
        feedback.pushInfo(self.tr("{0} cells, {1} inhabitants.").format(len(rows), round(inhabitants)))
        if "imputed" in frame:
            imputed = sum(row[1][-1] for row in rows)
            feedback.pushInfo(self.tr("{0} cells have values imputed by INSEE (imputed = 1).").format(imputed))
        self.document_output(
            dest_id,
            context,
            self.tr("Population (200 m grid)"),
            self.tr("INSEE Filosofi gridded population (200 m cells, EPSG:3035)."),
            source,
            f"cells of territory {codes.as_text() or 'layer'}",
            ["filosofi"],
        )
        return {self.OUTPUT: dest_id}

    def cells_from_wfs(self, parameters, context, feedback, client, communes, layer, commune_codes):
        """Cells of the territory's communes from the WFS relay (every cell of the box with a layer and no codes)."""
        box = self.territory_geometry(communes, layer, wgs84(), context).boundingBox()
        url = self.url_parameter(parameters, context, self.WFS_URL)
        feedback.pushInfo(self.tr("Fetching the Filosofi 200 m cells from {0}").format(url))

        def progress(done, total):
            feedback.setProgress(100.0 * done / max(total, 1))

        frame = self.call(
            population.wfs_cells,
            client,
            (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()),
            commune_codes or None,
            url,
            progress=progress,
        )
        return frame, f"{url} ({population.WFS_TYPENAME})"

    def cells_from_file(self, parameters, context, feedback, client, territory, codes, communes):
        """Cells of the national file (or a local copy) touching the territory's box."""
        local_file = self.local_file_parameter(parameters, context, self.LOCAL_FILE)
        url = self.url_of_path(parameters, context, self.FILE_PATH)
        path = self.national_file(client, url, local_file, feedback)
        departements = sorted(
            {departement_of_commune(c["code"]) for c in communes or []} | set(codes.departements)
        ) or ["met"]
        csv_path = self.call(self.territory_csv, path, departements, feedback)
        feedback.pushInfo(self.tr("Reading cells of the territory from {0}").format(csv_path.name))
        box = territory.boundingBox()
        frame = self.call(
            population.read_cells,
            csv_path,
            (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()),
            is_cancelled=feedback.isCanceled,
        )
        if "lcog_geo" in frame:
            frame = frame.rename(columns={"lcog_geo": "depcom"})
        return frame, local_file or url

    def territory_csv(self, path, departements, feedback):
        """The CSV of the territory's part of France in a national file; a clear way out when no 7z reader exists."""
        try:
            return population.national_csv_path(path, departements, feedback.isCanceled)
        except SevenZipUnavailableError as error:
            raise QgsProcessingException(self.seven_zip_advice(path.name, self.LOCAL_FILE)) from error

    def cell_rows(self, parameters, context, frame, territory):
        """(rows, fields, centroids?) of the cells touching the territory, as squares or centres."""
        centroids = self.parameterAsEnum(parameters, self.GEOMETRY, context) == 1
        value_columns = [c for c in population.VALUE_COLUMNS if c in frame.columns]
        extra = [c for c in ("depcom", "imputed") if c in frame.columns]
        fields = QgsFields()
        fields.append(QgsField("idcar_200m", QVariant.String))
        for column in value_columns:
            fields.append(QgsField(column, QVariant.Double))
        if "depcom" in extra:
            fields.append(QgsField("depcom", QVariant.String))
        if "imputed" in extra:
            fields.append(QgsField("imputed", QVariant.Int))
        engine = QgsGeometry.createGeometryEngine(territory.constGet())
        engine.prepareGeometry()
        rows = []
        for record in frame.to_dict("records"):
            square = QgsGeometry.fromWkt(population.cell_polygon_wkt(record["x_sw"], record["y_sw"], record["size"]))
            if not engine.intersects(square.constGet()):
                continue
            half = record["size"] / 2.0
            geometry = (
                QgsGeometry.fromPointXY(QgsPointXY(record["x_sw"] + half, record["y_sw"] + half))
                if centroids
                else square
            )
            values = [None if record[c] != record[c] else float(record[c]) for c in value_columns]
            tail = []
            if "depcom" in extra:
                tail.append(record["depcom"] if isinstance(record["depcom"], str) else None)
            if "imputed" in extra:
                tail.append(int(record["imputed"]))
            rows.append((geometry, [record["idcar_200m"], *values, *tail]))
        return rows, fields, centroids
