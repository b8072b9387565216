"""Vigie's page in QGIS's Options dialog (Settings ▸ Options ▸ Vigie): what maps print and where Vigie
keeps its cache. Values live in QgsSettings through ``settings.py``; algorithms read them from there."""

from qgis.core import QgsApplication
from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .__about__ import PLUGIN_ROOT
from .core.sources import bpe
from .number_format import format_bytes
from .settings import (
    BPE_FILE_PATH_KEY,
    CACHE_FOLDER_KEY,
    LOGO_KEY,
    ORGANISATION_KEY,
    cache_folder,
    cache_size_bytes,
    clear_cache,
    configured_cache_folder,
    default_bpe_file_path,
    default_logo,
    default_organisation,
    write_setting,
)

# Editions of the geolocated BPE national file offered in the list (path under https://www.insee.fr);
# any other path can be typed.
BPE_EDITIONS = {"2023": bpe.DEFAULT_FILE_PATH}


def tr(text):
    return QCoreApplication.translate("VigieSettingsPage", text)


class VigieOptionsPage(QgsOptionsPageWidget):
    """Organisation and logo printed on maps, cache folder (size, clear), default BPE edition."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("VigieOptionsPage")
        layout = QVBoxLayout(self)

        maps = QGroupBox(tr("Maps"), self)
        form = QFormLayout(maps)
        self.organisation = QLineEdit(default_organisation(), maps)
        self.organisation.setPlaceholderText(tr("e.g. Communauté de communes du Champsaur-Valgaudemar"))
        self.organisation.setToolTip(tr("Printed on every Vigie map whose ORGANISATION parameter is left empty."))
        form.addRow(tr("Organisation"), self.organisation)
        self.logo = QgsFileWidget(maps)
        self.logo.setFilter(tr("Images (*.png *.jpg *.jpeg *.svg)"))
        self.logo.setFilePath(default_logo())
        self.logo.setToolTip(tr("Printed on every Vigie map whose LOGO parameter is left empty."))
        form.addRow(tr("Logo"), self.logo)
        layout.addWidget(maps)

        cache = QGroupBox(tr("Cache"), self)
        form = QFormLayout(cache)
        self.cache_folder = QgsFileWidget(cache)
        self.cache_folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.cache_folder.setFilePath(configured_cache_folder())
        self.cache_folder.lineEdit().setPlaceholderText(str(cache_folder()))
        self.cache_folder.setToolTip(
            tr("Downloads, service answers and road graphs. Empty: the folder of the QGIS profile shown in grey.")
        )
        form.addRow(tr("Cache folder"), self.cache_folder)
        row = QWidget(cache)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.cache_size = QLabel(row)
        self.clear_button = QPushButton(tr("Clear the cache"), row)
        self.clear_button.setToolTip(tr("Delete every file of the cache: the next runs download and build again."))
        self.clear_button.clicked.connect(self.clear)
        row_layout.addWidget(self.cache_size, 1)
        row_layout.addWidget(self.clear_button)
        form.addRow(tr("Size"), row)
        layout.addWidget(cache)

        data = QGroupBox(tr("Data"), self)
        form = QFormLayout(data)
        self.bpe_file = QComboBox(data)
        self.bpe_file.setEditable(True)
        for edition, path in BPE_EDITIONS.items():
            self.bpe_file.addItem(tr("BPE {0} ({1})").format(edition, path), path)
        current = default_bpe_file_path()
        index = self.bpe_file.findData(current)
        if index >= 0:
            self.bpe_file.setCurrentIndex(index)
        else:
            self.bpe_file.setEditText(current)
        self.bpe_file.setToolTip(
            tr("Edition of the BPE national file the BPE and childcare fetchers download by default (its path).")
        )
        form.addRow(tr("Default BPE edition"), self.bpe_file)
        layout.addWidget(data)
        layout.addStretch(1)
        self.show_cache_size()

    def show_cache_size(self):
        self.cache_size.setText(format_bytes(cache_size_bytes()))

    def clear(self):
        freed = clear_cache()
        self.show_cache_size()
        self.cache_size.setToolTip(tr("{0} freed").format(format_bytes(freed)))

    def bpe_file_path(self) -> str:
        index = self.bpe_file.currentIndex()
        if index >= 0 and self.bpe_file.currentText() == self.bpe_file.itemText(index):
            return self.bpe_file.itemData(index)
        return self.bpe_file.currentText().strip()

    def apply(self):
        write_setting(ORGANISATION_KEY, self.organisation.text().strip())
        write_setting(LOGO_KEY, self.logo.filePath().strip())
        write_setting(CACHE_FOLDER_KEY, self.cache_folder.filePath().strip())
        bpe_path = self.bpe_file_path()
        write_setting(BPE_FILE_PATH_KEY, "" if bpe_path == bpe.DEFAULT_FILE_PATH else bpe_path)
        # Parameter defaults (the BPE file path) are read when the algorithms are created.
        provider = QgsApplication.processingRegistry().providerById("vigie")
        if provider is not None:
            provider.refreshAlgorithms()


class VigieOptionsFactory(QgsOptionsWidgetFactory):
    """Adds the Vigie page to QGIS's Options dialog (registered by the plugin's initGui)."""

    def __init__(self):
        super().__init__(tr("Vigie"), QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg")))

    def icon(self):
        return QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg"))

    def createWidget(self, parent=None):  # noqa: N802 (QGIS API name)
        return VigieOptionsPage(parent)
