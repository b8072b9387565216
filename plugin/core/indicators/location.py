"""Where to put N new services: maximal covering or p-median, greedy then 1-exchange (swap) improvement.

Both objectives are written as one minimisation: each origin ``o`` (weight ``w_o``, its population)
has a cost ``base_o`` without any new site and a cost ``c_so`` if site ``s`` serves it; the cost of a
set S of sites is ``sum_o w_o * min(base_o, min_{s in S} c_so)``.

- *Maximal covering* within T minutes: cost 1 when not within T, 0 when within; ``base_o`` is 0 when
  an existing service is already within T. Minimising the uncovered population maximises the covered one.
- *p-median*: cost = travel time, capped at T (an origin farther than T from every service counts T;
  this keeps people that no site can reach from dominating the mean), ``base_o`` = time to the nearest
  existing service (capped).

Only pairs that can matter are kept (``cost < base``), as sparse arrays, so travel times candidate ->
origin are bounded by T and, for p-median, by each origin's current time.

Search: greedy (add the site of largest gain, N times), then 1-exchange: swap a chosen site for an
unchosen one while the best swap lowers the cost (Teitz & Bart). Neither is guaranteed optimal:
:func:`exhaustive_optimum` enumerates every set on small instances to measure the gap.
"""

from dataclasses import dataclass
from itertools import combinations

import numpy as np

COVERING, MEDIAN = "covering", "median"
# Relative improvement below which a swap is not worth it (rounding noise of the sums).
_SWAP_EPSILON = 1e-12
# Smallest search bound (seconds), when nobody can gain from a new site.
_MIN_LIMIT_S = 1e-3


@dataclass
class LocationProblem:
    """Sparse site-origin costs; ``pair_site``/``pair_origin``/``pair_cost`` only where cost < base."""

    weights: np.ndarray
    base: np.ndarray
    pair_site: np.ndarray
    pair_origin: np.ndarray
    pair_cost: np.ndarray
    site_count: int
    objective: str

    def cost(self, chosen) -> float:
        """Total weighted cost of the set ``chosen``."""
        return float(np.dot(self.weights, self.best_costs(chosen)))

    def best_costs(self, chosen):
        """Per origin, its cost with the sites ``chosen`` added."""
        best = self.base.copy()
        keep = np.isin(self.pair_site, np.asarray(list(chosen), dtype=np.int64))
        np.minimum.at(best, self.pair_origin[keep], self.pair_cost[keep])
        return best

    def gains(self, best):
        """Per site, the weighted cost it removes when added to the state ``best`` (per-origin costs)."""
        saving = self.weights[self.pair_origin] * np.maximum(best[self.pair_origin] - self.pair_cost, 0.0)
        return np.bincount(self.pair_site, weights=saving, minlength=self.site_count)

    def dense(self):
        """(sites, origins) matrix of min(cost, base): for exhaustive enumeration on small instances."""
        matrix = np.tile(self.base, (self.site_count, 1))
        np.minimum.at(matrix, (self.pair_site, self.pair_origin), self.pair_cost)
        return matrix


def location_problem(
    objective, weights, max_time_s, pair_site, pair_origin, pair_time_s, site_count, current_time_s=None
):
    """Build the problem from travel times origin -> site (pairs within ``max_time_s``).

    ``current_time_s``: per origin, time to the nearest existing service (NaN/inf = none; None = no
    existing service). ``max_time_s`` is T, the covering radius or the p-median cap.
    """
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if max_time_s is None or not max_time_s > 0:
        raise ValueError("max_time_s (T) must be > 0")
    current = np.full(n, np.inf) if current_time_s is None else np.asarray(current_time_s, dtype=float)
    current = np.where(np.isfinite(current), current, np.inf)
    pair_site = np.asarray(pair_site, dtype=np.int64)
    pair_origin = np.asarray(pair_origin, dtype=np.int64)
    pair_time = np.asarray(pair_time_s, dtype=float)
    within = pair_time <= max_time_s
    if objective == COVERING:
        base = np.where(current <= max_time_s, 0.0, 1.0)
        cost = np.zeros(int(within.sum()))
    elif objective == MEDIAN:
        base = np.minimum(current, max_time_s)
        cost = pair_time[within]
    else:
        raise ValueError(f"unknown objective {objective!r}")
    pair_site, pair_origin = pair_site[within], pair_origin[within]
    useful = (cost < base[pair_origin]) & (weights[pair_origin] > 0)
    return LocationProblem(
        weights, base, pair_site[useful], pair_origin[useful], cost[useful], int(site_count), objective
    )


def search_limit_s(objective, weights, max_time_s, current_time_s=None):
    """How far the origin -> candidate searches must go: nothing beyond can change the objective.

    Covering: T. p-median: an origin only gains from a site nearer than its current service (capped at T),
    so the searches stop at the largest such time over the people (T when someone has no service).
    """
    if objective == COVERING or current_time_s is None:
        return float(max_time_s)
    current = np.asarray(current_time_s, dtype=float)[np.asarray(weights, dtype=float) > 0]
    largest = np.max(np.where(np.isfinite(current), current, np.inf)) if len(current) else 0.0
    # Never 0: bounded_travel_times reads 0 as "no bound".
    return float(max(min(max_time_s, largest), _MIN_LIMIT_S))


def greedy(problem, count, fixed=()):
    """Add ``count`` sites one by one, each the one that lowers the cost most (ties: lowest index)."""
    chosen = list(fixed)
    best = problem.best_costs(chosen)
    for _ in range(count):
        gains = problem.gains(best)
        gains[chosen] = -1.0
        if len(chosen) >= problem.site_count:
            break
        site = int(np.argmax(gains))
        chosen.append(site)
        keep = problem.pair_site == site
        np.minimum.at(best, problem.pair_origin[keep], problem.pair_cost[keep])
    return chosen


def swap_improve(problem, chosen, max_rounds=1000):
    """1-exchange: replace one chosen site by an unchosen one while the best such swap lowers the cost."""
    chosen = list(chosen)
    cost = problem.cost(chosen)
    for _ in range(max_rounds):
        best_swap, best_cost = None, cost
        for position in range(len(chosen)):
            others = [site for index, site in enumerate(chosen) if index != position]
            without = problem.best_costs(others)
            gains = problem.gains(without)
            gains[chosen] = -np.inf
            site = int(np.argmax(gains))
            candidate_cost = float(np.dot(problem.weights, without)) - gains[site]
            if candidate_cost < best_cost - _SWAP_EPSILON * max(abs(cost), 1.0):
                best_swap, best_cost = (position, site), candidate_cost
        if best_swap is None:
            break
        chosen[best_swap[0]] = best_swap[1]
        cost = problem.cost(chosen)
    return chosen


def exhaustive_optimum(problem, count):
    """The optimal set by enumeration of every combination (small instances only: sites <= ~30, N <= 3)."""
    count = min(count, problem.site_count)
    matrix = problem.dense() * problem.weights[None, :]
    weighted_base = problem.base * problem.weights
    if count == 0:
        return [], float(weighted_base.sum())
    best_cost, best_set = np.inf, None
    # Enumerate the first N-1 sites, vectorise over the last one.
    for head in combinations(range(problem.site_count), count - 1):
        partial = weighted_base if not head else np.min(matrix[list(head)], axis=0)
        start = head[-1] + 1 if head else 0
        if start >= problem.site_count:
            continue
        costs = np.minimum(partial[None, :], matrix[start:]).sum(axis=1)
        index = int(np.argmin(costs))
        if costs[index] < best_cost:
            best_cost, best_set = float(costs[index]), list(head) + [start + index]
    return best_set, best_cost


@dataclass
class LocationResult:
    """Chosen sites in order of their contribution, with the weighted cost removed by each."""

    sites: list
    gain: np.ndarray  # weighted cost removed by each site given those before it
    served: np.ndarray  # weight (population) whose cost this site lowers, given those before it
    cost_after: np.ndarray  # total weighted cost after each site
    base_cost: float


def choose_sites(problem, count, improve=True):
    """Greedy + 1-exchange, then the chosen sites re-ordered greedily so each row says what it adds."""
    chosen = greedy(problem, count)
    if improve:
        chosen = swap_improve(problem, chosen)
    order, best = [], problem.base.copy()
    gains, served, costs = [], [], []
    remaining = list(chosen)
    while remaining:
        site_gains = problem.gains(best)
        site = max(remaining, key=lambda s: (site_gains[s], -s))
        remaining.remove(site)
        keep = problem.pair_site == site
        origins, cost = problem.pair_origin[keep], problem.pair_cost[keep]
        better = cost < best[origins]
        served.append(float(problem.weights[origins[better]].sum()))
        gains.append(float(site_gains[site]))
        np.minimum.at(best, origins, cost)
        order.append(site)
        costs.append(float(np.dot(problem.weights, best)))
    return LocationResult(
        order, np.array(gains), np.array(served), np.array(costs), float(np.dot(problem.weights, problem.base))
    )


def times_with_sites(current_time_s, pair_site, pair_origin, pair_time_s, chosen, origin_count=None):
    """Per origin, the time to the nearest service once ``chosen`` sites are open, and which site serves it.

    ``current_time_s``: time to the nearest existing service (NaN/inf = none, None = no existing
    service). ``origin_count`` is needed when it is None: origins beyond the last one any site reaches
    have no pair, so the pairs alone cannot tell how many origins there are.
    Returns (time_s with NaN when nothing is reached, index of the chosen site that is strictly
    faster than the existing services, -1 when none is).
    """
    pair_origin = np.asarray(pair_origin, dtype=np.int64)
    if current_time_s is not None:
        n = len(current_time_s)
    elif origin_count is not None:
        n = int(origin_count)
    else:
        n = int(pair_origin.max()) + 1 if len(pair_origin) else 0
    current = np.full(n, np.inf) if current_time_s is None else np.asarray(current_time_s, dtype=float)
    time = np.where(np.isfinite(current), current, np.inf)
    site = np.full(n, -1, dtype=np.int64)
    keep = np.isin(pair_site, np.asarray(list(chosen), dtype=np.int64))
    # Fastest first, so the first pair met for an origin is its best one.
    order = np.argsort(np.asarray(pair_time_s)[keep], kind="stable")
    origins = pair_origin[keep][order]
    times = np.asarray(pair_time_s)[keep][order]
    sites = np.asarray(pair_site)[keep][order]
    first = np.unique(origins, return_index=True)[1]
    better = times[first] < time[origins[first]]
    time[origins[first][better]] = times[first][better]
    site[origins[first][better]] = sites[first][better]
    return np.where(np.isfinite(time), time, np.nan), site
