"""Tie points and nearest service on a real network (Gap-Champsaur OSM, 7,078 drivable ways) against the
plain definitions: every segment looked at for each point, and the graph split at the tie points."""

import numpy as np
import pytest

ogr = pytest.importorskip("osgeo.ogr", reason="the sample network is read with GDAL's Python bindings (python3-gdal)")

from vigie.plugin.core.routing import bounded_travel_times, build_graph, nearest_service_times  # noqa: E402
from vigie.plugin.core.routing.geodesy import ground_scale  # noqa: E402
from vigie.plugin.core.routing.graph import nearest_segments, tie_points  # noqa: E402
from vigie.plugin.core.routing.profiles import compute_speeds  # noqa: E402


@pytest.fixture(scope="module")
def gap_champsaur():
    from conftest import shared_path
    from pyproj import Transformer

    path = shared_path("data", "hautes-alpes", "roads-osm-2021-07-gap-champsaur-drivable.gpkg")
    dataset = ogr.Open(str(path))  # kept in a name: its layer is freed with it
    layer = dataset.GetLayerByName("roads")
    to_lambert = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    parts, rows = [], []
    for feature in layer:
        geometry = feature.GetGeometryRef()
        lines = [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())] or [geometry]
        for line in lines:
            lon_lat = np.array(line.GetPoints(), dtype=float)[:, :2]
            parts.append(np.column_stack(to_lambert.transform(lon_lat[:, 0], lon_lat[:, 1])))
            rows.append([feature.GetField(name) for name in ("fclass", "oneway", "maxspeed")])
    columns = {name: [row[i] for row in rows] for i, name in enumerate(["fclass", "oneway", "maxspeed"])}
    speeds = compute_speeds(columns, len(rows), profile="osm")
    middles = np.array([part[len(part) // 2] for part in parts])
    graph = build_graph(parts, speeds.speeds_kmh, speeds.directions, length_scale=ground_scale(middles, "EPSG:2154"))
    assert len(rows) == 7078 and graph.n_nodes > 10_000
    return graph


def _points(graph, seed):
    """Where tie points get hard: on nodes, inside segments, a little off them, far off (fields, mountains)."""
    rng = np.random.default_rng(seed)
    a, b = graph.node_xy[graph.seg_from], graph.node_xy[graph.seg_to]
    segments = rng.integers(0, len(a), 150)
    inside = a[segments] + (b - a)[segments] * rng.uniform(0, 1, (150, 1))
    near = graph.node_xy[rng.integers(0, graph.n_nodes, 300)] + rng.uniform(-300, 300, (300, 2))
    far = graph.node_xy[rng.integers(0, graph.n_nodes, 100)] + rng.uniform(-3000, 3000, (100, 2))
    on_nodes = graph.node_xy[rng.integers(0, graph.n_nodes, 50)]
    return np.concatenate([inside, near, far, on_nodes])


def test_tie_points_are_the_nearest_point_of_every_segment_on_a_real_network(gap_champsaur):
    graph = gap_champsaur
    points = _points(graph, seed=3)
    seg, t, dist, proj = nearest_segments(graph, points)

    # The definition: the nearest point of each segment, for every segment, then the nearest of those.
    a = graph.node_xy[graph.seg_from]
    ab = graph.node_xy[graph.seg_to] - a
    squared = (ab * ab).sum(1)
    for p, (x, y) in enumerate(points):
        along = np.clip(((x - a[:, 0]) * ab[:, 0] + (y - a[:, 1]) * ab[:, 1]) / np.where(squared > 0, squared, 1), 0, 1)
        gaps = np.hypot(x - (a[:, 0] + ab[:, 0] * along), y - (a[:, 1] + ab[:, 1] * along))
        nearest = gaps.min()
        assert dist[p] == pytest.approx(nearest, abs=1e-9)
        assert gaps[seg[p]] == pytest.approx(nearest, abs=1e-9)  # a nearest segment (there may be several)
        assert t[p] == pytest.approx(along[seg[p]], abs=1e-12)
        assert proj[p] == pytest.approx(a[seg[p]] + ab[seg[p]] * along[seg[p]], abs=1e-9)

    ties = tie_points(graph, points)
    on_nodes = slice(len(points) - 50, None)
    assert (ties.node[on_nodes] >= 0).all() and (ties.snap_m[on_nodes] == 0).all()
    assert (graph.node_xy[ties.node[on_nodes]] == points[on_nodes]).all()


def test_nearest_service_times_equal_the_split_graph_search_on_a_real_network(gap_champsaur):
    """Without splitting the graph (nearest_service_times) == with the graph split at every tie point
    (attach_points, then one search per destination towards every origin in bounded_travel_times):
    same destination, time and distance."""
    graph = gap_champsaur
    points = _points(graph, seed=4)
    origins, destinations = points[::2], points[1::2][:40]
    result = nearest_service_times(graph, origins, destinations)
    split = bounded_travel_times(graph, destinations, origins, None, reverse=True)  # origin -> destination

    fastest = np.lexsort((split.time_s, split.target_index))
    first = np.ones(len(fastest), dtype=bool)
    first[1:] = split.target_index[fastest][1:] != split.target_index[fastest][:-1]
    fastest = fastest[first]
    expected_dest = np.full(len(origins), -1)
    expected_dest[split.target_index[fastest]] = split.source_index[fastest]
    expected_time = np.full(len(origins), np.nan)
    expected_time[split.target_index[fastest]] = split.time_s[fastest]
    expected_dist = np.full(len(origins), np.nan)
    expected_dist[split.target_index[fastest]] = split.dist_m[fastest]
    reached = expected_dest >= 0
    assert reached.sum() > 0.9 * len(origins)
    assert result.dest_index.tolist() == expected_dest.tolist()
    assert result.time_s[reached] == pytest.approx(expected_time[reached], rel=1e-9, abs=1e-6)
    assert result.dist_m[reached] == pytest.approx(expected_dist[reached], rel=1e-9, abs=1e-6)
