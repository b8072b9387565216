"""The Processing models Vigie ships (resources/models/*.model3), shown like Vigie's own algorithms.

A plain QgsProcessingModelAlgorithm shows its id as its name and has one help text. The shipped
models keep a stable lowercase id (``vigie:diagnostic_road_access``) for qgis_process and batch
scripts, and show a French or English name, group and help like every other Vigie algorithm.
The display names are stored in the model file (helpContent keys below) by scripts/build_models.py.
"""

from qgis.core import QgsProcessingModelAlgorithm
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QIcon

from ..plugin.__about__ import PLUGIN_ROOT, __homepage__
from ..plugin.i18n import user_language
from .base import _group_names, read_help, release_deferred_deletes

DISPLAY_NAME_KEYS = {"fr": "VIGIE_DISPLAY_NAME_FR", "en": "VIGIE_DISPLAY_NAME_EN"}
GROUP_ID = "diagnostics"


class ShippedModelAlgorithm(QgsProcessingModelAlgorithm):
    """A model read from resources/models, in the "Diagnostics" group, with bilingual name and help."""

    def displayName(self):
        language = "fr" if user_language() == "fr" else "en"
        return self.helpContent().get(DISPLAY_NAME_KEYS[language]) or self.name()

    def group(self):
        return _group_names()[GROUP_ID]

    def groupId(self):
        return GROUP_ID

    def icon(self):
        return QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg"))

    def svgIconPath(self):
        return str(PLUGIN_ROOT / "resources" / "icon.svg")

    def shortHelpString(self):
        return read_help(self.name(), user_language()) or super().shortHelpString()

    def helpUrl(self):
        language = "fr" if user_language() == "fr" else "en"
        return f"{__homepage__}/blob/main/resources/help/{language}/{self.name()}.md"

    def processAlgorithm(self, parameters, context, feedback):
        # qgis_process and processing.run pass only the values given, and a model hands its
        # children exactly those: without this, a model input left out would reach the child
        # as "no value" and the child's own default would silently replace the model's.
        filled = dict(parameters)
        for definition in self.parameterDefinitions():
            if definition.isDestination() or definition.defaultValue() is None:
                continue
            value = filled.get(definition.name())
            if value is None or (isinstance(value, QVariant) and value.isNull()):
                filled[definition.name()] = definition.defaultValue()
        try:
            return super().processAlgorithm(filled, context, feedback)
        finally:
            release_deferred_deletes()  # what the children released, in a script's loop of runs

    def createInstance(self):
        # Reloading from the definition also resolves the child algorithms: when the provider
        # first reads the file, its own algorithms are not yet in the registry.
        instance = ShippedModelAlgorithm()
        instance.loadVariant(self.toVariant())
        instance.setSourceFilePath(self.sourceFilePath())
        return instance
