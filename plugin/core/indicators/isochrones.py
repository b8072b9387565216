"""Isochrone bands from network times, on a grid: which band each place falls in.

Method ("reached roads on a grid"):

1. every node of the road graph has a time to the nearest service (or to one service). Along an
   edge u–v of travel time t_e, the time at a point a fraction f from u is taken as
   min(t_u + f t_e, t_v + (1 - f) t_e): the edge is entered from whichever end is closer;
2. the edges are sampled every half grid cell and each sample writes its time into its cell
   (the smallest time wins);
3. a disk-shaped minimum filter of radius ``corridor_m`` gives every cell the smallest time of the
   roads within that distance: places that close to a road reached in t minutes are reached in t;
4. each cell is classed into the first band whose upper limit is >= its time.

The QGIS side turns the class grid into polygons (GDAL polygonize), one multipolygon per band:
bands never overlap and the polygons are valid by construction. Following the roads, a valley
across a ridge is not inside the 5-minute band, which a straight-line interpolation would smear
over. One-way restrictions are kept in the node times; only the interpolation inside one edge
treats it as two-way. The corridor width and the cell size (corridor / 4 by default) are in the
output metadata.
"""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

# Above this many cells the grid is coarsened, so that a département-wide run stays within memory.
MAX_GRID_CELLS = 25_000_000


@dataclass
class BandGrid:
    """Band class per cell (0 = beyond the last band, k = band k, 1-based), north-up.

    Row 0 is the northern edge: cell (row, col) spans x in [x_min + col*cell, x_min + (col+1)*cell]
    and y in [y_max - (row+1)*cell, y_max - row*cell].
    """

    classes: np.ndarray
    x_min: float
    y_max: float
    cell_m: float
    time_s: np.ndarray  # smallest time within the corridor, per cell (np.inf = not reached)


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


def band_limits(bands_min) -> list:
    """(lower, upper) minute pairs of the bands, from increasing upper limits: [(0, 5), (5, 10), ...]."""
    limits, lower = [], 0.0
    for upper in bands_min:
        limits.append((lower, float(upper)))
        lower = float(upper)
    return limits


def sample_edge_times(node_xy, edge_u, edge_v, edge_time_s, node_time_s, limit_s, spacing_m):
    """Points along the edges reached within ``limit_s`` and their times (step 1 of the module docstring).

    Returns (xy (k, 2), time_s (k,)), only points within the limit. Each edge gets both ends and
    points at most ``spacing_m`` apart.
    """
    node_xy = np.asarray(node_xy, dtype=float)
    node_time_s = np.asarray(node_time_s, dtype=float)
    t_u, t_v = node_time_s[edge_u], node_time_s[edge_v]
    keep = (t_u <= limit_s) | (t_v <= limit_s)
    edge_u, edge_v, t_u, t_v = edge_u[keep], edge_v[keep], t_u[keep], t_v[keep]
    t_e = np.asarray(edge_time_s, dtype=float)[keep]
    start, end = node_xy[edge_u], node_xy[edge_v]
    length = np.hypot(*(end - start).T)
    steps = np.maximum(np.ceil(length / spacing_m).astype(np.int64), 1)
    edge_of_point = np.repeat(np.arange(len(steps)), steps + 1)
    first_point = np.r_[0, np.cumsum(steps + 1)[:-1]]
    fraction = (np.arange(len(edge_of_point)) - first_point[edge_of_point]) / steps[edge_of_point]
    xy = start[edge_of_point] + (end - start)[edge_of_point] * fraction[:, None]
    with np.errstate(invalid="ignore"):
        time_s = np.minimum(
            t_u[edge_of_point] + fraction * t_e[edge_of_point], t_v[edge_of_point] + (1 - fraction) * t_e[edge_of_point]
        )
    within = time_s <= limit_s
    return xy[within], time_s[within]


def band_grid(node_xy, edges, node_time_s, bands_min, corridor_m, cell_m=None) -> BandGrid:
    """Band class of every grid cell around the reached roads (see the module docstring).

    ``edges`` = (edge_u, edge_v, edge_time_s), e.g. from :func:`unique_undirected_edges`;
    ``node_time_s`` with np.inf for unreached nodes; ``bands_min`` increasing upper limits (minutes).
    """
    if not corridor_m > 0:
        raise ValueError("the corridor width must be positive")
    bands_s = np.asarray(bands_min, dtype=float) * 60.0
    if len(bands_s) == 0 or np.any(np.diff(bands_s) <= 0):
        raise ValueError("bands must be given and strictly increasing")
    cell_m = float(cell_m or corridor_m / 4.0)
    edge_u, edge_v, edge_time_s = edges
    xy, time_s = sample_edge_times(node_xy, edge_u, edge_v, edge_time_s, node_time_s, bands_s[-1], cell_m / 2.0)
    if len(xy) == 0:
        return BandGrid(np.zeros((0, 0), dtype=np.uint8), 0.0, 0.0, cell_m, np.zeros((0, 0)))
    margin = corridor_m + cell_m
    x_min, y_min = xy.min(axis=0) - margin
    x_max, y_max = xy.max(axis=0) + margin
    while ((x_max - x_min) / cell_m) * ((y_max - y_min) / cell_m) > MAX_GRID_CELLS:
        cell_m *= 1.5
    cols = int(np.ceil((x_max - x_min) / cell_m))
    rows = int(np.ceil((y_max - y_min) / cell_m))
    col = np.clip(((xy[:, 0] - x_min) / cell_m).astype(np.int64), 0, cols - 1)
    row = np.clip(((y_max - xy[:, 1]) / cell_m).astype(np.int64), 0, rows - 1)
    grid = np.full((rows, cols), np.inf)
    np.minimum.at(grid, (row, col), time_s)
    radius = max(int(np.floor(corridor_m / cell_m)), 0)
    if radius:
        offsets = np.arange(-radius, radius + 1)
        footprint = (offsets[:, None] ** 2 + offsets[None, :] ** 2) <= (corridor_m / cell_m) ** 2
        grid = ndimage.minimum_filter(grid, footprint=footprint, mode="constant", cval=np.inf)
    classes = np.searchsorted(bands_s, grid, side="left") + 1
    classes[~np.isfinite(grid) | (classes > len(bands_s))] = 0
    dtype = np.uint8 if len(bands_s) < 255 else np.uint16
    return BandGrid(classes.astype(dtype), float(x_min), float(y_max), cell_m, grid)
