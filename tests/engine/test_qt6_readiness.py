"""QGIS 4 (Qt 6) readiness without a QGIS 4 on the machine.

scripts/check_qt6.py runs in ``.venv-qt6`` (PyQt6 from the package index, made by
scripts/install-deps.sh): it parses every shipped source file and resolves each Qt name the code
uses in PyQt6, as QGIS 4's ``qgis.PyQt`` will.
"""

import subprocess
import textwrap
from configparser import ConfigParser

import pytest
from conftest import REPO_ROOT

QT6_PYTHON = REPO_ROOT / ".venv-qt6" / "bin" / "python"
CHECKER = REPO_ROOT / "scripts" / "check_qt6.py"

pytestmark = pytest.mark.skipif(not QT6_PYTHON.exists(), reason="needs .venv-qt6 with PyQt6 (make setup creates it)")


def run_checker(*paths):
    return subprocess.run(
        [str(QT6_PYTHON), str(CHECKER), *map(str, paths)], capture_output=True, text=True, timeout=300
    )


def test_every_shipped_qt_name_exists_in_pyqt6():
    result = run_checker()
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 findings" in result.stdout


QT5_ONLY = """
from PyQt5.QtCore import QTimer
from qgis.PyQt.QtCore import Qt, QRegExp
from qgis.PyQt.QtNetwork import QNetworkProxy
from qgis.PyQt.QtWidgets import QAction, QDesktopWidget, QDialog
from . import resources_rc

align = Qt.AlignLeft | Qt.AlignTop
kind = QNetworkProxy.HttpProxy
QDialog().exec_()
"""

QT5_AND_QT6 = """
from qgis.PyQt.QtCore import QMetaType, Qt, QVariant
from qgis.PyQt.QtNetwork import QNetworkProxy
from qgis.PyQt.QtWidgets import QDialog

try:
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
kind = QNetworkProxy.ProxyType.HttpProxy
field_type = QVariant.Double, QVariant.String, QMetaType.Type.Int
QDialog().exec()
"""


def test_checker_refuses_what_qt6_removed(tmp_path):
    source = tmp_path / "qt5_only.py"
    source.write_text(textwrap.dedent(QT5_ONLY), encoding="utf-8")
    result = run_checker(source)
    assert result.returncode == 1
    findings = result.stdout
    for expected in (
        "import from PyQt5.QtCore",
        "QRegExp is not in PyQt6.QtCore",
        "QAction is not in PyQt6.QtWidgets",
        "QDesktopWidget is not in PyQt6.QtWidgets",
        "resources_rc",
        "Qt.AlignLeft does not exist in PyQt6: use the scoped form Qt.AlignmentFlag.AlignLeft",
        "Qt.AlignTop does not exist",
        "QNetworkProxy.HttpProxy does not exist in PyQt6: use the scoped form QNetworkProxy.ProxyType.HttpProxy",
        "exec_() is gone in PyQt6",
    ):
        assert expected in findings, f"{expected!r} not reported:\n{findings}"


def test_checker_accepts_forms_valid_on_qt5_and_qt6(tmp_path):
    source = tmp_path / "both.py"
    source.write_text(textwrap.dedent(QT5_AND_QT6), encoding="utf-8")
    result = run_checker(source)
    assert result.returncode == 0, result.stdout


def test_metadata_lets_qgis4_install_the_plugin():
    metadata = ConfigParser(interpolation=None)
    metadata.read(REPO_ROOT / "metadata.txt", encoding="utf-8")
    general = metadata["general"]
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["qgisMaximumVersion"] == "4.99"
    assert general.getboolean("supportsQt6") is True
