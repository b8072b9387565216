"""Isochrone segments and OD chunks: small hand-made graphs."""

import numpy as np
import pytest

from vigie.plugin.core.indicators.isochrones import band_grid, band_limits, sample_edge_times, unique_undirected_edges
from vigie.plugin.core.indicators.od_matrix import keep_k_nearest, od_pair_chunks, origins_per_chunk

LINE_XY = np.array([[0, 0], [1000, 0], [2000, 0]], dtype=float)
LINE_EDGES = (np.array([0, 1]), np.array([1, 2]), np.array([60.0, 60.0]))


def _row_extent(grid, band_class, y=0.0):
    """Smallest and largest cell-centre x of a class on the grid row holding ``y``."""
    row = int((grid.y_max - y) // grid.cell_m)
    cols = np.flatnonzero(grid.classes[row] == band_class)
    centres = grid.x_min + (cols + 0.5) * grid.cell_m
    return centres.min(), centres.max()


def test_band_grid_on_a_line():
    """Nodes at x = 0, 1000, 2000 m; edges of 60 s; the service at node 0 (node times 0, 60, 120 s).

    Along the road the time is 0.06 s per metre. Bands 1 and 1.5 minutes, corridor 100 m, cells 25 m:
    band 1 (<= 60 s) reaches x = 1000 and its corridor x = 1100; band 2 (60–90 s) reaches x = 1500,
    plus the corridor: 1600. Beyond, nothing. A cell at x = 1550 takes the time of the road at 1450: 87 s.
    """
    grid = band_grid(LINE_XY, LINE_EDGES, np.array([0.0, 60, 120]), [1, 1.5], corridor_m=100, cell_m=25)
    assert grid.cell_m == 25
    low, high = _row_extent(grid, 1)
    assert -112.5 <= low <= -87.5 and 1075 <= high <= 1112.5
    low2, high2 = _row_extent(grid, 2)
    assert 1087.5 <= low2 <= 1137.5 and 1575 <= high2 <= 1612.5
    row = int(grid.y_max // grid.cell_m)
    col = int((1550 - grid.x_min) // grid.cell_m)
    assert grid.time_s[row, col] == pytest.approx(0.06 * (1550 - 100), abs=0.06 * 25)
    # Nothing far from the road, and the bands never share a cell (one class per cell).
    assert not grid.classes[: max(row - 6, 0)].any()
    assert set(np.unique(grid.classes)) == {0, 1, 2}


def test_band_grid_from_both_ends_and_unreached():
    """Services at both ends (node times 0 and 0) of a 100 s, 1000 m edge: within 30 s, 300 m from each end."""
    node_xy = np.array([[0, 0], [1000, 0]], dtype=float)
    edges = (np.array([0]), np.array([1]), np.array([100.0]))
    grid = band_grid(node_xy, edges, np.array([0.0, 0.0]), [0.5], corridor_m=20, cell_m=10)
    row = int(grid.y_max // grid.cell_m)
    centres = grid.x_min + (np.flatnonzero(grid.classes[row] == 1) + 0.5) * grid.cell_m
    assert centres.max() == pytest.approx(1015, abs=10) and centres.min() == pytest.approx(-15, abs=10)
    middle = (centres > 340) & (centres < 660)
    assert not middle.any()
    empty = band_grid(node_xy, edges, np.array([np.inf, np.inf]), [5], corridor_m=20)
    assert empty.classes.size == 0
    with pytest.raises(ValueError, match="increasing"):
        band_grid(node_xy, edges, np.array([0.0, 0.0]), [5, 5], corridor_m=20)
    with pytest.raises(ValueError, match="corridor"):
        band_grid(node_xy, edges, np.array([0.0, 0.0]), [5], corridor_m=0)


def test_sample_edge_times_interpolates_from_the_closer_end():
    xy, time_s = sample_edge_times(LINE_XY, *LINE_EDGES, np.array([0.0, 60, 120]), 90, spacing_m=250)
    assert xy[:, 0].max() == pytest.approx(1500)
    assert np.allclose(time_s, 0.06 * xy[:, 0])


def test_unique_undirected_edges_keeps_order_and_shorter_time():
    src, dst, time_s = unique_undirected_edges([0, 1, 1, 2, 3], [1, 0, 2, 1, 3], [10, 8, 5, 5, 1])
    assert list(zip(src, dst, time_s)) == [(1, 0, 8), (1, 2, 5)]
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
