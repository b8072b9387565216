#!/usr/bin/env python3
"""Run on vigie.zip the checks the QGIS plugin repository runs on every upload, offline.

plugins.qgis.org scans each uploaded zip (QGIS-Django's security scanner): Bandit at medium and
high severity (``bandit -r … -ll``) and detect-secrets (``scan --all-files``, metadata.txt
excluded) findings block publication; flake8 (``--max-line-length=120``) is reported. The
repository also refuses a zip without the required metadata, and flags compiled files.

Usage: scripts/check_plugin_package.py vigie.zip
Exit 0 when nothing blocks publication (flake8's count is printed, not enforced), else 1.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from configparser import ConfigParser
from pathlib import Path

REQUIRED_METADATA = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository")


def _tool(name):
    """The tool beside this Python (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"check_plugin_package: {name} not found (make setup installs it in .venv)")
    return found


def extract(zip_path, folder):
    """Extract the zip, refusing members that would land outside ``folder``."""
    with zipfile.ZipFile(zip_path) as archive:
        for member in archive.namelist():
            target = (folder / member).resolve()
            if not target.is_relative_to(folder.resolve()):
                raise SystemExit(f"check_plugin_package: {member} escapes the archive folder")
        archive.extractall(folder)
        return archive.namelist()


def package_problems(names, root):
    """Blocking problems of the zip's layout and metadata (list of strings)."""
    problems = []
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1:
        return [f"the zip must hold one plugin folder, found {sorted(tops)}"]
    plugin = root / tops.pop()
    compiled = [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n]
    if compiled:
        problems.append(f"compiled files in the zip: {compiled[:5]}")
    for required in ("metadata.txt", "__init__.py", "LICENSE"):
        if not (plugin / required).is_file():
            problems.append(f"{required} is missing")
    if (plugin / "metadata.txt").is_file():
        metadata = ConfigParser(interpolation=None)
        metadata.read(plugin / "metadata.txt", encoding="utf-8")
        general = metadata["general"] if metadata.has_section("general") else {}
        for key in REQUIRED_METADATA:
            if not general.get(key, "").strip():
                problems.append(f"metadata.txt: {key} is missing or empty")
    return problems


def bandit_findings(root):
    result = subprocess.run(
        [_tool("bandit"), "-r", str(root), "-f", "json", "--quiet", "-ll"], capture_output=True, text=True
    )
    report = json.loads(result.stdout or "{}")
    return [
        f"{Path(r['filename']).relative_to(root)}:{r['line_number']}: {r['test_id']} {r['issue_text']}"
        for r in report.get("results", [])
    ]


def secret_findings(root):
    result = subprocess.run(
        [_tool("detect-secrets"), "scan", "--all-files", "--exclude-files", r"metadata\.txt", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)
    return [f"{path}:{s['line_number']}: {s['type']}" for path, found in report["results"].items() for s in found]


def flake8_count(root):
    result = subprocess.run(
        [_tool("flake8"), "--max-line-length=120", "--count", "--quiet", str(root)], capture_output=True, text=True
    )
    lines = result.stdout.strip().splitlines()
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def main(argv=None):
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        raise SystemExit(__doc__)
    zip_path = Path(args[0])
    with tempfile.TemporaryDirectory(prefix="vigie-package-check-") as tmp:
        root = Path(tmp)
        names = extract(zip_path, root)
        blocking = package_problems(names, root)
        bandit = bandit_findings(root)
        secrets = secret_findings(root)
        flake8 = flake8_count(root)
    for line in blocking:
        print(f"package   {line}")
    for line in bandit:
        print(f"bandit    {line}")
    for line in secrets:
        print(f"secret    {line}")
    print(
        f"{zip_path.name}: {len(names)} files; package problems {len(blocking)}, bandit (medium/high) "
        f"{len(bandit)}, detect-secrets {len(secrets)} (these block publication); flake8 "
        f"(--max-line-length=120) {flake8} (reported)"
    )
    return 1 if blocking or bandit or secrets else 0


if __name__ == "__main__":
    sys.exit(main())
