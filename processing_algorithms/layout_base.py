"""LayoutAlgorithm: what every Vigie page algorithm shares (map, atlas, report).

One implementation of the page parameters (title, subtitle, paper, sources, organisation, logo,
resolution), of the sources line (typed, or read from the layers' provenance, with the same
warning everywhere when none is recorded), of the styling of layers given by path and of the
sheet. Parameter names, ids and outputs of the algorithms are unchanged: each subclass still
declares its parameters in its own order, through these helpers.
"""

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProject,
)

from ..plugin.i18n import user_language
from ..plugin.layouts.builder import MapSheet, map_draw_order
from ..plugin.layouts.inputs import (
    check_logo,
    collected_sources,
    name_layers_of_a_geopackage,
    sources_from_text,
    style_unstyled_layers,
)
from ..plugin.layouts.labels import printed_language
from ..plugin.layouts.page import PAPER_CHOICES
from ..plugin.settings import default_logo, default_organisation
from .base import VigieAlgorithm


def paper_options(tr):
    names = {"landscape": tr("landscape"), "portrait": tr("portrait")}
    return [f"{paper} {names[orientation]}" for paper, orientation in PAPER_CHOICES]


def guess_field(field_names, guesses):
    """The first of ``guesses`` (lowercase names) among ``field_names``, whatever its case; "" if none."""
    lower = {name.lower(): name for name in field_names}
    return next((lower[guess] for guess in guesses if guess in lower), "")


class LayoutAlgorithm(VigieAlgorithm):
    """Base of the algorithms that print pages. Subclasses call the ``add_*_parameter`` helpers
    in initAlgorithm, then ``page_layers`` and ``sheet`` in processAlgorithm."""

    GROUP_ID = "maps"

    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    PAPER = "PAPER"
    SOURCES = "SOURCES"
    ORGANISATION = "ORGANISATION"
    LOGO = "LOGO"
    DPI = "DPI"

    def flags(self):
        # Layouts are not thread safe: run on the main thread, like QGIS's own layout export.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    # -- parameters ----------------------------------------------------------------------------------

    def add_title_parameters(self, title_help, subtitle_help):
        self.add_parameter(QgsProcessingParameterString(self.TITLE, self.tr("Title"), optional=True), title_help)
        self.add_parameter(
            QgsProcessingParameterString(self.SUBTITLE, self.tr("Subtitle"), optional=True), subtitle_help
        )

    def add_paper_parameter(self, help_text):
        self.add_parameter(
            QgsProcessingParameterEnum(self.PAPER, self.tr("Paper"), options=paper_options(self.tr), defaultValue=0),
            help_text,
        )

    def add_sources_parameter(self, help_text):
        self.add_parameter(
            QgsProcessingParameterString(self.SOURCES, self.tr("Sources and licences"), multiLine=True, optional=True),
            help_text,
        )

    def add_organisation_parameters(self, organisation_help, logo_help):
        self.add_parameter(
            QgsProcessingParameterString(self.ORGANISATION, self.tr("Organisation"), optional=True),
            organisation_help,
        )
        self.add_parameter(
            QgsProcessingParameterFile(
                self.LOGO,
                self.tr("Logo"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter=self.tr("Images (*.png *.jpg *.jpeg *.svg)"),
                optional=True,
            ),
            logo_help,
        )

    def add_dpi_parameter(self, help_text):
        self.add_number_parameter(
            self.DPI, self.tr("Resolution (dpi)"), 150, help_text, minimum=50, maximum=600, integer=True, advanced=True
        )

    # -- run ----------------------------------------------------------------------------------------------

    @staticmethod
    def layout_project(context):
        # qgis_process runs without a project: layouts still need one to live in.
        return context.project() or QgsProject.instance()

    def page_layers(self, layers, context, feedback):
        """``layers`` top first, those given by path styled like Vigie outputs (said in the log)."""
        layers = map_draw_order(layers)
        name_layers_of_a_geopackage(layers, context)
        for name in style_unstyled_layers(layers, context):
            feedback.pushInfo(
                self.tr("Layer {0} has no style of its own: drawn with the Vigie default style.").format(name)
            )
        return layers

    def page_sources(self, parameters, context, layers, feedback):
        """The SOURCES typed by the user, else those recorded in the layers' metadata; warns when none."""
        sources = sources_from_text(self.parameterAsString(parameters, self.SOURCES, context))
        if sources:
            return sources
        sources = collected_sources([layer for layer in layers if layer is not None], feedback)
        if not sources:
            feedback.pushWarning(
                self.tr("No source or licence is recorded in the layers' metadata: fill SOURCES to print them.")
            )
        return sources

    def page_language(self):
        return printed_language(user_language())

    def sheet(self, parameters, context, sources, language, default_title=""):
        """The MapSheet of the page parameters (paper from PAPER when the algorithm has it)."""
        sheet = MapSheet(
            title=(self.parameterAsString(parameters, self.TITLE, context) or "").strip() or default_title,
            subtitle=(self.parameterAsString(parameters, self.SUBTITLE, context) or "").strip(),
            sources=sources,
            organisation=(self.parameterAsString(parameters, self.ORGANISATION, context) or "").strip()
            or default_organisation(),
            logo=check_logo(self.parameterAsFile(parameters, self.LOGO, context) or default_logo()),
            language=language,
        )
        if self.parameterDefinition(self.PAPER) is not None:
            sheet.paper, sheet.orientation = PAPER_CHOICES[self.parameterAsEnum(parameters, self.PAPER, context)]
        return sheet

    def dpi(self, parameters, context):
        return self.parameterAsInt(parameters, self.DPI, context)
