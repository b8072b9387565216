"""make demo: the road diagnostic of the Hautes-Alpes sample, offline: key figures printed, files written."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import SHARED
from models_data import hautes_alpes, pdf_text

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_demo_writes_the_diagnostic_and_prints_figures_per_commune(tmp_path):
    hautes_alpes("population-filosofi2019-200m-gap-champsaur.gpkg")  # skips without the sample
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "demo.py"), "--shared", str(SHARED), "--output", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    out = completed.stdout
    for name in (
        "road_times.gpkg",
        "coverage_communes.gpkg",
        "map.pdf",
        "map.png",
        "atlas.pdf",
        "open-data.zip",
        "report.pdf",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    # Key figures: the whole sample, then one line per commune with its shares within 10/20/30 min.
    assert re.search(r"population of the cells\s+53,931", out)
    gap = re.search(r"^\s+Gap\s+([\d,]+)\s+([\d.]+) %\s+([\d.]+) %\s+([\d.]+) %", out, re.M)
    assert gap, out[-3000:]
    assert int(gap.group(1).replace(",", "")) > 30000
    assert 0 < float(gap.group(2)) <= float(gap.group(3)) <= float(gap.group(4)) <= 100
    total = re.search(r"^\s+Total\s+53,931\s+([\d.]+) %", out, re.M)
    assert total
    the_map = pdf_text(tmp_path / "map.pdf")
    assert "Road time to the nearest hospital" in the_map
    # Every data set credited by name and licence: the communes file says nothing of itself, the demo
    # states it as a user would (layer metadata), so no "licence not stated" line on the map or report.
    flat_map = " ".join(the_map.split())
    for source in ("IGN ADMIN EXPRESS 2018", "© OpenStreetMap contributors (ODbL)", "INSEE Filosofi 2019", "FINESS"):
        assert source in flat_map.replace("ﬁ", "fi"), (source, flat_map[-600:])
    assert "not stated" not in flat_map
    assert "non précisée" not in " ".join(pdf_text(tmp_path / "report.pdf").split())
    atlas = pdf_text(tmp_path / "atlas.pdf")
    assert atlas.count("\f") >= 30  # one page per commune with inhabitants in the grid (36 in 2019)
    assert "Gap" in atlas
    # The open-data package: one GeoPackage, CSV and GeoJSON per layer, the uMap, DCAT-AP and LISEZMOI.
    with zipfile.ZipFile(tmp_path / "open-data.zip") as package:
        names = package.namelist()
        assert package.testzip() is None
    suffixes = [Path(name).suffix for name in names]
    assert suffixes.count(".gpkg") == 1, names
    assert suffixes.count(".csv") >= 2 and suffixes.count(".geojson") >= 2, names
    assert {"carte.umap", "metadata.json", "LISEZMOI.md"} <= {Path(name).name for name in names}, names
    # The report for the council: its title and the communes table, Gap among them.
    report = pdf_text(tmp_path / "report.pdf")
    assert "Temps de route jusqu'à l'hôpital le plus proche" in report
    assert "Résultats par commune" in report and "Habitants" in report
    assert re.search(r"^Gap$", report, re.M), report[:2000]
