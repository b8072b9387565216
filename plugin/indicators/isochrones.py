"""Isochrone bands from network times: the parts of the road network reached within each band.

Method ("reached edges, buffered"): every node of the road graph has a time to the nearest service
(or to one service). Along an edge u–v of travel time t_e, the time at a point a fraction f from u is
taken as min(t_u + f t_e, t_v + (1 - f) t_e) — the edge is entered from whichever end is closer. The
part of the edge within a limit L is therefore [0, (L - t_u)/t_e] from u and [1 - (L - t_v)/t_e, 1]
from v, clipped to the edge (the whole edge when both parts meet). The QGIS side buffers these
reached segments by a fixed distance (the band's "corridor" width: places that far from a reached
road are taken as reached too), dissolves them into one polygon per limit, and subtracts the
polygon of the previous limit so that bands do not overlap.

This follows the roads, as a driver does: a valley two kilometres away across a ridge is not inside
the 5-minute band, which an interpolated grid would smear over. One-way restrictions are kept in
the node times; only the interpolation inside one edge treats it as two-way.
"""

import numpy as np


def unique_undirected_edges(edge_src, edge_dst, edge_time_s):
    """One row per undirected edge (a two-way road is two directed edges), in the original order.

    Keeps the direction as stored and the shorter time of the two directions; drops loops.
    """
    src = np.asarray(edge_src, dtype=np.int64)
    dst = np.asarray(edge_dst, dtype=np.int64)
    time_s = np.asarray(edge_time_s, dtype=float)
    low, high = np.minimum(src, dst), np.maximum(src, dst)
    key = low * (int(max(high.max(initial=0), 0)) + 1) + high
    by_time = np.argsort(time_s, kind="stable")
    _, first = np.unique(key[by_time], return_index=True)
    kept = np.sort(by_time[first])
    kept = kept[src[kept] != dst[kept]]
    return src[kept], dst[kept], time_s[kept]


def reached_segments(node_xy, edge_u, edge_v, edge_time_s, node_time_s, limit_s) -> np.ndarray:
    """Segments (k, 2, 2) of the network reached within ``limit_s`` seconds (see the module docstring).

    ``node_time_s`` is np.inf for nodes not reached. Edges of zero time are reached as a whole when
    either end is. Zero-length pieces are dropped.
    """
    node_xy = np.asarray(node_xy, dtype=float)
    node_time_s = np.asarray(node_time_s, dtype=float)
    t_u, t_v = node_time_s[edge_u], node_time_s[edge_v]
    edge_time_s = np.asarray(edge_time_s, dtype=float)
    candidate = (t_u <= limit_s) | (t_v <= limit_s)
    edge_u, edge_v, t_u, t_v, t_e = (
        edge_u[candidate],
        edge_v[candidate],
        t_u[candidate],
        t_v[candidate],
        edge_time_s[candidate],
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        reach_from_u = np.where(t_u <= limit_s, np.where(t_e > 0, (limit_s - t_u) / t_e, 1.0), 0.0)
        reach_from_v = np.where(t_v <= limit_s, np.where(t_e > 0, (limit_s - t_v) / t_e, 1.0), 0.0)
    reach_from_u = np.clip(reach_from_u, 0.0, 1.0)
    reach_from_v = np.clip(reach_from_v, 0.0, 1.0)
    whole = reach_from_u + reach_from_v >= 1.0
    start, end = node_xy[edge_u], node_xy[edge_v]
    pieces = [np.stack([start[whole], end[whole]], axis=1)]
    part = ~whole & (reach_from_u > 0)
    pieces.append(np.stack([start[part], start[part] + (end[part] - start[part]) * reach_from_u[part, None]], axis=1))
    part = ~whole & (reach_from_v > 0)
    pieces.append(np.stack([end[part] + (start[part] - end[part]) * reach_from_v[part, None], end[part]], axis=1))
    segments = np.concatenate(pieces, axis=0) if pieces else np.zeros((0, 2, 2))
    length = np.hypot(*(segments[:, 1] - segments[:, 0]).T) if len(segments) else np.zeros(0)
    return segments[length > 0]


def band_limits(bands_min) -> list:
    """(lower, upper) minute pairs of the bands, from increasing upper limits: [(0, 5), (5, 10), ...]."""
    limits, lower = [], 0.0
    for upper in bands_min:
        limits.append((lower, float(upper)))
        lower = float(upper)
    return limits


def chain_segments(segments, max_points=2000):
    """Join segments that follow each other end to start into polylines (fewer, longer lines buffer faster).

    Returns a list of (k, 2) arrays. Only exact end-to-start continuity is used, in the given order.
    """
    lines, current = [], None
    for segment in segments:
        if current is not None and len(current) < max_points and np.array_equal(current[-1], segment[0]):
            current.append(segment[1])
            continue
        if current is not None:
            lines.append(np.asarray(current))
        current = [segment[0], segment[1]]
    if current is not None:
        lines.append(np.asarray(current))
    return lines
