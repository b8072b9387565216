"""An independent reference for the transit router, written separately from plugin/core/transit.

It reads the GTFS with the csv module (no pandas), builds the trips of a date itself and runs,
for ONE origin and ONE departure time, a Dijkstra over (stop, rides used, ready/arrived)
states with heapq. Slow and simple on purpose: it shares no code with the router, only the
journey rules (see the router's module docstring).
"""

import csv
import heapq
import io
import math
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from pyproj import Transformer

DAY = 86400


WEEKDAY_COLUMNS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _rows(source, name):
    source = Path(source)
    if source.is_dir():
        file = source / name
        if not file.exists():
            return []
        text = file.read_text(encoding="utf-8-sig")
    else:
        with zipfile.ZipFile(source) as archive:
            if name not in archive.namelist():
                return []
            text = archive.read(name).decode("utf-8-sig")
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _seconds(text):
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def _ymd(text):
    return datetime.strptime(text, "%Y%m%d").date()


class ReferenceFeed:
    """Raw tables of a feed, and the runs of a date as lists of (stop_id, arr, dep, pickup, dropoff)."""

    def __init__(self, source):
        self.stops = {row["stop_id"]: row for row in _rows(source, "stops.txt")}
        self.trips = {row["trip_id"]: row for row in _rows(source, "trips.txt")}
        self.calendar = _rows(source, "calendar.txt")
        self.calendar_dates = _rows(source, "calendar_dates.txt")
        self.frequencies = _rows(source, "frequencies.txt")
        self.transfers = _rows(source, "transfers.txt")
        self.stop_times = {}
        for row in _rows(source, "stop_times.txt"):
            self.stop_times.setdefault(row["trip_id"], []).append(row)
        for rows in self.stop_times.values():
            rows.sort(key=lambda r: int(r["stop_sequence"]))

    def services(self, day: date):
        active = set()
        for row in self.calendar:
            if _ymd(row["start_date"]) <= day <= _ymd(row["end_date"]) and row[WEEKDAY_COLUMNS[day.weekday()]] == "1":
                active.add(row["service_id"])
        for row in self.calendar_dates:
            if _ymd(row["date"]) == day:
                if row["exception_type"] == "1":
                    active.add(row["service_id"])
                else:
                    active.discard(row["service_id"])
        return active

    def runs(self, day: date):
        """Every vehicle run touching ``day``: the previous, same and next service days, shifted to its clock."""
        runs = []
        for offset in (-1, 0, 1):
            services = self.services(day + timedelta(days=offset))
            for trip_id, trip in self.trips.items():
                if trip["service_id"] not in services:
                    continue
                base = [
                    (
                        r["stop_id"],
                        _seconds(r["arrival_time"]),
                        _seconds(r["departure_time"]),
                        r.get("pickup_type", "") != "1",
                        r.get("drop_off_type", "") != "1",
                    )
                    for r in self.stop_times[trip_id]
                ]
                starts = [base[0][2]]
                headways = [f for f in self.frequencies if f["trip_id"] == trip_id]
                if headways:
                    starts = []
                    for f in headways:
                        t = _seconds(f["start_time"])
                        while t < _seconds(f["end_time"]):
                            starts.append(t)
                            t += int(f["headway_secs"])
                for start in starts:
                    shift = start - base[0][2] + offset * DAY
                    runs.append([(s, a + shift, d + shift, p, o) for s, a, d, p, o in base])
        return runs


class ReferenceRouter:
    """Journeys of one origin at one departure time, by Dijkstra over (kind, stop, rides)."""

    def __init__(self, feed: ReferenceFeed, day: date, dest_xy, walk_speed_kmh, walk_detour, max_walk_m,
                 transfer_max_m, max_transfers, crs="EPSG:2154"):  # fmt: skip
        self.per_metre = walk_detour / (walk_speed_kmh / 3.6)
        self.detour = walk_detour
        self.max_walk_m = max_walk_m
        self.max_rides = max_transfers + 1
        self.dest_xy = [tuple(p) for p in dest_xy]
        to_metres = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self.xy = {}
        for stop_id, row in feed.stops.items():
            try:
                lat, lon = float(row["stop_lat"]), float(row["stop_lon"])
            except (KeyError, ValueError):
                continue
            self.xy[stop_id] = to_metres.transform(lon, lat)
        # departures per stop: (dep time, run number, position in run)
        self.runs = feed.runs(day)
        self.boardings = {}
        for number, run in enumerate(self.runs):
            for position, (stop_id, _, dep, pickup, _) in enumerate(run[:-1]):
                if pickup:
                    self.boardings.setdefault(stop_id, []).append((dep, number, position))
        # transfer walks
        self.transfer = {s: {s: 0.0} for s in feed.stops}
        ids = [s for s in feed.stops if s in self.xy]
        for a in ids:
            for b in ids:
                if a != b and self._distance(self.xy[a], self.xy[b]) <= transfer_max_m:
                    self.transfer[a][b] = self._distance(self.xy[a], self.xy[b]) * self.per_metre
        parent = {s: row.get("parent_station", "") for s, row in feed.stops.items()}
        for a in feed.stops:
            for b in feed.stops:
                if a != b and parent[a] and parent[a] == parent[b]:
                    self.transfer[a][b] = self._walk_between(a, b)
        children = {}
        for s, p in parent.items():
            if p:
                children.setdefault(p, []).append(s)
        forbidden = set()
        for row in feed.transfers:
            froms = [row["from_stop_id"]] + children.get(row["from_stop_id"], [])
            tos = [row["to_stop_id"]] + children.get(row["to_stop_id"], [])
            for a in froms:
                for b in tos:
                    kind = row.get("transfer_type", "") or "0"
                    if kind == "3":
                        forbidden.add((a, b))
                    elif kind in ("0", "1", "2"):
                        given = row.get("min_transfer_time", "")
                        self.transfer[a][b] = float(given) if given else self._walk_between(a, b)
        for a, b in forbidden:
            self.transfer[a].pop(b, None)

    @staticmethod
    def _distance(p, q):
        return math.hypot(p[0] - q[0], p[1] - q[1])

    def _walk_between(self, a, b):
        if a in self.xy and b in self.xy:
            return self._distance(self.xy[a], self.xy[b]) * self.per_metre
        return 0.0

    def _nearest_destinations(self, p):
        """Walking seconds to the nearest destinations within max_walk_m, and their indices (ties kept)."""
        distances = [self._distance(p, q) for q in self.dest_xy]
        within = [d for d in distances if d * self.detour <= self.max_walk_m + 1e-9]
        if not within:
            return math.inf, set()
        nearest = min(within)
        return nearest * self.per_metre, {i for i, d in enumerate(distances) if abs(d - nearest) <= 1e-6}

    def earliest_arrival(self, origin_xy, t):
        """(earliest arrival time, set of destination indices reaching it) leaving ``origin_xy`` at ``t``."""
        best_time, best_dests = math.inf, set()

        def offer(time, dests):
            nonlocal best_time, best_dests
            if time < best_time - 1e-9:
                best_time, best_dests = time, set(dests)
            elif abs(time - best_time) <= 1e-9:
                best_dests |= dests

        walk, dests = self._nearest_destinations(origin_xy)
        if dests:
            offer(t + walk, dests)
        queue, settled = [], set()
        for stop_id, p in self.xy.items():
            d = self._distance(origin_xy, p)
            if d * self.detour <= self.max_walk_m + 1e-9:
                heapq.heappush(queue, (t + d * self.per_metre, "ready", stop_id, 0))
        while queue:
            time, kind, stop_id, rides = heapq.heappop(queue)
            if time > best_time + 1e-9:
                break
            if (kind, stop_id, rides) in settled:
                continue
            settled.add((kind, stop_id, rides))
            if kind == "ready":
                if rides >= self.max_rides:
                    continue
                for dep, number, position in self.boardings.get(stop_id, []):
                    if dep < time:
                        continue
                    for next_stop, arr, _, _, dropoff in self.runs[number][position + 1 :]:
                        if dropoff:
                            heapq.heappush(queue, (arr, "arrived", next_stop, rides + 1))
            else:
                if stop_id in self.xy:
                    walk, dests = self._nearest_destinations(self.xy[stop_id])
                    if dests:
                        offer(time + walk, dests)
                for other, seconds in self.transfer.get(stop_id, {}).items():
                    heapq.heappush(queue, (time + seconds, "ready", other, rides))
        return best_time, best_dests
