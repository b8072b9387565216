"""Coverage: how many people live within N minutes of a service, per area and for the whole territory.

Inputs are plain arrays: a population and a travel time (minutes, NaN = not reached) per
population feature, and a *membership* saying which share of each feature lies in which
area. A 200 m cell straddling a commune boundary is split in proportion to its area on
each side (the QGIS side measures the intersections; here we only aggregate), so a
commune's population is the sum of the parts of the cells inside it. Points belong
wholly to the area that contains them.

Definitions (per area, and for the whole territory = every area together):
- ``pop_total``: population attributed to the area;
- ``pop_le_<T>``: population with a time <= T minutes; ``share_le_<T>`` = 100 * pop_le_<T> / pop_total
  (NaN when pop_total is 0);
- ``pop_unreached``: population with no time (no service reachable, or beyond the cut-off);
- ``mean_time_min`` and ``median_time_min``: population-weighted mean and median of the time over the
  *reached* population (NaN when nobody is reached). The weighted median is the smallest time t such that
  the people with a time <= t are at least half of the reached population.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .values import threshold_suffix

TOTAL_AREA_ID = "TOTAL"
# Travel times are sums of edge times with rounding noise: compare with thresholds with this slack (minutes).
TIME_TOLERANCE_MIN = 1e-6


@dataclass
class Membership:
    """Which share (``fraction``, 0..1) of population feature ``feature`` lies in area ``area``."""

    feature: np.ndarray
    area: np.ndarray
    fraction: np.ndarray

    def __post_init__(self):
        self.feature = np.asarray(self.feature, dtype=np.int64)
        self.area = np.asarray(self.area, dtype=np.int64)
        self.fraction = np.asarray(self.fraction, dtype=float)
        if not (len(self.feature) == len(self.area) == len(self.fraction)):
            raise ValueError("membership arrays must have the same length")
        if len(self.fraction) and (np.any(self.fraction < 0) or np.any(~np.isfinite(self.fraction))):
            raise ValueError("membership fractions must be finite and >= 0")


def membership_from_codes(codes):
    """Membership of each feature in the area named by its code (fraction 1).

    Returns (Membership, list of distinct codes in order of first appearance). Features whose
    code is None or empty belong to no area.
    """
    area_of_code, feature_list, area_list = {}, [], []
    for index, code in enumerate(codes):
        if code is None or (isinstance(code, float) and np.isnan(code)):
            continue
        key = str(code).strip()
        if not key or key.upper() == "NULL":
            continue
        feature_list.append(index)
        area_list.append(area_of_code.setdefault(key, len(area_of_code)))
    membership = Membership(
        np.array(feature_list, dtype=np.int64), np.array(area_list, dtype=np.int64), np.ones(len(feature_list))
    )
    return membership, list(area_of_code)


def membership_arrays(membership, feature_count, area_count=None):
    """(feature, area, fraction, area_count) of a Membership, checked; None = every feature in no area (count 0)."""
    if membership is None:
        count = feature_count
        return np.arange(count), np.zeros(count, dtype=np.int64), np.ones(count), 0
    feature, area, fraction = membership.feature, membership.area, membership.fraction
    if len(feature) and (feature.max() >= feature_count or feature.min() < 0):
        raise ValueError("membership refers to a feature that does not exist")
    if area_count is None:
        area_count = int(area.max()) + 1 if len(area) else 0
    if len(area) and (area.min() < 0 or area.max() >= area_count):
        raise ValueError("membership refers to an area index out of range")
    return feature, area, fraction, area_count


def checked_population(population):
    """``population`` as floats, refused (ValueError) unless finite and >= 0."""
    population = np.asarray(population, dtype=float)
    if np.any(~np.isfinite(population)) or np.any(population < 0):
        raise ValueError("population must be finite and >= 0")
    return population


def checked_thresholds(thresholds) -> list:
    """``thresholds`` as floats, refused (ValueError) unless given and strictly increasing."""
    thresholds = [float(t) for t in thresholds]
    if not thresholds or any(b <= a for a, b in zip(thresholds, thresholds[1:])):
        raise ValueError("thresholds must be given and strictly increasing")
    return thresholds


def areas_then_total(aggregate, area, area_count, columns):
    """One row per area (none when ``area_count`` is 0), then the row of the whole territory.

    ``aggregate(group, group_count)`` returns the rows of ``columns`` of ``group_count`` groups, ``group``
    giving the group of each population part: ``area`` for the areas, all in one group for the territory.
    The frame starts with ``area_index`` (-1 for the territory) and ``is_total``.
    """
    groups = [(area, area_count, np.arange(area_count), 0)] if area_count else []
    groups.append((np.zeros(len(area), dtype=np.int64), 1, -1, 1))
    frames = []
    for group, group_count, area_index, is_total in groups:
        frame = pd.DataFrame(aggregate(group, group_count), columns=columns)
        frame.insert(0, "is_total", is_total)
        frame.insert(0, "area_index", area_index)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def coverage_columns(thresholds) -> list:
    """Output column names, in order, for the given thresholds."""
    suffixes = [threshold_suffix(t) for t in thresholds]
    return (
        ["pop_total"]
        + [f"pop_le_{s}" for s in suffixes]
        + [f"share_le_{s}" for s in suffixes]
        + ["pop_unreached", "mean_time_min", "median_time_min"]
    )


def _weighted_median_by_group(group, times, weights, group_count):
    """Weighted median of ``times`` per group (lower median: first t reaching half the weight)."""
    medians = np.full(group_count, np.nan)
    if len(times) == 0:
        return medians
    order = np.lexsort((times, group))
    group, times, weights = group[order], times[order], weights[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[starts[1:], len(group)]
    cumulative = np.cumsum(weights)
    before = np.r_[0.0, cumulative][starts]
    for start, end, offset in zip(starts, ends, before):
        within = cumulative[start:end] - offset
        half = within[-1] / 2.0
        if within[-1] <= 0:
            continue
        position = int(np.searchsorted(within, half - 1e-9 * within[-1], side="left"))
        medians[group[start]] = times[start + min(position, end - start - 1)]
    return medians


def _aggregate(group, pop, times, thresholds, group_count):
    total = np.bincount(group, weights=pop, minlength=group_count)
    reached = np.isfinite(times)
    rows = {"pop_total": total}
    for threshold in thresholds:
        within = reached & (times <= threshold + TIME_TOLERANCE_MIN)
        rows[f"pop_le_{threshold_suffix(threshold)}"] = np.bincount(
            group[within], weights=pop[within], minlength=group_count
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        for threshold in thresholds:
            suffix = threshold_suffix(threshold)
            # Summation order can put pop_le a hair above pop_total: clip the rounding noise.
            share = np.minimum(100.0 * rows[f"pop_le_{suffix}"] / total, 100.0)
            rows[f"share_le_{suffix}"] = np.where(total > 0, share, np.nan)
        reached_pop = np.bincount(group[reached], weights=pop[reached], minlength=group_count)
        rows["pop_unreached"] = total - reached_pop
        weighted_time = np.bincount(group[reached], weights=pop[reached] * times[reached], minlength=group_count)
        rows["mean_time_min"] = np.where(reached_pop > 0, weighted_time / reached_pop, np.nan)
    positive = reached & (pop > 0)
    rows["median_time_min"] = _weighted_median_by_group(group[positive], times[positive], pop[positive], group_count)
    # Rounding noise of the subtraction must not show as a tiny negative population.
    rows["pop_unreached"] = np.where(
        np.abs(rows["pop_unreached"]) < 1e-9 * np.maximum(total, 1), 0.0, rows["pop_unreached"]
    )
    return rows


def coverage_by_area(population, time_min, thresholds, membership=None, area_count=None) -> pd.DataFrame:
    """Coverage indicators per area, then one last row for the whole territory.

    ``population`` (n,) >= 0, no NaN (clean it first); ``time_min`` (n,) minutes, NaN = not reached;
    ``thresholds`` strictly increasing minutes; ``membership`` a Membership (None: no areas, only the
    territory row over every feature); ``area_count`` the number of areas (default: max index + 1),
    so areas that receive no population still get a row (pop_total 0, shares NaN).

    Returns a DataFrame with ``area_index`` (-1 for the territory row), ``is_total`` and the columns of
    :func:`coverage_columns`. The territory row aggregates exactly what the areas received, so its
    populations equal the sums of the area rows.
    """
    population = np.asarray(population, dtype=float)
    time_min = np.asarray(time_min, dtype=float)
    if population.shape != time_min.shape:
        raise ValueError("population and time_min must have the same length")
    population = checked_population(population)
    if np.any(time_min < 0):
        raise ValueError("times must be >= 0")
    thresholds = checked_thresholds(thresholds)

    feature, area, fraction, area_count = membership_arrays(membership, len(population), area_count)

    pop_parts = population[feature] * fraction
    time_parts = time_min[feature]

    def aggregate(group, group_count):
        return _aggregate(group, pop_parts, time_parts, thresholds, group_count)

    return areas_then_total(aggregate, area, area_count, coverage_columns(thresholds))
