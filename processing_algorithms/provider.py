"""VigieProvider: every Vigie algorithm (one per module of this package) and the shipped models."""

import importlib
import inspect
import pkgutil
from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..plugin.__about__ import PLUGIN_ROOT, __version__
from .base import VigieAlgorithm
from .shipped_model import ShippedModelAlgorithm

MODELS_FOLDER = PLUGIN_ROOT / "resources" / "models"


def algorithm_classes():
    """Concrete VigieAlgorithm subclasses found in this package, sorted by module name.

    Discovery keeps one algorithm per file with no central list to edit.
    """
    classes = []
    for module_info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if module_info.name in ("base", "provider") or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__package__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, VigieAlgorithm)
                and cls.__module__ == module.__name__
                and not inspect.isabstract(cls)
                and cls.ALGORITHM_NAME
            ):
                classes.append(cls)
    return classes


class VigieProvider(QgsProcessingProvider):
    def id(self):
        return "vigie"

    def name(self):
        return "Vigie"

    def longName(self):  # noqa: N802
        return f"Vigie {__version__}"

    def icon(self):
        return QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg"))

    def svgIconPath(self):  # noqa: N802
        return str(PLUGIN_ROOT / "resources" / "icon.svg")

    def versionInfo(self):  # noqa: N802
        return __version__

    def loadAlgorithms(self):  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
        for model_file in sorted(MODELS_FOLDER.glob("*.model3")):
            model = ShippedModelAlgorithm()
            if model.fromFile(str(model_file)):
                self.addAlgorithm(model)
            else:
                QgsApplication.messageLog().logMessage(f"Vigie: cannot read model {model_file.name}", "Vigie")
        registry = QgsApplication.processingRegistry()
        if registry.providerById(self.id()) is None:
            # The models' steps are Vigie algorithms, which the registry finds only once this provider
            # is in it: load again then, or the models would list no outputs (qgis_process help, Modeler).
            registry.providerAdded.connect(self._reload_when_registered)

    def _reload_when_registered(self, provider_id):
        if provider_id == self.id():
            QgsApplication.processingRegistry().providerAdded.disconnect(self._reload_when_registered)
            self.refreshAlgorithms()
