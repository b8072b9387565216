"""Road engine speed on the whole Hautes-Alpes drivable network (31,055 OSM ways), against QGIS native.

Prints: graph build time, query time for 20,000 origins x 500 destinations, peak memory, and the
ratio against the per-destination native baseline (native:shortestpathlayertopoint, fastest) measured
in the same run. Native cost grows with the number of start points and is paid once per destination:
it is measured for a few destinations at two origin counts, fitted as a + b * origins per destination
and extrapolated linearly to 20,000 origins x 500 destinations (printed as such).

Run with ``make bench``. Targets (issue 2): >= 50x faster than native; 20,000 x 500 in < 5 s end to end;
peak memory < 1 GB.
"""

import resource
import time
import tracemalloc

import numpy as np
import pytest

N_ORIGINS, N_DESTINATIONS = 20_000, 500
NATIVE_ORIGIN_COUNTS = (50, 200)
NATIVE_DESTINATIONS = 2


def _rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@pytest.fixture
def departement(qgis_app, qgis_processing, shared):
    """The drivable network in Lambert-93: parts, speeds, directions, and a Lambert-93 copy for native."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsFeature,
        QgsField,
        QgsProcessingContext,
        QgsProject,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QVariant

    from vigie.plugin.core.routing.profiles import compute_speeds
    from vigie.plugin.qgis_bridge import read_lines

    path = shared("data", "hautes-alpes", "roads-osm-2021-07-drivable.geojson.gz")
    layer = QgsVectorLayer(f"/vsigzip/{path}", "roads", "ogr")
    assert layer.isValid() and layer.featureCount() == 31055
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    lambert = QgsCoordinateReferenceSystem("EPSG:2154")
    start = time.perf_counter()
    parts, part_rows, rows, skipped = read_lines(layer, lambert, context, attributes=["fclass", "oneway", "maxspeed"])
    read_s = time.perf_counter() - start
    columns = {name: [row[i] for row in rows] for i, name in enumerate(["fclass", "oneway", "maxspeed"])}
    speeds = compute_speeds(columns, len(rows), profile="osm")
    part_speeds, part_directions = speeds.speeds_kmh[part_rows], speeds.directions[part_rows]

    copy = QgsVectorLayer("LineString?crs=EPSG:2154", "network_2154", "memory")
    copy.dataProvider().addAttributes([QgsField("speed", QVariant.Double), QgsField("dir", QVariant.String)])
    copy.updateFields()
    from qgis.core import QgsGeometry, QgsPointXY

    features = []
    for part, speed, direction in zip(parts, part_speeds, part_directions):
        if direction < 0:
            continue
        feature = QgsFeature(copy.fields())
        feature.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(x, y) for x, y in part]))
        feature.setAttributes([float(speed), "BFT"[int(direction)]])
        features.append(feature)
    copy.dataProvider().addFeatures(features)
    return {"parts": parts, "speeds": part_speeds, "directions": part_directions, "copy": copy, "read_s": read_s}


def _points_near_roads(parts, count, seed):
    """Random points within 300 m of random road vertices (where people and services are)."""
    rng = np.random.default_rng(seed)
    vertices = np.concatenate(parts)
    picked = vertices[rng.integers(0, len(vertices), count)]
    return picked + rng.uniform(-300, 300, size=(count, 2))


def _native_seconds(copy, origins_xy, destination_xy, context):
    """Wall time of one native fastest-path run to one destination, and its costs in seconds."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    starts = QgsVectorLayer("Point?crs=EPSG:2154&field=i:integer", "starts", "memory")
    features = []
    for i, (x, y) in enumerate(origins_xy):
        feature = QgsFeature(starts.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feature.setAttributes([i])
        features.append(feature)
    starts.dataProvider().addFeatures(features)
    begin = time.perf_counter()
    result = processing.run(
        "native:shortestpathlayertopoint",
        {
            "INPUT": copy,
            "STRATEGY": 1,
            "DIRECTION_FIELD": "dir",
            "VALUE_FORWARD": "F",
            "VALUE_BACKWARD": "T",
            "VALUE_BOTH": "B",
            "DEFAULT_DIRECTION": 2,
            "SPEED_FIELD": "speed",
            "DEFAULT_SPEED": 50,
            "TOLERANCE": 0,
            "START_POINTS": starts,
            "END_POINT": f"{destination_xy[0]},{destination_xy[1]} [EPSG:2154]",
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
        context=context,
    )
    elapsed = time.perf_counter() - begin
    costs = np.full(len(origins_xy), np.nan)
    for feature in result["OUTPUT"].getFeatures():
        cost = feature["cost"]
        if cost is not None and not (hasattr(cost, "isNull") and cost.isNull()):
            costs[feature["i"]] = cost * 3600.0  # hours
    return elapsed, costs


def test_bench_routing_departement(departement):
    from qgis.core import QgsProcessingContext, QgsProject

    from vigie.plugin.core.routing import build_graph, nearest_service_times
    from vigie.plugin.core.routing.geodesy import ground_scale

    def build(parts, speeds, directions):
        middles = np.array([part[len(part) // 2] for part in parts])
        return build_graph(parts, speeds, directions, length_scale=ground_scale(middles, "EPSG:2154"))

    parts, speeds, directions = departement["parts"], departement["speeds"], departement["directions"]
    origins = _points_near_roads(parts, N_ORIGINS, seed=1)
    destinations = _points_near_roads(parts, N_DESTINATIONS, seed=2)

    rss_before = _rss_mb()
    runs = []
    for _ in range(3):  # the machine is shared: report the best and the worst of three runs
        start = time.perf_counter()
        graph = build(parts, speeds, directions)
        built = time.perf_counter()
        result = nearest_service_times(graph, origins, destinations)
        runs.append((built - start, time.perf_counter() - built))
    build_s, query_s = min(runs, key=sum)
    worst_total = max(sum(run) for run in runs)
    rss_after = _rss_mb()
    reached = int((result.dest_index >= 0).sum())
    # Memory on a separate run: tracemalloc slows numpy allocation down several times.
    tracemalloc.start()
    nearest_service_times(build(parts, speeds, directions), origins, destinations)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Native baseline, same graph data (Lambert-93 copy, same speeds and directions). Both measure lengths
    # on the ellipsoid (native: WGS84 always; Vigie: Lambert-93 scale factor corrected, as in the algorithm).
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    timings = {}
    max_gap_s = 0.0
    for count in NATIVE_ORIGIN_COUNTS:
        subset = origins[:count]
        seconds = []
        for d in range(NATIVE_DESTINATIONS):
            elapsed, native_costs = _native_seconds(departement["copy"], subset, destinations[d], context)
            seconds.append(elapsed)
            mine = nearest_service_times(graph, subset, destinations[d : d + 1]).net_time_s
            both = np.isfinite(mine) & np.isfinite(native_costs)
            assert (np.isfinite(mine) == np.isfinite(native_costs)).all()
            gap = np.abs(mine[both] - native_costs[both])
            assert (gap <= np.maximum(6.0, 0.005 * native_costs[both])).all()  # the 0.1 min / 0.5 %
            max_gap_s = max(max_gap_s, float(gap.max()) if len(gap) else 0.0)
        timings[count] = float(np.mean(seconds))
    (n1, t1), (n2, t2) = sorted(timings.items())
    per_origin = (t2 - t1) / (n2 - n1)
    fixed = t1 - per_origin * n1
    native_per_destination = fixed + per_origin * N_ORIGINS
    native_total = native_per_destination * N_DESTINATIONS
    vigie_total = build_s + query_s

    # Same-size comparison, both measured: the native runs above against Vigie on the same inputs.
    start = time.perf_counter()
    build(parts, speeds, directions)
    nearest_service_times(graph, origins[:n2], destinations[:NATIVE_DESTINATIONS])
    vigie_small = time.perf_counter() - start

    print()
    print("Road engine benchmark — Hautes-Alpes drivable OSM network (31,055 ways)")
    print(f"  read + reproject network (QGIS)     {departement['read_s']:8.2f} s (not counted below)")
    print(f"  graph: {graph.n_nodes:,} nodes, {graph.n_edges:,} edges, {graph.component_count()} parts")
    print(f"  graph build (incl. scale factors)   {build_s:8.2f} s")
    print(f"  query {N_ORIGINS:,} origins x {N_DESTINATIONS} destinations {query_s:8.2f} s  ({reached:,} reached)")
    print(
        f"  Vigie build + query (best of 3)     {vigie_total:8.2f} s   target < 5 s (worst of 3: {worst_total:.2f} s)"
    )
    print(f"  peak traced numpy memory (engine)   {traced_peak / 2**20:8.0f} MB")
    print(
        f"  process peak RSS                    {rss_after:8.0f} MB (before engine {rss_before:.0f} MB), target < 1 GB"
    )
    print(f"  native per destination, measured:   {', '.join(f'{n} origins {t:.2f} s' for n, t in timings.items())}")
    print(f"    linear fit: {fixed:.2f} s + {per_origin * 1000:.2f} ms per origin, per destination")
    print(f"  native 20,000 x 500, EXTRAPOLATED   {native_total:8.0f} s ({native_total / 3600:.1f} h)")
    print(f"  ratio native / Vigie (extrapolated) {native_total / vigie_total:8.0f} x   target >= 50 x")
    measured_native = timings[n2] * NATIVE_DESTINATIONS
    print(
        f"  same-size measured: {n2} origins x {NATIVE_DESTINATIONS} destinations, native {measured_native:.2f} s, "
        f"Vigie {vigie_small:.2f} s (incl. graph build), ratio {measured_native / vigie_small:.1f} x"
    )
    print(f"  largest gap to native on those runs  {max_gap_s:8.3f} s")
    bare_s, nearest_s = _bare_snap_and_search_against_nearest(graph, origins, destinations)
    print(f"  bare: snap to nearest node + one scipy search  {bare_s:8.2f} s (best of 5)")
    print(f"  nearest_service_times (tie points, exact)      {nearest_s:8.2f} s (best of 5)")
    print(f"  ratio nearest_service_times / bare             {nearest_s / bare_s:8.2f} x   target <= 1.5 x")
    first_s = _first_query_on_a_new_graph(graph, origins, destinations)
    print(
        f"  first query on a new graph (segment index built) {first_s:6.2f} s, ratio {first_s / bare_s:.2f} x the bare"
    )
    assert reached > 0.9 * N_ORIGINS


def _bare_snap_and_search_against_nearest(graph, origins, destinations, runs=5):
    """Best wall times of the floor of any nearest-service query (each point snapped to its nearest node
    by a k-d tree built for the query, then one multi-source scipy search) and of nearest_service_times
    (exact tie points on segments, distances, access legs), alternated on the same graph."""
    from scipy.sparse.csgraph import dijkstra
    from scipy.spatial import cKDTree

    from vigie.plugin.core.routing import nearest_service_times

    assert graph.transposed_time_matrix is not None  # built once, used by both
    bare, nearest = [], []
    for _ in range(runs):
        start = time.perf_counter()
        tree = cKDTree(graph.node_xy)
        tree.query(origins)
        _, destination_nodes = tree.query(destinations)
        dijkstra(
            graph.transposed_time_matrix,
            directed=True,
            indices=destination_nodes,
            min_only=True,
            return_predecessors=True,
        )
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        nearest_service_times(graph, origins, destinations)
        nearest.append(time.perf_counter() - start)
    return min(bare), min(nearest)


def _first_query_on_a_new_graph(graph, origins, destinations, runs=3):
    """Best wall time of nearest_service_times on a graph that has not tied points yet: the index of
    segments it keeps for later queries is built in this one (the CSR matrices, built by the graph for
    the bare search as well, are not counted)."""
    from vigie.plugin.core.routing import RoadGraph, nearest_service_times

    times = []
    for _ in range(runs):
        new = RoadGraph(**graph.to_arrays())
        assert new.transposed_time_matrix is not None
        start = time.perf_counter()
        nearest_service_times(new, origins, destinations)
        times.append(time.perf_counter() - start)
    return min(times)


def test_bench_roadtraveltime_algorithm_end_to_end(departement, shared, vigie_provider):
    """vigie:roadtraveltime through Processing: reading, speeds, graph (cold, then from the cache), writing."""
    import processing
    from qgis.core import (
        QgsFeature,
        QgsGeometry,
        QgsPointXY,
        QgsProcessingContext,
        QgsProject,
        QgsVectorLayer,
    )

    from vigie.processing_algorithms.road_network import graph_cache_folder

    def point_layer(xy, name):
        layer = QgsVectorLayer("Point?crs=EPSG:2154&field=i:integer", name, "memory")
        features = []
        for i, (x, y) in enumerate(xy):
            feature = QgsFeature(layer.fields())
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
            feature.setAttributes([i])
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        return layer

    parts = departement["parts"]
    origins = point_layer(_points_near_roads(parts, N_ORIGINS, seed=1), "origins")
    destinations = point_layer(_points_near_roads(parts, N_DESTINATIONS, seed=2), "destinations")
    path = shared("data", "hautes-alpes", "roads-osm-2021-07-drivable.geojson.gz")
    network = QgsVectorLayer(f"/vsigzip/{path}", "roads-osm-2021-07-drivable", "ogr")
    for stale in graph_cache_folder().glob("*.npz"):
        stale.unlink()  # a cold first run

    timings = []
    for _ in range(2):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        start = time.perf_counter()
        result = processing.run(
            "vigie:roadtraveltime",
            {"NETWORK": network, "ORIGINS": origins, "DESTINATIONS": destinations, "OUTPUT": "TEMPORARY_OUTPUT"},
            context=context,
        )
        timings.append(time.perf_counter() - start)
    reached = sum(1 for f in result["OUTPUT"].getFeatures() if f["time_min"] is not None)
    print()
    print("vigie:roadtraveltime end to end, whole département, 20,000 origins x 500 destinations (memory layers)")
    print(f"  first run (graph built)             {timings[0]:8.2f} s")
    print(f"  second run (graph from the cache)   {timings[1]:8.2f} s   target < 5 s")
    print(f"  process peak RSS                    {_rss_mb():8.0f} MB")
    assert reached > 0.9 * N_ORIGINS
