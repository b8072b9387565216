"""The shipped models run from the command line, as the README shows: scripts/qgis_process.sh run vigie:<model>."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from models_data import hautes_alpes, pdf_text, population_cells

REPO_ROOT = Path(__file__).resolve().parents[2]
WRAPPER = REPO_ROOT / "scripts" / "qgis_process.sh"

pytestmark = pytest.mark.skipif(
    shutil.which("qgis_process.bin") is None and shutil.which("qgis_process") is None,
    reason="qgis_process is not installed",
)


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    """Runs the wrapper in a fresh QGIS configuration (it enables the plugin there itself)."""
    home = tmp_path_factory.mktemp("qgis_process_home")
    env = {k: v for k, v in os.environ.items() if k not in ("QGIS_PLUGINPATH", "PYTHONPATH")}
    env.update(HOME=str(home), QGIS_CUSTOM_CONFIG_PATH=str(home / "QGIS3"), QT_QPA_PLATFORM="offscreen")

    def run(algorithm_id, **parameters):
        arguments = [f"{name}={value}" for name, value in parameters.items()]
        completed = subprocess.run(
            ["bash", str(WRAPPER), "run", algorithm_id, "--", *arguments],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        log = completed.stdout + completed.stderr
        assert completed.returncode == 0, log[-3000:]
        assert "Model processed OK" in log or algorithm_id.startswith("native:"), log[-3000:]
        return log

    return run


def test_road_model_from_the_command_line(qgis_process, tmp_path):
    log = qgis_process(
        "vigie:diagnostic_road_access",
        NETWORK=hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
        SERVICES=hautes_alpes("health-facilities-finess-2020.geojson"),
        POPULATION=population_cells(),
        COMMUNES=hautes_alpes("communes-2018-population.geojson"),
        **{
            "road:TRAVEL_TIMES": tmp_path / "temps.gpkg",
            "coverage:COVERAGE": tmp_path / "couverture.gpkg",
            "map:MAP_PDF": tmp_path / "carte.pdf",
        },
    )
    assert "Whole territory:" in log
    assert (tmp_path / "temps.gpkg").exists() and (tmp_path / "couverture.gpkg").exists()
    assert "Temps d'accès par la route au service le plus proche" in pdf_text(tmp_path / "carte.pdf")


def test_transit_model_from_the_command_line(qgis_process, tmp_path):
    qgis_process(
        "vigie:diagnostic_transit_access",
        GTFS=hautes_alpes("gtfs-sncf-ter-2017-11.zip"),
        DATE="2017-11-14",
        DEPARTURE_START="07:00:00",
        DEPARTURE_END="08:00:00",
        SERVICES=hautes_alpes("health-facilities-finess-2020.geojson"),
        POPULATION=population_cells(),
        **{
            "transit:TRAVEL_TIMES": tmp_path / "temps.gpkg",
            "coverage:COVERAGE": tmp_path / "couverture.gpkg",
            "map:MAP_PDF": tmp_path / "carte.pdf",
        },
    )
    assert "transport en commun" in pdf_text(tmp_path / "carte.pdf")


def test_childcare_model_from_the_command_line(qgis_process, tmp_path):
    # Capacity points of the sample: each commune's general practitioners at its centroid (see
    # test_models_childcare.py); with network access they would come from vigie:fetchchildcare.
    qgis_process(
        "native:centroids",
        INPUT=hautes_alpes("communes-2018-population.geojson"),
        OUTPUT=tmp_path / "capacity.gpkg",
    )
    qgis_process(
        "vigie:diagnostic_childcare",
        NETWORK=hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
        EAJE=tmp_path / "capacity.gpkg",
        CAPACITY_FIELD="bpe2017_D201_generalistes",
        POPULATION=population_cells(),
        **{
            "sfca:ACCESS_INDEX": tmp_path / "indice.gpkg",
            "sfca:SUPPLY_RATIO": tmp_path / "ratio.gpkg",
            "map:MAP_PDF": tmp_path / "carte.pdf",
        },
    )
    assert "Accueil du jeune enfant" in pdf_text(tmp_path / "carte.pdf")
