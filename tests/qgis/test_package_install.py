"""vigie.zip installs like QGIS "Install from ZIP" does, into a fresh profile, and registers every algorithm and model.

The zip is built by scripts/package.sh (what `make package` runs), unzipped into
<profile>/python/plugins/ of a new profile, and loaded in a separate QGIS (a subprocess of the
system Python, which has the QGIS bindings) with qgis.utils.loadPlugin + startProcessingPlugin,
the calls QGIS and qgis_process make for a plugin with hasProcessingProvider=yes.
"""

import configparser
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"

# The algorithm ids of the Vigie contract (ALGORITHM_NAME of each processing_algorithms module).
CONTRACT_IDS = {
    "roadtraveltime",
    "fetchboundaries",
    "fetchsirene",
    "fetchbpe",
    "fetchchildcare",
    "fetchgtfs",
    "fetchpopulation",
    "fetchroads",
    "transittraveltime",
    "gtfsstops",
    "coverage",
    "accessibility2sfca",
    "isochrones",
    "odmatrix",
    "maplayout",
    "atlaslayout",
}
FORBIDDEN_IN_ZIP = re.compile(
    r"(^|/)(tests|scripts|\.venv|\.pkgroot|\.git|\.ci|\.qgis-settings|__pycache__|build|demo-output)/"
    r"|(^|/)(Makefile|pyproject\.toml|requirements-dev\.txt)$|\.(ts|pyc|pyo)$"
    r"|(^|/)\."  # hidden files: the plugin repository refuses them
)

LOAD_IN_FRESH_QGIS = r"""
import json, os, sys
from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

profile = sys.argv[1]
app = QgsApplication([], False, profile)
app.initQgis()
messages = []
QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: messages.append(f"{tag}: {text}"))
# QGIS puts its own Python plugins (Processing) on the path; a standalone application must do it.
system_plugins = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
sys.path.append(system_plugins)
from processing.core.Processing import Processing

Processing.initialize()

import qgis.utils

# What QGIS does at start-up for the profile's plugin folder.
plugins_folder = os.path.join(QgsApplication.qgisSettingsDirPath(), "python", "plugins")
sys.path.insert(0, plugins_folder)
qgis.utils.plugin_paths = [plugins_folder, system_plugins]
qgis.utils.updateAvailablePlugins()
result = {"settings_dir": QgsApplication.qgisSettingsDirPath(), "available": sorted(qgis.utils.available_plugins)}
result["loaded"] = qgis.utils.loadPlugin("vigie")
result["started"] = bool(result["loaded"] and qgis.utils.startProcessingPlugin("vigie"))
if result["loaded"]:
    result["module_file"] = sys.modules["vigie"].__file__
provider = QgsApplication.processingRegistry().providerById("vigie")
result["algorithms"] = sorted(alg.id() for alg in provider.algorithms()) if provider else []
models = []
for model_file in sorted(Path(plugins_folder, "vigie", "resources", "models").glob("*.model3")):
    model = QgsProcessingModelAlgorithm()
    models.append(model.name() if model.fromFile(str(model_file)) else f"unreadable {model_file.name}")
result["models"] = models
result["messages"] = messages
print("VIGIE_RESULT " + json.dumps(result))
app.exitQgis()
"""


def _algorithm_ids_in_checkout():
    """ALGORITHM_NAME of every module of processing_algorithms/ (what the provider discovers)."""
    ids = set()
    for module in (REPO_ROOT / "processing_algorithms").glob("[!_]*.py"):
        ids.update(re.findall(r'^\s+ALGORITHM_NAME\s*=\s*"([a-z0-9_]+)"', module.read_text(encoding="utf-8"), re.M))
    return ids


def _shipped_sources():
    """Plugin files git knows (tracked or untracked-but-not-ignored), as package.sh selects them."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--"]
        + ["metadata.txt", "__init__.py", "LICENSE", "plugin", "processing_algorithms", "resources"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return {name for name in listed if (REPO_ROOT / name).is_file() and not FORBIDDEN_IN_ZIP.search(name)}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    output = tmp_path_factory.mktemp("package") / "vigie.zip"
    subprocess.run(["bash", str(REPO_ROOT / "scripts" / "package.sh"), str(output)], check=True, capture_output=True)
    return output


def test_zip_holds_the_plugin_and_nothing_else(package):
    with zipfile.ZipFile(package) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
    assert names and all(n.startswith("vigie/") for n in names), "everything must sit in one top folder vigie/"
    inside = {n[len("vigie/") :] for n in names}
    assert {"metadata.txt", "__init__.py", "LICENSE", "i18n/vigie_fr.qm", "resources/icon.svg"} <= inside
    assert "GNU GENERAL PUBLIC LICENSE" in zipfile.ZipFile(package).read("vigie/LICENSE").decode()
    forbidden = sorted(n for n in inside if FORBIDDEN_IN_ZIP.search(n))
    assert not forbidden, f"files that must not ship: {forbidden}"
    missing = sorted(_shipped_sources() - inside)
    assert not missing, f"plugin files missing from the zip: {missing}"


def test_zip_metadata_is_ready_for_the_plugin_repository(package):
    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read_string(zipfile.ZipFile(package).read("vigie/metadata.txt").decode("utf-8"))
    general = metadata["general"]
    required = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository")
    recommended = ("homepage", "tracker", "changelog", "tags", "icon", "license")
    empty = [key for key in required + recommended if not general.get(key, "").strip()]
    assert not empty, f"metadata.txt lacks {empty}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", general["version"])
    assert general["version"] in general["changelog"], "the changelog does not mention the current version"
    assert general.get("hasProcessingProvider") == "yes"
    assert f"vigie/{general['icon']}" in zipfile.ZipFile(package).namelist()


def test_zip_installs_into_a_fresh_profile_and_registers_everything(package, tmp_path):
    config_root = tmp_path / "QGIS3"
    profile = config_root / "profiles" / "default"
    plugins_folder = profile / "python" / "plugins"
    plugins_folder.mkdir(parents=True)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(plugins_folder)

    # A separate QGIS that sees only the profile: no .pkgroot on the path, no user settings touched.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QGIS_PLUGINPATH")}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        QGIS_CUSTOM_CONFIG_PATH=str(config_root),
        QT_QPA_PLATFORM="offscreen",
    )
    python = SYSTEM_PYTHON if Path(SYSTEM_PYTHON).exists() else sys.executable
    completed = subprocess.run(
        [python, "-c", LOAD_IN_FRESH_QGIS, str(profile)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("VIGIE_RESULT ")]
    assert lines, f"the QGIS subprocess failed (exit {completed.returncode}):\n{completed.stderr[-3000:]}"
    result = json.loads(lines[-1][len("VIGIE_RESULT ") :])
    log = "\n".join(result["messages"]) + "\n" + completed.stderr[-3000:]

    assert "vigie" in result["available"], f"QGIS does not see the plugin in {plugins_folder}"
    assert result["loaded"] and result["started"], f"the plugin did not load:\n{log}"
    assert Path(result["module_file"]).resolve().is_relative_to(plugins_folder.resolve()), result["module_file"]

    registered = set(result["algorithms"])
    expected_algorithms = {f"vigie:{name}" for name in _algorithm_ids_in_checkout() | CONTRACT_IDS}
    missing = sorted(expected_algorithms - registered)
    assert not missing, f"algorithms not registered from the zip: {missing}\n{log}"

    model_files = sorted((REPO_ROOT / "resources" / "models").glob("*.model3"))
    assert len(result["models"]) == len(model_files)
    missing_models = sorted(f"vigie:{name}" for name in result["models"] if f"vigie:{name}" not in registered)
    assert not missing_models, f"models not registered from the zip: {missing_models}\n{log}"
