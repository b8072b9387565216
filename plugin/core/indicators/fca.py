"""Two-step floating catchment area (2SFCA): capacity per 1,000 people, aware of competition for it.

Given travel times between supply points j (capacity S_j: places, beds, doctors) and demand
points i (population P_i) within a catchment of T minutes, and a decay weight W(t) in [0, 1]:

    step 1, for each supply j:   R_j = S_j / sum_i W(t_ij) * P_i           (capacity per weighted person)
    step 2, for each demand i:   A_i = sum_j W(t_ij) * R_j                 (capacity reachable per person)

both multiplied by 1,000 in the outputs (``ratio`` and ``access_index``: per 1,000 people). A demand
point with no supply in reach gets A_i = 0; a supply with no weighted demand in reach has no ratio
(NaN) and offers nothing to anyone; a zero capacity gives R_j = 0. Summed over the demand, A_i * P_i
gives back the capacity that someone can reach (when W = 1): the index redistributes the supply.

Decay functions W(t) for 0 <= t <= T (W = 0 beyond T):

- ``none``: 1 (the original 2SFCA of Luo & Wang, 2003);
- ``stepped``: the time bands of DREES's APL ("accessibilité potentielle localisée"): weight 1 up to
  10 minutes, 2/3 from 10 to 15 minutes, 1/3 from 15 to 20 minutes, 0 beyond, for its 20-minute
  catchment (Barlet, Coldefy, Collin, Lucas-Gabrielli, *L'Accessibilité potentielle localisée (APL)*,
  DREES Études et Résultats n° 795 and Document de travail n° 124, 2012; method notes of the APL
  published by DREES since). Vigie scales the band limits with the catchment: T/2, 3T/4, T, which is
  DREES's scheme exactly when CATCHMENT = 20;
- ``gaussian``: (exp(-(t/T)^2 / 2) - exp(-1/2)) / (1 - exp(-1/2)), the Gaussian 2SFCA of Dai (2010),
  1 at t = 0 and 0 at t = T;
- ``linear``: 1 - t/T.

Age-standardised demand (DREES's APL): P_i = sum over age classes c of people_ic * w_c, where w_c is
DREES's relative consumption of GP care of the age band (``reference.basket.drees_age_band_weights``,
by edition; 2022: <5 0.93 … 90+ 2.39). Filosofi cells give age classes (0–3, 4–5, 6–10, 11–17, 18–24,
25–39, 40–54, 55–64, 65–79, 80+) coarser than DREES's 5-year bands: a class weighs the mean of the
bands' weights over its years of age (``reference.basket.age_class_weights``); people of unknown age
weigh 1. With capacities in consultations (or FTE) per year and ``per=1``, the index is DREES's unit
(consultations per year per standardised inhabitant); DREES calls an area under-served ("sous-dense")
below 2.5. What differs from DREES: DREES uses SNIIRAM activity of every GP (consultations and visits,
capped by age of the doctor) and commune-to-commune road times (chef-lieu to chef-lieu, Metric);
Vigie uses the capacity you give, and times from each 200 m cell over the road graph.
"""

from dataclasses import dataclass

import numpy as np

DECAY_FUNCTIONS = ("none", "stepped", "gaussian", "linear")
# (upper limit as a fraction of the catchment, weight) — DREES APL bands 0–10, 10–15, 15–20 min of 20.
APL_STEPS = ((0.5, 1.0), (0.75, 2.0 / 3.0), (1.0, 1.0 / 3.0))
PER_PEOPLE = 1000.0
# Times computed as sums of edge times carry rounding noise: a time of exactly 10 minutes may come
# out as 10.000000000001. Limits are compared with this slack (minutes) so that it counts as 10.
TIME_TOLERANCE_MIN = 1e-6


def decay_weights(time_min, catchment_min, decay="none") -> np.ndarray:
    """Weight W(t) of each time (minutes) for a catchment of ``catchment_min`` minutes; 0 beyond or NaN."""
    if decay not in DECAY_FUNCTIONS:
        raise ValueError(f"unknown decay function {decay!r}; expected one of {', '.join(DECAY_FUNCTIONS)}")
    if not catchment_min > 0:
        raise ValueError("the catchment must be a positive number of minutes")
    t = np.asarray(time_min, dtype=float)
    inside = np.isfinite(t) & (t <= catchment_min + TIME_TOLERANCE_MIN) & (t >= 0)
    ratio = np.where(inside, np.minimum(t / catchment_min, 1.0), 0.0)
    if decay == "none":
        weights = np.ones_like(ratio)
    elif decay == "linear":
        weights = 1.0 - ratio
    elif decay == "gaussian":
        floor = np.exp(-0.5)
        weights = (np.exp(-0.5 * ratio**2) - floor) / (1.0 - floor)
    else:
        weights = np.zeros_like(ratio)
        lower = -np.inf
        slack = TIME_TOLERANCE_MIN / catchment_min
        for upper, weight in APL_STEPS:
            weights[(ratio > lower + slack) & (ratio <= upper + slack)] = weight
            lower = upper
    return np.where(inside, np.clip(weights, 0.0, 1.0), 0.0)


def age_weighted_demand(people_by_class, class_weights, unknown=None) -> np.ndarray:
    """Standardised demand: sum over classes of people * weight (+ people of unknown age, weight 1).

    ``people_by_class``: {class field: (n,) people}; ``class_weights``: {class field: weight};
    NaN people count as 0.
    """
    if not people_by_class:
        raise ValueError("no age class given")
    missing = [name for name in people_by_class if name not in class_weights]
    if missing:
        raise ValueError(f"no weight for age class(es) {', '.join(missing)}")
    total = None
    for name, values in people_by_class.items():
        values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
        if np.any(values < 0):
            raise ValueError(f"negative people in age class {name}")
        total = values * class_weights[name] if total is None else total + values * class_weights[name]
    if unknown is not None:
        total = total + np.nan_to_num(np.asarray(unknown, dtype=float), nan=0.0)
    return total


@dataclass
class FcaResult:
    access_index: np.ndarray  # per demand point: capacity per 1,000 people (0 when nothing in reach)
    ratio: np.ndarray  # per supply point: capacity per 1,000 weighted people (NaN when no demand in reach)
    weighted_demand: np.ndarray  # per supply point: sum of W * P in its catchment
    supply_in_reach: np.ndarray  # per demand point: number of supply points with W > 0


def two_step_fca(
    capacity, demand, supply_index, demand_index, time_min, catchment_min, decay="none", per=PER_PEOPLE
) -> FcaResult:
    """2SFCA from travel-time pairs (see the module docstring for the formulas).

    ``capacity`` (m,) >= 0, ``demand`` (n,) >= 0; ``supply_index``, ``demand_index``, ``time_min``: one
    entry per (supply, demand) pair known to be within reach (pairs beyond the catchment or with NaN
    time are ignored; a missing pair means out of reach). Duplicated pairs keep the shortest time.
    """
    capacity = np.asarray(capacity, dtype=float)
    demand = np.asarray(demand, dtype=float)
    supply_index = np.asarray(supply_index, dtype=np.int64)
    demand_index = np.asarray(demand_index, dtype=np.int64)
    time_min = np.asarray(time_min, dtype=float)
    if np.any(~np.isfinite(capacity)) or np.any(capacity < 0):
        raise ValueError("capacities must be finite and >= 0")
    if np.any(~np.isfinite(demand)) or np.any(demand < 0):
        raise ValueError("demand must be finite and >= 0")
    if not (len(supply_index) == len(demand_index) == len(time_min)):
        raise ValueError("pair arrays must have the same length")
    if len(supply_index) and (supply_index.min() < 0 or supply_index.max() >= len(capacity)):
        raise ValueError("a pair refers to a supply point that does not exist")
    if len(demand_index) and (demand_index.min() < 0 or demand_index.max() >= len(demand)):
        raise ValueError("a pair refers to a demand point that does not exist")

    if len(supply_index):
        # Keep the shortest time of duplicated pairs (a point attached twice, or reached by two searches).
        order = np.lexsort((time_min, demand_index, supply_index))
        supply_index, demand_index, time_min = supply_index[order], demand_index[order], time_min[order]
        first = np.r_[True, (supply_index[1:] != supply_index[:-1]) | (demand_index[1:] != demand_index[:-1])]
        supply_index, demand_index, time_min = supply_index[first], demand_index[first], time_min[first]

    weights = decay_weights(time_min, catchment_min, decay)
    weighted_demand = np.bincount(supply_index, weights=weights * demand[demand_index], minlength=len(capacity))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(weighted_demand > 0, capacity / weighted_demand, np.nan)
    contribution = weights * np.nan_to_num(ratio, nan=0.0)[supply_index]
    access = np.bincount(demand_index, weights=contribution, minlength=len(demand))
    in_reach = np.bincount(demand_index[weights > 0], minlength=len(demand))
    return FcaResult(access * per, ratio * per, weighted_demand, in_reach)
