"""Coverage engine: hand-checked cases, properties on random data, bad input."""

import numpy as np
import pytest

from vigie.plugin.core.indicators.coverage import (
    Membership,
    coverage_by_area,
    coverage_columns,
    membership_from_codes,
)
from vigie.plugin.core.indicators.values import numeric_column, parse_thresholds, threshold_suffix


def test_hand_checked_split_cell():
    """Four cells: populations 100, 200, 300, 400; times 5, 15, unreached, 25 minutes.

    Area A holds cell 0 and half of cell 1; area B the other half of cell 1, cells 2 and 3.
    A: total 100 + 100 = 200; <=10: 100 (50 %); <=20: 200 (100 %); mean (100*5 + 100*15)/200 = 10;
       weighted median: cumulative 100 of 200 reached at t = 5 -> 5.
    B: total 100 + 300 + 400 = 800; <=10: 0; <=20: 100 (12.5 %); <=30: 500 (62.5 %); unreached 300;
       mean over reached (100*15 + 400*25)/500 = 23; median: half of 500 = 250, reached at t = 25.
    Territory: 1000; <=10 100, <=20 300, <=30 700; unreached 300; mean 13500/700 = 19.2857; median 25.
    """
    membership = Membership([0, 1, 1, 2, 3], [0, 0, 1, 1, 1], [1, 0.5, 0.5, 1, 1])
    table = coverage_by_area([100, 200, 300, 400], [5, 15, np.nan, 25], [10, 20, 30], membership)
    a, b, total = (table.iloc[i] for i in range(3))
    assert list(table["is_total"]) == [0, 0, 1]
    assert (a.pop_total, a.pop_le_10, a.pop_le_20, a.pop_le_30) == (200, 100, 200, 200)
    assert (a.share_le_10, a.share_le_20, a.pop_unreached) == (50, 100, 0)
    assert a.mean_time_min == pytest.approx(10) and a.median_time_min == 5
    assert (b.pop_total, b.pop_le_10, b.pop_le_20, b.pop_le_30, b.pop_unreached) == (800, 0, 100, 500, 300)
    assert (b.share_le_10, b.share_le_20, b.share_le_30) == (0, 12.5, 62.5)
    assert b.mean_time_min == pytest.approx(23) and b.median_time_min == 25
    assert (total.pop_total, total.pop_le_10, total.pop_le_20, total.pop_le_30) == (1000, 100, 300, 700)
    assert total.pop_unreached == 300
    assert total.mean_time_min == pytest.approx(13500 / 700) and total.median_time_min == 25


def test_no_areas_gives_only_the_territory_row():
    table = coverage_by_area([10, 30], [12, 40], [15, 45])
    assert len(table) == 1 and table.iloc[0].area_index == -1
    assert table.iloc[0].share_le_15 == 25 and table.iloc[0].share_le_45 == 100
    # Median: cumulative 10 of 40 at t=12 is below half; 40 at t=40 reaches it.
    assert table.iloc[0].median_time_min == 40


def test_area_without_population_has_a_row_with_empty_shares():
    membership = Membership([0], [0], [1.0])
    table = coverage_by_area([50], [3], [10], membership, area_count=2)
    assert table.iloc[1].pop_total == 0
    assert np.isnan(table.iloc[1].share_le_10) and np.isnan(table.iloc[1].mean_time_min)


def test_membership_from_codes_skips_empty_codes():
    membership, codes = membership_from_codes(["05061", None, "05001", "05061", "", "NULL"])
    assert codes == ["05061", "05001"]
    assert list(membership.feature) == [0, 2, 3] and list(membership.area) == [0, 1, 0]
    table = coverage_by_area([1, 2, 3, 4, 5, 6], [1, 1, 50, 9, 1, 1], [10], membership)
    assert list(table.pop_total) == [5, 3, 8]
    assert list(table.pop_le_10) == [5, 0, 5]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_properties_on_random_split_cells(seed):
    rng = np.random.default_rng(seed)
    n, areas = 400, 7
    population = rng.gamma(2.0, 20.0, n) * (rng.random(n) > 0.1)
    times = np.where(rng.random(n) < 0.15, np.nan, rng.exponential(15.0, n))
    # Each cell in one or two areas; some cells partly outside every area (fractions sum < 1).
    first = rng.integers(0, areas, n)
    second = (first + rng.integers(1, areas, n)) % areas
    split = rng.random(n)
    outside = np.where(rng.random(n) < 0.1, 0.3, 0.0)
    membership = Membership(
        np.r_[np.arange(n), np.arange(n)],
        np.r_[first, second],
        np.r_[split * (1 - outside), (1 - split) * (1 - outside)],
    )
    thresholds = [10, 20, 30]
    table = coverage_by_area(population, times, thresholds, membership, areas)
    per_area, total = table[table.is_total == 0], table[table.is_total == 1].iloc[0]
    for column in ["pop_total", "pop_le_10", "pop_le_20", "pop_le_30", "pop_unreached"]:
        assert per_area[column].sum() == pytest.approx(total[column])
    expected_total = float((population * (1 - outside)).sum())
    assert total.pop_total == pytest.approx(expected_total)
    for column in ["share_le_10", "share_le_20", "share_le_30"]:
        shares = table[column].dropna()
        assert ((shares >= 0) & (shares <= 100 + 1e-9)).all()
    assert (table.pop_le_10 <= table.pop_le_20 + 1e-9).all() and (table.pop_le_20 <= table.pop_le_30 + 1e-9).all()
    assert (table.pop_le_30 + table.pop_unreached <= table.pop_total + 1e-6).all()
    reached = ~np.isnan(table.mean_time_min)
    assert (table.median_time_min[reached] >= 0).all()
    assert table.mean_time_min[reached].max() <= np.nanmax(times)


def test_median_matches_numpy_on_equal_weights():
    rng = np.random.default_rng(7)
    times = rng.random(101) * 60
    table = coverage_by_area(np.ones(101), times, [30])
    assert table.iloc[0].median_time_min == pytest.approx(np.median(times))


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="population"):
        coverage_by_area([1, -2], [1, 2], [10])
    with pytest.raises(ValueError, match="population"):
        coverage_by_area([1, np.nan], [1, 2], [10])
    with pytest.raises(ValueError, match="increasing"):
        coverage_by_area([1, 2], [1, 2], [20, 10])
    with pytest.raises(ValueError, match="times"):
        coverage_by_area([1, 2], [1, -2], [10])
    with pytest.raises(ValueError, match="feature"):
        coverage_by_area([1], [1], [10], Membership([3], [0], [1]))


def test_numeric_column_classifies_values():
    column = numeric_column([1, "2", "12,5", None, "", "abc", -3, float("nan"), "NULL", True])
    assert np.allclose(column.values[:3], [1, 2, 12.5])
    assert column.null_count == 4 and column.text_count == 2 and column.text_examples == ["abc", "True"]
    assert column.negative_count == 1 and column.valid_count == 4


def test_thresholds_parsing():
    assert parse_thresholds("10,20,30") == [10, 20, 30]
    assert parse_thresholds("5; 7.5 ;10") == [5, 7.5, 10]
    for bad, message in [
        ("20,10", "increasing"),
        ("10,10", "increasing"),
        ("", "no threshold"),
        ("a,b", "number"),
        ("0,5", "positive"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_thresholds(bad)
    assert threshold_suffix(10.0) == "10" and threshold_suffix(7.5) == "7_5"
    assert coverage_columns([7.5])[1:3] == ["pop_le_7_5", "share_le_7_5"]
