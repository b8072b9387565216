"""The graph cache: a second build of the same network and profile is read from disk."""

import numpy as np

from vigie.plugin.core.routing import BOTH, FORWARD, GraphCache, build_graph, graph_cache_key


def network():
    parts = [np.array([[0.0, 0.0], [100.0, 0.0], [100.0, 50.0]]), np.array([[100.0, 50.0], [0.0, 50.0]])]
    return parts, np.array([50.0, 30.0]), np.array([BOTH, FORWARD], dtype=np.int8)


def test_second_run_reads_the_graph_from_disk(tmp_path):
    parts, speeds, directions = network()
    calls = []

    def builder():
        calls.append(1)
        return build_graph(parts, speeds, directions)

    first = GraphCache(tmp_path).get_or_build(parts, speeds, directions, 0.0, builder=builder)
    second_cache = GraphCache(tmp_path)  # a new run: nothing in memory
    second = second_cache.get_or_build(parts, speeds, directions, 0.0, builder=builder)
    assert calls == [1]
    assert second_cache.hit
    assert len(list(tmp_path.glob("*.npz"))) == 1
    np.testing.assert_array_equal(first.node_xy, second.node_xy)
    np.testing.assert_array_equal(first.edge_time_s, second.edge_time_s)
    np.testing.assert_array_equal(first.edge_src, second.edge_src)


def test_key_changes_with_geometry_speeds_directions_and_tolerance():
    parts, speeds, directions = network()
    base = graph_cache_key(parts, speeds, directions, 0.0)
    moved = [parts[0] + 0.001, parts[1]]
    assert graph_cache_key(moved, speeds, directions, 0.0) != base
    assert graph_cache_key(parts, speeds * 2, directions, 0.0) != base
    assert graph_cache_key(parts, speeds, np.array([BOTH, BOTH], dtype=np.int8), 0.0) != base
    assert graph_cache_key(parts, speeds, directions, 1.0) != base
    assert graph_cache_key(parts, speeds, directions, 0.0, "EPSG:2154") != base
    assert graph_cache_key([p.copy() for p in parts], speeds.copy(), directions.copy(), 0.0) == base


def test_a_corrupt_cache_file_is_rebuilt(tmp_path):
    parts, speeds, directions = network()
    key = graph_cache_key(parts, speeds, directions, 0.0)
    (tmp_path / f"{key}.npz").write_bytes(b"not a zip file")
    cache = GraphCache(tmp_path)
    graph = cache.get_or_build(key, builder=lambda: build_graph(parts, speeds, directions))
    assert not cache.hit and graph.n_nodes == 4
    assert GraphCache(tmp_path).get(key) is not None
