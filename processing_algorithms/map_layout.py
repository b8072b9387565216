"""vigie:maplayout — a complete, attributed print layout of Vigie outputs, exported to PDF and/or PNG."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
)

from ..plugin.layouts.builder import build_map_layout
from ..plugin.layouts.export import check_output_path, export_pdf, export_png
from ..plugin.layouts.figures import coverage_fields, coverage_key_figures, plain_table, summary_rows
from ..plugin.layouts.inputs import (
    check_layer_crs,
    layers_extent,
    map_crs,
    require_extent,
    source_extent,
    table_rows,
)
from .layout_base import LayoutAlgorithm, paper_options  # noqa: F401 - paper_options: kept importable here


def keep_layout(project, layout, name, layers, context, feedback):
    """Add ``layout`` to the project's layout manager under a free name; returns that name.

    Layers loaded only for this run (files given to qgis_process or the dialog) move into
    the project, otherwise the kept layout would point at layers deleted after the run.
    """
    manager = project.layoutManager()
    unique_name, number = name, 2
    while manager.layoutByName(unique_name) is not None:
        unique_name = f"{name} ({number})"
        number += 1
    store = context.temporaryLayerStore()
    for layer in layers:
        if project.mapLayer(layer.id()) is None:
            if store.mapLayer(layer.id()) is not None:
                store.takeMapLayer(layer)
            project.addMapLayer(layer, True)
    layout.setName(unique_name)
    manager.addLayout(layout)
    return unique_name


class MapLayoutAlgorithm(LayoutAlgorithm):
    ALGORITHM_NAME = "maplayout"

    LAYERS = "LAYERS"
    EXTENT = "EXTENT"
    AREA = "AREA"
    SUMMARY = "SUMMARY"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_PNG = "OUTPUT_PNG"
    OUTPUT_LAYOUT = "OUTPUT_LAYOUT"

    def displayName(self):  # noqa: N802
        return self.tr("Print map (PDF/PNG layout)")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.LAYERS, self.tr("Layers to map"), QgsProcessing.TypeMapLayer),
            self.tr(
                "Layers drawn with their current style; points and lines are kept above polygons. "
                "The legend lists these layers only."
            ),
        )
        self.add_title_parameters(
            self.tr("Title printed at the top of the page (default: the name of the first layer)."),
            self.tr("Second line under the title: territory, service, date of the data…"),
        )
        self.add_parameter(
            QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent to map"), optional=True),
            self.tr("Ground to show. Leave empty to frame AREA, or else all the layers."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.AREA, self.tr("Area to frame"), [QgsProcessing.TypeVectorAnyGeometry], optional=True
            ),
            self.tr("Layer (or its selected features) the map is zoomed on, e.g. the communes of an EPCI."),
        )
        self.add_paper_parameter(self.tr("Paper size and orientation of the page."))
        self.add_sources_parameter(
            self.tr(
                "One source per line. Leave empty to print the sources and licences recorded in the layers' "
                "metadata (every Vigie output carries them)."
            )
        )
        self.add_organisation_parameters(
            self.tr("Who made the map. Leave empty to use the organisation set in the Vigie settings."),
            self.tr("Image printed at the top right of the page."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSource(
                self.SUMMARY, self.tr("Key figures table"), [QgsProcessing.TypeVector], optional=True
            ),
            self.tr(
                "Table shown as key figures, e.g. the output of vigie:coverage (population within each "
                "threshold, summed over its rows). Any other table is printed as is (first rows and columns)."
            ),
        )
        self.add_dpi_parameter(self.tr("Resolution of the PNG and of raster layers in the PDF."))
        pdf = QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("PDF file"), self.tr("PDF files (*.pdf)"), optional=True, createByDefault=True
        )
        self.add_parameter(pdf, self.tr("The page as a PDF (vector, searchable text)."))
        png = QgsProcessingParameterFileDestination(
            self.OUTPUT_PNG, self.tr("PNG image"), self.tr("PNG files (*.png)"), optional=True, createByDefault=False
        )
        self.add_parameter(png, self.tr("The page as a PNG image at the chosen resolution."))
        self.add_parameter(
            QgsProcessingParameterString(
                self.OUTPUT_LAYOUT, self.tr("Keep the layout in the project as"), optional=True
            ),
            self.tr("Name of a print layout added to the project for hand edits. Leave empty not to keep it."),
            advanced=True,
        )
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_LAYOUT, self.tr("Layout kept in the project")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        layers = self.parameterAsLayerList(parameters, self.LAYERS, context)
        self.require(layers, self.tr("No layer to map: give at least one layer in LAYERS."))
        check_layer_crs(layers)
        layers = self.page_layers(layers, context, feedback)
        project = self.layout_project(context)
        crs = map_crs(project, layers, context)
        extent = self._extent(parameters, context, layers, crs)

        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        png_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PNG, context)
        layout_name = (self.parameterAsString(parameters, self.OUTPUT_LAYOUT, context) or "").strip()
        self.require(
            pdf_path or png_path or layout_name,
            self.tr("Nothing to produce: give OUTPUT_PDF, OUTPUT_PNG or OUTPUT_LAYOUT."),
        )
        # Every output path is checked before anything is rendered.
        if pdf_path:
            check_output_path(pdf_path, "PDF")
        if png_path:
            check_output_path(png_path, "PNG")

        language = self.page_language()
        summary = self.parameterAsSource(parameters, self.SUMMARY, context)
        if summary is None and parameters.get(self.SUMMARY):
            raise QgsProcessingException(self.invalidSourceError(parameters, self.SUMMARY))
        summary_layer = self.parameterAsVectorLayer(parameters, self.SUMMARY, context) if summary else None
        sources = self.page_sources(parameters, context, [*layers, summary_layer], feedback)
        sheet = self.sheet(parameters, context, sources, language, default_title=layers[0].name())
        sheet.figures = self._figures(summary, language)
        dpi = self.dpi(parameters, context)

        layout = build_map_layout(project, layout_name or sheet.title, layers, extent, crs, sheet)
        results = {self.OUTPUT_PDF: None, self.OUTPUT_PNG: None, self.OUTPUT_LAYOUT: None}
        steps.setCurrentStep(1)
        if pdf_path and not feedback.isCanceled():
            feedback.pushInfo(self.tr("Writing {0}").format(self.shown_path(pdf_path)))
            results[self.OUTPUT_PDF] = export_pdf(layout, pdf_path, dpi)
        steps.setCurrentStep(2)
        if png_path and not feedback.isCanceled():
            feedback.pushInfo(self.tr("Writing {0}").format(self.shown_path(png_path)))
            results[self.OUTPUT_PNG] = export_png(layout, png_path, dpi)
        steps.setCurrentStep(3)
        if layout_name and project is not None:
            results[self.OUTPUT_LAYOUT] = keep_layout(project, layout, layout_name, layers, context, feedback)
        return results

    def _extent(self, parameters, context, layers, crs):
        if parameters.get(self.EXTENT):
            extent = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
            return require_extent(extent, self.tr("EXTENT"))
        area = self.parameterAsSource(parameters, self.AREA, context)
        if area is not None:
            return require_extent(source_extent(area, crs, context), self.tr("AREA has no feature with a geometry"))
        if parameters.get(self.AREA):
            raise QgsProcessingException(self.invalidSourceError(parameters, self.AREA))
        return require_extent(layers_extent(layers, crs, context), self.tr("the layers hold no feature"))

    @staticmethod
    def _figures(summary, language):
        if summary is None:
            return []
        names, rows = table_rows(summary)
        if not rows:
            return []
        fields = coverage_fields(names)
        if fields is not None:
            return coverage_key_figures(summary_rows(rows), fields, language)
        return plain_table(names, rows, language)
