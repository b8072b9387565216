"""vigie:atlaslayout — one page per area (commune, EPCI…), zoomed on it, with its own key figures, in one PDF."""

from qgis.core import (
    QgsExpression,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterVectorLayer,
    QgsRuleBasedRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.layouts.builder import build_atlas_layout
from ..plugin.layouts.export import check_output_path, export_atlas_pdf
from ..plugin.layouts.figures import coverage_fields, coverage_key_figures
from ..plugin.layouts.inputs import check_layer_crs, map_crs, table_rows
from .layout_base import LayoutAlgorithm, guess_field

NAME_FIELD_GUESSES = ("nom", "name", "libelle", "nom_commune", "nom_officiel", "lib_epci", "nom_epci")
CODE_FIELD_GUESSES = ("code", "insee", "code_insee", "codgeo", "insee_com", "siren", "code_epci", "area_id")
# Near black: red is taken by the service points.
HIGHLIGHT_COLOUR = "#111111"


def _code(value):
    return "" if value is None else str(value).strip()


def highlight_layer(areas):
    """A copy of the areas drawing only the current atlas area, outlined, above every other layer."""
    highlight = areas.clone()
    root = QgsRuleBasedRenderer.Rule(None)
    outline = QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": HIGHLIGHT_COLOUR, "outline_width": "0.9", "joinstyle": "round"}
    )
    root.appendChild(QgsRuleBasedRenderer.Rule(outline, 0, 0, "$id = @atlas_featureid"))
    highlight.setRenderer(QgsRuleBasedRenderer(root))
    return highlight


class AtlasLayoutAlgorithm(LayoutAlgorithm):
    ALGORITHM_NAME = "atlaslayout"

    AREAS = "AREAS"
    NAME_FIELD = "NAME_FIELD"
    CODE_FIELD = "CODE_FIELD"
    LAYERS = "LAYERS"
    COVERAGE = "COVERAGE"
    COVERAGE_FIELD = "COVERAGE_FIELD"
    OUTPUT_PDF = "OUTPUT_PDF"

    def displayName(self):  # noqa: N802
        return self.tr("Atlas: one page per area (PDF)")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterVectorLayer(
                self.AREAS, self.tr("Areas (one page each)"), [QgsProcessing.TypeVectorPolygon]
            ),
            self.tr(
                "Communes, EPCI… one page per feature, the map zoomed on it and its outline highlighted. "
                "The polygon output of vigie:coverage works directly: its own figures are printed."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterField(self.NAME_FIELD, self.tr("Area name field"), None, self.AREAS, optional=True),
            self.tr("Name printed in each page's title (default: nom, name, libelle… when present)."),
        )
        self.add_parameter(
            QgsProcessingParameterField(self.CODE_FIELD, self.tr("Area code field"), None, self.AREAS, optional=True),
            self.tr("Code joining an area to its row of the coverage table (default: code, insee, codgeo…)."),
        )
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.LAYERS, self.tr("Layers to map"), QgsProcessing.TypeMapLayer),
            self.tr("Layers drawn on every page with their current style; the legend lists them."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.COVERAGE, self.tr("Coverage table"), [QgsProcessing.TypeVector], optional=True
            ),
            self.tr(
                "Output of vigie:coverage (pop_total, pop_le_<T>, share_le_<T> per area): each page prints its "
                "area's population within each threshold."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterField(
                self.COVERAGE_FIELD,
                self.tr("Area code field of the coverage table"),
                None,
                self.COVERAGE,
                optional=True,
            ),
            self.tr("Default: the field named like the area code field, else area_id."),
            advanced=True,
        )
        self.add_title_parameters(
            self.tr('Printed before each area\'s name, e.g. "Access to hospitals".'),
            self.tr("Second line under the title on every page."),
        )
        self.add_paper_parameter(self.tr("Paper size and orientation of the pages."))
        self.add_sources_parameter(
            self.tr("One source per line. Leave empty to print those recorded in the layers' metadata.")
        )
        self.add_organisation_parameters(
            self.tr("Who made the maps. Leave empty to use the organisation set in the Vigie settings."),
            self.tr("Image printed at the top right of every page."),
        )
        self.add_dpi_parameter(self.tr("Resolution of raster layers in the PDF."))
        self.add_parameter(
            QgsProcessingParameterFileDestination(self.OUTPUT_PDF, self.tr("PDF file"), self.tr("PDF files (*.pdf)")),
            self.tr("All pages in one PDF, sorted by area name."),
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas = self.parameterAsVectorLayer(parameters, self.AREAS, context)
        if areas is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.AREAS))
        layers = self.parameterAsLayerList(parameters, self.LAYERS, context)
        self.require(layers, self.tr("No layer to map: give at least one layer in LAYERS."))
        self.require(areas.featureCount() > 0, self.tr("AREAS has no feature: there is no page to make."))
        self.require(
            areas.geometryType() == QgsWkbTypes.PolygonGeometry,
            self.tr("AREAS must be a polygon layer (communes, EPCI…): each polygon makes one page."),
        )
        check_layer_crs([areas, *layers])
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        check_output_path(pdf_path, "PDF")

        area_names = areas.fields().names()
        name_field = self.parameterAsString(parameters, self.NAME_FIELD, context) or guess_field(
            area_names, NAME_FIELD_GUESSES
        )
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context) or guess_field(
            area_names, CODE_FIELD_GUESSES
        )
        language = self.page_language()
        layers = self.page_layers(layers, context, feedback)
        project = self.layout_project(context)
        crs = map_crs(project, [areas, *layers], context)

        coverage_layer = self.parameterAsVectorLayer(parameters, self.COVERAGE, context)
        # The same sources line, and the same warning when none is recorded, as vigie:maplayout.
        sources = self.page_sources(parameters, context, [*layers, coverage_layer], feedback)
        sheet = self.sheet(parameters, context, sources, language)
        dpi = self.dpi(parameters, context)

        figures_table = self._figures_table(parameters, context, areas, code_field, language, feedback)
        figures = None
        if figures_table is not None:
            table_layer, headers = figures_table
            figures = (table_layer, headers, ["figure", "population", "share"], '"area_fid" = @atlas_featureid')

        title_expression = self._title_expression(sheet.title, name_field, code_field)
        label_field = name_field or code_field
        if label_field:
            longest = max((str(feature[label_field]) for feature in areas.getFeatures()), key=len, default="")
            sheet.title_sample = f"{sheet.title} — {longest}" if sheet.title else longest
        highlight = highlight_layer(areas)
        layout = build_atlas_layout(
            project,
            sheet.title or areas.name(),
            [highlight, *layers],
            areas,
            crs,
            sheet,
            title_expression,
            figures,
            legend_layers=layers,
        )
        atlas = layout.atlas()
        if name_field:
            atlas.setPageNameExpression(QgsExpression.quotedColumnRef(name_field))
            atlas.setSortFeatures(True)
            atlas.setSortExpression(QgsExpression.quotedColumnRef(name_field))
        # vigie:coverage adds a TOTAL row without geometry: no page for it.
        atlas.setFilterFeatures(True)
        atlas.setFilterExpression("$geometry IS NOT NULL")
        atlas_feedback = QgsProcessingMultiStepFeedback(1, feedback)
        feedback.pushInfo(self.tr("Writing {0} pages to {1}").format(areas.featureCount(), self.shown_path(pdf_path)))
        written = export_atlas_pdf(layout, pdf_path, dpi, atlas_feedback)
        return {self.OUTPUT_PDF: written}

    @staticmethod
    def _title_expression(title, name_field, code_field):
        label_field = name_field or code_field
        name = QgsExpression.quotedColumnRef(label_field) if label_field else "@atlas_featurenumber"
        if title:
            return f"{QgsExpression.quotedString(title + ' — ')} || {name}"
        return f"to_string({name})"

    def _figures_table(self, parameters, context, areas, code_field, language, feedback):
        """(memory table of key figures per area feature id, headers), or None when there are none."""
        coverage = self.parameterAsSource(parameters, self.COVERAGE, context)
        if coverage is None and parameters.get(self.COVERAGE):
            raise QgsProcessingException(self.invalidSourceError(parameters, self.COVERAGE))
        area_names, area_rows = table_rows(areas)
        area_ids = [feature.id() for feature in areas.getFeatures()]
        if coverage is None:
            fields = coverage_fields(area_names)
            if fields is None:
                return None
            rows_by_area = dict(zip(area_ids, area_rows))
        else:
            coverage_names, coverage_rows = table_rows(coverage)
            fields = coverage_fields(coverage_names)
            if fields is None:
                raise QgsProcessingException(
                    self.tr(
                        "COVERAGE does not look like a vigie:coverage table (no pop_total and pop_le_<minutes> "
                        "fields): run vigie:coverage first, or leave COVERAGE empty."
                    )
                )
            self.require(
                code_field,
                self.tr("Give CODE_FIELD: the field of AREAS that joins each area to its row of COVERAGE."),
            )
            coverage_field = self.parameterAsString(parameters, self.COVERAGE_FIELD, context) or guess_field(
                coverage_names, (code_field.lower(), "area_id")
            )
            self.require(
                coverage_field,
                self.tr("Give COVERAGE_FIELD: the field of COVERAGE holding the area codes of CODE_FIELD."),
            )
            # Rows without a code (the TOTAL row of vigie:coverage) belong to no area.
            by_code = {_code(row.get(coverage_field)): row for row in coverage_rows if _code(row.get(coverage_field))}
            rows_by_area = {}
            for fid, row in zip(area_ids, area_rows):
                match = by_code.get(_code(row.get(code_field)))
                if match is not None:
                    rows_by_area[fid] = match
            missing = sum(1 for row in area_rows if _code(row.get(code_field))) - len(rows_by_area)
            if missing:
                feedback.pushWarning(
                    self.tr("{0} area(s) have no row in COVERAGE ({1} = {2}): their pages show no key figures.").format(
                        missing, coverage_field, code_field
                    )
                )
        table = QgsVectorLayer("None", "key figures", "memory")
        provider = table.dataProvider()
        provider.addAttributes(
            [
                QgsField("area_fid", QVariant.LongLong),
                QgsField("figure", QVariant.String),
                QgsField("population", QVariant.String),
                QgsField("share", QVariant.String),
            ]
        )
        table.updateFields()
        features, headers = [], None
        for fid, row in rows_by_area.items():
            figures = coverage_key_figures([row], fields, language)
            headers = figures[0]
            for cells in figures[1:]:
                feature = QgsFeature(table.fields())
                feature.setAttributes([fid, *cells])
                features.append(feature)
        provider.addFeatures(features)
        if headers is None:
            return None
        return table, headers
