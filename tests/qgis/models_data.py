"""Inputs and readers shared by the shipped-model tests: small real subsets of the Hautes-Alpes sample.

Layers are given as paths (with an OGR subset where needed), exactly as qgis_process and batch
runs give them, and read in place from ../shared.
"""

import shutil
import subprocess
import unicodedata

import pytest
from conftest import shared_path

_PROVIDERS_KEPT_ALIVE = []

# Every third 200 m cell in both directions over the whole 25.6 km square around Gap: 254 cells,
# 6,444.5 inhabitants, with the sample's full range of travel times at a ninth of the cost.
CELL_SUBSET = '"x" % 3 = 0 AND "y" % 3 = 0'
CELL_COUNT = 254
GAP = "05061"


def shared_file(*parts):
    """A file under ../shared as a string (a layer parameter), or skip when it is absent."""
    return str(shared_path(*parts))


def hautes_alpes(name):
    return shared_file("data", "hautes-alpes", name)


def population_cells():
    return hautes_alpes("population-filosofi2019-200m-gap-champsaur.gpkg") + "|subset=" + CELL_SUBSET


def road_inputs():
    return {
        "NETWORK": hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
        "SERVICES": hautes_alpes("health-facilities-finess-2020.geojson"),
        "POPULATION": population_cells(),
        "COMMUNES": hautes_alpes("communes-2018-population.geojson"),
    }


def vigie_provider():
    """The registered Vigie provider (registered here if needed); callers keep the reference alive."""
    from qgis.core import QgsApplication

    from vigie.processing_algorithms.provider import VigieProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("vigie")
    if provider is None:
        provider = VigieProvider()
        registry.addProvider(provider)
        _PROVIDERS_KEPT_ALIVE.append(provider)  # the registry keeps only the C++ object
    return provider


def run_model(algorithm_id, parameters):
    """processing.run with a fresh context, as the toolbox and qgis_process run a model."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(algorithm_id, parameters, context=context, feedback=QgsProcessingFeedback())


def features(path):
    """Attributes of every feature of a vector file, as dicts (NULL as None)."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), "read", "ogr")
    assert layer.isValid(), path
    names = layer.fields().names()
    rows = []
    for feature in layer.getFeatures():
        values = [None if (value is None or str(value) == "NULL") else value for value in feature.attributes()]
        rows.append(dict(zip(names, values)))
    return rows


def pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)  # the PDF prints ligatures ("ﬁ")


def share_within(rows, minutes, population_field="ind", time_field="time_min"):
    """Percentage of the population whose time is at most ``minutes``: the coverage figure, recomputed."""
    total = sum(row[population_field] or 0.0 for row in rows)
    within = sum(
        row[population_field] or 0.0 for row in rows if row[time_field] is not None and row[time_field] <= minutes
    )
    return 100.0 * within / total
