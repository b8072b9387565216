"""Isochrone segments and OD chunks: small hand-made graphs."""

import numpy as np
import pytest

from vigie.plugin.indicators.isochrones import band_limits, chain_segments, reached_segments, unique_undirected_edges
from vigie.plugin.indicators.od_matrix import keep_k_nearest, od_pair_chunks, origins_per_chunk


def _length(segments):
    return float(np.hypot(*(segments[:, 1] - segments[:, 0]).T).sum())


def test_reached_segments_on_a_line():
    """Nodes at x = 0, 1000, 2000 m; edges of 60 s; the service at node 0 (node times 0, 60, 120 s).

    Within 90 s: the first edge whole, and half of the second (30 s of its 60) -> 1500 m up to x = 1500.
    """
    node_xy = np.array([[0, 0], [1000, 0], [2000, 0]], dtype=float)
    segments = reached_segments(
        node_xy, np.array([0, 1]), np.array([1, 2]), np.array([60.0, 60]), np.array([0.0, 60, 120]), 90
    )
    assert _length(segments) == pytest.approx(1500)
    assert segments[:, :, 0].max() == pytest.approx(1500)


def test_reached_segments_from_both_ends():
    """Services at both ends (node times 0 and 0) of a 100 s edge: within 30 s, 30 % from each end."""
    node_xy = np.array([[0, 0], [1000, 0]], dtype=float)
    segments = reached_segments(node_xy, np.array([0]), np.array([1]), np.array([100.0]), np.array([0.0, 0.0]), 30)
    assert len(segments) == 2 and _length(segments) == pytest.approx(600)
    whole = reached_segments(node_xy, np.array([0]), np.array([1]), np.array([100.0]), np.array([0.0, 0.0]), 50)
    assert len(whole) == 1 and _length(whole) == pytest.approx(1000)
    unreached = reached_segments(
        node_xy, np.array([0]), np.array([1]), np.array([100.0]), np.array([np.inf, np.inf]), 50
    )
    assert len(unreached) == 0


def test_unique_undirected_edges_keeps_order_and_shorter_time():
    src, dst, time_s = unique_undirected_edges([0, 1, 1, 2, 3], [1, 0, 2, 1, 3], [10, 8, 5, 5, 1])
    assert list(zip(src, dst, time_s)) == [(1, 0, 8), (1, 2, 5)]


def test_chain_segments_joins_consecutive_pieces():
    segments = np.array([[[0, 0], [1, 0]], [[1, 0], [2, 0]], [[5, 5], [6, 5]]], dtype=float)
    lines = chain_segments(segments)
    assert [len(line) for line in lines] == [3, 2]
    assert band_limits([5, 10, 20]) == [(0, 5), (5, 10), (10, 20)]


def _fake_router(times):
    """compute_pairs over a full time matrix (origins × destinations), NaN = unreachable."""

    def compute(indices):
        local, dest = np.nonzero(np.isfinite(times[indices]))
        values = times[indices][local, dest]
        return local, dest, values, values * 10

    return compute


def test_od_chunks_cut_off_and_k_nearest():
    times = np.array([[30, 10, 20, np.nan], [5, 50, 5, 1], [np.nan] * 4, [7, 8, 9, 10], [100, 3, 2, 1]], dtype=float)
    chunks = list(od_pair_chunks(5, _fake_router(times), max_time_s=25, k_nearest=2, chunk_size=2))
    assert len(chunks) == 3
    rows = [(o, d, t) for c in chunks for o, d, t in zip(c.origin_index, c.dest_index, c.time_s)]
    assert rows == [(0, 1, 10), (0, 2, 20), (1, 3, 1), (1, 0, 5), (3, 0, 7), (3, 1, 8), (4, 3, 1), (4, 2, 2)]
    all_rows = sum(len(c) for c in od_pair_chunks(5, _fake_router(times), chunk_size=3))
    assert all_rows == int(np.isfinite(times).sum())


def test_od_chunk_sizes_and_k_mask():
    assert origins_per_chunk(1000, pair_budget=2_000_000) == 2000
    assert origins_per_chunk(1000, k_nearest=5, pair_budget=1000) == 200
    assert origins_per_chunk(0) >= 1
    mask = keep_k_nearest(np.array([0, 0, 0, 1]), np.array([3.0, 1, 2, 9]), 2)
    assert list(mask) == [False, True, True, True]
    with pytest.raises(ValueError, match="chunk_size"):
        list(od_pair_chunks(3, _fake_router(np.ones((3, 3))), chunk_size=0))
