"""Basket of services: time to the nearest service of each category, in one pass per category (no qgis).

API (stable: ``vigie:servicebasket`` and the batch runner both call it, and write the same frame)::

    for category, result in category_travel_times(graph, origins_xy, services_xy, categories, *,
                                                  max_time_s=None, access_speed_kmh=0.0, only=None,
                                                  is_canceled=None, distances=True):
        ...  # result: routing.NearestResult for that category (times in seconds, NaN = unreached)

        categories: one label per service point (same length as services_xy).
        Origins and ALL services are attached to the graph ONCE; one multi-source search runs per
        category (never one per service point), so each category's result equals
        routing.nearest_service_times(graph, origins_xy, services_xy[categories == category]) (to
        rounding). Yields categories sorted, or in ``only``'s order; a category with no service
        point is NOT yielded (absent: see absent_categories). ``dest_index`` indexes services_xy
        (all services), ``dest_snap_m`` is per service point. distances=False skips dist_m (NaN),
        which the basket does not need, and searches the graph with its pass-through vertices
        contracted (same times, several times fewer nodes on an OSM network). is_canceled() is checked
        between categories; results are streamed, so memory does not grow with the number of categories.

    frame = basket_table(times_min, basket, far_min=7.0, thresholds=(7.0, 15.0, 30.0))
        times_min: {category: (n,) minutes, NaN = unreached}; basket: category ids (the basket).
        -> pandas.DataFrame, one row per origin, columns in this order (the per-origin output
           fields of vigie:servicebasket besides id and geometry):
           t_<category> for each basket category present (basket order), basket_mean_min,
           basket_max_min, n_within_<t> per threshold, far.
           frame.attrs["absent_categories"]: basket categories missing from times_min.

    absent = absent_categories(times_min, basket)   # basket categories with no service point

    areas = basket_by_area(population, frame, membership, area_count, far_col="far",
                           class_edges=(4.0, 7.0, 10.0, 15.0))
        -> per area (then one row for the whole territory): population-weighted mean and median of
           every time column, pop_far / share_far, pop_unknown, population per class of basket mean.

Definitions (INSEE, panier de la vie courante, Insee Première n° 1579): ``basket_mean_min`` is the
mean over the basket's categories of the time to the nearest one; a person is "far" (éloigné) when
it exceeds ``far_min`` (7 minutes). A category absent from the territory (and its buffer) has no
column and is left out of the mean; it is reported, never counted as 0 or NULL. When a present
category is not reached from an origin (beyond MAX_TIME, or on a separate part of the network) that
origin's mean and max are unknown (NaN) and ``far`` is NULL: a partial mean would look closer than
it is. ``n_within_<t>`` counts the basket's present categories reached within t minutes.
"""

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from ..routing import NearestResult, access_times, attach_points
from ..routing.search import _tree_lengths
from .coverage import (
    TIME_TOLERANCE_MIN,
    _weighted_median_by_group,
    areas_then_total,
    checked_population,
    membership_arrays,
)
from .values import threshold_suffix

# Weight of the zero-cost link of a service on a node: sparse matrices may drop explicit zeros.
_EPSILON_S = 1e-9
DEFAULT_THRESHOLDS = (7.0, 15.0, 30.0)
DEFAULT_CLASS_EDGES = (4.0, 7.0, 10.0, 15.0)
TOTAL_AREA_ID = "TOTAL"


def _with_service_rows(matrix, tie_nodes, weights):
    """The square CSR ``matrix`` plus one row (and an empty column) per service, linked to its tie node.

    Appending rows to a CSR matrix only extends its arrays: the graph is not converted again. A search
    started from some of these virtual rows never enters the others (nothing leads into them).
    """
    matrix = matrix.tocsr()
    n, m = matrix.shape[0], len(tie_nodes)
    indptr = np.concatenate([matrix.indptr, matrix.indptr[-1] + np.arange(1, m + 1)])
    indices = np.concatenate([matrix.indices, np.asarray(tie_nodes, dtype=matrix.indices.dtype)])
    data = np.concatenate([matrix.data, weights])
    return sparse.csr_matrix((data, indices, indptr), shape=(n + m, n + m))


def _contracted_reversed(graph, keep):
    """The reversed time matrix of ``graph`` with its chains of pass-through nodes contracted.

    A node joined to exactly two other nodes (a vertex along a road, most of an OSM graph) is
    removed unless ``keep`` marks it (origins, services): each chain between two kept or junction
    nodes becomes one edge per direction it can be driven, timed as the sum of its edges, so every
    shortest time between the remaining nodes is unchanged. Chains are followed for all edges at
    once by pointer doubling. Returns (CSR matrix of the reversed contracted graph, new index of each
    old node or -1).
    """
    src, dst, time = graph.edge_src, graph.edge_dst, graph.edge_time_s
    n = graph.n_nodes
    # Undirected neighbours: degree 2 nodes are the pass-through ones.
    low, high = np.minimum(src, dst), np.maximum(src, dst)
    pairs = np.unique(low[low != high] * n + high[low != high])
    a, b = pairs // n, pairs % n
    degree = np.bincount(np.concatenate([a, b]), minlength=n)
    key = (degree != 2) | keep
    ends = np.concatenate([a, b])
    other = np.concatenate([b, a])
    order = np.argsort(ends, kind="stable")
    ends, other = ends[order], other[order]
    first = np.searchsorted(ends, np.arange(n))  # a degree-2 node's neighbours sit at first, first + 1
    # Each edge u -> v into a pass-through v continues with v -> w, w the neighbour of v other than u.
    through = ~key[dst]
    position = first[dst[through]]
    w = np.where(other[position] != src[through], other[position], other[np.minimum(position + 1, len(other) - 1)])
    nxt = np.full(len(src), -2, dtype=np.int64)  # -2: ends at a key node; -1: cannot be driven on
    nxt[through] = graph.edge_index(dst[through], w)
    acc = time.astype(float).copy()
    end = dst.copy()
    active = np.flatnonzero(nxt >= 0)
    for _ in range(64):
        if len(active) == 0:
            break
        follow = nxt[active]
        acc[active] = acc[active] + acc[follow]
        end[active] = end[follow]
        nxt[active] = nxt[follow]
        active = active[nxt[active] >= 0]
    else:
        nxt[active] = -1  # a closed loop of pass-through nodes: no key node to reach
    good = key[src] & (nxt == -2) & (src != end)
    new_index = np.full(n, -1, dtype=np.int64)
    new_index[key] = np.arange(int(key.sum()))
    rows, cols, weight = new_index[end[good]], new_index[src[good]], acc[good]
    size = int(key.sum())
    # Parallel chains between the same two nodes: keep the fastest (a sparse matrix would add them).
    pair = rows * max(size, 1) + cols
    order = np.lexsort((weight, pair))
    unique = np.r_[True, pair[order][1:] != pair[order][:-1]]
    order = order[unique]
    matrix = sparse.csr_matrix((weight[order], (rows[order], cols[order])), shape=(size, size))
    return matrix, new_index


def _empty_result(n_orig, n_services, snap=None):
    nan = np.full(n_orig, np.nan)
    return NearestResult(
        nan,
        nan.copy(),
        nan.copy(),
        nan.copy() if snap is None else snap,
        np.full(n_orig, -1),
        np.full(n_services, np.nan),
    )


def category_travel_times(
    graph,
    origins_xy,
    services_xy,
    categories,
    *,
    max_time_s=None,
    access_speed_kmh=0.0,
    only=None,
    is_canceled=None,
    distances=True,
):
    """Yield (category, NearestResult) per category present: see the module docstring."""
    origins_xy = np.asarray(origins_xy, dtype=float).reshape(-1, 2)
    services_xy = np.asarray(services_xy, dtype=float).reshape(-1, 2)
    labels = np.array(["" if c is None else str(c) for c in categories], dtype=object)
    if len(labels) != len(services_xy):
        raise ValueError("categories must give one label per service point")
    present = set(labels.tolist())
    if only is None:
        names = sorted(present)
    else:
        names = list(dict.fromkeys(str(c) for c in only))
    names = [name for name in names if name in present]
    n_orig, n_serv = len(origins_xy), len(services_xy)
    if not names:
        return
    if n_orig == 0 or graph.n_edges == 0:
        snap = attach_points(graph, origins_xy).snap_m if graph.n_edges and n_orig else None
        for name in names:
            if is_canceled is not None and is_canceled():
                return
            yield name, _empty_result(n_orig, n_serv, None if snap is None else snap.copy())
        return

    attached = attach_points(graph, np.concatenate([origins_xy, services_xy]))
    g = attached.graph
    origin_node, service_node = attached.node[:n_orig], attached.node[n_orig:]
    origin_snap, service_snap = attached.snap_m[:n_orig], attached.snap_m[n_orig:]
    origin_access = access_times(origin_snap, access_speed_kmh)
    service_access = access_times(service_snap, access_speed_kmh)
    # One virtual node per service point, built once (reversed graph: times towards the services).
    # Without distances (no path to walk back), the searches run on the graph with its pass-through
    # vertices contracted: same times, a fraction of the nodes.
    service_offset = np.maximum(service_access, _EPSILON_S)
    if distances:
        search, node_of = g.transposed_time_matrix, np.arange(g.n_nodes)
    else:
        keep = np.zeros(g.n_nodes, dtype=bool)
        keep[origin_node] = True
        keep[service_node] = True
        search, node_of = _contracted_reversed(g, keep)
    n_search = search.shape[0]
    matrix = _with_service_rows(search, node_of[service_node], service_offset)
    search_origin = node_of[origin_node]
    limit = float(max_time_s) if max_time_s else np.inf

    for name in names:
        if is_canceled is not None and is_canceled():
            return
        members = np.flatnonzero(labels == name)
        times, predecessors, sources = dijkstra(
            matrix,
            directed=True,
            indices=n_search + members,
            min_only=True,
            return_predecessors=True,
            limit=limit,
        )
        at_origin = times[search_origin]
        source_of_origin = sources[search_origin]
        reached = np.isfinite(at_origin) & (source_of_origin >= n_search)
        dest_index = np.where(reached, source_of_origin - n_search, -1)
        safe = np.maximum(dest_index, 0)
        net = np.maximum(at_origin - service_offset[safe], 0.0)
        total = origin_access + net + service_access[safe]
        if max_time_s:
            reached &= total <= max_time_s
            dest_index = np.where(reached, dest_index, -1)
        if distances:
            dist = _tree_lengths(g, predecessors, reverse=True)[origin_node]
        else:
            dist = np.full(n_orig, np.nan)
        del times, predecessors, sources
        yield (
            name,
            NearestResult(
                time_s=np.where(reached, total, np.nan),
                net_time_s=np.where(reached, net, np.nan),
                dist_m=np.where(reached, dist, np.nan),
                snap_m=origin_snap,
                dest_index=dest_index,
                dest_snap_m=service_snap,
            ),
        )


def absent_categories(times_min, basket) -> list:
    """Basket categories with no service point (no entry in ``times_min``), in basket order."""
    return [category for category in basket if category not in times_min]


def time_column(category) -> str:
    return f"t_{category}"


def within_column(threshold) -> str:
    return f"n_within_{threshold_suffix(threshold)}"


def basket_columns(present, thresholds=DEFAULT_THRESHOLDS) -> list:
    """Per-origin output columns, in order, for the present basket categories."""
    return (
        [time_column(c) for c in present]
        + ["basket_mean_min", "basket_max_min"]
        + [within_column(t) for t in thresholds]
        + ["far"]
    )


def basket_table(times_min, basket, far_min=7.0, thresholds=DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Per-origin basket indicators (see the module docstring for the definitions)."""
    basket = list(dict.fromkeys(str(c) for c in basket))
    thresholds = [float(t) for t in thresholds]
    if any(b <= a for a, b in zip(thresholds, thresholds[1:])) or any(t <= 0 for t in thresholds):
        raise ValueError("thresholds must be positive and strictly increasing")
    present = [c for c in basket if c in times_min]
    lengths = {len(np.asarray(times_min[c])) for c in present}
    if len(lengths) > 1:
        raise ValueError("every category must give one time per origin")
    n = lengths.pop() if lengths else (len(next(iter(times_min.values()))) if times_min else 0)
    columns = {}
    for category in present:
        values = np.asarray(times_min[category], dtype=float)
        if np.any(values < 0):
            raise ValueError(f"negative time for category {category}")
        columns[time_column(category)] = values
    if present:
        block = np.column_stack([columns[time_column(c)] for c in present])
        known = np.all(np.isfinite(block), axis=1)
        with np.errstate(invalid="ignore"):
            mean = np.where(known, np.mean(block, axis=1), np.nan)
            largest = np.where(known, np.max(block, axis=1), np.nan)
    else:
        block = np.zeros((n, 0))
        known = np.zeros(n, dtype=bool)
        mean = np.full(n, np.nan)
        largest = np.full(n, np.nan)
    columns["basket_mean_min"] = mean
    columns["basket_max_min"] = largest
    for threshold in thresholds:
        within = np.isfinite(block) & (np.nan_to_num(block, nan=np.inf) <= threshold + TIME_TOLERANCE_MIN)
        columns[within_column(threshold)] = within.sum(axis=1).astype(np.int64)
    far = pd.array(np.where(known, mean > far_min + TIME_TOLERANCE_MIN, False).astype(np.int64), dtype="Int64")
    far[~known] = pd.NA
    columns["far"] = far
    frame = pd.DataFrame(columns, columns=basket_columns(present, thresholds))
    frame.attrs["absent_categories"] = absent_categories(times_min, basket)
    frame.attrs["far_min"] = float(far_min)
    return frame


def class_columns(class_edges=DEFAULT_CLASS_EDGES) -> list:
    """Population-per-class columns of the basket mean: pop_0_4, pop_4_7, …, pop_15p."""
    edges = [0.0] + [float(e) for e in class_edges]
    names = [f"pop_{threshold_suffix(a)}_{threshold_suffix(b)}" for a, b in zip(edges, edges[1:])]
    return names + [f"pop_{threshold_suffix(edges[-1])}p"]


def area_columns(time_columns, class_edges=DEFAULT_CLASS_EDGES) -> list:
    """Per-area output columns, in order."""
    out = ["pop_total"]
    for column in time_columns:
        out += [f"mean_{column}", f"med_{column}"]
    return out + ["pop_far", "share_far", "pop_unknown"] + class_columns(class_edges)


def _aggregate_area(group, pop, frame, time_cols, far, class_edges, group_count):
    rows = {"pop_total": np.bincount(group, weights=pop, minlength=group_count)}
    for column in time_cols:
        values = frame[column]
        ok = np.isfinite(values)
        weight = np.bincount(group[ok], weights=pop[ok], minlength=group_count)
        total = np.bincount(group[ok], weights=pop[ok] * values[ok], minlength=group_count)
        with np.errstate(invalid="ignore", divide="ignore"):
            rows[f"mean_{column}"] = np.where(weight > 0, total / weight, np.nan)
        positive = ok & (pop > 0)
        rows[f"med_{column}"] = _weighted_median_by_group(group[positive], values[positive], pop[positive], group_count)
    known = far >= 0
    is_far = far == 1
    rows["pop_far"] = np.bincount(group[is_far], weights=pop[is_far], minlength=group_count)
    known_pop = np.bincount(group[known], weights=pop[known], minlength=group_count)
    with np.errstate(invalid="ignore", divide="ignore"):
        rows["share_far"] = np.where(known_pop > 0, np.minimum(100.0 * rows["pop_far"] / known_pop, 100.0), np.nan)
    rows["pop_unknown"] = np.bincount(group[~known], weights=pop[~known], minlength=group_count)
    mean = frame["basket_mean_min"]
    edges = [0.0] + [float(e) for e in class_edges] + [np.inf]
    for name, low, high in zip(class_columns(class_edges), edges, edges[1:]):
        ok = np.isfinite(mean) & (mean > low + TIME_TOLERANCE_MIN if low > 0 else mean >= 0)
        ok &= mean <= high + TIME_TOLERANCE_MIN
        rows[name] = np.bincount(group[ok], weights=pop[ok], minlength=group_count)
    return rows


def basket_by_area(population, frame, membership=None, area_count=None, class_edges=DEFAULT_CLASS_EDGES):
    """Population-weighted basket indicators per area, then one row for the whole territory.

    ``population`` (n,) >= 0; ``frame`` from :func:`basket_table` (n rows); ``membership`` a
    coverage.Membership (share of each origin in each area; None = territory row only). Per area:
    ``pop_total``; ``mean_<col>`` and ``med_<col>`` (weighted mean and lower weighted median over
    the people whose value is known) for every t_* column, basket_mean_min and basket_max_min;
    ``pop_far`` and ``share_far`` (percent of the people whose mean is known); ``pop_unknown``
    (mean unknown); population per class of basket mean (classes (a, b], the first from 0).
    Columns: ``area_index`` (-1 for the territory), ``is_total``, then :func:`area_columns`.
    """
    population = checked_population(population)
    if len(population) != len(frame):
        raise ValueError("one population value per origin is needed")
    time_cols = [c for c in frame.columns if c.startswith("t_")] + ["basket_mean_min", "basket_max_min"]
    values = {c: frame[c].to_numpy(dtype=float) for c in time_cols}
    far = frame["far"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    feature, area, fraction, area_count = membership_arrays(membership, len(population), area_count)
    pop = population[feature] * fraction
    parts = {c: v[feature] for c, v in values.items()}
    far_parts = far[feature]

    def aggregate(group, group_count):
        return _aggregate_area(group, pop, parts, time_cols, far_parts, class_edges, group_count)

    return areas_then_total(aggregate, area, area_count, area_columns(time_cols, class_edges))
