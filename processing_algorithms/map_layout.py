"""vigie:maplayout — a complete, attributed print layout of Vigie outputs, exported to PDF and/or PNG."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProject,
)

from ..plugin.i18n import user_language
from ..plugin.layouts.builder import MapSheet, build_map_layout, map_draw_order
from ..plugin.layouts.export import check_output_path, export_pdf, export_png
from ..plugin.layouts.figures import coverage_fields, coverage_key_figures, plain_table, summary_rows
from ..plugin.layouts.inputs import (
    check_layer_crs,
    check_logo,
    collected_sources,
    layers_extent,
    map_crs,
    require_extent,
    source_extent,
    sources_from_text,
    style_unstyled_layers,
    table_rows,
)
from ..plugin.layouts.labels import printed_language
from ..plugin.layouts.page import PAPER_CHOICES
from ..plugin.settings import default_logo, default_organisation
from .base import VigieAlgorithm


def paper_options(tr):
    names = {"landscape": tr("landscape"), "portrait": tr("portrait")}
    return [f"{paper} {names[orientation]}" for paper, orientation in PAPER_CHOICES]


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


class MapLayoutAlgorithm(VigieAlgorithm):
    ALGORITHM_NAME = "maplayout"
    GROUP_ID = "maps"

    LAYERS = "LAYERS"
    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    EXTENT = "EXTENT"
    AREA = "AREA"
    PAPER = "PAPER"
    SOURCES = "SOURCES"
    ORGANISATION = "ORGANISATION"
    LOGO = "LOGO"
    SUMMARY = "SUMMARY"
    DPI = "DPI"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_PNG = "OUTPUT_PNG"
    OUTPUT_LAYOUT = "OUTPUT_LAYOUT"

    def displayName(self):  # noqa: N802
        return self.tr("Print map (PDF/PNG layout)")

    def flags(self):
        # Layouts are not thread safe: run on the main thread, like QGIS's own layout export.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.LAYERS, self.tr("Layers to map"), QgsProcessing.TypeMapLayer),
            self.tr(
                "Layers drawn with their current style; points and lines are kept above polygons. "
                "The legend lists these layers only."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.TITLE, self.tr("Title"), optional=True),
            self.tr("Title printed at the top of the page (default: the name of the first layer)."),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.SUBTITLE, self.tr("Subtitle"), optional=True),
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
        self.add_parameter(
            QgsProcessingParameterEnum(self.PAPER, self.tr("Paper"), options=paper_options(self.tr), defaultValue=0),
            self.tr("Paper size and orientation of the page."),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.SOURCES, self.tr("Sources and licences"), multiLine=True, optional=True),
            self.tr(
                "One source per line. Leave empty to print the sources and licences recorded in the layers' "
                "metadata (every Vigie output carries them)."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.ORGANISATION, self.tr("Organisation"), optional=True),
            self.tr("Who made the map. Leave empty to use the organisation set in the Vigie settings."),
        )
        self.add_parameter(
            QgsProcessingParameterFile(
                self.LOGO,
                self.tr("Logo"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter=self.tr("Images (*.png *.jpg *.jpeg *.svg)"),
                optional=True,
            ),
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
        self.add_parameter(
            QgsProcessingParameterNumber(
                self.DPI, self.tr("Resolution (dpi)"), QgsProcessingParameterNumber.Integer, 150, False, 50, 600
            ),
            self.tr("Resolution of the PNG and of raster layers in the PDF."),
            advanced=True,
        )
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
        layers = map_draw_order(layers)
        for name in style_unstyled_layers(layers, context):
            feedback.pushInfo(
                self.tr("Layer {0} has no style of its own: drawn with the Vigie default style.").format(name)
            )
        # qgis_process runs without a project: layouts still need one to live in.
        project = context.project() or QgsProject.instance()
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

        language = printed_language(user_language())
        summary = self.parameterAsSource(parameters, self.SUMMARY, context)
        if summary is None and parameters.get(self.SUMMARY):
            raise QgsProcessingException(self.invalidSourceError(parameters, self.SUMMARY))
        sources_text = self.parameterAsString(parameters, self.SOURCES, context)
        sources = sources_from_text(sources_text)
        if not sources:
            summary_layer = self.parameterAsVectorLayer(parameters, self.SUMMARY, context) if summary else None
            sources = collected_sources(layers + ([summary_layer] if summary_layer is not None else []), feedback)
            if not sources:
                feedback.pushWarning(
                    self.tr("No source or licence is recorded in the layers' metadata: fill SOURCES to print them.")
                )
        sheet = MapSheet(
            title=(self.parameterAsString(parameters, self.TITLE, context) or "").strip() or layers[0].name(),
            subtitle=(self.parameterAsString(parameters, self.SUBTITLE, context) or "").strip(),
            sources=sources,
            organisation=(self.parameterAsString(parameters, self.ORGANISATION, context) or "").strip()
            or default_organisation(),
            logo=check_logo(self.parameterAsFile(parameters, self.LOGO, context) or default_logo()),
            figures=self._figures(summary, language),
            language=language,
        )
        sheet.paper, sheet.orientation = PAPER_CHOICES[self.parameterAsEnum(parameters, self.PAPER, context)]
        dpi = self.parameterAsInt(parameters, self.DPI, context)

        layout = build_map_layout(project, layout_name or sheet.title, layers, extent, crs, sheet)
        results = {self.OUTPUT_PDF: None, self.OUTPUT_PNG: None, self.OUTPUT_LAYOUT: None}
        steps.setCurrentStep(1)
        if pdf_path and not feedback.isCanceled():
            feedback.pushInfo(self.tr("Writing {0}").format(pdf_path))
            results[self.OUTPUT_PDF] = export_pdf(layout, pdf_path, dpi)
        steps.setCurrentStep(2)
        if png_path and not feedback.isCanceled():
            feedback.pushInfo(self.tr("Writing {0}").format(png_path))
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
