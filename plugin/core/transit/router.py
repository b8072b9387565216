"""Timetable router: earliest arrival at the nearest destination, for many origins and every departure minute.

Method (a profile connection scan, after Dibbelt et al., "Connection Scan Algorithm", 2018):

1. The connections (one vehicle hop between two consecutive stops) of the window are scanned
   once, latest departure first. For every stop this builds a *profile*: for each departure
   from that stop, the earliest arrival at any destination when boarding then, for each number
   of rides 1..MAX_TRANSFERS+1. The profile of a stop is a step function of the time one is
   ready at the stop; it is shared by every origin and every departure minute.
2. An origin leaving at ``t`` walks to each stop within MAX_WALK_M and is ready there at
   ``t + walk``: its earliest arrival is the minimum over those stops of the profile evaluated
   at that time (one vectorised ``searchsorted`` for all origins and minutes), or the direct
   walk to a destination when within MAX_WALK_M.

The cost of step 1 does not depend on the number of origins nor of departure minutes, and
step 2 is a few numpy operations per (origin, access stop, minute): this is what makes a
2-hour window at 1-minute steps over thousands of origins fast.

Journey rules (what the tests' independent reference also implements):
- walks are straight-line distance × ``walk_detour`` at ``walk_speed_kmh``;
- access (origin → stop), egress (stop → destination) and direct walks: walked distance ≤ ``max_walk_m``;
- transfers: stop → stop when at most ``transfer_max_m`` apart in straight line, or in the same
  parent station, or listed in transfers.txt (``min_transfer_time`` used when given, type 3 forbids);
  a transfer at the same stop takes its transfers.txt ``min_transfer_time``, else none;
- boarding needs pickup allowed, alighting drop-off allowed; at most ``max_transfers`` transfers.

Hops that leave and arrive in the same second (frequent in feeds with minute precision) are
scanned in dependency order, so chains of them, within a vehicle or through transfers, are exact.
"""

import bisect
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from scipy.spatial import cKDTree

from .gtfs_reader import SECONDS_PER_DAY, Feed

INF = float("inf")
# Profile lookup keys: stop index × _SPAN + time + _SHIFT; times run from the previous day to the next.
_SPAN = 6 * SECONDS_PER_DAY
_SHIFT = 2 * SECONDS_PER_DAY
_ORIGIN_CHUNK_CELLS = 2_000_000


class TransitCancelled(Exception):  # noqa: N818 (a stop request, not an error)
    """The caller asked to stop (is_canceled() returned True)."""


@dataclass(frozen=True)
class TransitSettings:
    """Walking and journey limits; defaults are those of the vigie:transittraveltime algorithm."""

    walk_speed_kmh: float = 4.5
    walk_detour: float = 1.3
    max_walk_m: float = 1000.0
    transfer_max_m: float = 500.0
    max_transfers: int = 4
    max_time_min: float = 120.0

    @property
    def seconds_per_metre(self) -> float:
        """Walking seconds per metre of straight-line distance (detour included)."""
        return self.walk_detour * 3.6 / self.walk_speed_kmh

    @property
    def max_rides(self) -> int:
        return int(self.max_transfers) + 1


def departure_times(start_s: float, end_s: float, step_min: float) -> np.ndarray:
    """Departure times (seconds after midnight) from start to end inclusive, every ``step_min`` minutes."""
    step = float(step_min) * 60.0
    if step <= 0:
        raise ValueError("the departure step must be positive")
    count = int(np.floor((end_s - start_s) / step + 1e-9)) + 1
    return start_s + step * np.arange(max(count, 0), dtype=float)


def project_stops(feed: Feed, crs: str = "EPSG:2154") -> np.ndarray:
    """Stop coordinates in metres in ``crs`` (pyproj); NaN for stops with impossible coordinates."""
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lon = feed.stops["lon"].to_numpy(dtype=float)
    lat = feed.stops["lat"].to_numpy(dtype=float)
    xy = np.full((len(lon), 2), np.nan)
    valid = feed.stops["valid_xy"].to_numpy()
    if valid.any():
        x, y = transformer.transform(lon[valid], lat[valid])
        xy[valid, 0], xy[valid, 1] = x, y
    xy[~np.isfinite(xy).all(axis=1)] = np.nan
    return xy


@dataclass
class Network:
    """Connections of the window, sorted latest departure first, and the transfer footpaths."""

    n_stops: int
    dep_stop: np.ndarray
    arr_stop: np.ndarray
    dep_time: np.ndarray
    arr_time: np.ndarray
    run: np.ndarray  # trip run (frequency-expanded, per service day) of each connection
    pickup: np.ndarray
    dropoff: np.ndarray
    footpaths: list  # per stop: list of (other stop, seconds), the stop itself included when allowed


def transfer_footpaths(feed: Feed, stop_xy: np.ndarray, settings: TransitSettings) -> list:
    """Per stop, the stops reachable by a transfer and its duration in seconds (see module rules)."""
    n = len(stop_xy)
    per_metre = settings.seconds_per_metre
    valid = np.isfinite(stop_xy).all(axis=1)
    links = {}  # (from, to) -> seconds
    for s in range(n):
        links[(s, s)] = 0.0
    valid_index = np.flatnonzero(valid)
    if len(valid_index) > 1 and settings.transfer_max_m > 0:
        tree = cKDTree(stop_xy[valid_index])
        pairs = tree.query_pairs(r=float(settings.transfer_max_m), output_type="ndarray")
        a, b = valid_index[pairs[:, 0]], valid_index[pairs[:, 1]]
        seconds = np.hypot(*(stop_xy[a] - stop_xy[b]).T) * per_metre
        for i, j, t in zip(a.tolist(), b.tolist(), seconds.tolist()):
            links[(i, j)] = t
            links[(j, i)] = t

    def walk(i, j):
        if valid[i] and valid[j]:
            return float(np.hypot(*(stop_xy[i] - stop_xy[j])) * per_metre)
        return 0.0

    parent = feed.stops["parent_index"].to_numpy()
    children = {}
    for child, p in enumerate(parent.tolist()):
        if p >= 0:
            children.setdefault(p, []).append(child)
    for members in children.values():
        for i in members:
            for j in members:
                if i != j:
                    links[(i, j)] = walk(i, j)

    location_type = feed.stops["location_type"].to_numpy()
    forbidden = set()
    for row in feed.transfers.itertuples(index=False):
        # a station in transfers.txt stands for each of its stops
        sources = (
            children.get(row.from_index, []) + [row.from_index]
            if location_type[row.from_index] == 1
            else [row.from_index]
        )
        targets = (
            children.get(row.to_index, []) + [row.to_index] if location_type[row.to_index] == 1 else [row.to_index]
        )
        for i in sources:
            for j in targets:
                if row.transfer_type == 3:
                    forbidden.add((i, j))
                elif row.transfer_type in (0, 1, 2):
                    given = row.min_transfer_time
                    links[(i, j)] = float(given) if np.isfinite(given) else walk(i, j)
    footpaths = [[] for _ in range(n)]
    for (i, j), t in links.items():
        if (i, j) not in forbidden:
            footpaths[i].append((j, t))
    return footpaths


def build_network(
    feed: Feed, day, start_s: float, end_s: float, stop_xy: np.ndarray, settings: TransitSettings
) -> Network:
    """Connections usable for departures in [start_s, end_s] arriving within max_time, and footpaths."""
    latest_arrival = end_s + settings.max_time_min * 60.0
    timetable = feed.timetable(day, start_s, latest_arrival)
    same_run = timetable.occurrence[1:] == timetable.occurrence[:-1]
    dep_row = np.flatnonzero(same_run)
    arr_row = dep_row + 1
    keep = (timetable.departure[dep_row] >= start_s) & (timetable.arrival[arr_row] <= latest_arrival)
    dep_row, arr_row = dep_row[keep], arr_row[keep]
    # latest departure first; among equal departures the latest arrival, then the hop further down
    # its trip first, so that a run of same-minute hops (common with minute-precision feeds) carries
    # what lies beyond it back to its first stop
    order = np.lexsort((-dep_row, -timetable.arrival[arr_row], -timetable.departure[dep_row]))
    dep_row, arr_row = dep_row[order], arr_row[order]
    footpaths = transfer_footpaths(feed, stop_xy, settings)
    dep_stop, arr_stop = timetable.stop[dep_row], timetable.stop[arr_row]
    dep_time, arr_time = timetable.departure[dep_row], timetable.arrival[arr_row]
    run = timetable.occurrence[dep_row]
    order = _order_zero_duration_hops(dep_stop, arr_stop, dep_time, arr_time, run, footpaths)
    return Network(
        n_stops=len(feed.stops),
        dep_stop=dep_stop[order],
        arr_stop=arr_stop[order],
        dep_time=dep_time[order],
        arr_time=arr_time[order],
        run=run[order],
        pickup=timetable.pickup[dep_row][order],
        dropoff=timetable.dropoff[arr_row][order],
        footpaths=footpaths,
    )


def _order_zero_duration_hops(dep_stop, arr_stop, dep_time, arr_time, run, footpaths) -> np.ndarray:
    """Scan order fixing ties between hops that leave and arrive in the same second.

    The scan needs every hop leaving a stop at T before a hop arriving there at T. Hops with
    a duration arrive later than T, so only zero-duration hops of one departure second can
    depend on each other: hop b must come before hop a when b leaves from a stop reachable by a
    zero-second transfer from where a arrives. Those blocks (contiguous at the end of each
    departure second) are put in that order; a cycle (a zero-time loop) is broken anywhere.
    """
    order = np.arange(len(dep_stop))
    zero = np.flatnonzero(dep_time == arr_time)
    if len(zero) < 2:
        return order
    zero_walk = {}
    for stop in np.unique(arr_stop[zero]).tolist():
        zero_walk[stop] = [w for w, seconds in footpaths[stop] if seconds == 0]
    block_start = 0
    while block_start < len(zero):
        block_end = block_start + 1
        while block_end < len(zero) and dep_time[zero[block_end]] == dep_time[zero[block_start]]:
            block_end += 1
        block = zero[block_start:block_end].tolist()
        block_start = block_end
        if len(block) < 2:
            continue
        order[block] = _dependency_order(block, dep_stop, arr_stop, run, zero_walk)
    return order


def _dependency_order(block, dep_stop, arr_stop, run, zero_walk):
    """Hops of ``block`` with, before each hop, the hops leaving where it arrives (iterative depth-first).

    A hop depends on the next hop of its own vehicle whatever the transfer rules, and on the hops
    of other vehicles leaving a stop within a zero-second transfer of its arrival stop.
    """
    leaving, next_of_run = {}, {}
    for hop in block:
        leaving.setdefault(int(dep_stop[hop]), []).append(hop)
        next_of_run[(int(run[hop]), int(dep_stop[hop]))] = hop

    def successors(hop):
        own = next_of_run.get((int(run[hop]), int(arr_stop[hop])))
        if own is not None:
            yield own
        for w in zero_walk[int(arr_stop[hop])]:
            yield from leaving.get(w, ())

    placed, sequence = set(), []
    for root in block:
        if root in placed:
            continue
        placed.add(root)
        stack = [(root, successors(root))]
        while stack:
            hop, pending = stack[-1]
            nxt = next((h for h in pending if h not in placed), None)
            if nxt is None:
                stack.pop()
                sequence.append(hop)
            else:
                placed.add(nxt)  # marked on entry: a cycle back to it is simply cut
                stack.append((nxt, successors(nxt)))
    return sequence


@dataclass
class StopProfiles:
    """For each stop, departures ascending with the earliest arrival (≤ max rides) and its destination.

    Flattened for vectorised lookups: entries of stop s are ``keys`` with s × _SPAN + time + _SHIFT.
    """

    keys: np.ndarray
    stop: np.ndarray
    departure: np.ndarray
    arrival: np.ndarray
    destination: np.ndarray

    def arrival_when_ready(self, stops: np.ndarray, ready: np.ndarray):
        """Earliest arrival (and destination) for someone ready at ``stops`` at times ``ready`` (same shape)."""
        if not len(self.keys):
            return np.full(stops.shape, INF), np.full(stops.shape, -1, dtype=np.int64)
        query = stops * float(_SPAN) + np.clip(ready, -_SHIFT, _SPAN - _SHIFT - 1) + _SHIFT
        # first entry at or after the ready time; it must still belong to the same stop
        position = np.searchsorted(self.keys, query, side="left")
        inside = position < len(self.keys)
        position = np.where(inside, position, 0)
        found = inside & (self.stop[position] == stops)
        arrival = np.where(found, self.arrival[position], INF)
        destination = np.where(found, self.destination[position], -1)
        return arrival, destination


def nearest_destinations(points_xy: np.ndarray, dest_xy: np.ndarray, settings: TransitSettings):
    """Walking seconds to the nearest destination (inf beyond max_walk_m or without coordinates) and its index."""
    seconds = np.full(len(points_xy), INF)
    index = np.full(len(points_xy), -1, dtype=np.int64)
    valid = np.isfinite(points_xy).all(axis=1)
    dest_valid = np.flatnonzero(np.isfinite(dest_xy).all(axis=1))
    if valid.any() and len(dest_valid):
        tree = cKDTree(dest_xy[dest_valid])
        distance, nearest = tree.query(points_xy[valid], k=1)
        walked = distance * settings.walk_detour
        ok = walked <= settings.max_walk_m + 1e-9
        rows = np.flatnonzero(valid)[ok]
        seconds[rows] = distance[ok] * settings.seconds_per_metre
        index[rows] = dest_valid[nearest[ok]]
    return seconds, index


def profile_scan(
    network: Network,
    egress_seconds: np.ndarray,
    egress_destination: np.ndarray,
    settings: TransitSettings,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> StopProfiles:
    """One scan of the connections, latest first, building every stop's profile (see module docstring)."""
    rides = settings.max_rides
    n_stops = network.n_stops
    profile_negdep = [[] for _ in range(n_stops)]  # -departure, ascending (departures appended latest first)
    profile_arr = [[] for _ in range(n_stops)]  # per entry: earliest arrival for 1..rides rides
    profile_dest = [[] for _ in range(n_stops)]
    run_arr, run_dest = {}, {}
    egress = egress_seconds.tolist()
    egress_dest = egress_destination.tolist()
    footpaths = network.footpaths
    dep_stops, arr_stops = network.dep_stop.tolist(), network.arr_stop.tolist()
    dep_times, arr_times = network.dep_time.tolist(), network.arr_time.tolist()
    runs, pickups, dropoffs = network.run.tolist(), network.pickup.tolist(), network.dropoff.tolist()
    total = len(dep_stops)
    upper = range(1, rides)
    for i in range(total):
        if i % 5000 == 0:
            if is_canceled is not None and is_canceled():
                raise TransitCancelled()
            if progress is not None:
                progress(i / max(total, 1))
        run = runs[i]
        best = run_arr.get(run)
        if best is None:
            best, best_dest = [INF] * rides, [-1] * rides
            run_arr[run], run_dest[run] = best, best_dest
        else:
            best_dest = run_dest[run]
        if dropoffs[i]:
            v, arrival = arr_stops[i], arr_times[i]
            reach = arrival + egress[v]
            if reach < best[0]:  # best is non-increasing in rides: best[0] is its largest value
                for r in range(rides):
                    if reach < best[r]:
                        best[r], best_dest[r] = reach, egress_dest[v]
            for w, walk in footpaths[v] if rides > 1 else ():
                negdeps = profile_negdep[w]
                if not negdeps:
                    continue
                k = bisect.bisect_right(negdeps, -(arrival + walk)) - 1
                if k < 0:
                    continue
                then, then_dest = profile_arr[w][k], profile_dest[w][k]
                for r in upper:
                    if then[r - 1] < best[r]:
                        best[r], best_dest[r] = then[r - 1], then_dest[r - 1]
        if not pickups[i] or best[-1] == INF:
            continue
        u, departure = dep_stops[i], dep_times[i]
        negdeps = profile_negdep[u]
        if negdeps:
            front, front_dest = profile_arr[u][-1], profile_dest[u][-1]
            if all(best[r] >= front[r] for r in range(rides)):
                continue
            merged = [b if b < f else f for b, f in zip(best, front)]
            merged_dest = [bd if b < f else fd for b, f, bd, fd in zip(best, front, best_dest, front_dest)]
            if negdeps[-1] == -departure:
                profile_arr[u][-1], profile_dest[u][-1] = merged, merged_dest
                continue
            negdeps.append(-departure)
            profile_arr[u].append(merged)
            profile_dest[u].append(merged_dest)
        else:
            negdeps.append(-departure)
            profile_arr[u].append(list(best))
            profile_dest[u].append(list(best_dest))
    if progress is not None:
        progress(1.0)
    counts = np.array([len(p) for p in profile_negdep], dtype=np.int64)
    stop = np.repeat(np.arange(n_stops, dtype=np.int64), counts)
    departure = -np.array([d for p in profile_negdep for d in reversed(p)], dtype=float)
    arrival = np.array([a[-1] for p in profile_arr for a in reversed(p)], dtype=float)
    destination = np.array([d[-1] for p in profile_dest for d in reversed(p)], dtype=np.int64)
    keys = stop * float(_SPAN) + departure + _SHIFT
    return StopProfiles(keys=keys, stop=stop, departure=departure, arrival=arrival, destination=destination)


@dataclass
class TravelTimes:
    """Per origin (rows) and departure (columns): earliest arrival in seconds (inf if none) and destination."""

    departures: np.ndarray
    arrival: np.ndarray
    destination: np.ndarray
    connections: int = 0
    profile_entries: int = 0

    @property
    def travel_seconds(self) -> np.ndarray:
        return self.arrival - self.departures[None, :]


def access_pairs(origin_xy: np.ndarray, stop_xy: np.ndarray, settings: TransitSettings):
    """(origin index, stop index, walking seconds) of every stop within max_walk_m of each origin, by origin."""
    valid_stops = np.flatnonzero(np.isfinite(stop_xy).all(axis=1))
    valid_origins = np.flatnonzero(np.isfinite(origin_xy).all(axis=1))
    if not len(valid_stops) or not len(valid_origins):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    tree = cKDTree(stop_xy[valid_stops])
    radius = settings.max_walk_m / settings.walk_detour
    neighbours = tree.query_ball_point(origin_xy[valid_origins], r=radius + 1e-9)
    lengths = np.array([len(n) for n in neighbours], dtype=np.int64)
    if not lengths.sum():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    origin = np.repeat(valid_origins, lengths)
    stop = valid_stops[np.concatenate([np.asarray(n, dtype=np.int64) for n in neighbours])]
    distance = np.hypot(*(origin_xy[origin] - stop_xy[stop]).T)
    keep = distance * settings.walk_detour <= settings.max_walk_m + 1e-9
    return origin[keep], stop[keep], distance[keep] * settings.seconds_per_metre


def origin_arrivals(
    profiles: StopProfiles,
    origin_xy: np.ndarray,
    stop_xy: np.ndarray,
    dest_xy: np.ndarray,
    departures: np.ndarray,
    settings: TransitSettings,
    is_canceled: Optional[Callable[[], bool]] = None,
):
    """Earliest arrival (seconds) and destination index for each origin × departure: rides or direct walk."""
    n_origins, n_departures = len(origin_xy), len(departures)
    arrival = np.full((n_origins, n_departures), INF)
    destination = np.full((n_origins, n_departures), -1, dtype=np.int64)
    direct_seconds, direct_dest = nearest_destinations(origin_xy, dest_xy, settings)
    walkable = np.isfinite(direct_seconds)
    arrival[walkable] = departures[None, :] + direct_seconds[walkable, None]
    destination[walkable] = direct_dest[walkable, None]
    pair_origin, pair_stop, pair_walk = access_pairs(origin_xy, stop_xy, settings)
    if not len(pair_origin):
        return arrival, destination
    # chunks of whole origins keep the (pairs × departures) arrays to a bounded size
    bounds = np.searchsorted(pair_origin, np.arange(n_origins + 1))
    per_chunk = max(1, _ORIGIN_CHUNK_CELLS // max(n_departures, 1))
    first_origin = 0
    while first_origin < n_origins:
        if is_canceled is not None and is_canceled():
            raise TransitCancelled()
        end_origin = int(np.searchsorted(bounds, bounds[first_origin] + per_chunk, side="right")) - 1
        end_origin = min(max(end_origin, first_origin + 1), n_origins)
        start, end = bounds[first_origin], bounds[end_origin]
        first_origin = end_origin
        if end == start:
            continue
        o, s, w = pair_origin[start:end], pair_stop[start:end], pair_walk[start:end]
        ride_arrival, ride_dest = profiles.arrival_when_ready(
            np.repeat(s[:, None], n_departures, axis=1), departures[None, :] + w[:, None]
        )
        group_starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
        group_origin = o[group_starts]
        best = np.minimum.reduceat(ride_arrival, group_starts, axis=0)
        # destination of the best: the smallest destination index among ties, for determinism
        sizes = np.diff(np.r_[group_starts, len(o)])
        is_best = ride_arrival == np.repeat(best, sizes, axis=0)
        candidate = np.where(is_best & (ride_dest >= 0), ride_dest, np.iinfo(np.int64).max)
        best_dest = np.minimum.reduceat(candidate, group_starts, axis=0)
        improve = best < arrival[group_origin]
        arrival[group_origin] = np.where(improve, best, arrival[group_origin])
        destination[group_origin] = np.where(improve, best_dest, destination[group_origin])
    return arrival, destination


def travel_times(
    feed: Feed,
    day,
    origin_xy: np.ndarray,
    dest_xy: np.ndarray,
    departures: np.ndarray,
    settings: Optional[TransitSettings] = None,
    stop_xy: Optional[np.ndarray] = None,
    crs: str = "EPSG:2154",
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> TravelTimes:
    """Earliest arrival at the nearest destination for every origin and departure time.

    ``origin_xy`` and ``dest_xy`` are in metres in ``crs`` (stops are projected to it unless
    ``stop_xy`` is given). ``departures`` are seconds after midnight of ``day``. Raises GtfsError
    when ``day`` is outside the feed's calendar and TransitCancelled when ``is_canceled()``.
    """
    settings = settings or TransitSettings()
    departures = np.asarray(departures, dtype=float)
    if stop_xy is None:
        stop_xy = project_stops(feed, crs)
    origin_xy = np.asarray(origin_xy, dtype=float).reshape(-1, 2)
    dest_xy = np.asarray(dest_xy, dtype=float).reshape(-1, 2)
    start_s = float(departures.min()) if len(departures) else 0.0
    end_s = float(departures.max()) if len(departures) else 0.0
    network = build_network(feed, day, start_s, end_s, stop_xy, settings)
    egress_seconds, egress_dest = nearest_destinations(stop_xy, dest_xy, settings)

    def scan_progress(fraction):
        if progress is not None:
            progress(0.9 * fraction)

    profiles = profile_scan(network, egress_seconds, egress_dest, settings, scan_progress, is_canceled)
    arrival, destination = origin_arrivals(profiles, origin_xy, stop_xy, dest_xy, departures, settings, is_canceled)
    if progress is not None:
        progress(1.0)
    return TravelTimes(
        departures=departures,
        arrival=arrival,
        destination=destination,
        connections=len(network.dep_stop),
        profile_entries=len(profiles.keys),
    )


@dataclass
class TravelTimeSummary:
    """Per origin: median and best travel time in minutes (NaN when not reached), reach share, fastest destination."""

    time_min: np.ndarray
    best_min: np.ndarray
    reach_share: np.ndarray
    dest_index: np.ndarray


def summarise(result: TravelTimes, max_time_min: float) -> TravelTimeSummary:
    """Median over the window (NaN when fewer than half the departures arrive within max_time_min), best, share.

    Departures not arriving within max_time_min count as slower than any that do; when exactly
    half arrive, the median is the slowest of the arriving half.
    """
    minutes = result.travel_seconds / 60.0
    reached = minutes <= max_time_min + 1e-9
    minutes = np.where(reached, minutes, INF)
    n = minutes.shape[1]
    if n == 0:
        nan = np.full(minutes.shape[0], np.nan)
        return TravelTimeSummary(nan, nan.copy(), nan.copy(), np.full(minutes.shape[0], -1, dtype=np.int64))
    ordered = np.sort(minutes, axis=1)
    lower, upper = ordered[:, (n - 1) // 2], ordered[:, n // 2]
    median = np.where(np.isfinite(upper), (lower + upper) / 2.0, lower)
    share = reached.mean(axis=1)
    median = np.where(2 * reached.sum(axis=1) >= n, median, np.nan)
    fastest = np.argmin(minutes, axis=1)
    rows = np.arange(minutes.shape[0])
    best = minutes[rows, fastest]
    any_reached = np.isfinite(best)
    return TravelTimeSummary(
        time_min=median,
        best_min=np.where(any_reached, best, np.nan),
        reach_share=share,
        dest_index=np.where(any_reached, result.destination[rows, fastest], -1),
    )
