"""2SFCA speed on the whole Hautes-Alpes drivable network (31,055 OSM ways).

Demand: all 2,368 inhabited 200 m cells of the Gap–Champsaur Filosofi grid; supply: the 25 FINESS
hospitals (1 each: the sample's cap_beds is empty); catchment 30 minutes, DREES steps.

Prints, measured in the same run:
- Vigie's 2SFCA engine path (bounded searches from each supply point + the two steps);
- the reference: one unbounded Dijkstra per supply point (what a naive 2SFCA does), same two steps;
  results must be identical, and the ratio reference / Vigie is printed;
- the whole vigie:accessibility2sfca algorithm (reading layers, cached graph, writing outputs).

Run with ``make bench``. Target (issue 5): under 10 s for the 2SFCA on the whole network.
"""

import time

import numpy as np

CATCHMENT_MIN = 30.0


def _load(shared):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

    from vigie.plugin.qgis_bridge import read_points
    from vigie.processing_algorithms.accessibility_2sfca import Accessibility2sfcaAlgorithm
    from vigie.processing_algorithms.road_network import load_network

    data = ("data", "hautes-alpes")
    roads = QgsVectorLayer(f"/vsigzip/{shared(*data, 'roads-osm-2021-07-drivable.geojson.gz')}", "roads", "ogr")
    assert roads.isValid() and roads.featureCount() == 31055
    parameters = {
        "NETWORK": roads,
        "SUPPLY": str(shared(*data, "health-facilities-finess-2020.geojson")),
        "DEMAND": str(shared(*data, "population-filosofi2019-200m-gap-champsaur.gpkg")),
        "DEMAND_FIELD": "ind",
        "CATCHMENT": CATCHMENT_MIN,
        "DECAY": 1,
        "OUTPUT": "memory:",
        "OUTPUT_SUPPLY": "memory:",
    }
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    algorithm = Accessibility2sfcaAlgorithm()
    algorithm.initAlgorithm()
    start = time.perf_counter()
    network = load_network(algorithm, parameters, context, feedback)
    load_s = time.perf_counter() - start
    supply = algorithm.parameterAsSource(parameters, "SUPPLY", context)
    demand = algorithm.parameterAsSource(parameters, "DEMAND", context)
    _, supply_xy, _, _ = read_points(supply, network.crs, context)
    _, demand_xy, rows, _ = read_points(demand, network.crs, context, attributes=["ind"])
    people = np.array([row[0] for row in rows], dtype=float)
    return parameters, network, supply_xy, demand_xy, people, load_s


def _vigie_2sfca(graph, supply_xy, demand_xy, people):
    from vigie.plugin.core.indicators.fca import two_step_fca
    from vigie.plugin.core.routing import bounded_travel_times

    pairs = bounded_travel_times(graph, supply_xy, demand_xy, CATCHMENT_MIN * 60.0)
    capacity = np.ones(len(supply_xy))
    return two_step_fca(
        capacity, people, pairs.source_index, pairs.target_index, pairs.time_s / 60.0, CATCHMENT_MIN, "stepped"
    )


def _naive_2sfca(graph, supply_xy, demand_xy, people):
    """One full (unbounded) Dijkstra per supply point, then the same two steps."""
    from scipy.sparse.csgraph import dijkstra

    from vigie.plugin.core.indicators.fca import two_step_fca
    from vigie.plugin.core.routing import attach_points

    attached = attach_points(graph, np.concatenate([supply_xy, demand_xy]))
    supply_node, demand_node = attached.node[: len(supply_xy)], attached.node[len(supply_xy) :]
    matrix = attached.graph.time_matrix
    supply_index, demand_index, times = [], [], []
    for j, node in enumerate(supply_node):
        row = dijkstra(matrix, directed=True, indices=int(node))[demand_node]
        reached = np.flatnonzero(np.isfinite(row))
        supply_index.append(np.full(len(reached), j))
        demand_index.append(reached)
        times.append(row[reached] / 60.0)
    return two_step_fca(
        np.ones(len(supply_xy)),
        people,
        np.concatenate(supply_index),
        np.concatenate(demand_index),
        np.concatenate(times),
        CATCHMENT_MIN,
        "stepped",
    )


def test_bench_2sfca_whole_hautes_alpes(qgis_app, qgis_processing, shared, vigie_provider):

    parameters, network, supply_xy, demand_xy, people, load_s = _load(shared)
    graph = network.graph

    start = time.perf_counter()
    vigie = _vigie_2sfca(graph, supply_xy, demand_xy, people)
    vigie_s = time.perf_counter() - start

    start = time.perf_counter()
    naive = _naive_2sfca(graph, supply_xy, demand_xy, people)
    naive_s = time.perf_counter() - start
    assert np.allclose(vigie.access_index, naive.access_index)

    import processing

    start = time.perf_counter()
    result = processing.run("vigie:accessibility2sfca", parameters)
    algorithm_s = time.perf_counter() - start
    assert result["OUTPUT"].featureCount() == len(demand_xy)

    print(
        f"\n2SFCA Hautes-Alpes: graph {graph.n_nodes:,} nodes / {graph.n_edges:,} edges "
        f"(loaded in {load_s:.1f} s, cache hit: {network.cache_hit}); {len(supply_xy)} supply x "
        f"{len(demand_xy):,} demand cells, catchment {CATCHMENT_MIN:g} min\n"
        f"  Vigie engine (bounded searches + 2 steps): {vigie_s:.3f} s\n"
        f"  reference, one unbounded Dijkstra per supply: {naive_s:.3f} s  -> ratio {naive_s / vigie_s:.1f}x\n"
        f"  whole vigie:accessibility2sfca algorithm (read, cached graph, write): {algorithm_s:.2f} s "
        f"(target < 10 s)"
    )


def test_bench_od_matrix_10000_by_1000_memory(qgis_app, qgis_processing, shared):
    """OD matrix of 2,000 then 10,000 origins × 1,000 destinations with a 5-minute cut-off, chunked.

    Prints the time, the pairs found and the peak memory traced while streaming the chunks: the peak
    must not grow with the number of origins (it is the routing engine's search block), unlike the
    dense matrices a non-chunked implementation would hold (reference, printed).
    """
    import tracemalloc

    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

    from vigie.plugin.core.indicators.od_matrix import od_pair_chunks, origins_per_chunk
    from vigie.plugin.core.routing import bounded_travel_times
    from vigie.processing_algorithms.od_matrix import OdMatrixAlgorithm
    from vigie.processing_algorithms.road_network import load_network

    roads = QgsVectorLayer(
        str(shared("data", "hautes-alpes", "roads-osm-2021-07-gap-champsaur-drivable.gpkg")), "roads", "ogr"
    )
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    algorithm = OdMatrixAlgorithm()
    algorithm.initAlgorithm()
    network = load_network(algorithm, {"NETWORK": roads}, context, QgsProcessingFeedback())
    rng = np.random.default_rng(5)
    nodes = network.graph.node_xy
    origins = nodes[rng.choice(len(nodes), 10_000, replace=False)] + rng.normal(0, 50, (10_000, 2))
    destinations = nodes[rng.choice(len(nodes), 1_000, replace=False)]
    max_time_s = 5 * 60.0

    def compute(indices):
        pairs = bounded_travel_times(network.graph, origins[indices], destinations, max_time_s)
        return pairs.source_index, pairs.target_index, pairs.time_s, pairs.dist_m

    chunk = origins_per_chunk(len(destinations), pair_budget=500_000)
    lines = []
    for count in (2_000, 10_000):
        tracemalloc.start()
        start = time.perf_counter()
        pairs = sum(len(c) for c in od_pair_chunks(count, compute, max_time_s, None, chunk))
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        dense_mb = count * 1_000 * 8 * 2 / 1e6  # times and distances as float64
        assert pairs > count
        lines.append(
            f"  {count:,} x 1,000: {pairs:,} pairs in {elapsed:.1f} s; peak traced memory {peak / 1e6:.0f} MB "
            f"(dense time + distance matrices: {dense_mb:.0f} MB)"
        )
    print(
        f"\nOD matrix, cut-off 5 min, {chunk} origins per chunk (peak = the routing block, independent of the "
        "number of origins):\n" + "\n".join(lines)
    )
