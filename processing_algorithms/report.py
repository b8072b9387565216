"""vigie:report — the diagnostic as a short multi-page PDF for elected officials."""

from dataclasses import dataclass

from qgis.core import (
    NULL,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterVectorLayer,
    QgsRectangle,
    QgsWkbTypes,
)

from ..plugin.__about__ import __version__
from ..plugin.core.publish.licences import source_licence, unstated_in
from ..plugin.core.publish.provenance_text import parse_provenance
from ..plugin.layouts.builder import legend_title
from ..plugin.layouts.export import check_output_path, export_pdf
from ..plugin.layouts.figures import coverage_fields, coverage_key_figures, summary_rows
from ..plugin.layouts.inputs import check_layer_crs, layers_extent, map_crs, require_extent, table_rows
from ..plugin.layouts.report import KeyBlock, ReportContent, build_report_layout
from ..plugin.layouts.report_text import commune_rows, headline_lines, method_paragraphs, word
from .layout_base import LayoutAlgorithm, guess_field

NAME_FIELD_GUESSES = ("nom", "name", "libelle", "nom_commune", "lib_epci", "nom_epci", "area_id")
CODE_FIELD_GUESSES = ("code", "insee", "code_insee", "codgeo", "insee_com", "area_id")
LANGUAGES = ("fr", "en")


@dataclass
class _Inputs:
    """The parameters of one report, read and checked."""

    coverage: object  # the vigie:coverage table
    rows: list
    layers: list
    pdf_path: str
    language: str
    thresholds: list  # (minutes, pop_le_ field) of COVERAGE
    threshold: tuple  # the one the communes are sorted by
    limit: float  # communes below this share are highlighted
    name_field: str
    code_field: str


@dataclass
class _Page:
    """The map of the report."""

    layers: list
    project: object
    crs: object
    extent: object


class ReportAlgorithm(LayoutAlgorithm):
    ALGORITHM_NAME = "report"
    GROUP_ID = "publish"

    COVERAGE = "COVERAGE"
    LAYERS = "LAYERS"
    OTHER_SERVICES = "OTHER_SERVICES"
    NAME_FIELD = "NAME_FIELD"
    THRESHOLD = "THRESHOLD"
    HIGHLIGHT_BELOW = "HIGHLIGHT_BELOW"
    LANGUAGE = "LANGUAGE"
    OUTPUT_PDF = "OUTPUT_PDF"

    def displayName(self):  # noqa: N802
        return self.tr("Diagnostic report (PDF)")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterVectorLayer(
                self.COVERAGE, self.tr("Coverage per commune"), [QgsProcessing.TypeVectorAnyGeometry]
            ),
            self.tr(
                "Output of vigie:coverage per commune (pop_total, pop_le_<T>, share_le_<T>, TOTAL row): key figures "
                "and the table per commune are read from it."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(
                self.LAYERS, self.tr("Layers of the map"), QgsProcessing.TypeMapLayer, optional=True
            ),
            self.tr("Layers drawn on the map page with their style. Leave empty to map the coverage per commune."),
        )
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(
                self.OTHER_SERVICES,
                self.tr("Coverage of other services"),
                QgsProcessing.TypeVector,
                optional=True,
            ),
            self.tr(
                "More outputs of vigie:coverage, one per service or for the basket: each adds its key figures, "
                "titled with the layer's name. The map and the table per commune show COVERAGE."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterField(
                self.NAME_FIELD, self.tr("Commune name field"), None, self.COVERAGE, optional=True
            ),
            self.tr("Name printed in the table (default: nom, name, libelle… when present)."),
            advanced=True,
        )
        self.add_number_parameter(
            self.THRESHOLD,
            self.tr("Threshold of the table (minutes)"),
            None,
            self.tr(
                "Communes are sorted by the share of their inhabitants within this time; it must be one of the "
                "thresholds of the coverage table (default: the middle one)."
            ),
            minimum=0,
            optional=True,
        )
        self.add_number_parameter(
            self.HIGHLIGHT_BELOW,
            self.tr("Highlight communes under (%)"),
            50.0,
            self.tr("Communes where fewer inhabitants than this share are within the threshold are highlighted."),
            minimum=0.0,
            maximum=100.0,
        )
        self.add_title_parameters(
            self.tr('Title of the report, e.g. "Accès aux médecins généralistes".'),
            self.tr('The territory, e.g. "Communauté de communes du Champsaur-Valgaudemar".'),
        )
        self.add_sources_parameter(
            self.tr("One source per line. Leave empty to print those recorded in the layers' metadata.")
        )
        self.add_organisation_parameters(
            self.tr("Who made the report. Leave empty to use the organisation set in the Vigie settings."),
            self.tr("Image printed on the cover."),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.LANGUAGE, self.tr("Language"), options=["Français", "English"], defaultValue=0
            ),
            self.tr("Language of the printed report."),
        )
        self.add_dpi_parameter(self.tr("Resolution of raster layers in the PDF."))
        self.add_parameter(
            QgsProcessingParameterFileDestination(self.OUTPUT_PDF, self.tr("PDF file"), self.tr("PDF files (*.pdf)")),
            self.tr("The report, all pages in one PDF."),
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        steps = QgsProcessingMultiStepFeedback(2, feedback)
        inputs = self._read_inputs(parameters, context)
        page = self._page(parameters, context, inputs, feedback)
        content = self._content(parameters, context, inputs, page, feedback)
        steps.setCurrentStep(1)
        if feedback.isCanceled():
            return {}
        written = self._write_pdf(parameters, context, inputs, page, content, feedback)
        steps.setCurrentStep(2)
        return {self.OUTPUT_PDF: written}

    # -- read -------------------------------------------------------------------------------------

    def _read_inputs(self, parameters, context):
        coverage = self.parameterAsVectorLayer(parameters, self.COVERAGE, context)
        if coverage is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.COVERAGE))
        names, rows = table_rows(coverage)
        fields = coverage_fields(names)
        self.require(
            fields is not None,
            self.tr(
                "COVERAGE does not look like a vigie:coverage table (no pop_total and pop_le_<minutes> fields): "
                "run vigie:coverage per commune first."
            ),
        )
        layers = self.parameterAsLayerList(parameters, self.LAYERS, context) or []
        if not layers:
            self.require(
                coverage.geometryType() == QgsWkbTypes.PolygonGeometry,
                self.tr("Give LAYERS: COVERAGE has no commune outlines to map."),
            )
            layers = [coverage]
        check_layer_crs(layers)
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        check_output_path(pdf_path, "PDF")
        thresholds = list(fields.thresholds)
        name_field = self.parameterAsString(parameters, self.NAME_FIELD, context) or guess_field(
            names, NAME_FIELD_GUESSES
        )
        return _Inputs(
            coverage=coverage,
            rows=rows,
            layers=layers,
            pdf_path=pdf_path,
            language=LANGUAGES[self.parameterAsEnum(parameters, self.LANGUAGE, context)],
            thresholds=thresholds,
            threshold=self._threshold(parameters, context, thresholds),
            limit=self.parameterAsDouble(parameters, self.HIGHLIGHT_BELOW, context),
            name_field=name_field,
            code_field=guess_field(names, CODE_FIELD_GUESSES),
        )

    def _threshold(self, parameters, context, thresholds):
        """The (minutes, field) the communes are sorted by: THRESHOLD, else the middle one of COVERAGE."""
        if parameters.get(self.THRESHOLD) in (None, ""):
            return thresholds[len(thresholds) // 2]
        wanted = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        chosen = [t for t in thresholds if abs(t[0] - wanted) < 1e-9]
        self.require(
            chosen,
            self.tr("THRESHOLD {0} is not a threshold of COVERAGE ({1}): choose one of them.").format(
                f"{wanted:g}", ", ".join(f"{t:g}" for t, _ in thresholds)
            ),
        )
        return chosen[0]

    # -- compute ----------------------------------------------------------------------------------

    def _page(self, parameters, context, inputs, feedback):
        """The map of the report: its layers, project, CRS and extent (where the inhabitants live)."""
        layers = self.page_layers(inputs.layers, context, feedback)
        project = self.layout_project(context)
        crs = map_crs(project, layers, context)
        extent = self._inhabited_extent(inputs.coverage, crs, context)
        if extent.isNull() or extent.isEmpty():
            extent = layers_extent(layers, crs, context)
        require_extent(extent, self.tr("the layers hold no feature"))
        return _Page(layers, project, crs, extent)

    def _content(self, parameters, context, inputs, page, feedback):
        """The report's text and tables: key figures of every coverage table, communes, methods, sources."""
        language, threshold, limit = inputs.language, inputs.threshold, inputs.limit
        others = self.parameterAsLayerList(parameters, self.OTHER_SERVICES, context) or []
        for other in others:
            self.require(
                coverage_fields(other.fields().names()) is not None,
                self.tr("OTHER_SERVICES: {0} is not a vigie:coverage table (no pop_total, pop_le_<minutes>).").format(
                    other.name()
                ),
            )
        all_layers = [*page.layers, inputs.coverage, *others]
        # A QGIS in another language wrote "licence not stated" in its own: print it in the report's.
        sources = [unstated_in(line, language) for line in self.page_sources(parameters, context, all_layers, feedback)]
        sheet = self.sheet(parameters, context, sources, language, default_title=word("report", language))
        sheet.paper, sheet.orientation = "A4", "portrait"

        key_blocks = [self._key_block(layer, language) for layer in [inputs.coverage, *others]]
        sort_field = "share_le_" + threshold[1].removeprefix("pop_le_")
        header = [word("commune", language), word("code", language), word("inhabitants", language)]
        header += [word("within", language).format(f"{minutes:g}") for minutes, _ in inputs.thresholds]
        header.append(word("median", language))
        table, highlighted, left_out = commune_rows(
            inputs.rows, inputs.thresholds, sort_field, inputs.name_field, inputs.code_field, language, limit
        )
        if left_out:
            absent = word("communes_absent_one" if left_out == 1 else "communes_absent", language).format(left_out)
        else:
            absent = ""
        return ReportContent(
            sheet=sheet,
            key_blocks=key_blocks,
            commune_header=header,
            commune_rows=table,
            highlighted=highlighted,
            communes_note=word("communes_note", language).format(minutes=f"{threshold[0]:g}", limit=f"{limit:g}"),
            communes_absent=absent,
            methods=method_paragraphs(self._provenances(all_layers), language),
            sources=[(line, self._licence_name(line, language)) for line in sources],
            version=__version__,
        )

    @staticmethod
    def _provenances(layers):
        """(method, parameters) of each layer's Vigie provenance, once per layer."""
        provenances, seen = [], set()
        for layer in layers:
            if layer.id() in seen:
                continue
            seen.add(layer.id())
            provenance = parse_provenance(layer.metadata().abstract())
            provenances.append((provenance.method, provenance.parameters))
        return provenances

    # -- write ------------------------------------------------------------------------------------

    def _write_pdf(self, parameters, context, inputs, page, content, feedback):
        layout = build_report_layout(page.project, content.sheet.title, page.layers, page.extent, page.crs, content)
        feedback.pushInfo(self.tr("Writing {0}").format(self.shown_path(inputs.pdf_path)))
        return export_pdf(layout, inputs.pdf_path, self.dpi(parameters, context))

    @staticmethod
    def _licence_name(attribution, language):
        """The full name of the licence an attribution line names, in the report's language ("" if none)."""
        licence = source_licence(attribution)
        if licence is None:
            return ""
        return licence.name_fr if language == "fr" else licence.name

    @staticmethod
    def _inhabited_extent(coverage, crs, context):
        """Bounding box, in ``crs``, of the communes where inhabitants of the diagnostic live."""
        extent = QgsRectangle()
        extent.setMinimal()
        if coverage.geometryType() != QgsWkbTypes.PolygonGeometry:
            return extent
        request = QgsFeatureRequest().setDestinationCrs(crs, context.transformContext())
        for feature in coverage.getFeatures(request):
            population = feature["pop_total"]
            if feature.hasGeometry() and population not in (None, NULL) and float(population) > 0:
                extent.combineExtentWith(feature.geometry().boundingBox())
        return extent

    def _key_block(self, layer, language):
        """KeyBlock of a coverage table: its whole-territory sentences and key-figures table."""
        names, rows = table_rows(layer)
        fields = coverage_fields(names)
        totals = summary_rows(rows)
        total_row = dict(totals[0]) if len(totals) == 1 else self._summed(totals, fields)
        return KeyBlock(
            legend_title(layer),
            headline_lines(total_row, list(fields.thresholds), language),
            coverage_key_figures(totals, fields, language),
        )

    @staticmethod
    def _summed(rows, fields):
        total = {fields.total: sum(float(r.get(fields.total) or 0) for r in rows)}
        for _, name in fields.thresholds:
            total[name] = sum(float(r.get(name) or 0) for r in rows)
        return total
