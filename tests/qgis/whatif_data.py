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


def random_instances(territory, seed, pool_size, instances, candidates):
    """(problem, N) pairs drawn from one pool of candidate cells whose times are searched once."""
    from vigie.plugin.core.indicators.location import COVERING, MEDIAN, location_problem
    from vigie.plugin.core.routing import bounded_travel_times

    rng = np.random.default_rng(seed)
    pool = rng.choice(len(territory.cells_xy), pool_size, replace=False)
    graph = territory.network.graph
    pairs = bounded_travel_times(graph, territory.cells_xy[pool], territory.cells_xy, 20 * 60.0, reverse=True)
    for _ in range(instances):
        chosen = rng.choice(pool_size, candidates, replace=False)
        remap = np.full(pool_size, -1)
        remap[chosen] = np.arange(candidates)
        keep = remap[pairs.source_index] >= 0
        count = int(rng.integers(2, 4))
        max_time_s = float(rng.choice([10.0, 15.0, 20.0])) * 60.0
        for objective in (COVERING, MEDIAN):
            problem = location_problem(
                objective,
                territory.people,
                max_time_s,
                remap[pairs.source_index[keep]],
                pairs.target_index[keep],
                pairs.time_s[keep],
                candidates,
            )
            yield problem, count


def relative_gaps(territory, seed, pool_size, instances, candidates=25):
    """Per objective, the gap of greedy + swap and of greedy alone to the optimum, in share of the optimum."""
    from vigie.plugin.core.indicators.location import COVERING, exhaustive_optimum, greedy, swap_improve

    gaps = {}
    for problem, count in random_instances(territory, seed, pool_size, instances, candidates):
        total = problem.weights.sum()
        _, optimum = exhaustive_optimum(problem, count)
        first = greedy(problem, count)
        heuristic, greedy_cost = problem.cost(swap_improve(problem, first)), problem.cost(first)
        assert heuristic >= optimum - 1e-6 * total  # no heuristic beats the optimum
        assert heuristic <= greedy_cost + 1e-9 * total  # swaps never make it worse
        # Covering: share of the optimal covered population missed; p-median: excess of the mean time.
        scale = (total - optimum) if problem.objective == COVERING else optimum
        gaps.setdefault(problem.objective, []).append(((heuristic - optimum) / scale, (greedy_cost - optimum) / scale))
    return {objective: np.array(values) for objective, values in gaps.items()}
