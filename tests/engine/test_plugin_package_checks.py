"""vigie.zip passes the QGIS plugin repository's upload checks that can run offline.

Bandit (medium/high) and detect-secrets findings block publication on plugins.qgis.org; the
repository also needs the metadata fields, a LICENSE and no compiled files in the zip.
"""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

TOOLS = ("bandit", "detect-secrets", "flake8")


@pytest.fixture(scope="module")
def built_zip(tmp_path_factory):
    missing = [t for t in TOOLS if not (Path(sys.executable).parent / t).exists() and not shutil.which(t)]
    if missing or not (shutil.which("lrelease") and shutil.which("zip")):
        pytest.skip(f"needs {', '.join(missing) or 'lrelease and zip'} (make setup installs them)")
    target = tmp_path_factory.mktemp("package") / "vigie.zip"
    subprocess.run(["bash", str(REPO_ROOT / "scripts" / "package.sh"), str(target)], check=True, capture_output=True)
    return target


def run_checks(zip_path):
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "check_plugin_package.py"), str(zip_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_vigie_zip_passes_the_plugin_repository_scans(built_zip):
    result = run_checks(built_zip)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bandit (medium/high) 0, detect-secrets 0" in result.stdout
    names = zipfile.ZipFile(built_zip).namelist()
    assert "vigie/LICENSE" in names and "vigie/metadata.txt" in names
    assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n]


def test_the_scans_block_what_the_repository_blocks(tmp_path, built_zip):
    # The same zip plus a hard-coded key, a shell=True call and a stray .pyc: each must be caught.
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(built_zip) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(
            "vigie/plugin/leak.py",
            'import subprocess\nAWS_KEY = "AKIAIOSFODNN7EXAMPLE"\n'
            "def run(cmd):\n    return subprocess.call(cmd, shell=True)\n",
        )
        target.writestr("vigie/plugin/__pycache__/leak.cpython-311.pyc", b"\0")
    result = run_checks(bad)
    assert result.returncode == 1
    assert "secret    vigie/plugin/leak.py:2: AWS Access Key" in result.stdout
    assert "bandit    vigie/plugin/leak.py:4: B602" in result.stdout
    assert "package   compiled files in the zip" in result.stdout
