"""Shortest-path searches on a RoadGraph: nearest service, bounded one-to-many, node times."""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from .graph import RoadGraph, attach_points

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


def _with_virtual_sources(matrix, tie_nodes, offsets_s):
    """The matrix plus one virtual node per source, linked to its tie node with the offset time.

    Starting one search from all virtual nodes makes each source's access time count, and the
    predecessor tree tells which source a node was reached from.
    """
    n = matrix.shape[0]
    m = len(tie_nodes)
    coo = matrix.tocoo()
    rows = np.concatenate([coo.row, n + np.arange(m)])
    cols = np.concatenate([coo.col, tie_nodes])
    data = np.concatenate([coo.data, np.maximum(offsets_s, _EPSILON_S)])
    return sparse.csr_matrix((data, (rows, cols)), shape=(n + m, n + m))


def _tree_lengths(graph, predecessors, reverse):
    """Network length from the root of the predecessor tree to every node, by pointer jumping.

    predecessors: (n_total,) as returned by dijkstra, virtual nodes (index >= graph.n_nodes) being
    roots. In a reverse search the tree edge pred -> v is the graph edge v -> pred. Only reached
    nodes are processed, so a bounded search stays cheap.
    """
    n = graph.n_nodes
    pred = predecessors.astype(np.int64)
    result = np.zeros(len(pred))
    reached = np.nonzero(pred >= 0)[0]
    if len(reached) == 0:
        return result
    nodes = np.union1d(reached, pred[reached])
    local = np.searchsorted(nodes, pred[reached])
    pointer = np.arange(len(nodes))
    mine = np.searchsorted(nodes, reached)
    pointer[mine] = local
    length = np.zeros(len(nodes))
    real = pred[reached] < n
    src, dst = (reached, pred[reached]) if reverse else (pred[reached], reached)
    edge = graph.edge_index(src[real], dst[real])
    length[mine[real]] = graph.edge_length_m[edge]
    # Invariant: length[v] = length from v up to pointer[v]; roots point to themselves with 0.
    while True:
        nxt = pointer[pointer]
        if np.array_equal(nxt, pointer):
            break
        length = length + length[pointer]
        pointer = nxt
    result[nodes] = length
    return result


def nearest_service_times(graph, origins_xy, destinations_xy, max_time_s=None, access_speed_kmh=0.0):
    """Time from every origin to its nearest destination, and which one, in one search.

    Origins and destinations are tied to the nearest point of the nearest edge. One Dijkstra runs
    on the reversed graph from all destinations at once (min_only), so one-way roads are followed
    from origin to destination. access_speed_kmh > 0 adds the straight legs point -> tie point at
    that speed (to the choice of destination too); 0 ignores them, like QGIS's native algorithms.
    max_time_s bounds the total time (None or 0 = no bound).
    """
    origins_xy = np.asarray(origins_xy, dtype=float).reshape(-1, 2)
    destinations_xy = np.asarray(destinations_xy, dtype=float).reshape(-1, 2)
    n_orig, n_dest = len(origins_xy), len(destinations_xy)
    nan = np.full(n_orig, np.nan)
    if n_orig == 0 or n_dest == 0 or graph.n_edges == 0:
        snap = nan.copy()
        if graph.n_edges and n_orig:
            snap = attach_points(graph, origins_xy).snap_m
        return NearestResult(nan, nan.copy(), nan.copy(), snap, np.full(n_orig, -1), np.full(n_dest, np.nan))
    attached = attach_points(graph, np.concatenate([origins_xy, destinations_xy]))
    return nearest_among_attached(attached, np.arange(n_orig), n_orig + np.arange(n_dest), max_time_s, access_speed_kmh)


def nearest_among_attached(attached, origin_points, destination_points, max_time_s=None, access_speed_kmh=0.0):
    """nearest_service_times for points already tied to the graph by ONE attach_points call.

    ``origin_points`` and ``destination_points`` index the attached points (``attached.node``). Several
    searches over the same points with different destination sets (a service layer before and after a
    change) then share one attachment; each costs one multi-source Dijkstra. dest_index indexes
    ``destination_points``.
    """
    origin_points = np.asarray(origin_points, dtype=np.int64)
    destination_points = np.asarray(destination_points, dtype=np.int64)
    n_orig, n_dest = len(origin_points), len(destination_points)
    g = attached.graph
    origin_node, dest_node = attached.node[origin_points], attached.node[destination_points]
    origin_snap, dest_snap = attached.snap_m[origin_points], attached.snap_m[destination_points]
    if n_dest == 0 or n_orig == 0:
        nan = np.full(n_orig, np.nan)
        return NearestResult(nan, nan.copy(), nan.copy(), origin_snap, np.full(n_orig, -1), dest_snap)
    origin_access = access_times(origin_snap, access_speed_kmh)
    dest_access = access_times(dest_snap, access_speed_kmh)

    matrix = _with_virtual_sources(g.transposed_time_matrix, dest_node, dest_access)
    limit = float(max_time_s) if max_time_s else np.inf
    times, predecessors, sources = dijkstra(
        matrix,
        directed=True,
        indices=g.n_nodes + np.arange(n_dest),
        min_only=True,
        return_predecessors=True,
        limit=limit,
    )
    lengths = _tree_lengths(g, predecessors, reverse=True)

    reached = np.isfinite(times[origin_node]) & (sources[origin_node] >= g.n_nodes)
    dest_index = np.where(reached, sources[origin_node] - g.n_nodes, -1)
    safe = np.maximum(dest_index, 0)
    net = times[origin_node] - np.maximum(dest_access[safe], _EPSILON_S)
    net = np.maximum(net, 0.0)
    total = origin_access + net + dest_access[safe]
    if max_time_s:
        reached &= total <= max_time_s
        dest_index = np.where(reached, dest_index, -1)
    return NearestResult(
        time_s=np.where(reached, total, np.nan),
        net_time_s=np.where(reached, net, np.nan),
        dist_m=np.where(reached, lengths[origin_node], np.nan),
        snap_m=origin_snap,
        dest_index=dest_index,
        dest_snap_m=dest_snap,
    )


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
    matrix = _with_virtual_sources(base, attached.node, access)
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
