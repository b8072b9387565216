"""What if a service closes or opens: nearest-service times before and after, and what changes.

Both states are searched on the same graph with the same attachment of the points: origins,
today's services and the new sites are tied to the roads in one ``tie_points`` call, then one
multi-source Dijkstra runs per state (``nearest_among_tied``). The "after" state is today's
services minus the closed ones plus the opened ones, so the two searches differ only by their
destinations and their difference is the effect of the change alone.

Per origin: ``time_before``, ``time_after`` (minutes, NaN = no service reached), ``delta_min`` =
after - before (NaN unless reached in both states), ``dest_before``, ``dest_after`` (index into
the service list, opened sites numbered after today's services; -1 = none).

Per area and for the whole territory (:func:`scenario_changes`), population-weighted:
- ``pop_total``;
- ``pop_out_<T>``: people within T minutes before and not after (they cross T outward);
  ``pop_in_<T>``: within T after and not before (inward); ``net_le_<T>`` = in - out;
- ``pop_lost``: reached a service before, none after; ``pop_gained``: the reverse;
- ``mean_delta_min``, ``median_delta_min``: change of time of the people reached in both states;
- ``pop_dest_changed``: people whose nearest service is another one after the change (a service as
  near as the one they had, e.g. a site opened on top of it, is not a change).
"""

from dataclasses import dataclass

import numpy as np

from ..routing import nearest_among_tied
from ..routing.graph import tie_points
from .coverage import (
    TIME_TOLERANCE_MIN,
    _weighted_median_by_group,
    areas_then_total,
    checked_population,
    checked_thresholds,
    membership_arrays,
)
from .values import threshold_suffix

# Times closer than this are the same time (sums of edge times in another order).
_TIE_S = 1e-6


@dataclass
class ScenarioTimes:
    """Per origin, minutes (NaN = no service reached) and nearest service (-1 = none) in each state."""

    time_before: np.ndarray
    time_after: np.ndarray
    dest_before: np.ndarray
    dest_after: np.ndarray
    snap_m: np.ndarray

    @property
    def delta_min(self):
        return self.time_after - self.time_before


def scenario_times(
    graph, origins_xy, services_xy, closed, opened_xy=None, max_time_s=None, access_speed_kmh=0.0
) -> ScenarioTimes:
    """Nearest-service times before and after closing ``closed`` services and opening ``opened_xy`` sites.

    ``closed``: one flag per service of ``services_xy`` (True = closed). ``dest_after`` numbers today's services
    0..n-1 and the opened sites n, n+1… One attachment of every point, one Dijkstra per state.
    """
    origins_xy = np.asarray(origins_xy, dtype=float).reshape(-1, 2)
    services_xy = np.asarray(services_xy, dtype=float).reshape(-1, 2)
    opened_xy = np.zeros((0, 2)) if opened_xy is None else np.asarray(opened_xy, dtype=float).reshape(-1, 2)
    n_orig, n_serv, n_open = len(origins_xy), len(services_xy), len(opened_xy)
    closed_mask = np.asarray(closed, dtype=bool).reshape(-1)
    if len(closed_mask) != n_serv:
        raise ValueError("closed must hold one flag per service")
    if n_orig == 0 or graph.n_edges == 0:
        empty = np.full(n_orig, np.nan)
        none = np.full(n_orig, -1, dtype=np.int64)
        return ScenarioTimes(empty, empty.copy(), none, none.copy(), empty.copy())

    ties = tie_points(graph, np.concatenate([origins_xy, services_xy, opened_xy]))
    origin_points = np.arange(n_orig)
    service_points = n_orig + np.arange(n_serv + n_open)  # today's services, then the opened sites
    before_points = service_points[:n_serv]
    after_rows = np.concatenate([np.nonzero(~closed_mask)[0], n_serv + np.arange(n_open)])
    before = nearest_among_tied(graph, ties, origin_points, before_points, max_time_s, access_speed_kmh)
    after = nearest_among_tied(graph, ties, origin_points, service_points[after_rows], max_time_s, access_speed_kmh)
    dest_after = (
        np.where(after.dest_index >= 0, after_rows[np.maximum(after.dest_index, 0)], -1)
        if len(after_rows)
        else after.dest_index
    )
    # A tie (a site opened on top of a service, twin services at one address) is not a change of service.
    kept = (before.dest_index >= 0) & (~closed_mask[np.maximum(before.dest_index, 0)] if n_serv else False)
    tie = kept & (np.abs(after.time_s - before.time_s) <= _TIE_S)
    dest_after = np.where(tie, before.dest_index, dest_after)
    return ScenarioTimes(
        time_before=before.time_s / 60.0,
        time_after=after.time_s / 60.0,
        dest_before=before.dest_index.astype(np.int64),
        dest_after=dest_after.astype(np.int64),
        snap_m=before.snap_m,
    )


def change_columns(thresholds) -> list:
    """Output column names of :func:`scenario_changes`, in order."""
    suffixes = [threshold_suffix(t) for t in thresholds]
    columns = ["pop_total"]
    for suffix in suffixes:
        columns += [f"pop_out_{suffix}", f"pop_in_{suffix}", f"net_le_{suffix}"]
    return columns + ["pop_lost", "pop_gained", "mean_delta_min", "median_delta_min", "pop_dest_changed"]


def _changes(group, pop, times, thresholds, group_count):
    before, after, dest_before, dest_after = times
    rows = {"pop_total": np.bincount(group, weights=pop, minlength=group_count)}

    def people(mask):
        return np.bincount(group[mask], weights=pop[mask], minlength=group_count)

    reached_before, reached_after = np.isfinite(before), np.isfinite(after)
    for threshold in thresholds:
        suffix = threshold_suffix(threshold)
        within_before = reached_before & (before <= threshold + TIME_TOLERANCE_MIN)
        within_after = reached_after & (after <= threshold + TIME_TOLERANCE_MIN)
        rows[f"pop_out_{suffix}"] = people(within_before & ~within_after)
        rows[f"pop_in_{suffix}"] = people(within_after & ~within_before)
        rows[f"net_le_{suffix}"] = rows[f"pop_in_{suffix}"] - rows[f"pop_out_{suffix}"]
    rows["pop_lost"] = people(reached_before & ~reached_after)
    rows["pop_gained"] = people(reached_after & ~reached_before)
    both = reached_before & reached_after
    delta = np.where(both, after - before, 0.0)
    weight = people(both)
    with np.errstate(invalid="ignore", divide="ignore"):
        summed = np.bincount(group[both], weights=pop[both] * delta[both], minlength=group_count)
        rows["mean_delta_min"] = np.where(weight > 0, summed / weight, np.nan)
    positive = both & (pop > 0)
    rows["median_delta_min"] = _weighted_median_by_group(group[positive], delta[positive], pop[positive], group_count)
    rows["pop_dest_changed"] = people(dest_before != dest_after)
    return rows


def scenario_changes(population, result: ScenarioTimes, thresholds, membership=None, area_count=None):
    """What the change does per area, then one row for the whole territory (``area_index`` -1, ``is_total`` 1).

    ``population`` (n,) >= 0 per origin; ``membership`` a coverage.Membership of origins in areas
    (None: territory row only); ``area_count`` areas (default: max index + 1), so an area without
    origins still gets a row. The territory row aggregates what the areas received.
    """
    population = np.asarray(population, dtype=float)
    if population.shape != result.time_before.shape:
        raise ValueError("population and the scenario times must have the same length")
    population = checked_population(population)
    thresholds = checked_thresholds(thresholds)
    feature, area, fraction, area_count = membership_arrays(membership, len(population), area_count)
    pop = population[feature] * fraction
    times = (
        result.time_before[feature],
        result.time_after[feature],
        result.dest_before[feature],
        result.dest_after[feature],
    )

    def aggregate(group, group_count):
        return _changes(group, pop, times, thresholds, group_count)

    return areas_then_total(aggregate, area, area_count, change_columns(thresholds))
