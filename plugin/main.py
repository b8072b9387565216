"""The QGIS plugin: registers the Processing provider, adds a menu entry, cleans up on unload."""

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

try:  # Qt 6 (QGIS 4) moved QAction to QtGui
    from qgis.PyQt.QtGui import QAction
except ImportError:  # Qt 5 (QGIS 3)
    from qgis.PyQt.QtWidgets import QAction

from ..processing_algorithms.provider import VigieProvider
from .__about__ import PLUGIN_ROOT
from .i18n import install_translator, remove_translator


class VigiePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        # Installed here, not in initGui: qgis_process loads the plugin without a GUI.
        self.translator = install_translator()

    @staticmethod
    def tr(text):
        return QCoreApplication.translate("VigiePlugin", text)

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        if self.provider is None:
            self.provider = VigieProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API name)
        self.initProcessing()
        icon = QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg"))
        action = QAction(icon, self.tr("Road travel time to the nearest service…"), self.iface.mainWindow())
        action.triggered.connect(lambda: self._open_algorithm("vigie:roadtraveltime"))
        self.iface.addPluginToMenu(self.tr("&Vigie"), action)
        self.iface.addToolBarIcon(action)
        self.actions.append(action)

    def _open_algorithm(self, algorithm_id):
        from processing import execAlgorithmDialog

        execAlgorithmDialog(algorithm_id, {})

    def unload(self):
        for action in self.actions:
            self.iface.removePluginMenu(self.tr("&Vigie"), action)
            self.iface.removeToolBarIcon(action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
