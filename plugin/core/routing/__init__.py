"""Road engine of Vigie (no qgis import): graph, tie points, nearest service, bounded searches, cache.

Coordinates are metres in a projected CRS. This docstring is the source of truth for the API::

    graph = build_graph(parts, speeds_kmh, directions, tolerance_m=0.0, length_scale=None)
        parts: list of (k, 2) arrays; speeds_kmh: one per part (> 0); directions: one int8 per part,
        0 both ways, 1 forward (digitising order), 2 backward, -1 excluded; length_scale: optional
        ground metres per CRS metre per part (geodesy.ground_scale), so lengths are ellipsoidal.
        -> RoadGraph: node_xy, seg_from/seg_to/seg_speed_kmh/seg_direction (segments),
           edge_src/edge_dst/edge_length_m/edge_time_s (directed edges), time_matrix,
           transposed_time_matrix (CSR), n_nodes, n_edges, component_count(), edge_index(src, dst).

    attached = attach_points(graph, xy)
        -> AttachedPoints(graph (tie nodes appended, original node indices unchanged),
           node (m,) tie node per point, snap_m (m,) straight distance point -> tie point).
        Attach origins and destinations in ONE call (concatenate xy) when both are needed.

    result = nearest_service_times(graph, origins_xy, destinations_xy, max_time_s=None, access_speed_kmh=0.0)
        -> NearestResult(time_s, net_time_s, dist_m, snap_m, dest_index (-1 = none; times NaN),
           dest_snap_m (per destination)). Same tie points as attach_points, without building the split
           graph: destinations are virtual sources linked to their segment's ends, origins leave theirs.

    ties = tie_points(graph, xy)   (graph module) -> TiePoints(seg, t, proj, snap_m, node (-1 inside a segment),
           seg_from, seg_to, forward, backward, seg_length_m, seg_time_s): where points meet the graph.

    result = nearest_among_tied(graph, ties, origin_points, destination_points, max_time_s=None,
                                access_speed_kmh=0.0)
        -> NearestResult as above, for points already tied (indices into ties): several searches
           with different destination sets share one tie_points call (before / after).

    pairs = bounded_travel_times(graph, sources_xy, targets_xy, max_time_s, access_speed_kmh=0.0,
                                 k_nearest=None, chunk_size=256, progress=None, is_canceled=None,
                                 reverse=False)
        -> TravelPairs(source_index, target_index, time_s (total), dist_m), only pairs within
           max_time_s (None/0 = unbounded); times source -> target, or target -> source with reverse=True.

    node_times = node_times_from_sources(graph, sources_xy, max_time_s=None, reverse=True,
                                         access_speed_kmh=0.0)
        -> NodeTimes(graph (with the sources' tie nodes), time_s per node (np.inf = unreached),
           source_index per node (-1), source_node (tie node of each source)).
           reverse=True: time FROM each node TO its nearest source.

    cache = GraphCache(folder)
    graph = cache.get_or_build(parts, speeds_kmh, directions, tolerance_m, *extra, builder=callable)
        or cache.get_or_build(graph_cache_key(...), builder=callable); cache.hit tells if it was found.

Speed profiles (field detection, default speeds) are in ``vigie.plugin.core.routing.profiles``.
"""

from .cache import GraphCache, graph_cache_key
from .graph import BACKWARD, BOTH, EXCLUDED, FORWARD, AttachedPoints, RoadGraph, attach_points, build_graph
from .search import (
    NearestResult,
    NodeTimes,
    TravelPairs,
    access_times,
    bounded_travel_times,
    nearest_among_tied,
    nearest_service_times,
    node_times_from_sources,
)

__all__ = [
    "BACKWARD",
    "BOTH",
    "EXCLUDED",
    "FORWARD",
    "AttachedPoints",
    "GraphCache",
    "NearestResult",
    "NodeTimes",
    "RoadGraph",
    "TravelPairs",
    "access_times",
    "attach_points",
    "bounded_travel_times",
    "build_graph",
    "graph_cache_key",
    "nearest_among_tied",
    "nearest_service_times",
    "node_times_from_sources",
]
