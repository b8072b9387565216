"""vigie:fetchpopulation — INSEE Filosofi 200 m cells of a territory (polygons or centroids, EPSG:3035).

The national file is downloaded once into Vigie's cache (or read from LOCAL_FILE), read in chunks
filtered on the territory's bounding box, then cells touching the territory are kept.
"""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import population
from .fetch_common import FetchAlgorithm

GRID_CRS = QgsCoordinateReferenceSystem("EPSG:3035")


class FetchPopulationAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchpopulation"
    GEOMETRY = "GEOMETRY"
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
                self.tr("Local Filosofi file (CSV or zip)"),
                behavior=QgsProcessingParameterFile.File,
                optional=True,
            ),
            self.tr("Use an already downloaded Filosofi grid file instead of downloading it."),
            advanced=True,
        )
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Population cells"), QgsProcessing.TypeVector),
            self.tr("Cells with idcar_200m, ind (inhabitants) and age classes, in EPSG:3035."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        codes, layer = self.read_territory(parameters, context)
        client = self.client(parameters, context, feedback)
        communes = self.fetch_communes(client, parameters, context, codes) if layer is None else None
        territory = self.territory_geometry(communes, layer, GRID_CRS, context)
        box = territory.boundingBox()
        url = (
            self.url_parameter(parameters, context)
            + "/"
            + self.parameterAsString(parameters, self.FILE_PATH, context).lstrip("/")
        )
        local_file = self.parameterAsFile(parameters, self.LOCAL_FILE, context)
        csv_path = self.national_csv(client, url, local_file, feedback)
        feedback.pushInfo(self.tr("Reading cells of the territory from {0}").format(csv_path.name))
        frame = self.call(
            population.read_cells,
            csv_path,
            (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()),
            is_cancelled=feedback.isCanceled,
        )
        centroids = self.parameterAsEnum(parameters, self.GEOMETRY, context) == 1
        value_columns = [c for c in population.VALUE_COLUMNS if c in frame.columns]
        fields = QgsFields()
        fields.append(QgsField("idcar_200m", QVariant.String))
        for column in value_columns:
            fields.append(QgsField(column, QVariant.Double))
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
            rows.append((geometry, [record["idcar_200m"], *values]))
        wkb = QgsWkbTypes.Point if centroids else QgsWkbTypes.Polygon
        dest_id = self.write_features(parameters, context, self.OUTPUT, fields, wkb, GRID_CRS, rows, feedback)
        inhabitants = sum(row[1][1] or 0 for row in rows) if "ind" in value_columns else 0
        feedback.pushInfo(self.tr("{0} cells, {1} inhabitants.").format(len(rows), round(inhabitants)))
        self.document_output(
            dest_id,
            context,
            self.tr("Population (200 m grid)"),
            self.tr("INSEE Filosofi gridded population (200 m cells, EPSG:3035)."),
            local_file or url,
            f"cells touching territory {codes.as_text() or 'layer'}",
            ["filosofi"],
        )
        return {self.OUTPUT: dest_id}
