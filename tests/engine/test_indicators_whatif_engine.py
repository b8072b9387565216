"""What-if engines on hand-computed cases: scenario changes, site choice (greedy, swap, optimum), comparison."""

import numpy as np
import pytest

from vigie.plugin.core.indicators.compare import AFTER_ONLY, BEFORE_ONLY, BOTH, change_summary, compare_results
from vigie.plugin.core.indicators.coverage import Membership
from vigie.plugin.core.indicators.location import (
    COVERING,
    MEDIAN,
    choose_sites,
    exhaustive_optimum,
    greedy,
    location_problem,
    search_limit_s,
    swap_improve,
    times_with_sites,
)
from vigie.plugin.core.indicators.scenario import ScenarioTimes, scenario_changes, scenario_times
from vigie.plugin.core.routing import build_graph

NAN = np.nan


def test_scenario_changes_by_hand():
    # Four origins: 10 -> 25 min (crosses 20 outward), 5 -> 5 (same service), 30 -> 12 (inward), 8 -> none.
    result = ScenarioTimes(
        time_before=np.array([10.0, 5.0, 30.0, 8.0]),
        time_after=np.array([25.0, 5.0, 12.0, NAN]),
        dest_before=np.array([0, 1, 0, 0]),
        dest_after=np.array([2, 1, 3, -1]),
        snap_m=np.zeros(4),
    )
    people = np.array([100.0, 50.0, 20.0, 10.0])
    membership = Membership([0, 1, 2, 3], [0, 0, 1, 1], [1, 1, 1, 1])
    table = scenario_changes(people, result, [10, 20], membership, 3)
    area0, area1, area2, total = (table.iloc[i] for i in range(4))
    assert area0.pop_total == 150 and area0.pop_out_20 == 100 and area0.pop_out_10 == 100 and area0.pop_in_20 == 0
    assert area0.mean_delta_min == pytest.approx((100 * 15 + 50 * 0) / 150)
    assert area0.median_delta_min == 15  # 100 of the 150 people lose 15 minutes
    assert area1.pop_in_20 == 20 and area1.pop_in_10 == 0 and area1.pop_out_10 == 10 and area1.pop_lost == 10
    assert area1.mean_delta_min == -18 and area1.pop_dest_changed == 30
    assert area2.pop_total == 0 and np.isnan(area2.mean_delta_min)
    assert total.is_total == 1 and total.pop_total == 180 and total.net_le_20 == 20 - 100 - 10
    assert total.pop_dest_changed == 130


def test_scenario_times_on_a_straight_road():
    # One two-way road 0..20 km at 60 km/h: 1 minute per km. Origins at 2 and 15 km, services at 0 and 20 km.
    graph = build_graph([np.array([[0.0, 0.0], [10000.0, 0.0], [20000.0, 0.0]])], [60.0], np.array([0], np.int8))
    origins = np.array([[2000.0, 0.0], [15000.0, 0.0]])
    services = np.array([[0.0, 0.0], [20000.0, 0.0]])
    result = scenario_times(graph, origins, services, [True, False], np.array([[14000.0, 0.0]]))
    np.testing.assert_allclose(result.time_before, [2.0, 5.0])
    np.testing.assert_allclose(result.time_after, [12.0, 1.0])
    assert list(result.dest_before) == [0, 1] and list(result.dest_after) == [2, 2]
    np.testing.assert_allclose(result.delta_min, [10.0, -4.0])
    with pytest.raises(ValueError):
        scenario_times(graph, origins, services, [True])
    # No service today, one site opens: everybody goes from no time to a time.
    opened_only = scenario_times(graph, origins, np.zeros((0, 2)), [], np.array([[14000.0, 0.0]]))
    assert np.isnan(opened_only.time_before).all() and list(opened_only.dest_after) == [0, 0]
    np.testing.assert_allclose(opened_only.time_after, [12.0, 1.0])


def _covering_trap():
    """Site 0 covers the four middle origins; sites 1 and 2 each cover two of them and one end: greedy takes 0."""
    pairs = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 4), (2, 2), (2, 3), (2, 5)]
    site, origin = np.array(pairs).T
    return location_problem(COVERING, np.ones(6), 600.0, site, origin, np.full(len(pairs), 300.0), 3)


def test_greedy_falls_in_the_trap_and_swap_gets_out():
    problem = _covering_trap()
    assert greedy(problem, 2) == [0, 1]
    assert problem.cost([0, 1]) == 1  # five of six covered
    assert sorted(swap_improve(problem, [0, 1])) == [1, 2]
    best, cost = exhaustive_optimum(problem, 2)
    assert sorted(best) == [1, 2] and cost == 0
    result = choose_sites(problem, 2)
    assert sorted(result.sites) == [1, 2] and list(result.served) == [3, 3] and list(result.cost_after) == [3, 0]


def test_p_median_by_hand_with_an_existing_service():
    # Origins (weights 1, 2, 1): existing service at 10, 10, none (capped at T = 30 min); two candidates.
    minute = 60.0
    problem = location_problem(
        MEDIAN,
        np.array([1.0, 2.0, 1.0]),
        30 * minute,
        [0, 0, 1, 1],
        [0, 2, 1, 2],
        np.array([4, 40, 5, 20]) * minute,  # 40 min is beyond T: dropped
        2,
        np.array([10, 10, NAN]) * minute,
    )
    assert list(problem.base / minute) == [10, 10, 30]
    assert problem.cost([]) / minute == 1 * 10 + 2 * 10 + 30
    # Site 1 saves 2 * 5 + 10 = 20 minutes; site 0 saves 6.
    assert greedy(problem, 1) == [1]
    assert problem.cost([0, 1]) / minute == 4 + 2 * 5 + 20
    time, site = times_with_sites(
        np.array([10, 10, NAN]) * minute, [0, 0, 1, 1], [0, 2, 1, 2], np.array([4, 40, 5, 20]) * minute, [1]
    )
    np.testing.assert_allclose(time / minute, [10, 5, 20])
    assert list(site) == [-1, 1, 1]
    # No existing service: the last origin, which no site reaches, is still counted (NaN, no site).
    time, site = times_with_sites(None, [0, 1], [0, 1], np.array([4, 5]) * minute, [0, 1], origin_count=3)
    np.testing.assert_allclose(time / minute, [4, 5, NAN])
    assert list(site) == [0, 1, -1]


def test_search_limit_is_what_can_matter():
    weights = np.array([1.0, 2.0, 0.0])
    assert search_limit_s(COVERING, weights, 900.0, [100.0, 200.0, 5000.0]) == 900.0
    # p-median: nobody gains from a site farther than their current service; the empty origin does not count.
    assert search_limit_s(MEDIAN, weights, 900.0, [100.0, 200.0, 5000.0]) == 200.0
    assert search_limit_s(MEDIAN, weights, 900.0, [100.0, NAN, 50.0]) == 900.0
    assert search_limit_s(MEDIAN, weights, 900.0, None) == 900.0
    assert 0 < search_limit_s(MEDIAN, weights, 900.0, [0.0, 0.0, 10.0]) < 1  # nobody can gain: a bound, not 0


def test_location_problem_refuses_a_zero_time():
    with pytest.raises(ValueError):
        location_problem(COVERING, np.ones(2), 0.0, [], [], [], 1)


def test_compare_results_by_hand():
    comparison = compare_results(
        ["a", "b", "c"],
        {"time_min": [10.0, 20.0, NAN], "share": [50.0, 60.0, 70.0]},
        ["b", "c", "d"],
        {"time_min": [15.0, 5.0, 1.0], "share": [40.0, 70.0, 10.0]},
    )
    rows = comparison.set_index("key")
    assert list(comparison.key) == ["b", "c", "d", "a"]
    assert (
        rows.loc["b", "status"] == BOTH
        and rows.loc["d", "status"] == AFTER_ONLY
        and rows.loc["a", "status"] == BEFORE_ONLY
    )
    assert rows.loc["b", "time_min_delta"] == -5 and rows.loc["b", "share_delta"] == -20
    assert np.isnan(rows.loc["c", "time_min_delta"]) and rows.loc["c", "share_delta"] == 0
    assert np.isnan(rows.loc["a", "time_min_after"])
    summary = change_summary(comparison, ["share"], weights=[3.0, 1.0, 1.0, 1.0])
    assert summary["share"] == pytest.approx(((3 * 60 + 70) / 4, (3 * 40 + 70) / 4, -60 / 4))
    with pytest.raises(ValueError, match="more than once"):
        compare_results(["a", "a"], {"x": [1, 2]}, ["a"], {"x": [1]})
