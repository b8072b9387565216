"""Service basket engine: per-category searches against one search per category, basket mean and areas by hand."""

import numpy as np
import pytest

from vigie.plugin.core.indicators.basket import (
    absent_categories,
    basket_by_area,
    basket_table,
    category_travel_times,
)
from vigie.plugin.core.indicators.coverage import Membership
from vigie.plugin.core.routing import BACKWARD, BOTH, FORWARD, build_graph, nearest_service_times


def _street_grid(seed):
    """A jittered 8 x 8 grid of streets with random speeds and one-ways, and an island."""
    rng = np.random.default_rng(seed)
    size, step = 8, 250.0
    grid = np.stack(np.meshgrid(np.arange(size), np.arange(size)), axis=-1).reshape(-1, 2) * step
    point = (grid + rng.normal(0, 25, grid.shape)).reshape(size, size, 2)
    parts = [point[i, :, :] for i in range(size)] + [point[:, i, :] for i in range(size)]
    # Vertices along the streets (pass-through nodes, as in OSM ways), and a one-way loop on a dead end.
    parts = [np.concatenate([np.linspace(p, q, 4, endpoint=False) for p, q in zip(part[:-1], part[1:])] + [part[-1:]])
             for part in parts]  # fmt: skip
    parts.append(np.array([[1750.0, 1750.0], [1900.0, 1750.0], [1900.0, 1900.0], [1750.0, 1900.0], [1750.0, 1750.0]]))
    parts.append(np.array([[5000.0, 5000.0], [5400.0, 5000.0]]))
    speeds = rng.choice([20.0, 30.0, 50.0, 80.0], size=len(parts))
    directions = rng.choice([BOTH, BOTH, FORWARD, BACKWARD], size=len(parts)).astype(np.int8)
    return build_graph(parts, speeds, directions), rng


def test_contraction_keeps_every_time_between_kept_nodes():
    """Times between junctions and kept nodes on the contracted graph equal those on the full graph."""
    from scipy.sparse.csgraph import dijkstra

    from vigie.plugin.core.indicators.basket import _contracted_reversed

    graph, rng = _street_grid(7)
    keep = np.zeros(graph.n_nodes, dtype=bool)
    keep[rng.choice(graph.n_nodes, 25, replace=False)] = True
    matrix, new_index = _contracted_reversed(graph, keep)
    kept = np.flatnonzero(new_index >= 0)
    assert matrix.shape[0] == len(kept) < graph.n_nodes / 2
    full = dijkstra(graph.transposed_time_matrix, indices=kept[:10])[:, kept]
    small = dijkstra(matrix, indices=new_index[kept[:10]])
    assert np.array_equal(np.isfinite(full), np.isfinite(small))
    assert small[np.isfinite(small)] == pytest.approx(full[np.isfinite(full)], rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("distances", [True, False])
@pytest.mark.parametrize(("seed", "access"), [(1, 0.0), (2, 5.0), (3, 0.0), (5, 0.0)])
def test_each_category_equals_its_own_nearest_search(seed, access, distances):
    """distances=False searches the graph with its pass-through vertices contracted: same times."""
    graph, rng = _street_grid(seed)
    origins = rng.uniform(-100, 1900, size=(120, 2))
    origins[-1] = (5200, 5010)  # on the island: reaches nothing
    services = rng.uniform(0, 1750, size=(30, 2))
    categories = rng.choice(["pharmacy", "baker", "school"], size=30)
    categories[0] = "doctor"  # a category with a single point

    results = dict(
        category_travel_times(graph, origins, services, categories, access_speed_kmh=access, distances=distances)
    )

    assert list(results) == ["baker", "doctor", "pharmacy", "school"]
    for category, result in results.items():
        members = np.flatnonzero(categories == category)
        alone = nearest_service_times(graph, origins, services[members], access_speed_kmh=access)
        assert np.isnan(result.time_s[-1]) and result.dest_index[-1] == -1
        reached = alone.dest_index >= 0
        assert np.array_equal(result.dest_index >= 0, reached)
        assert result.time_s[reached] == pytest.approx(alone.time_s[reached], rel=1e-9, abs=1e-6)
        if distances:
            assert result.dist_m[reached] == pytest.approx(alone.dist_m[reached], rel=1e-9, abs=1e-6)
        else:
            assert np.isnan(result.dist_m).all()
        # dest_index points into all services, at a point of this category.
        assert np.all(categories[result.dest_index[reached]] == category)
        assert np.array_equal(members[alone.dest_index[reached]], result.dest_index[reached])


def test_only_sets_order_skips_absent_and_max_time_bounds():
    graph, rng = _street_grid(4)
    origins = rng.uniform(0, 1750, size=(50, 2))
    services = rng.uniform(0, 1750, size=(10, 2))
    categories = ["a"] * 5 + ["b"] * 5
    out = list(category_travel_times(graph, origins, services, categories, only=["b", "zzz", "a"], max_time_s=60))
    assert [name for name, _ in out] == ["b", "a"]
    for _, result in out:
        reached = result.dest_index >= 0
        assert np.all(result.time_s[reached] <= 60) and np.all(np.isnan(result.time_s[~reached]))
        assert (~reached).any()
    calls = []
    cancelled = list(
        category_travel_times(
            graph, origins, services, categories, is_canceled=lambda: calls.append(1) or len(calls) > 1
        )
    )
    assert [name for name, _ in cancelled] == ["a"]
    no_dist = dict(category_travel_times(graph, origins, services, categories, distances=False))
    assert np.all(np.isnan(no_dist["a"].dist_m)) and np.isfinite(no_dist["a"].time_s).any()


def test_basket_mean_far_and_absent_by_hand():
    """Three origins, basket (shop, school, doctor); no doctor in the territory.

    origin 0: shop 2, school 4 -> mean 3, max 4, within 5: 2, not far (3 <= 7);
    origin 1: shop 6, school 12 -> mean 9, max 12, within 5: 0, within 10: 1, far;
    origin 2: shop 7, school unreached -> mean unknown, far NULL, within 10: 1.
    The absent doctor is reported and left out of the mean (not a 0, not a NULL that would drag it).
    """
    times = {"shop": np.array([2.0, 6.0, 7.0]), "school": np.array([4.0, 12.0, np.nan])}
    frame = basket_table(times, ["shop", "school", "doctor"], far_min=7.0, thresholds=(5, 10))
    assert list(frame.columns) == [
        "t_shop",
        "t_school",
        "basket_mean_min",
        "basket_max_min",
        "n_within_5",
        "n_within_10",
        "far",
    ]
    assert frame["basket_mean_min"].tolist()[:2] == [3.0, 9.0] and np.isnan(frame["basket_mean_min"][2])
    assert frame["basket_max_min"].tolist()[:2] == [4.0, 12.0]
    assert frame["n_within_5"].tolist() == [2, 0, 0]
    assert frame["n_within_10"].tolist() == [2, 1, 1]
    assert frame["far"].tolist()[:2] == [0, 1] and frame["far"].isna().tolist() == [False, False, True]
    assert frame.attrs["absent_categories"] == ["doctor"]
    assert absent_categories(times, ["doctor", "shop"]) == ["doctor"]
    # Exactly at the threshold is not far: 7 is not more than 7.
    assert basket_table({"x": np.array([7.0])}, ["x"])["far"].tolist() == [0]


def test_basket_by_area_by_hand():
    """Four origins: A holds origins 0 and 1, B holds origin 2 and half of origin 3.

    basket means 3, 9, 12, unknown; population 10, 30, 20, 40 (origin 3 gives 20 to B).
    A: pop 40, mean of basket mean = (10*3 + 30*9) / 40 = 7.5, weighted median 9 (30 of 40 at 9),
       far 30 -> share 75 %. B: pop 40, mean 12 over the 20 people known, far 20 of 20 known = 100 %,
       unknown 20. Territory: pop 80, far 50 of 60 known = 83.33 %.
    """
    times = {"shop": np.array([2.0, 6.0, 12.0, 1.0]), "school": np.array([4.0, 12.0, 12.0, np.nan])}
    frame = basket_table(times, ["shop", "school"], far_min=7.0)
    membership = Membership([0, 1, 2, 3], [0, 0, 1, 1], [1.0, 1.0, 1.0, 0.5])
    areas = basket_by_area([10, 30, 20, 40], frame, membership, area_count=2)
    a, b, total = (areas.iloc[i] for i in range(3))
    assert [a["pop_total"], b["pop_total"], total["pop_total"]] == [40, 40, 80]
    assert a["mean_basket_mean_min"] == pytest.approx(7.5) and a["med_basket_mean_min"] == 9.0
    assert a["pop_far"] == 30 and a["share_far"] == pytest.approx(75.0)
    assert b["mean_basket_mean_min"] == pytest.approx(12.0) and b["pop_unknown"] == 20
    assert b["share_far"] == pytest.approx(100.0)
    assert b["mean_t_shop"] == pytest.approx((20 * 12 + 20 * 1) / 40)
    assert total["share_far"] == pytest.approx(100 * 50 / 60) and total["is_total"] == 1
    assert [a["pop_0_4"], a["pop_7_10"], b["pop_10_15"], total["pop_15p"]] == [10, 30, 20, 0]
