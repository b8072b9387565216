"""Nearest service, bounded and node-time searches: hand-checked cases and an independent reference."""

import heapq

import numpy as np
import pytest

from vigie.plugin.core.routing import (
    BACKWARD,
    BOTH,
    FORWARD,
    bounded_travel_times,
    build_graph,
    nearest_service_times,
    node_times_from_sources,
)


def line(*points):
    return np.array(points, dtype=float)


# -- hand-checked -----------------------------------------------------------------------


@pytest.fixture
def one_way_t():
    # West-east road at 36 km/h (10 m/s), both ways, and a one-way spur going north from (1000, 0).
    parts = [line((0, 0), (1000, 0)), line((1000, 0), (1000, 1000))]
    return build_graph(parts, [36, 36], [BOTH, FORWARD])


def test_nearest_destination_follows_one_way_from_origin_to_destination(one_way_t):
    # Destination on the spur (north): reachable from the road, not the other way round.
    result = nearest_service_times(one_way_t, [[100, 10], [1000, 900]], [[1000, 500]])
    assert result.dest_index.tolist() == [0, -1]
    assert result.net_time_s[0] == pytest.approx(140.0)  # 900 m east + 500 m north at 10 m/s
    assert result.dist_m[0] == pytest.approx(1400.0)
    assert np.isnan(result.time_s[1]) and np.isnan(result.dist_m[1])
    assert result.snap_m.tolist() == pytest.approx([10, 0])


def test_nearest_of_several_destinations_and_which(one_way_t):
    destinations = [[0, 50], [800, -30], [1000, 990]]
    result = nearest_service_times(one_way_t, [[500, 0], [900, 0], [50, 0]], destinations)
    assert result.dest_index.tolist() == [1, 1, 0]
    assert result.net_time_s.tolist() == pytest.approx([30, 10, 5])
    assert result.dest_snap_m.tolist() == pytest.approx([50, 30, 0])


def test_access_speed_adds_straight_legs_and_changes_the_choice(one_way_t):
    # 3.6 km/h = 1 m/s: destination 0 is 100 s by road + 300 s off-road, destination 1 is 400 s + 10 s.
    destinations = [[100, 300], [500, 10]]
    without = nearest_service_times(one_way_t, [[0, 20]], destinations, access_speed_kmh=0)
    with_access = nearest_service_times(one_way_t, [[0, 20]], destinations, access_speed_kmh=3.6)
    assert without.dest_index.tolist() == [0]
    assert without.time_s[0] == pytest.approx(10.0) and without.net_time_s[0] == pytest.approx(10.0)
    assert with_access.dest_index.tolist() == [1]
    assert with_access.net_time_s[0] == pytest.approx(50.0)
    assert with_access.time_s[0] == pytest.approx(20 + 50 + 10)


def test_max_time_leaves_far_origins_unreached(one_way_t):
    result = nearest_service_times(one_way_t, [[100, 0], [900, 0]], [[0, 0]], max_time_s=50)
    assert result.dest_index.tolist() == [0, -1]
    assert result.time_s[0] == pytest.approx(10.0)
    assert np.isnan(result.time_s[1])


def test_origin_and_destination_on_the_same_edge(one_way_t):
    result = nearest_service_times(one_way_t, [[200, 5], [700, -5]], [[400, 1]])
    assert result.net_time_s.tolist() == pytest.approx([20, 30])
    assert result.dist_m.tolist() == pytest.approx([200, 300])


def test_separate_components_are_unreachable():
    parts = [line((0, 0), (100, 0)), line((1000, 0), (1100, 0))]
    graph = build_graph(parts, [36, 36], [BOTH, BOTH])
    assert graph.component_count() == 2
    result = nearest_service_times(graph, [[10, 0], [1050, 0]], [[90, 0]])
    assert result.dest_index.tolist() == [0, -1]


def test_empty_inputs_give_empty_or_unreached_results(one_way_t):
    no_destination = nearest_service_times(one_way_t, [[10, 0]], np.zeros((0, 2)))
    assert no_destination.dest_index.tolist() == [-1]
    no_origin = nearest_service_times(one_way_t, np.zeros((0, 2)), [[10, 0]])
    assert len(no_origin.time_s) == 0
    empty = build_graph([], [], [])
    assert nearest_service_times(empty, [[0, 0]], [[1, 1]]).dest_index.tolist() == [-1]


def test_node_times_reverse_is_time_to_the_source(one_way_t):
    to_source = node_times_from_sources(one_way_t, [[1000, 500]], reverse=True)
    from_source = node_times_from_sources(one_way_t, [[1000, 500]], reverse=False)
    # Node 0 (0, 0) can drive to the source (150 s); the source cannot drive back to it.
    assert to_source.time_s[0] == pytest.approx(150.0)
    assert np.isinf(from_source.time_s[0])
    assert from_source.time_s[2] == pytest.approx(50.0)  # source -> north end
    assert np.isinf(to_source.time_s[2])
    assert to_source.source_index[0] == 0 and to_source.source_index[2] == -1
    assert to_source.time_s[to_source.source_node[0]] == 0.0
    bounded = node_times_from_sources(one_way_t, [[1000, 500]], max_time_s=100)
    assert np.isinf(bounded.time_s[0]) and bounded.time_s[1] == pytest.approx(50.0)


def test_bounded_travel_times_forward_with_limit_and_k(one_way_t):
    pairs = bounded_travel_times(one_way_t, [[0, 0], [1000, 800]], [[500, 0], [1000, 900], [1000, 100]], 150)
    found = {(int(s), int(t)): (time, d) for s, t, time, d in zip(*vars(pairs).values())}
    assert set(found) == {(0, 0), (0, 2), (1, 1)}
    assert found[(0, 0)] == pytest.approx((50, 500))
    assert found[(0, 2)] == pytest.approx((110, 1100))
    assert found[(1, 1)] == pytest.approx((10, 100))
    nearest = bounded_travel_times(one_way_t, [[0, 0]], [[500, 0], [1000, 900], [1000, 100]], None, k_nearest=1)
    assert nearest.target_index.tolist() == [0]
    # Reverse: from the targets to the source. Nothing on the spur can come back down to (0, 0).
    back = bounded_travel_times(one_way_t, [[0, 0]], [[500, 0], [1000, 900], [1000, 0]], None, reverse=True)
    assert back.target_index.tolist() == [0, 2]
    assert back.time_s.tolist() == pytest.approx([50, 100])
    assert back.dist_m.tolist() == pytest.approx([500, 1000])


# -- against an independent shortest-path computation ---------------------------------------


def reference_nearest(parts, speeds, directions, origins, destinations):
    """Brute force: nearest segment by scanning all, split edges, one heapq Dijkstra per origin."""
    node_of, xy = {}, []

    def node(point):
        key = (float(point[0]), float(point[1]))
        if key not in node_of:
            node_of[key] = len(xy)
            xy.append(key)
        return node_of[key]

    segments = []
    for part, speed, direction in zip(parts, speeds, directions):
        for p, q in zip(part[:-1], part[1:]):
            u, v = node(p), node(q)
            if u != v:
                segments.append([u, v, speed, direction])
    ties, splits = [], {}
    for p in np.concatenate([origins, destinations]):
        best = None
        for s, (u, v, _, _) in enumerate(segments):
            a, b = np.array(xy[u]), np.array(xy[v])
            t = min(max(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0.0), 1.0)
            d = float(np.hypot(*(p - (a + t * (b - a)))))
            if best is None or d < best[0]:
                best = (d, s, t)
        ties.append(best)
        splits.setdefault(best[1], set()).add(best[2])
    tie_node = {}
    adjacency = {}
    for s, (u, v, speed, direction) in enumerate(segments):
        a, b = np.array(xy[u]), np.array(xy[v])
        chain = [(0.0, u)]
        for t in sorted(splits.get(s, ())):
            if t <= 0:
                tie_node[(s, t)] = u
            elif t >= 1:
                tie_node[(s, t)] = v
            else:
                tie_node[(s, t)] = len(xy)
                xy.append(tuple(a + t * (b - a)))
                chain.append((t, tie_node[(s, t)]))
        chain.append((1.0, v))
        length = float(np.hypot(*(b - a)))
        for (t0, n0), (t1, n1) in zip(chain[:-1], chain[1:]):
            piece = (t1 - t0) * length
            time = piece / (speed / 3.6)
            if direction in (BOTH, FORWARD):
                adjacency.setdefault(n0, []).append((n1, time, piece))
            if direction in (BOTH, BACKWARD):
                adjacency.setdefault(n1, []).append((n0, time, piece))
    nodes = [tie_node[(s, t)] for _, s, t in ties]
    origin_nodes, dest_nodes = nodes[: len(origins)], nodes[len(origins) :]
    results = []
    for start in origin_nodes:
        best = {start: (0.0, 0.0)}
        heap = [(0.0, 0.0, start)]
        done = set()
        while heap:
            time, dist, n = heapq.heappop(heap)
            if n in done:
                continue
            done.add(n)
            for m, dt, dd in adjacency.get(n, ()):
                if m not in best or time + dt < best[m][0]:
                    best[m] = (time + dt, dist + dd)
                    heapq.heappush(heap, (time + dt, dist + dd, m))
        reach = [(best[d][0], best[d][1], i) for i, d in enumerate(dest_nodes) if d in best]
        results.append(min(reach) if reach else (np.nan, np.nan, -1))
    return np.array(results), np.array([t[0] for t in ties[: len(origins)]])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nearest_service_times_match_reference_dijkstra(seed):
    rng = np.random.default_rng(seed)
    # A jittered grid of streets, cut into ways of random length, random one-ways and speeds.
    size, step = 7, 200.0
    grid = np.stack(np.meshgrid(np.arange(size), np.arange(size)), axis=-1).reshape(-1, 2) * step
    grid = grid + rng.normal(0, 20, grid.shape)
    point = grid.reshape(size, size, 2)
    parts = []
    for i in range(size):
        row, col = point[i, :, :], point[:, i, :]
        for line_points in (row, col):
            cut = sorted(rng.choice(np.arange(1, size - 1), size=2, replace=False))
            for a, b in zip([0, *cut], [*cut, size - 1]):
                parts.append(line_points[a : b + 1])
    parts.append(np.array([[3000.0, 3000.0], [3300.0, 3000.0]]))  # an island
    speeds = rng.choice([20.0, 30.0, 50.0, 80.0], size=len(parts))
    directions = rng.choice([BOTH, BOTH, FORWARD, BACKWARD], size=len(parts)).astype(np.int8)
    origins = rng.uniform(-100, 1300, size=(40, 2))
    origins[-1] = (3100, 3010)
    destinations = rng.uniform(0, 1200, size=(4, 2))

    graph = build_graph(parts, speeds, directions)
    result = nearest_service_times(graph, origins, destinations)
    expected, snaps = reference_nearest(parts, speeds, directions, origins, destinations)

    assert result.snap_m == pytest.approx(snaps, abs=1e-6)
    assert result.dest_index.tolist() == expected[:, 2].astype(int).tolist()
    reached = expected[:, 2] >= 0
    assert reached.sum() >= 20 and (~reached).sum() >= 1
    assert result.net_time_s[reached] == pytest.approx(expected[reached, 0], rel=1e-9, abs=1e-6)
    assert result.dist_m[reached] == pytest.approx(expected[reached, 1], rel=1e-9, abs=1e-6)

    # Every origin's bounded search must agree with the nearest one (same graph, forward direction).
    pairs = bounded_travel_times(graph, origins, destinations, None, k_nearest=1, chunk_size=7)
    by_origin = dict(zip(pairs.source_index.tolist(), pairs.time_s.tolist()))
    assert sorted(by_origin) == np.nonzero(reached)[0].tolist()
    assert [by_origin[i] for i in sorted(by_origin)] == pytest.approx(expected[reached, 0].tolist())

    # Searching from the destinations on the reversed graph (what vigie:odmatrix does when they are
    # fewer than the origins) gives the same origin -> destination pairs, times and distances.
    forward = bounded_travel_times(graph, origins, destinations, 600, access_speed_kmh=5)
    backward = bounded_travel_times(graph, destinations, origins, 600, access_speed_kmh=5, reverse=True)
    as_dict = lambda s, t, time, dist: {(int(a), int(b)): (x, y) for a, b, x, y in zip(s, t, time, dist)}  # noqa: E731
    forward_pairs = as_dict(forward.source_index, forward.target_index, forward.time_s, forward.dist_m)
    backward_pairs = as_dict(backward.target_index, backward.source_index, backward.time_s, backward.dist_m)
    assert len(forward_pairs) >= 40 and forward_pairs.keys() == backward_pairs.keys()
    for key, (time_s, dist_m) in forward_pairs.items():
        assert backward_pairs[key] == pytest.approx((time_s, dist_m), rel=1e-9, abs=1e-6)


# -- nearest service without splitting the graph == splitting it (issue 15, speed) --------------


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("access_speed_kmh, max_time_s", [(0.0, None), (5.0, None), (0.0, 150.0)])
def test_nearest_service_times_equal_the_split_graph_search(seed, access_speed_kmh, max_time_s):
    """nearest_service_times ties points to segments without building the split graph; the split graph
    (attach_points, then one search per origin: what bounded_travel_times does) must give the same
    nearest destination, time and distance. The cases that differ between both ways are forced: origins
    and destinations on the same segment (both orders, one-way segments), points exactly on nodes,
    an origin where a destination is, points beyond the ends of dead ends."""
    rng = np.random.default_rng(seed)
    size, step = 6, 150.0
    grid = np.stack(np.meshgrid(np.arange(size), np.arange(size)), axis=-1).reshape(-1, 2) * step
    point = (grid + rng.normal(0, 15, grid.shape)).reshape(size, size, 2)
    parts = [point[i, :, :] for i in range(size)] + [point[:, i, :] for i in range(size)]
    parts.append(np.array([[-200.0, -200.0], [-50.0, -120.0]]))  # an island
    speeds = rng.choice([20.0, 30.0, 50.0, 80.0], size=len(parts))
    directions = rng.choice([BOTH, FORWARD, BACKWARD], size=len(parts)).astype(np.int8)
    graph = build_graph(parts, speeds, directions)

    # Destinations inside segments, one on a node; origins beside them on the same segments (before and
    # after along the digitising order), on nodes, at a destination, and scattered.
    a, b = graph.node_xy[graph.seg_from], graph.node_xy[graph.seg_to]
    segments = rng.choice(len(graph.seg_from), size=6, replace=False)
    destinations = np.concatenate([a[segments] + (b - a)[segments] * 0.5, graph.node_xy[[7]]])
    same_segment = np.concatenate([a[segments] + (b - a)[segments] * f for f in (0.2, 0.8)])
    on_nodes = graph.node_xy[rng.choice(graph.n_nodes, size=6, replace=False)]
    normal = np.array([[0.0, 1.0]]) * 3.0  # a little off the road: tied back to it
    origins = np.concatenate([same_segment + normal, on_nodes, destinations[:2], rng.uniform(-250, 900, size=(40, 2))])

    result = nearest_service_times(
        graph, origins, destinations, max_time_s=max_time_s, access_speed_kmh=access_speed_kmh
    )
    split = bounded_travel_times(
        graph, origins, destinations, max_time_s, access_speed_kmh=access_speed_kmh, k_nearest=1
    )
    expected_dest = np.full(len(origins), -1)
    expected_dest[split.source_index] = split.target_index
    expected_time = np.full(len(origins), np.nan)
    expected_time[split.source_index] = split.time_s
    expected_dist = np.full(len(origins), np.nan)
    expected_dist[split.source_index] = split.dist_m

    assert result.dest_index.tolist() == expected_dest.tolist()
    reached = expected_dest >= 0
    assert 20 <= reached.sum() < len(origins)  # some are reached, the island's neighbours are not
    assert result.time_s[reached] == pytest.approx(expected_time[reached], rel=1e-9, abs=1e-6)
    assert result.dist_m[reached] == pytest.approx(expected_dist[reached], rel=1e-9, abs=1e-6)
    assert np.isnan(result.time_s[~reached]).all()
