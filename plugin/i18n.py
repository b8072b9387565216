"""Translator installation and the user's language, shared by the plugin and Processing."""

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .__about__ import PLUGIN_ROOT


def user_language() -> str:
    """Two-letter language of the QGIS user interface ("fr", "en", ...)."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        locale = settings.value("locale/userLocale", "", type=str)
    else:
        locale = QLocale.system().name()
    return (locale or "en")[:2].lower()


def install_translator():
    """Load i18n/vigie_<lang>.qm into the application; return the translator to keep alive."""
    qm_file = PLUGIN_ROOT / "i18n" / f"vigie_{user_language()}.qm"
    if not qm_file.exists():
        return None
    translator = QTranslator()
    if not translator.load(str(qm_file)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator):
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
