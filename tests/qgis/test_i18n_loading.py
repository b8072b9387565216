"""With QGIS set to French, the plugin loads vigie_fr.qm and every algorithm speaks French.

Run-time check of what the catalogue test checks statically: the context a string is looked up
under at run time (the class of the algorithm, a module's tr() helper) is the one it is
filed under in vigie_fr.ts, and help comes from resources/help/fr/.
"""

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vigie.plugin.help_markup import markdown_to_html

REPO_ROOT = Path(__file__).resolve().parents[2]

TS_FILE = REPO_ROOT / "i18n" / "vigie_fr.ts"
QM_FILE = REPO_ROOT / "i18n" / "vigie_fr.qm"
HELP_FR = REPO_ROOT / "resources" / "help" / "fr"
LOCALE_KEYS = ("locale/overrideFlag", "locale/userLocale")


def _compile_catalogue():
    """What `make i18n` does, when the .qm is missing or older than the .ts (tests run without make)."""
    if QM_FILE.exists() and QM_FILE.stat().st_mtime >= TS_FILE.stat().st_mtime:
        return
    lrelease = shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if lrelease is None:
        pytest.skip("lrelease missing (Debian: apt-get install qttools5-dev-tools) and i18n/vigie_fr.qm not built")
    partial = QM_FILE.with_suffix(f".{os.getpid()}.tmp")
    subprocess.run([lrelease, "-silent", str(TS_FILE), "-qm", str(partial)], check=True)
    partial.replace(QM_FILE)


def _translations():
    """{source: {context: French}} of the finished translations in vigie_fr.ts."""
    table = {}
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None:
                table.setdefault(message.findtext("source"), {})[context.findtext("name")] = translation.text or ""
    return table


@pytest.fixture
def french(qgis_app):
    """QGIS user interface in French (as set in Settings ▸ Options ▸ General), Vigie's translator installed."""
    from qgis.core import QgsSettings

    from vigie.plugin.i18n import install_translator, remove_translator

    _compile_catalogue()
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in LOCALE_KEYS if settings.contains(key)}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "fr_FR")
    translator = install_translator()
    try:
        yield translator
    finally:
        remove_translator(translator)
        for key in LOCALE_KEYS:
            if key in saved:
                settings.setValue(key, saved[key])
            else:
                settings.remove(key)


def _vigie_algorithms(provider):
    from vigie.processing_algorithms.base import VigieAlgorithm

    return [alg for alg in provider.algorithms() if isinstance(alg, VigieAlgorithm)]


def _texts(algorithm):
    """Every text the dialog shows for an algorithm, from a fresh instance (initAlgorithm runs again)."""
    instance = algorithm.create()
    texts = [instance.displayName(), instance.group()]
    for parameter in instance.parameterDefinitions():
        texts += [parameter.description(), parameter.help()]
    texts += [output.description() for output in instance.outputDefinitions()]
    return [text for text in texts if text]


def test_translator_loads_the_french_catalogue(french):
    from qgis.PyQt.QtCore import QCoreApplication

    from vigie.plugin import styles

    assert french is not None, "install_translator() did not load i18n/vigie_fr.qm"
    assert QCoreApplication.translate("VigieAlgorithm", "Travel time") == "Temps de trajet"
    # Module-level tr() helpers (context VigieStyles) are translated too.
    assert styles.time_bands()[-1][2] == "45 min et plus"
    renderer = styles.time_band_renderer(0)  # kept in a variable: the rules belong to it
    assert renderer.rootRule().children()[-1].label() == "Non atteint"


def test_no_translator_without_french(qgis_app):
    from qgis.core import QgsSettings

    from vigie.plugin.i18n import install_translator, user_language

    settings = QgsSettings()
    saved = {key: settings.value(key) for key in LOCALE_KEYS if settings.contains(key)}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "de_DE")
    try:
        assert user_language() == "de"
        assert install_translator() is None
    finally:
        for key in LOCALE_KEYS:
            if key in saved:
                settings.setValue(key, saved[key])
            else:
                settings.remove(key)


def test_algorithms_show_their_french_translation(french, vigie_provider):
    from qgis.PyQt.QtCore import QCoreApplication

    algorithms = _vigie_algorithms(vigie_provider)
    assert algorithms, "the provider has no Vigie algorithm"
    QCoreApplication.removeTranslator(french)
    english = {alg.id(): _texts(alg) for alg in algorithms}
    QCoreApplication.installTranslator(french)
    table = _translations()
    wrong, untranslated_names = [], []
    for alg in algorithms:
        if english[alg.id()][0] not in table:
            untranslated_names.append(f"{alg.id()}: {english[alg.id()][0]!r}")
        for source, shown in zip(english[alg.id()], _texts(alg)):
            # A string found under a context other than the one looked up at run time shows in English.
            translations = table.get(source, {})
            if translations and shown not in translations.values():
                wrong.append(f"{alg.id()}: {source!r} shows {shown!r}, translated under {sorted(translations)}")
    assert not untranslated_names, "algorithm names without French translation:\n" + "\n".join(untranslated_names)
    assert not wrong, "\n".join(wrong)


def test_help_in_french_comes_from_resources_help_fr(french, vigie_provider):
    algorithms = [alg for alg in vigie_provider.algorithms() if (HELP_FR / f"{alg.name()}.md").exists()]
    assert algorithms, "no algorithm of the provider has a help page in resources/help/fr/"
    for alg in algorithms:
        expected = markdown_to_html((HELP_FR / f"{alg.name()}.md").read_text(encoding="utf-8"))
        assert alg.shortHelpString() == expected, alg.id()
        assert alg.helpUrl().endswith(f"/help/fr/{alg.name()}.md"), alg.id()
