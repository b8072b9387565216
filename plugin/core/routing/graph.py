"""Directed road graph built from line parts, and tie points attached to the nearest edge.

The graph keeps *segments* (one per pair of consecutive vertices, with speed and direction)
as its source of truth; directed edges and sparse matrices are derived from them. Attaching
points splits segments, exactly like the tie points of QGIS's network analysis library.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

# Segment directions (engine codes).
BOTH, FORWARD, BACKWARD, EXCLUDED = 0, 1, 2, -1

# Longest piece of a segment in the index that finds the nearest segment of a point (metres).
_SAMPLE_SPACING_M = 20.0
# Nearest piece centres looked at first for each point (more only where they do not prove the answer).
_CANDIDATES = (8, 32)
# A projection closer than this to a segment end uses the end node instead of a new node.
_END_SNAP_M = 1e-6


@dataclass
class RoadGraph:
    """A directed road graph in a projected metric CRS.

    node_xy: (n, 2) node coordinates in metres.
    seg_from, seg_to: node indices of each segment, in digitising order.
    seg_speed_kmh: speed of each segment; seg_direction: BOTH, FORWARD or BACKWARD.
    seg_length_scale: ground metres per CRS metre of each segment (None = 1): corrects the scale error
    of the projection, so that lengths do not depend on the CRS (see ``geodesy.ground_scale``).
    Derived (on creation): edge_src, edge_dst, edge_length_m, edge_time_s (one directed edge per
    drivable direction of a segment, parallel edges reduced to the fastest) and CSR matrices.
    The matrices and the index that ties points to segments (``segment_index()``) are built on first
    use and kept: a graph is not changed once built.
    """

    node_xy: np.ndarray
    seg_from: np.ndarray
    seg_to: np.ndarray
    seg_speed_kmh: np.ndarray
    seg_direction: np.ndarray
    seg_length_scale: np.ndarray = None
    edge_src: np.ndarray = field(init=False, repr=False)
    edge_dst: np.ndarray = field(init=False, repr=False)
    edge_length_m: np.ndarray = field(init=False, repr=False)
    edge_time_s: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        self.node_xy = np.asarray(self.node_xy, dtype=float).reshape(-1, 2)
        self.seg_from = np.asarray(self.seg_from, dtype=np.int64)
        self.seg_to = np.asarray(self.seg_to, dtype=np.int64)
        self.seg_speed_kmh = np.asarray(self.seg_speed_kmh, dtype=float)
        self.seg_direction = np.asarray(self.seg_direction, dtype=np.int8)
        if self.seg_length_scale is None:
            self.seg_length_scale = np.ones(len(self.seg_from))
        self.seg_length_scale = np.asarray(self.seg_length_scale, dtype=float)
        self._derive_edges()
        self._time_matrix = None
        self._time_matrix_t = None
        self._segment_index = None

    # -- derived data ---------------------------------------------------------------

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)

    @property
    def n_edges(self) -> int:
        return len(self.edge_src)

    @property
    def seg_length_m(self) -> np.ndarray:
        """Ground length of each segment in metres."""
        return np.hypot(*(self.node_xy[self.seg_to] - self.node_xy[self.seg_from]).T) * self.seg_length_scale

    def _derive_edges(self):
        length = self.seg_length_m
        time = length / (self.seg_speed_kmh / 3.6)
        fwd = (self.seg_direction == BOTH) | (self.seg_direction == FORWARD)
        bwd = (self.seg_direction == BOTH) | (self.seg_direction == BACKWARD)
        src = np.concatenate([self.seg_from[fwd], self.seg_to[bwd]])
        dst = np.concatenate([self.seg_to[fwd], self.seg_from[bwd]])
        lengths = np.concatenate([length[fwd], length[bwd]])
        times = np.concatenate([time[fwd], time[bwd]])
        keep = src != dst
        src, dst, lengths, times = src[keep], dst[keep], lengths[keep], times[keep]
        # Parallel edges would be summed by the sparse matrix: keep the fastest of each pair.
        key = src * max(self.n_nodes, 1) + dst
        order = np.argsort(key, kind="stable")
        if (key[order][1:] == key[order][:-1]).any():
            order = np.lexsort((times, key))
        key = key[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        order = order[first]
        self.edge_src, self.edge_dst = src[order], dst[order]
        self.edge_length_m, self.edge_time_s = lengths[order], times[order]
        # Edges are sorted by (src, dst): the edges out of node i are _edge_start[i]:_edge_start[i + 1].
        self._edge_start = np.concatenate([[0], np.cumsum(np.bincount(self.edge_src, minlength=self.n_nodes))])

    def edge_index(self, src, dst) -> np.ndarray:
        """Index of the edge src -> dst for arrays of node pairs (-1 where there is none).

        Edges are sorted by (src, dst): the edges out of a node are one run, scanned side by side.
        """
        src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
        found = np.full(src.shape, -1, dtype=np.int64)
        position = self._edge_start[src]
        end = self._edge_start[src + 1]
        todo = np.nonzero(position < end)[0]
        while len(todo):
            here = position[todo]
            hit = self.edge_dst[here] == dst[todo]
            found[todo[hit]] = here[hit]
            position[todo] += 1
            todo = todo[~hit & (position[todo] < end[todo])]
        return found

    @property
    def time_matrix(self):
        """CSR matrix of edge travel times in seconds (row = from node)."""
        if self._time_matrix is None:
            self._time_matrix = sparse.csr_matrix(
                (self.edge_time_s, (self.edge_src, self.edge_dst)), shape=(self.n_nodes, self.n_nodes)
            )
        return self._time_matrix

    @property
    def transposed_time_matrix(self):
        """CSR matrix of the reversed graph: searching it from a node gives times TO that node."""
        if self._time_matrix_t is None:
            self._time_matrix_t = sparse.csr_matrix(
                (self.edge_time_s, (self.edge_dst, self.edge_src)), shape=(self.n_nodes, self.n_nodes)
            )
        return self._time_matrix_t

    def segment_index(self) -> "SegmentIndex":
        """The index that ties points to segments, built on first use and kept: every query on this
        graph (each run of a what-if, each candidate of a location search) reuses it."""
        if self._segment_index is None:
            self._segment_index = SegmentIndex.of(self)
        return self._segment_index

    def component_count(self) -> int:
        """Number of weakly connected parts of the network (isolated nodes not counted)."""
        from scipy.sparse.csgraph import connected_components

        if self.n_edges == 0:
            return 0
        _, labels = connected_components(self.time_matrix, directed=True, connection="weak")
        used = np.unique(np.concatenate([self.edge_src, self.edge_dst]))
        return len(np.unique(labels[used]))

    def to_arrays(self) -> dict:
        """Arrays that rebuild this graph with ``RoadGraph(**arrays)`` (used by the cache)."""
        return {
            "node_xy": self.node_xy,
            "seg_from": self.seg_from,
            "seg_to": self.seg_to,
            "seg_speed_kmh": self.seg_speed_kmh,
            "seg_direction": self.seg_direction,
            "seg_length_scale": self.seg_length_scale,
        }


def build_graph(parts, speeds_kmh, directions, tolerance_m=0.0, length_scale=None) -> RoadGraph:
    """Directed graph of line parts: every vertex a node, every segment one or two edges.

    parts: list of (k, 2) coordinate arrays in metres, one per line part.
    speeds_kmh: one speed per part (> 0). directions: one code per part: 0 both ways,
    1 forward (digitising order) only, 2 backward only, -1 excluded (not drivable).
    tolerance_m: vertices closer than this are merged into one node (0 = identical coordinates only);
    merging is transitive, and the merged node takes the position of its first vertex.
    length_scale: optional ground metres per CRS metre, one per part (from ``geodesy.ground_scale``);
    without it, lengths are measured in the plane of the CRS.
    """
    speeds_kmh = np.asarray(speeds_kmh, dtype=float)
    directions = np.asarray(directions, dtype=np.int8)
    scales = np.ones(len(parts)) if length_scale is None else np.asarray(length_scale, dtype=float)
    if len(speeds_kmh) != len(parts) or len(directions) != len(parts) or len(scales) != len(parts):
        raise ValueError("one speed, one direction (and one length scale) per part are required")
    keep = [
        i
        for i, part in enumerate(parts)
        if directions[i] != EXCLUDED and len(part) >= 2 and np.isfinite(speeds_kmh[i]) and speeds_kmh[i] > 0
    ]
    if not keep:
        return RoadGraph(np.zeros((0, 2)), [], [], [], [])
    kept_parts = [np.asarray(parts[i], dtype=float)[:, :2] for i in keep]
    counts = np.array([len(p) for p in kept_parts])
    vertices = np.concatenate(kept_parts)
    node_of_vertex, node_xy = _merge_vertices(vertices, tolerance_m)

    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    # Segment i joins vertex i and i + 1, except across the end of a part.
    is_segment = np.ones(len(vertices) - 1, dtype=bool)
    is_segment[(starts + counts - 1)[:-1]] = False
    first_vertex = np.nonzero(is_segment)[0]
    part_of_segment = np.repeat(np.arange(len(kept_parts)), counts - 1)
    seg_from = node_of_vertex[first_vertex]
    seg_to = node_of_vertex[first_vertex + 1]
    valid = seg_from != seg_to
    keep = np.asarray(keep)
    return RoadGraph(
        node_xy,
        seg_from[valid],
        seg_to[valid],
        speeds_kmh[keep][part_of_segment][valid],
        directions[keep][part_of_segment][valid],
        scales[keep][part_of_segment][valid],
    )


def _clusters_within(vertices, tolerance_m):
    """Label of each vertex: vertices joined by chains of gaps <= tolerance_m share a label.

    The pairs within the tolerance can be quadratic in number (a tolerance of kilometres on a
    département: gigabytes), but the chains only need the edges of the Euclidean minimum spanning
    tree, which are Delaunay edges: at most 3 n of them whatever the tolerance, so memory stays
    linear. Exact duplicates are merged first; degenerate layouts (all collinear, < 3 points) use
    the pairs directly, which are then few.
    """
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import Delaunay, QhullError

    as_complex = vertices[:, 0] + 1j * vertices[:, 1]
    unique, first, same = np.unique(as_complex, return_index=True, return_inverse=True)
    points = vertices[first]
    n = len(points)
    try:
        if n < 3:
            raise QhullError("too few points")
        triangulation = Delaunay(points)
        simplices = triangulation.simplices
        edges = np.concatenate([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
        if len(triangulation.coplanar):
            # Points Qhull left out (precision): tie each to its nearest triangulation vertex.
            edges = np.concatenate([edges, triangulation.coplanar[:, [0, 2]]])
    except (QhullError, ValueError):
        edges = cKDTree(points).query_pairs(r=tolerance_m, output_type="ndarray").reshape(-1, 2)
    gaps = np.hypot(*(points[edges[:, 0]] - points[edges[:, 1]]).T) if len(edges) else np.zeros(0)
    edges = edges[gaps <= tolerance_m]
    adjacency = sparse.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = connected_components(adjacency, directed=False)
    del unique
    return labels[same.reshape(-1)]


def _merge_vertices(vertices, tolerance_m):
    """Node index of each vertex and node coordinates, merging coincident vertices."""
    if tolerance_m and tolerance_m > 0:
        labels = _clusters_within(vertices, float(tolerance_m))
    else:
        # Complex numbers sort and compare like (x, y) pairs, much faster than np.unique(axis=0).
        as_complex = vertices[:, 0] + 1j * vertices[:, 1]
        _, labels = np.unique(as_complex, return_inverse=True)
        labels = labels.reshape(-1)
    # Number nodes in order of first appearance; a node sits at its first vertex.
    _, first_index, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(first_index)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.reshape(-1)], vertices[first_index[order]]


@dataclass
class AttachedPoints:
    """Points tied to a graph: the new graph (original nodes keep their index, tie nodes appended),
    the tie node of each point and the straight distance from the point to its tie point."""

    graph: RoadGraph
    node: np.ndarray
    snap_m: np.ndarray


@dataclass
class SegmentIndex:
    """What finding the nearest segment of points needs from a graph, built once per graph.

    Segment starts (ax, ay), vectors (dx, dy) and squared lengths (``denom``, 1 for a zero-length
    segment) as flat arrays; a k-d tree of piece centres (every segment cut into pieces of at most
    ``_SAMPLE_SPACING_M``), ``piece_seg`` the segment of each piece, ``half_piece`` half the longest piece.
    """

    ax: np.ndarray
    ay: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    denom: np.ndarray
    piece_seg: np.ndarray
    tree: cKDTree
    half_piece: float

    @classmethod
    def of(cls, graph: RoadGraph) -> "SegmentIndex":
        # Flat x and y arrays: gathers and arithmetic on them are several times faster than on (n, 2) rows.
        node_x, node_y = graph.node_xy[:, 0].copy(), graph.node_xy[:, 1].copy()
        ax, ay, bx, by = node_x[graph.seg_from], node_y[graph.seg_from], node_x[graph.seg_to], node_y[graph.seg_to]
        dx, dy = bx - ax, by - ay
        length = np.hypot(dx, dy)
        long = np.nonzero(length > _SAMPLE_SPACING_M)[0]
        pieces = np.ceil(length[long] / _SAMPLE_SPACING_M).astype(np.int64)
        long_seg = np.repeat(long, pieces)
        rank = np.arange(len(long_seg)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        fraction = (rank + 0.5) / np.repeat(pieces, pieces)
        short = np.nonzero(~(length > _SAMPLE_SPACING_M))[0]
        centres = np.empty((len(short) + len(long_seg), 2))
        centres[: len(short), 0] = (ax[short] + bx[short]) / 2.0
        centres[: len(short), 1] = (ay[short] + by[short]) / 2.0
        centres[len(short) :, 0] = ax[long_seg] + dx[long_seg] * fraction
        centres[len(short) :, 1] = ay[long_seg] + dy[long_seg] * fraction
        half_piece = max(length[short].max(initial=0.0), (length[long] / pieces).max(initial=0.0)) / 2.0
        denom = dx * dx + dy * dy
        return cls(
            ax=ax,
            ay=ay,
            dx=dx,
            dy=dy,
            denom=np.where(denom > 0, denom, 1.0),
            piece_seg=np.concatenate([short, long_seg]),
            tree=cKDTree(centres, balanced_tree=False, compact_nodes=False, copy_data=False),
            half_piece=float(half_piece),
        )

    def project(self, x, y, seg):
        """Position t (0..1), distance and projected x, y of points (x, y) on segments ``seg`` (broadcast)."""
        ax, ay, dx, dy = self.ax[seg], self.ay[seg], self.dx[seg], self.dy[seg]
        t = ((x - ax) * dx + (y - ay) * dy) / self.denom[seg]
        t = np.clip(t, 0.0, 1.0)
        px, py = ax + dx * t, ay + dy * t
        return t, np.hypot(x - px, y - py), px, py


def nearest_segments(graph: RoadGraph, xy):
    """Nearest segment of each point: (segment index, position 0..1 along it, distance, projected xy).

    A k-d tree holds the centre of every segment, long segments being cut into pieces of at most
    ``_SAMPLE_SPACING_M`` (built once per graph, ``RoadGraph.segment_index``). The result is exact: a
    segment closer than the best candidate has a piece centre within best + half the longest piece.
    Points look at a few nearest centres first, more only where those do not prove the answer (a point
    far from the roads, among dense streets).
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(graph.seg_from) == 0:
        raise ValueError("the road graph has no segment to attach points to")
    index = graph.segment_index()
    n_pieces = len(index.piece_seg)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    seg = np.zeros(len(xy), dtype=np.int64)
    best_t, best_dist = np.zeros(len(xy)), np.full(len(xy), np.inf)
    best_x, best_y = np.zeros(len(xy)), np.zeros(len(xy))
    todo = np.arange(len(xy))
    seen = 0
    for k in _CANDIDATES:
        k = min(k, n_pieces)
        # Only the ranks not looked at yet: a wider search keeps what the narrower one found.
        centre_dist, centre_idx = index.tree.query(xy[todo], k=np.arange(seen + 1, k + 1), workers=-1)
        candidates = index.piece_seg[centre_idx]
        t, dist, px, py = index.project(x[todo, None], y[todo, None], candidates)
        best = np.argmin(dist, axis=1)
        rows = np.arange(len(todo))
        better = dist[rows, best] < best_dist[todo]  # strict: the nearer rank wins a tie, as in one search
        rows, best, won = rows[better], best[better], todo[better]
        seg[won], best_t[won], best_dist[won] = candidates[rows, best], t[rows, best], dist[rows, best]
        best_x[won], best_y[won] = px[rows, best], py[rows, best]
        seen = k
        if k == n_pieces:
            break
        # Unproven: an unseen centre (beyond the k-th) may still belong to a closer segment.
        todo = todo[centre_dist[:, -1] <= best_dist[todo] + index.half_piece]
        if len(todo) == 0:
            break
    if seen == n_pieces or len(todo) == 0:
        return seg, best_t, best_dist, np.column_stack([best_x, best_y])

    # The few points left: every centre within the guaranteed radius.
    balls = index.tree.query_ball_point(xy[todo], best_dist[todo] + index.half_piece + 1e-9, workers=-1)
    sizes = np.array([len(ball) for ball in balls])
    point = np.repeat(todo, sizes)
    segs = index.piece_seg[np.concatenate([np.asarray(ball, dtype=np.int64) for ball in balls])]
    ti, di, pxi, pyi = index.project(x[point], y[point], segs)
    order = np.lexsort((di, point))
    first = np.ones(len(order), dtype=bool)
    first[1:] = point[order][1:] != point[order][:-1]
    chosen = order[first]
    target = point[chosen]
    better = di[chosen] < best_dist[target]
    chosen, target = chosen[better], target[better]
    seg[target], best_t[target], best_dist[target] = segs[chosen], ti[chosen], di[chosen]
    best_x[target], best_y[target] = pxi[chosen], pyi[chosen]
    return seg, best_t, best_dist, np.column_stack([best_x, best_y])


@dataclass
class TiePoints:
    """Where points meet the graph, without changing it: nearest segment ``seg``, position ``t`` (0..1)
    along it, tie point ``proj``, ground distance ``snap_m`` from the point, and ``node`` when the tie
    point is a segment end (-1 inside a segment). Per point also the segment's ends, the directions it
    may be driven (``forward`` = digitising order) and its ground length and time."""

    seg: np.ndarray
    t: np.ndarray
    proj: np.ndarray
    snap_m: np.ndarray
    node: np.ndarray
    seg_from: np.ndarray
    seg_to: np.ndarray
    forward: np.ndarray
    backward: np.ndarray
    seg_length_m: np.ndarray
    seg_time_s: np.ndarray

    def subset(self, selection) -> "TiePoints":
        return TiePoints(**{name: value[selection] for name, value in self.__dict__.items()})


def tie_points(graph: RoadGraph, xy) -> TiePoints:
    """Tie each point to the nearest point of the nearest segment (a segment end becomes its node)."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    seg, t, dist, proj = nearest_segments(graph, xy)
    seg_from, seg_to = graph.seg_from[seg], graph.seg_to[seg]
    a, b = graph.node_xy[seg_from], graph.node_xy[seg_to]
    node = np.full(len(xy), -1, dtype=np.int64)
    at_start = np.hypot(*(proj - a).T) <= _END_SNAP_M
    at_end = ~at_start & (np.hypot(*(proj - b).T) <= _END_SNAP_M)
    node[at_start] = seg_from[at_start]
    node[at_end] = seg_to[at_end]
    scale = graph.seg_length_scale[seg]
    length = np.hypot(*(b - a).T) * scale
    direction = graph.seg_direction[seg]
    return TiePoints(
        seg=seg,
        t=t,
        proj=proj,
        snap_m=dist * scale,
        node=node,
        seg_from=seg_from,
        seg_to=seg_to,
        forward=(direction == BOTH) | (direction == FORWARD),
        backward=(direction == BOTH) | (direction == BACKWARD),
        seg_length_m=length,
        seg_time_s=length / (graph.seg_speed_kmh[seg] / 3.6),
    )


def attach_points(graph: RoadGraph, xy) -> AttachedPoints:
    """Tie each point to the nearest point of the nearest edge, splitting that edge there.

    Attach origins and destinations in ONE call so that several points on one segment all split it.
    Returns AttachedPoints(graph with the tie nodes, tie node of each point, snapping distance).
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0:
        return AttachedPoints(graph, np.zeros(0, dtype=np.int64), np.zeros(0))
    ties = tie_points(graph, xy)
    seg, t, proj, dist = ties.seg, ties.t, ties.proj, ties.snap_m
    node = ties.node.copy()
    inner = np.nonzero(node < 0)[0]
    if len(inner) == 0:
        return AttachedPoints(graph, node, dist)

    # One new node per distinct (segment, position); points at the same place share it.
    split_keys = np.rec.fromarrays([seg[inner], t[inner]])
    unique_splits, inverse = np.unique(split_keys, return_inverse=True)
    split_seg = unique_splits.f0.astype(np.int64)
    split_t = unique_splits.f1
    first_point = np.zeros(len(unique_splits), dtype=np.int64)
    first_point[inverse[::-1]] = inner[::-1]
    new_nodes = graph.n_nodes + np.arange(len(unique_splits))
    node[inner] = new_nodes[inverse]
    node_xy = np.concatenate([graph.node_xy, proj[first_point]])

    # Replace each split segment by the chain start -> splits (sorted by t) -> end.
    order = np.lexsort((split_t, split_seg))  # already sorted by np.unique, kept explicit
    split_seg, new_nodes = split_seg[order], new_nodes[order]
    is_split = np.zeros(len(graph.seg_from), dtype=bool)
    is_split[split_seg] = True
    group_start = np.ones(len(split_seg), dtype=bool)
    group_start[1:] = split_seg[1:] != split_seg[:-1]
    group_end = np.ones(len(split_seg), dtype=bool)
    group_end[:-1] = split_seg[1:] != split_seg[:-1]
    # Chain pieces: for each split node, the piece ending at it; plus the last piece of each segment.
    prev_node = np.where(group_start, graph.seg_from[split_seg], np.roll(new_nodes, 1))
    piece_from = np.concatenate([prev_node, new_nodes[group_end]])
    piece_to = np.concatenate([new_nodes, graph.seg_to[split_seg[group_end]]])
    piece_seg = np.concatenate([split_seg, split_seg[group_end]])
    kept = ~is_split
    return AttachedPoints(
        RoadGraph(
            node_xy,
            np.concatenate([graph.seg_from[kept], piece_from]),
            np.concatenate([graph.seg_to[kept], piece_to]),
            np.concatenate([graph.seg_speed_kmh[kept], graph.seg_speed_kmh[piece_seg]]),
            np.concatenate([graph.seg_direction[kept], graph.seg_direction[piece_seg]]),
            np.concatenate([graph.seg_length_scale[kept], graph.seg_length_scale[piece_seg]]),
        ),
        node,
        dist,
    )
