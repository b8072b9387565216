"""vigie:fetchbpe — BPE equipment of a territory by TYPEQU codes or groups, as points with CAPACITE and QUALITE_XY.

The national file is downloaded once into Vigie's cache (or read from LOCAL_FILE) and parsed in chunks.
"""

from pathlib import Path

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import bpe
from ..plugin.core.sources.territory import TerritoryCodes
from ..plugin.styles import apply_service_points
from .fetch_common import FetchAlgorithm, clip_rows
from .fetch_sirene import point_rows

FIELDS = (
    ("an", QVariant.String),
    ("typequ", QVariant.String),
    ("libelle", QVariant.String),
    ("nomrs", QVariant.String),
    ("depcom", QVariant.String),
    ("libcom", QVariant.String),
    ("dep", QVariant.String),
    ("epci", QVariant.String),
    ("siret", QVariant.String),
    ("capacite", QVariant.Double),
    ("qualite_xy", QVariant.String),
    ("qualite_geoloc", QVariant.String),
    ("approximate", QVariant.Int),
)


def bpe_fields():
    fields = QgsFields()
    for name, kind in FIELDS:
        fields.append(QgsField(name, kind))
    return fields


def bpe_points(
    algorithm,
    parameters,
    context,
    feedback,
    client,
    codes,
    layer,
    tokens,
    url,
    local_file,
    range_table=None,
    ranges_url=None,
):
    """(rows (point, attributes), CRS, count without position, source, query, all records) of a territory's BPE.

    ``range_table``: INSEE's table of ranges (workbook or CSV path) that range names in ``tokens`` are read
    from; without it, INSEE's workbook of the file's edition is downloaded from ``ranges_url`` (``{edition}``
    in it replaced by the year) when ``tokens`` name a range.
    """
    csv_path = algorithm.national_csv(client, url, local_file, feedback)
    edition = algorithm.call(bpe.detect_edition, csv_path)
    ranges_source = Path(range_table).name if range_table else ""
    if range_table is None and ranges_url and bpe.names_a_range(tokens):
        try:
            range_table, ranges_source = algorithm.insee_range_table(client, ranges_url, edition, feedback)
        except ValueError as error:
            raise QgsProcessingException(str(error)) from error
    try:
        typequ, notes = bpe.resolve_equipment(tokens, edition, range_table)
    except ValueError as error:
        if range_table is None and isinstance(error.__cause__, LookupError):  # a range Vigie does not confirm
            raise QgsProcessingException(algorithm.tr("{0} in RANGE_TABLE.").format(str(error).rstrip("."))) from error
        raise QgsProcessingException(str(error)) from error
    for note in notes:
        feedback.pushInfo(note)
    algorithm.require(bool(typequ), algorithm.tr("Give at least one equipment type or group."))
    mapping = algorithm.call(bpe.column_map, bpe.read_header(csv_path).columns)
    communes, epcis = list(codes.communes), list(codes.epcis)
    if epcis and "epci" not in mapping:
        # Older editions have no EPCI column: filter on the EPCI's communes instead.
        client_communes = algorithm.fetch_communes(client, parameters, context, TerritoryCodes(epcis=epcis))
        communes += [c["code"] for c in client_communes]
        epcis = []
    feedback.pushInfo(algorithm.tr("Reading BPE {0} for {1}").format(edition, ", ".join(typequ)))
    frame = algorithm.call(
        bpe.read_bpe,
        csv_path,
        typequ,
        communes or None,
        codes.departements or None,
        epcis or None,
        is_cancelled=feedback.isCanceled,
    )
    labels = bpe.CODE_TABLES[bpe.edition_table(edition)]
    records = []
    for row in frame.itertuples(index=False):
        record = row._asdict()
        record["libelle"] = labels.get(record["typequ"])
        record["capacite"] = None if record["capacite"] != record["capacite"] else record["capacite"]
        record["approximate"] = int(record.get("approximate") or 0)
        located = record["x"] == record["x"] and record["y"] == record["y"] and record["epsg"]
        record["x"], record["y"] = (record["x"], record["y"]) if located else (None, None)
        records.append(record)
    crs = algorithm.output_crs(codes)
    rows, missing = point_rows(records, crs, context.transformContext(), FIELDS)
    if layer is not None:
        rows = clip_rows(rows, algorithm.territory_geometry(None, layer, crs, context))
    source = local_file or url
    query = f"BPE {edition}: TYPEQU in ({', '.join(typequ)}); territory {codes.as_text() or 'layer'}"
    if range_table:
        query += f"; ranges from {ranges_source}"
    return rows, crs, missing, source, query, records


def report_approximate(algorithm, feedback, rows):
    """Say how many points stand at a random position in their commune (QUALITE_GEOLOC 33)."""
    index = [name for name, _ in FIELDS].index("approximate")
    approximate = sum(1 for _, attributes in rows if attributes[index])
    if approximate:
        feedback.pushWarning(
            algorithm.tr(
                "{0} of {1} equipment points are approximate (QUALITE_GEOLOC 33: placed at random in their "
                "commune; field approximate = 1)."
            ).format(approximate, len(rows))
        )
    return approximate


class FetchBpeAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchbpe"
    EQUIPMENT_TYPES = "EQUIPMENT_TYPES"
    FILE_PATH = "FILE_PATH"
    LOCAL_FILE = "LOCAL_FILE"
    RANGES_PATH = "RANGES_PATH"

    def displayName(self):
        return self.tr("Fetch equipment (BPE)")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        groups = ", ".join(bpe.GROUPS["from_2023"])
        self.add_parameter(
            QgsProcessingParameterString(
                self.EQUIPMENT_TYPES, self.tr("Equipment types (TYPEQU or groups)"), defaultValue="health"
            ),
            self.tr(
                "Comma-separated TYPEQU codes (e.g. D265, D502), groups: {0}, or INSEE ranges of the edition "
                "(proximite, intermediaire, superieure), read from INSEE's table given in RANGE_TABLE, else from "
                "INSEE's table of the file's edition under BASE_URL (RANGES_PATH). Codes are translated between "
                "editions when INSEE renumbered them (D201 → D265 in 2023)."
            ).format(groups),
        )
        self.add_base_url(bpe.DEFAULT_BASE_URL)
        self.add_bpe_file_parameters(
            self.FILE_PATH,
            self.LOCAL_FILE,
            self.tr("Path of the national file"),
            self.tr("Path of the geolocated BPE zip under BASE_URL (change it for another edition)."),
        )
        self.add_range_table_parameter()
        self.add_parameter(
            QgsProcessingParameterString(
                self.RANGES_PATH, self.tr("Path of INSEE's table of ranges"), defaultValue=bpe.RANGES_FILE_PATH
            ),
            self.tr(
                "Path under BASE_URL of INSEE's table of the BPE ranges, {edition} being the BPE file's year; "
                "downloaded when EQUIPMENT_TYPES names a range and RANGE_TABLE is empty."
            ),
            advanced=True,
        )
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Equipment"), QgsProcessing.TypeVectorPoint),
            self.tr(
                "Equipment points with TYPEQU, name, CAPACITE, QUALITE_XY, QUALITE_GEOLOC and approximate "
                "(1 = position drawn at random in the commune)."
            ),
        )

    def processAlgorithm(self, parameters, context, feedback):
        codes, layer = self.read_territory(parameters, context)
        tokens = self.parameterAsString(parameters, self.EQUIPMENT_TYPES, context).replace(";", ",").split(",")
        url = self.url_of_path(parameters, context, self.FILE_PATH)
        local_file = self.local_file_parameter(parameters, context, self.LOCAL_FILE)
        range_table = self.range_table(parameters, context)
        ranges_url = self.url_of_path(parameters, context, self.RANGES_PATH)
        client = self.client(parameters, context, feedback)
        rows, crs, missing, source, query, _ = bpe_points(
            self, parameters, context, feedback, client, codes, layer, tokens, url, local_file, range_table, ranges_url
        )
        if missing:
            feedback.pushWarning(
                self.tr("{0} equipment rows have no coordinates (QUALITE_XY _Z): not mapped.").format(missing)
            )
        report_approximate(self, feedback, rows)
        dest_id = self.write_features(
            parameters, context, self.OUTPUT, bpe_fields(), QgsWkbTypes.Point, crs, rows, feedback
        )
        feedback.pushInfo(self.tr("{0} equipment points written.").format(len(rows)))
        self.document_output(
            dest_id,
            context,
            self.tr("BPE equipment"),
            self.tr("INSEE Base permanente des équipements."),
            source,
            query,
            ["bpe"],
            renderer=apply_service_points,
        )
        return {self.OUTPUT: dest_id}
