"""The Gap–Champsaur sample read once for the what-if tests: road graph, population cells, hospitals, communes.

Everything in the metric CRS the road network is routed in (what ``load_network`` picks).
"""

from dataclasses import dataclass

import numpy as np

DATA = ("data", "hautes-alpes")
NETWORK_FILE = "roads-osm-2021-07-gap-champsaur-drivable.gpkg"
POPULATION_FILE = "population-filosofi2019-200m-gap-champsaur.gpkg"
HOSPITALS_FILE = "health-facilities-finess-2020.geojson"
COMMUNES_FILE = "communes-2018-population.geojson"


@dataclass
class Territory:
    network: object  # road_network.RoadNetwork
    cells_xy: np.ndarray
    people: np.ndarray
    hospitals_xy: np.ndarray
    centres_xy: np.ndarray  # communes' centres (point on surface) inside the network's extent
    paths: dict


def load_territory(shared):
    from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

    from vigie.plugin.qgis_bridge import read_points
    from vigie.processing_algorithms.road_network import load_network
    from vigie.processing_algorithms.road_travel_time import RoadTravelTimeAlgorithm

    paths = {
        name: str(shared(*DATA, file))
        for name, file in (
            ("network", NETWORK_FILE),
            ("population", POPULATION_FILE),
            ("hospitals", HOSPITALS_FILE),
            ("communes", COMMUNES_FILE),
        )
    }
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    algorithm = RoadTravelTimeAlgorithm()
    algorithm.initAlgorithm()
    parameters = {"NETWORK": paths["network"]}
    network = load_network(algorithm, parameters, context, feedback)
    cells = QgsVectorLayer(paths["population"], "cells", "ogr")
    _, cells_xy, rows, _ = read_points(cells, network.crs, context, attributes=["ind"])
    hospitals = QgsVectorLayer(paths["hospitals"], "hospitals", "ogr")
    _, hospitals_xy, _, _ = read_points(hospitals, network.crs, context)
    communes = QgsVectorLayer(paths["communes"], "communes", "ogr")
    request = QgsFeatureRequest().setDestinationCrs(network.crs, context.transformContext())
    low, high = network.graph.node_xy.min(axis=0), network.graph.node_xy.max(axis=0)
    centres = []
    for feature in communes.getFeatures(request):
        point = feature.geometry().pointOnSurface().asPoint()
        if low[0] < point.x() < high[0] and low[1] < point.y() < high[1]:
            centres.append((point.x(), point.y()))
    return Territory(
        network, cells_xy, np.array([row[0] for row in rows], dtype=float), hospitals_xy, np.array(centres), paths
    )
