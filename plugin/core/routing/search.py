"""Shortest-path searches on a RoadGraph: nearest service, bounded one-to-many, node times."""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from .graph import RoadGraph, attach_points, tie_points

# Weight of a zero-cost virtual edge: sparse graphs drop explicit zeros in some scipy versions.
_EPSILON_S = 1e-9
# Cells of the (sources x nodes) distance block of one bounded search chunk, to bound memory.
_MAX_BLOCK_CELLS = 8_000_000
# Sources per Dijkstra call when the caller can cancel: each call is checked for cancel in between.
_CANCELLABLE_CHUNK = 16


@dataclass
class NearestResult:
    """Per origin: total time (access legs included), network time, network distance of the chosen
    path, origin snapping distance, index of the nearest destination (-1 when unreachable or beyond
    the maximum time; times and distance are then NaN)."""

    time_s: np.ndarray
    net_time_s: np.ndarray
    dist_m: np.ndarray
    snap_m: np.ndarray
    dest_index: np.ndarray
    dest_snap_m: np.ndarray


@dataclass
class TravelPairs:
    """Flat arrays over every (source, target) pair reached within the maximum time."""

    source_index: np.ndarray
    target_index: np.ndarray
    time_s: np.ndarray
    dist_m: np.ndarray


@dataclass
class NodeTimes:
    """Time from (reverse=True: to) every node of ``graph`` to the nearest source (np.inf if none),
    and that source's index (-1 if none). ``graph`` includes the sources' tie nodes;
    ``source_node`` is the tie node of each source."""

    graph: RoadGraph
    time_s: np.ndarray
    source_index: np.ndarray
    source_node: np.ndarray


def access_times(snap_m, access_speed_kmh):
    """Time of the straight legs between points and their tie points (0 when the speed is 0)."""
    snap_m = np.asarray(snap_m, dtype=float)
    if not access_speed_kmh or access_speed_kmh <= 0:
        return np.zeros_like(snap_m)
    return snap_m / (access_speed_kmh / 3.6)


def _tree_lengths(graph, predecessors, reverse, virtual_links=None):
    """Network length from the root of the predecessor tree to every node, by pointer jumping.

    predecessors: (n_total,) as returned by dijkstra, virtual nodes (index >= graph.n_nodes) being
    roots. In a reverse search the tree edge pred -> v is the graph edge v -> pred. virtual_links:
    optional (virtual index, node, length) arrays giving the length of the links out of the virtual
    nodes (0 without). Only reached nodes are processed, so a bounded search stays cheap.
    """
    n = graph.n_nodes
    pred = predecessors.astype(np.int64)
    length = np.zeros(len(pred))
    reached = np.nonzero(pred >= 0)[0]
    if len(reached) == 0:
        return length
    up = pred[reached]
    real = up < n
    src, dst = (reached[real], up[real]) if reverse else (up[real], reached[real])
    length[reached[real]] = graph.edge_length_m[graph.edge_index(src, dst)]
    if virtual_links is not None and not real.all():
        link_virtual, link_node, link_length = virtual_links
        key = link_virtual * n + link_node
        order = np.argsort(key, kind="stable")
        wanted = (up[~real] - n) * n + reached[~real]
        length[reached[~real]] = link_length[order][np.searchsorted(key[order], wanted)]
    # Pointer jumping on the reached nodes and their roots only, renumbered 0..k (a bounded search
    # reaches few nodes). Invariant: step[i] = length from i up to pointer[i]; roots point to
    # themselves with 0, so a node whose pointer is a root only adds 0 from then on: rounds over the
    # whole arrays need no index of the nodes still moving, and are much cheaper than indexed ones.
    local = np.full(len(pred), -1, dtype=np.int64)
    local[reached] = np.arange(len(reached))
    roots = np.unique(up[local[up] < 0])
    local[roots] = len(reached) + np.arange(len(roots))
    pointer = np.concatenate([local[up], local[roots]])
    step = np.concatenate([length[reached], np.zeros(len(roots))])
    while True:
        up = pointer[pointer]
        step += step[pointer]
        if (up == pointer).all():
            break
        pointer = up
    length[reached] = step[: len(reached)]
    return length


def nearest_service_times(graph, origins_xy, destinations_xy, max_time_s=None, access_speed_kmh=0.0):
    """Time from every origin to its nearest destination, and which one, in one search.

    Origins and destinations are tied to the nearest point of the nearest edge. One Dijkstra runs
    on the reversed graph from all destinations at once (min_only), so one-way roads are followed
    from origin to destination. access_speed_kmh > 0 adds the straight legs point -> tie point at
    that speed (to the choice of destination too); 0 ignores them, like QGIS's native algorithms.
    max_time_s bounds the total time (None or 0 = no bound).

    The result is the one of a graph split at every tie point (``attach_points``), without building
    that graph: each destination is a virtual source linked to the ends of its segment with the time
    of the part of the segment it sits on, each origin leaves its segment by either end (or reaches a
    destination on the same segment directly).
    """
    origins_xy = np.asarray(origins_xy, dtype=float).reshape(-1, 2)
    destinations_xy = np.asarray(destinations_xy, dtype=float).reshape(-1, 2)
    n_orig, n_dest = len(origins_xy), len(destinations_xy)
    nan = np.full(n_orig, np.nan)
    if n_orig == 0 or n_dest == 0 or graph.n_edges == 0:
        snap = nan.copy()
        if graph.n_edges and n_orig:
            snap = tie_points(graph, origins_xy).snap_m  # the graph is not split for one distance
        return NearestResult(nan, nan.copy(), nan.copy(), snap, np.full(n_orig, -1), np.full(n_dest, np.nan))
    ties = tie_points(graph, np.concatenate([origins_xy, destinations_xy]))
    return nearest_among_tied(graph, ties, np.arange(n_orig), n_orig + np.arange(n_dest), max_time_s, access_speed_kmh)


def nearest_among_tied(graph, ties, origin_points, destination_points, max_time_s=None, access_speed_kmh=0.0):
    """nearest_service_times for points already tied to the graph by ONE tie_points call.

    ``origin_points`` and ``destination_points`` index the tied points. Several searches over the same
    points with different destination sets (a service layer before and after a change) then share one
    tying; each costs one multi-source Dijkstra. dest_index indexes ``destination_points``.
    """
    origin_points = np.asarray(origin_points, dtype=np.int64)
    destination_points = np.asarray(destination_points, dtype=np.int64)
    n_orig, n_dest = len(origin_points), len(destination_points)
    orig, dest = ties.subset(origin_points), ties.subset(destination_points)
    if n_orig == 0 or n_dest == 0:
        nan = np.full(n_orig, np.nan)
        return NearestResult(nan, nan.copy(), nan.copy(), orig.snap_m, np.full(n_orig, -1), dest.snap_m)
    origin_access = access_times(orig.snap_m, access_speed_kmh)
    dest_access = access_times(dest.snap_m, access_speed_kmh)

    # Links virtual destination -> node of the reversed graph: the time from that node to the destination.
    link_dest, link_node, link_time, link_length = _destination_links(dest, dest_access)
    weight = np.maximum(link_time, _EPSILON_S)
    matrix = _with_virtual_rows(graph.transposed_time_matrix, n_dest, link_dest, link_node, weight)
    n = graph.n_nodes
    limit = float(max_time_s) if max_time_s else np.inf
    times, predecessors, sources = dijkstra(
        matrix, directed=True, indices=n + np.arange(n_dest), min_only=True, return_predecessors=True, limit=limit
    )
    lengths = _tree_lengths(graph, predecessors, reverse=True, virtual_links=(link_dest, link_node, link_length))
    times, sources = times[:n], np.where(sources[:n] >= n, sources[:n] - n, -1)
    # A destination on a node has a zero link, stored as epsilon: not part of the time.
    node_link_eps = np.where(dest.node >= 0, np.maximum(dest_access, _EPSILON_S) - dest_access, 0.0)

    best_time, best_dest, best_length = _leave_segment(graph, orig, times, sources, lengths)
    direct_time, direct_dest, direct_length = _same_segment(orig, dest, dest_access)
    use_direct = direct_time < best_time
    best_time = np.where(use_direct, direct_time, best_time)
    best_dest = np.where(use_direct, direct_dest, best_dest)
    best_length = np.where(use_direct, direct_length, best_length)

    reached = np.isfinite(best_time) & (best_dest >= 0)
    safe = np.maximum(best_dest, 0)
    net = np.where(use_direct, best_time, best_time - node_link_eps[safe]) - dest_access[safe]
    net = np.maximum(net, 0.0)
    total = origin_access + net + dest_access[safe]
    if max_time_s:
        reached &= total <= max_time_s
    return NearestResult(
        time_s=np.where(reached, total, np.nan),
        net_time_s=np.where(reached, net, np.nan),
        dist_m=np.where(reached, best_length, np.nan),
        snap_m=orig.snap_m,
        dest_index=np.where(reached, best_dest, -1),
        dest_snap_m=dest.snap_m,
    )


def _destination_links(dest, dest_access):
    """(destination, node, time, length) of the links from each destination to the graph's nodes.

    In the reversed graph, a destination on a node is linked to it; one inside a segment is linked
    to the segment's start when the segment is driven forward (time of the part start -> tie point)
    and to its end when it is driven backward.
    """
    index = np.arange(len(dest.node))
    on_node = dest.node >= 0
    inner = ~on_node
    forward = inner & dest.forward
    backward = inner & dest.backward
    link_dest = np.concatenate([index[on_node], index[forward], index[backward]])
    link_node = np.concatenate([dest.node[on_node], dest.seg_from[forward], dest.seg_to[backward]])
    link_time = np.concatenate(
        [
            np.zeros(on_node.sum()),
            dest.t[forward] * dest.seg_time_s[forward],
            (1.0 - dest.t[backward]) * dest.seg_time_s[backward],
        ]
    )
    link_length = np.concatenate(
        [
            np.zeros(on_node.sum()),
            dest.t[forward] * dest.seg_length_m[forward],
            (1.0 - dest.t[backward]) * dest.seg_length_m[backward],
        ]
    )
    order = np.argsort(link_dest, kind="stable")
    return link_dest[order], link_node[order], link_time[order] + dest_access[link_dest[order]], link_length[order]


def _with_virtual_rows(matrix, n_virtual, link_row, link_col, weight):
    """The square CSR matrix plus ``n_virtual`` rows (and empty columns) holding the links, sorted by row.

    Appending rows to a CSR matrix only extends its arrays: no conversion of the whole graph.
    """
    n = matrix.shape[0]
    counts = np.bincount(link_row, minlength=n_virtual)
    indptr = np.concatenate([matrix.indptr, matrix.indptr[-1] + np.cumsum(counts)])
    indices = np.concatenate([matrix.indices, link_col]).astype(matrix.indices.dtype, copy=False)
    data = np.concatenate([matrix.data, weight])
    return sparse.csr_matrix((data, indices, indptr), shape=(n + n_virtual, n + n_virtual))


def _leave_segment(graph, orig, times, sources, lengths):
    """Best time, destination and length of each origin through the ends of its segment (or its node)."""
    count = len(orig.node)
    on_node = orig.node >= 0
    best_time = np.full(count, np.inf)
    best_dest = np.full(count, -1)
    best_length = np.full(count, np.nan)
    node = orig.node[on_node]
    best_time[on_node], best_dest[on_node], best_length[on_node] = times[node], sources[node], lengths[node]
    inner = np.nonzero(~on_node)[0]
    # Backward to the start of the segment, forward to its end.
    for allowed, end, part in (
        (orig.backward, orig.seg_from, orig.t),
        (orig.forward, orig.seg_to, 1.0 - orig.t),
    ):
        i = inner[allowed[inner]]
        candidate = part[i] * orig.seg_time_s[i] + times[end[i]]
        better = candidate < best_time[i]
        i, candidate = i[better], candidate[better]
        best_time[i] = candidate
        best_dest[i] = sources[end[i]]
        best_length[i] = part[i] * orig.seg_length_m[i] + lengths[end[i]]
    return best_time, best_dest, best_length


def _same_segment(orig, dest, dest_access):
    """Best time, destination and length of each origin to a destination inside its own segment."""
    count = len(orig.node)
    best_time = np.full(count, np.inf)
    best_dest = np.full(count, -1)
    best_length = np.full(count, np.nan)
    inner_dest = np.nonzero(dest.node < 0)[0]
    inner_orig = np.nonzero(orig.node < 0)[0]
    if len(inner_dest) == 0 or len(inner_orig) == 0:
        return best_time, best_dest, best_length
    inner_dest = inner_dest[np.argsort(dest.seg[inner_dest], kind="stable")]
    dest_seg = dest.seg[inner_dest]
    low = np.searchsorted(dest_seg, orig.seg[inner_orig], side="left")
    high = np.searchsorted(dest_seg, orig.seg[inner_orig], side="right")
    sizes = high - low
    if sizes.sum() == 0:
        return best_time, best_dest, best_length
    o = np.repeat(inner_orig, sizes)
    d = inner_dest[np.repeat(low, sizes) + np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)]
    delta = dest.t[d] - orig.t[o]
    ok = (delta == 0) | ((delta > 0) & orig.forward[o]) | ((delta < 0) & orig.backward[o])
    o, d, delta = o[ok], d[ok], np.abs(delta[ok])
    time = delta * orig.seg_time_s[o] + dest_access[d]
    order = np.lexsort((time, o))
    first = np.ones(len(order), dtype=bool)
    first[1:] = o[order][1:] != o[order][:-1]
    chosen = order[first]
    best_time[o[chosen]] = time[chosen]
    best_dest[o[chosen]] = d[chosen]
    best_length[o[chosen]] = delta[chosen] * orig.seg_length_m[o[chosen]]
    return best_time, best_dest, best_length


def bounded_travel_times(
    graph,
    sources_xy,
    targets_xy,
    max_time_s,
    access_speed_kmh=0.0,
    k_nearest=None,
    chunk_size=256,
    progress=None,
    is_canceled=None,
    reverse=False,
):
    """Every (source, target) pair reachable within max_time_s (total time, access legs included).

    Sources are searched in chunks with a bounded Dijkstra, so memory stays bounded. Times are from
    source to target; reverse=True gives times from target to source instead (e.g. from people's
    homes to a facility searched from the facility), which differ on one-way roads. k_nearest keeps
    only the k fastest targets of each source. progress(fraction) and is_canceled() are optional
    callbacks; a cancelled run returns the pairs found so far.
    """
    sources_xy = np.asarray(sources_xy, dtype=float).reshape(-1, 2)
    targets_xy = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    n_src, n_tgt = len(sources_xy), len(targets_xy)
    empty = TravelPairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    if n_src == 0 or n_tgt == 0 or graph.n_edges == 0:
        return empty
    attached = attach_points(graph, np.concatenate([sources_xy, targets_xy]))
    g = attached.graph
    source_node, target_node = attached.node[:n_src], attached.node[n_src:]
    source_access = access_times(attached.snap_m[:n_src], access_speed_kmh)
    target_access = access_times(attached.snap_m[n_src:], access_speed_kmh)
    matrix = g.transposed_time_matrix if reverse else g.time_matrix
    chunk = int(max(1, min(chunk_size, _MAX_BLOCK_CELLS // max(g.n_nodes, 1))))
    if is_canceled is not None:
        chunk = min(chunk, _CANCELLABLE_CHUNK)  # one uninterruptible scipy call stays well under a second
    limit = float(max_time_s) if max_time_s else np.inf

    out_s, out_t, out_time, out_dist = [], [], [], []
    for start in range(0, n_src, chunk):
        if is_canceled is not None and is_canceled():
            break
        stop = min(start + chunk, n_src)
        times, predecessors = dijkstra(
            matrix, directed=True, indices=source_node[start:stop], return_predecessors=True, limit=limit
        )
        block = times[:, target_node]
        total = block + source_access[start:stop, None] + target_access[None, :]
        ok = np.isfinite(total) & (total <= limit)
        if k_nearest is not None and k_nearest < n_tgt:
            masked = np.where(ok, total, np.inf)
            kth = np.partition(masked, k_nearest - 1, axis=1)[:, k_nearest - 1 : k_nearest]
            ok &= masked <= kth
            # Ties at the k-th time could keep more than k: keep the first k of each row.
            ok &= np.cumsum(ok, axis=1) <= k_nearest
        rows, cols = np.nonzero(ok)
        dist = np.full(len(rows), np.nan)
        for count, r in enumerate(np.unique(rows)):
            if count % 8 == 7 and is_canceled is not None and is_canceled():
                break
            lengths = _tree_lengths(g, predecessors[r], reverse=reverse)
            sel = rows == r
            dist[sel] = lengths[target_node[cols[sel]]]
        out_s.append(rows + start)
        out_t.append(cols)
        out_time.append(total[rows, cols])
        out_dist.append(dist)
        if progress is not None:
            progress(stop / n_src)
    if not out_s:
        return empty
    return TravelPairs(
        np.concatenate(out_s).astype(np.int64),
        np.concatenate(out_t).astype(np.int64),
        np.concatenate(out_time),
        np.concatenate(out_dist),
    )


def node_times_from_sources(graph, sources_xy, max_time_s=None, reverse=True, access_speed_kmh=0.0):
    """Time between every node and its nearest source, in one multi-source search.

    reverse=True gives the time FROM each node TO the nearest source (the time to reach a service
    on one-way roads); reverse=False the time from the nearest source to each node. Unreached
    nodes (or beyond max_time_s) get np.inf and source index -1. Used by isochrones.
    """
    sources_xy = np.asarray(sources_xy, dtype=float).reshape(-1, 2)
    if len(sources_xy) == 0 or graph.n_edges == 0:
        return NodeTimes(graph, np.full(graph.n_nodes, np.inf), np.full(graph.n_nodes, -1), np.zeros(0, dtype=np.int64))
    attached = attach_points(graph, sources_xy)
    g = attached.graph
    base = g.transposed_time_matrix if reverse else g.time_matrix
    access = access_times(attached.snap_m, access_speed_kmh)
    m = len(sources_xy)
    matrix = _with_virtual_rows(base, m, np.arange(m), attached.node, np.maximum(access, _EPSILON_S))
    limit = float(max_time_s) if max_time_s else np.inf
    times, _, sources = dijkstra(
        matrix,
        directed=True,
        indices=g.n_nodes + np.arange(len(sources_xy)),
        min_only=True,
        return_predecessors=True,
        limit=limit,
    )
    times = times[: g.n_nodes]
    sources = sources[: g.n_nodes]
    reached = np.isfinite(times) & (sources >= g.n_nodes)
    source_index = np.where(reached, sources - g.n_nodes, -1)
    # The virtual edge holds at least epsilon: remove it where access legs are not counted.
    epsilon = np.where(access > 0, 0.0, _EPSILON_S)[np.maximum(source_index, 0)]
    times = np.where(reached, np.maximum(times - epsilon, 0.0), np.inf)
    return NodeTimes(g, times, source_index, attached.node)
