"""Road lines and their attributes -> timed road graph: the part shared by QGIS and the batch runner.

Whatever reads the lines (QGIS features in ``processing_algorithms/road_network.py``, OGR features
in ``vigie.plugin.core.batch``) hands over the same plain data; speeds, directions, ground lengths
and the graph cache are decided here once, so both give the same graph for the same roads::

    network = graph_from_lines(parts, part_rows, columns, n_rows, crs_wkt, crs_key, cache=GraphCache(folder))
    network.graph, network.speeds (SpeedProfileResult), network.cache_hit, network.cache_path
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from .cache import GraphCache
from .geodesy import ground_scale
from .graph import BOTH, RoadGraph, build_graph
from .profiles import SpeedProfileResult, compute_speeds


class NoDrivableRoadError(ValueError):
    """No road of the network is open to cars with the profile used (``profile`` names it)."""

    def __init__(self, profile):
        super().__init__(f"no road of the network is open to cars with the {profile} profile")
        self.profile = profile


@dataclass
class BuiltNetwork:
    graph: RoadGraph
    speeds: SpeedProfileResult
    cache_hit: bool = False
    cache_path: Optional[Path] = None


def graph_from_lines(
    parts,
    part_rows,
    columns,
    n_rows,
    crs_wkt,
    crs_key,
    *,
    profile="auto",
    speed_field=None,
    default_speed_kmh=50.0,
    direction_field=None,
    value_forward="",
    value_backward="",
    value_both="",
    default_direction=BOTH,
    tolerance_m=0.0,
    cache: Optional[GraphCache] = None,
) -> BuiltNetwork:
    """Speeds and directions from the attributes, then the graph (from ``cache`` when it holds it).

    parts: (k, 2) coordinate arrays in metres in the CRS ``crs_wkt`` (anything pyproj reads);
    part_rows: attribute row of each part; columns: field name -> n_rows values (None for NULL), the
    fields ``profiles.required_fields`` names. ``crs_key`` (e.g. "EPSG:2154") goes into the cache key.
    Raises ValueError (bad profile settings) or NoDrivableRoadError.
    """
    speeds = compute_speeds(
        columns,
        n_rows,
        profile=profile,
        speed_field=speed_field,
        default_speed_kmh=default_speed_kmh,
        direction_field=direction_field,
        value_forward=value_forward,
        value_backward=value_backward,
        value_both=value_both,
        default_direction=default_direction,
    )
    part_rows = np.asarray(part_rows, dtype=np.int64)
    part_speeds = speeds.speeds_kmh[part_rows]
    part_directions = speeds.directions[part_rows]
    if not (part_directions >= 0).any():
        raise NoDrivableRoadError(speeds.profile)
    # Lengths on the ellipsoid, as QGIS's network analysis measures them: independent of the CRS.
    length_scale = ground_scale(np.array([part[len(part) // 2] for part in parts]), crs_wkt)

    def build():
        return build_graph(parts, part_speeds, part_directions, tolerance_m=tolerance_m, length_scale=length_scale)

    if cache is None:
        return BuiltNetwork(build(), speeds)
    graph = cache.get_or_build(parts, part_speeds, part_directions, tolerance_m, crs_key, length_scale, builder=build)
    return BuiltNetwork(graph, speeds, cache.hit, cache.path_for(cache.last_key))
