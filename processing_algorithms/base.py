"""The small base every Vigie algorithm stands on: translation, help, groups, styled outputs."""

import re
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtXml import QDomDocument

from ..plugin.__about__ import PLUGIN_ROOT, __homepage__
from ..plugin.help_markup import markdown_to_html
from ..plugin.i18n import user_language

HELP_FOLDER = PLUGIN_ROOT / "resources" / "help"


def _group_names():
    # Built on demand, never at import time, so the translator installed by the plugin applies.
    return {
        "fetch": QCoreApplication.translate("VigieAlgorithm", "Fetch open data"),
        "travel_time": QCoreApplication.translate("VigieAlgorithm", "Travel time"),
        "indicators": QCoreApplication.translate("VigieAlgorithm", "Indicators"),
        "maps": QCoreApplication.translate("VigieAlgorithm", "Maps"),
        "diagnostics": QCoreApplication.translate("VigieAlgorithm", "Diagnostics"),
        "publish": QCoreApplication.translate("VigieAlgorithm", "Publish"),
    }


def read_help(algorithm_name: str, language: str) -> str:
    """Help of an algorithm from resources/help/<lang>/<name>.md as HTML, English as fallback."""
    for lang in (language, "en"):
        path = HELP_FOLDER / lang / f"{algorithm_name}.md"
        if path.exists():
            return markdown_to_html(path.read_text(encoding="utf-8"))
    return ""


class VigieAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ALGORITHM_NAME and GROUP_ID, and implement displayName, initAlgorithm, processAlgorithm.

    Only constants live on the class: Processing runs copies made by createInstance().
    """

    ALGORITHM_NAME = ""
    GROUP_ID = ""

    def __init__(self):
        super().__init__()
        # Post-processors must outlive processAlgorithm(): QGIS only keeps a raw pointer.
        self._post_processors = []

    def tr(self, text):
        # pylupdate5 files a self.tr() string under the class whose body holds the call, which is
        # a base class (e.g. FetchAlgorithm) for inherited code: look it up along the MRO.
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, text)
            if translated != text or cls is VigieAlgorithm:
                return translated
        return text

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.ALGORITHM_NAME

    def group(self):
        return _group_names()[self.GROUP_ID]

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def icon(self):
        return QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg"))

    def shortHelpString(self):  # noqa: N802
        return read_help(self.ALGORITHM_NAME, user_language())

    def helpUrl(self):  # noqa: N802
        language = "fr" if user_language() == "fr" else "en"
        return f"{__homepage__}/blob/main/resources/help/{language}/{self.ALGORITHM_NAME}.md"

    # -- helpers for subclasses -------------------------------------------------

    def add_parameter(self, parameter, help_text=None, advanced=False):
        """addParameter with its help text and, for secondary parameters, the advanced flag."""
        if help_text:
            parameter.setHelp(help_text)
        if advanced:
            parameter.setFlags(parameter.flags() | parameter.FlagAdvanced)
        self.addParameter(parameter)

    def style_output(self, dest_id, context, apply_style):
        """Style and document an output layer, both in the written file and when QGIS loads it.

        ``apply_style(layer)`` sets renderer and metadata. Call after the sink is closed
        (``del sink``): a GeoPackage output then carries the style as its default, so the
        analyst opening a file made by qgis_process sees the same map as the desktop user.
        """
        layer = QgsProcessingUtils.mapLayerFromString(dest_id, context)
        if layer is None:
            return
        apply_style(layer)
        if isinstance(layer, QgsVectorLayer) and layer.providerType() == "ogr" and _is_geopackage(layer.source()):
            layer.saveStyleToDatabase(layer.name() or "vigie", "Vigie", True, "")
            save_metadata_with_file(layer)
        if context.willLoadLayerOnCompletion(dest_id):
            post_processor = _ApplyStyle(apply_style)
            self._post_processors.append(post_processor)
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(post_processor)

    @staticmethod
    def require(condition, message):
        if not condition:
            raise QgsProcessingException(message)

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """Refuse an output in a missing folder before the run, not after minutes of work."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        for definition in self.destinationParameterDefinitions():
            folder = missing_output_folder(parameters.get(definition.name()))
            if folder is not None:
                return False, self.tr(
                    "The folder of {0} does not exist: {1}. Create it or choose another path."
                ).format(definition.name(), folder)
        return True, ""


def missing_output_folder(value):
    """The parent folder of an output file path when it does not exist, else None.

    Provider URIs (memory:, ogr:, postgres://…) and TEMPORARY_OUTPUT are left to QGIS.
    """
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    if not isinstance(value, str) or not value or re.match(r"^[A-Za-z][A-Za-z0-9_]+:", value):
        return None
    folder = Path(value.split("|")[0]).parent
    return None if folder.is_dir() else folder


def save_metadata_with_file(layer):
    """Keep an output's metadata (provenance) inside its GeoPackage, where QGIS reads it on loading.

    ``saveDefaultMetadata`` fails on QGIS 3.22 for a GeoPackage addressed without its layer name,
    so the provider registry is asked directly with ``<file>|layername=<layer>``. Should that fail
    too, the metadata goes to the <name>.qmd file beside it, which QGIS also reads.
    """
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = Path(parts.get("path") or layer.source().split("|")[0])
    layer_name = parts.get("layerName") or path.stem
    saved, _ = QgsProviderRegistry.instance().saveLayerMetadata(
        "ogr", f"{path}|layername={layer_name}", layer.metadata()
    )
    if saved:
        return
    document = QDomDocument("qgis")
    layer.exportNamedMetadata(document, "")
    sidecar = path.with_suffix(".qmd")
    partial = sidecar.with_name(sidecar.name + ".part")
    partial.write_text(document.toString(), encoding="utf-8")
    partial.replace(sidecar)


def _is_geopackage(source: str) -> bool:
    return Path(source.split("|")[0]).suffix.lower() == ".gpkg"


class _ApplyStyle(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, apply_style):
        super().__init__()
        self._apply_style = apply_style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        self._apply_style(layer)
        layer.triggerRepaint()
