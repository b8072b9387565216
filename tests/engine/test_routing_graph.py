"""Road graph building and tie points, on graphs small enough to check by hand."""

import numpy as np
import pytest

from vigie.plugin.core.routing import BACKWARD, BOTH, EXCLUDED, FORWARD, attach_points, build_graph
from vigie.plugin.core.routing.graph import nearest_segments


def line(*points):
    return np.array(points, dtype=float)


def test_every_vertex_is_a_node_and_shared_vertices_are_merged():
    # An L of two lines sharing (100, 0), the first with an interior vertex.
    graph = build_graph([line((0, 0), (50, 0), (100, 0)), line((100, 0), (100, 30))], [36, 72], [BOTH, BOTH])
    assert graph.n_nodes == 4
    assert graph.n_edges == 6
    times = dict(zip(zip(graph.edge_src.tolist(), graph.edge_dst.tolist()), graph.edge_time_s.tolist()))
    # 50 m at 36 km/h (10 m/s) = 5 s; 30 m at 72 km/h (20 m/s) = 1.5 s.
    assert times[(0, 1)] == pytest.approx(5.0)
    assert times[(1, 0)] == pytest.approx(5.0)
    assert times[(2, 3)] == pytest.approx(1.5)
    assert sorted(graph.edge_length_m.tolist()) == pytest.approx([30, 30, 50, 50, 50, 50])


def test_one_way_and_excluded_parts():
    parts = [line((0, 0), (10, 0)), line((10, 0), (20, 0)), line((20, 0), (30, 0))]
    graph = build_graph(parts, [36, 36, 36], [FORWARD, BACKWARD, EXCLUDED])
    pairs = set(zip(graph.edge_src.tolist(), graph.edge_dst.tolist()))
    assert pairs == {(0, 1), (2, 1)}  # forward 0->1, backward part 1<-2, third part dropped
    assert graph.n_nodes == 3


def test_tolerance_joins_nearly_coincident_ends():
    parts = [line((0, 0), (100, 0)), line((100.4, 0.3), (200, 0))]
    apart = build_graph(parts, [50, 50], [BOTH, BOTH], tolerance_m=0.0)
    joined = build_graph(parts, [50, 50], [BOTH, BOTH], tolerance_m=1.0)
    assert apart.n_nodes == 4 and apart.component_count() == 2
    assert joined.n_nodes == 3 and joined.component_count() == 1
    # The merged node keeps the first vertex position.
    assert joined.node_xy[1].tolist() == [100.0, 0.0]


def test_parallel_edges_keep_the_fastest():
    parts = [line((0, 0), (100, 0)), line((0, 0), (100, 0))]
    graph = build_graph(parts, [10, 100], [BOTH, FORWARD])
    times = dict(zip(zip(graph.edge_src.tolist(), graph.edge_dst.tolist()), graph.edge_time_s.tolist()))
    assert times[(0, 1)] == pytest.approx(3.6)  # 100 m at 100 km/h
    assert times[(1, 0)] == pytest.approx(36.0)  # only the slow part goes back
    assert graph.n_edges == 2


def test_degenerate_parts_are_ignored():
    parts = [line((0, 0), (0, 0)), line((5, 5)), line((0, 0), (10, 0))]
    graph = build_graph(parts, [50, 50, 50], [BOTH, BOTH, BOTH])
    assert graph.n_edges == 2
    empty = build_graph([], [], [])
    assert empty.n_nodes == 0 and empty.n_edges == 0


def test_attach_splits_the_edge_at_the_projection():
    graph = build_graph([line((0, 0), (100, 0))], [36], [FORWARD])
    attached = attach_points(graph, [[30, 8], [70, -6], [30, -2], [-20, 0]])
    g = attached.graph
    assert attached.snap_m.tolist() == pytest.approx([8, 6, 2, 20])
    # Points 0 and 2 share the tie point (30, 0); point 3 ties to the start node, no split.
    assert attached.node[0] == attached.node[2]
    assert attached.node[3] == 0
    assert g.node_xy[attached.node[0]].tolist() == pytest.approx([30, 0])
    assert g.node_xy[attached.node[1]].tolist() == pytest.approx([70, 0])
    # The one-way edge became 0 -> 30 -> 70 -> 100, lengths 30, 40, 30, still one way.
    chain = {(int(s), int(d)): length for s, d, length in zip(g.edge_src, g.edge_dst, g.edge_length_m)}
    tie_a, tie_b = int(attached.node[0]), int(attached.node[1])
    assert chain == pytest.approx({(0, tie_a): 30, (tie_a, tie_b): 40, (tie_b, 1): 30})
    # The input graph is unchanged.
    assert graph.n_nodes == 2 and graph.n_edges == 1


def test_nearest_segment_is_exact_with_long_segments():
    # A 5 km segment and a short one: candidates sampled along segments must still find the long one.
    parts = [line((0, 0), (5000, 0)), line((2400, 300), (2600, 300))]
    graph = build_graph(parts, [50, 50], [BOTH, BOTH])
    seg, t, dist, proj = nearest_segments(graph, [[2500, 120], [1000, 290], [2500, 160]])
    assert dist.tolist() == pytest.approx([120, 290, 140])
    assert proj[0].tolist() == pytest.approx([2500, 0])
    assert proj[2].tolist() == pytest.approx([2500, 300])


def test_nearest_segment_matches_brute_force_on_random_network():
    rng = np.random.default_rng(7)
    parts = [np.cumsum(rng.normal(0, 300, size=(rng.integers(2, 6), 2)), axis=0) for _ in range(60)]
    graph = build_graph(parts, np.full(60, 50.0), np.zeros(60, dtype=np.int8))
    points = rng.uniform(-1500, 1500, size=(300, 2))
    _, _, dist, _ = nearest_segments(graph, points)
    a = graph.node_xy[graph.seg_from]
    b = graph.node_xy[graph.seg_to]
    brute = []
    for p in points:
        ab = b - a
        t = np.clip(((p - a) * ab).sum(1) / (ab * ab).sum(1), 0, 1)
        brute.append(np.hypot(*(p - (a + ab * t[:, None])).T).min())
    assert dist == pytest.approx(np.array(brute), abs=1e-9)


def test_length_scale_gives_ground_lengths_and_snap_distances():
    graph = build_graph(
        [line((0, 0), (100, 0)), line((100, 0), (100, 100))], [36, 36], [BOTH, BOTH], length_scale=[2, 1]
    )
    lengths = dict(zip(zip(graph.edge_src.tolist(), graph.edge_dst.tolist()), graph.edge_length_m.tolist()))
    assert lengths[(0, 1)] == pytest.approx(200) and lengths[(1, 2)] == pytest.approx(100)
    attached = attach_points(graph, [[50, 10]])
    assert attached.snap_m.tolist() == pytest.approx([20])  # scaled like the segment it ties to
    assert sorted(attached.graph.edge_length_m.tolist())[:2] == pytest.approx([100, 100])
    with pytest.raises(ValueError):
        build_graph([line((0, 0), (1, 0))], [36], [BOTH], length_scale=[1, 1])


@pytest.mark.filterwarnings("ignore:Valid PROJ data directory not found")  # pyproj in a venv; PROJ still works
def test_ground_scale_matches_geodesic_lengths_in_lambert_93_and_utm():
    from pyproj import Geod, Transformer

    from vigie.plugin.core.routing.geodesy import ground_scale

    geod = Geod(ellps="GRS80")
    # 2 km east-west roads near Gap and near Dunkirk, in Lambert-93 and in UTM 31N.
    for crs, start in (("EPSG:2154", (945000.0, 6390000.0)), ("EPSG:2154", (650000.0, 7100000.0))):
        for target in (crs, "EPSG:32631"):
            if target != crs:
                start = Transformer.from_crs(crs, target, always_xy=True).transform(*start)
            end = (start[0] + 2000.0, start[1])
            to_geographic = Transformer.from_crs(target, "EPSG:4326", always_xy=True)
            lon, lat = to_geographic.transform([start[0], end[0]], [start[1], end[1]])
            geodesic = geod.line_length(lon, lat)
            middle = [[start[0] + 1000.0, start[1]]]
            assert 2000.0 * ground_scale(middle, target)[0] == pytest.approx(geodesic, rel=2e-6)
            assert abs(geodesic / 2000.0 - 1) > 1e-4  # the correction matters at these places
    assert ground_scale([[5.0, 44.0]], "EPSG:4326").tolist() == [1.0]  # not projected: left as is


def test_nearest_segment_is_exact_where_many_short_segments_crowd_the_candidates():
    """Dense short segments (a town) and points far off (a farm): the few nearest piece centres do not prove
    the answer there, the wider searches must (checked against brute force)."""
    rng = np.random.default_rng(11)
    town = [np.array([[x, y], [x + 8.0, y + 3.0]]) for x in range(0, 400, 10) for y in range(0, 400, 10)]
    roads = [np.array([[-3000.0, -2000.0], [3000.0, -1990.0]]), np.array([[600.0, 0.0], [600.0, 2500.0]])]
    parts = town + roads
    graph = build_graph(parts, np.full(len(parts), 30.0), np.zeros(len(parts), dtype=np.int8))
    points = np.concatenate([rng.uniform(-200, 600, size=(200, 2)), rng.uniform(-1500, 1500, size=(200, 2))])
    _, _, dist, _ = nearest_segments(graph, points)
    a = graph.node_xy[graph.seg_from]
    ab = graph.node_xy[graph.seg_to] - a
    brute = [
        np.hypot(*(p - (a + ab * np.clip(((p - a) * ab).sum(1) / (ab * ab).sum(1), 0, 1)[:, None])).T).min()
        for p in points
    ]
    assert dist == pytest.approx(np.array(brute), abs=1e-9)


def test_nearest_segment_found_beyond_the_nearest_piece_centres():
    """The nearest segment may have its centre farther than many others' centres: a radial 20 m segment
    whose end is 99.5 m away (centre 109.5 m) behind 40 tiny segments at 100 m."""
    angles = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    tiny = [np.array([[100 * np.cos(t), 100 * np.sin(t)], [100.5 * np.cos(t), 100.5 * np.sin(t)]]) for t in angles]
    radial = np.array([[0.0, -99.5], [0.0, -119.5]])
    parts = [*tiny, radial]
    graph = build_graph(parts, np.full(len(parts), 30.0), np.zeros(len(parts), dtype=np.int8))
    seg, t, dist, proj = nearest_segments(graph, [[0.0, 0.0]])
    assert dist[0] == pytest.approx(99.5)
    assert proj[0].tolist() == pytest.approx([0.0, -99.5])
