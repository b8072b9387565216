"""scripts/qgis_process.sh runs qgis_process with this checkout enabled as the vigie plugin."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
WRAPPER = REPO_ROOT / "scripts" / "qgis_process.sh"

pytestmark = pytest.mark.skipif(
    shutil.which("qgis_process.bin") is None and shutil.which("qgis_process") is None,
    reason="qgis_process is not installed",
)


def test_wrapper_lists_every_vigie_algorithm_in_a_fresh_profile(tmp_path):
    config_root = tmp_path / "QGIS3"
    # A fresh QGIS configuration: the wrapper must enable the plugin itself, and the user's is untouched.
    env = {k: v for k, v in os.environ.items() if k not in ("QGIS_PLUGINPATH", "PYTHONPATH")}
    env.update(HOME=str(tmp_path), QGIS_CUSTOM_CONFIG_PATH=str(config_root), QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        ["bash", str(WRAPPER), "--json", "list"], env=env, capture_output=True, text=True, timeout=180
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    listing = json.loads(completed.stdout[completed.stdout.index("{") :])
    assert "vigie" in listing["providers"], f"no vigie provider in qgis_process list:\n{completed.stderr[-3000:]}"
    listed = set(listing["providers"]["vigie"]["algorithms"])

    expected = set()
    for module in (REPO_ROOT / "processing_algorithms").glob("[!_]*.py"):
        names = re.findall(r'^\s+ALGORITHM_NAME\s*=\s*"([a-z0-9_]+)"', module.read_text(encoding="utf-8"), re.M)
        expected.update(f"vigie:{name}" for name in names)
    assert expected, "no algorithm module found in processing_algorithms/"
    assert expected <= listed, f"missing from qgis_process list: {sorted(expected - listed)}"

    ini = config_root / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    assert "vigie=true" in ini.read_text(), "the wrapper did not enable the plugin in the profile"
