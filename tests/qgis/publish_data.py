"""Real inputs for the publish and report tests: the road diagnostic run on a subset of the sample.

Road travel time from every third 200 m cell (254 cells, see models_data.CELL_SUBSET) to the
nearest hospital over the OSM roads (so an ODbL source), then coverage per commune, both written
as GeoPackages by the algorithms themselves so their styles and provenance are the real ones.
"""

from models_data import hautes_alpes, population_cells, vigie_provider


def run(algorithm_id, parameters):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(algorithm_id, parameters, context=context, feedback=QgsProcessingFeedback())


def road_diagnostic(folder):
    """(times.gpkg, coverage.gpkg) in ``folder``: the road diagnostic of the cell subset."""
    provider = vigie_provider()  # noqa: F841 - kept alive by models_data
    times = folder / "temps_hopital.gpkg"
    coverage = folder / "couverture_communes.gpkg"
    run(
        "vigie:roadtraveltime",
        {
            "NETWORK": hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
            "ORIGINS": population_cells(),
            "DESTINATIONS": hautes_alpes("health-facilities-finess-2020.geojson"),
            "MAX_TIME": 60,
            "OUTPUT": str(times),
        },
    )
    run(
        "vigie:coverage",
        {
            "POPULATION": str(times),
            "AREAS": hautes_alpes("communes-2018-population.geojson"),
            "THRESHOLDS": "10,20,30",
            "OUTPUT": str(coverage),
        },
    )
    return times, coverage


def loaded(path, name):
    """A layer read from a Vigie GeoPackage with its saved style and metadata, as QGIS opens it."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), name, "ogr")
    assert layer.isValid(), path
    layer.loadDefaultStyle()
    layer.loadDefaultMetadata()
    return layer
