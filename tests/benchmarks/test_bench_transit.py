"""Transit router speed: 2-hour window at 1-minute steps for thousands of origins, vs a naive scan.

The naive reference is what one would write first: for each origin and each departure minute,
a forward earliest-arrival connection scan (one pass per allowed ride, with target pruning).
It is timed on a sample of origins in the same run, extrapolated to all origins (said so in the
output), and its answers on the sample must equal the router's.
Run with `make bench`.
"""

import bisect
import csv
import json
import math
import time
import tracemalloc
from datetime import date

import numpy as np
from conftest import shared_path
from pyproj import Transformer

from vigie.plugin.core.transit.gtfs_reader import read_feed
from vigie.plugin.core.transit.router import (
    TransitSettings,
    build_network,
    departure_times,
    nearest_destinations,
    project_stops,
    travel_times,
)

TUESDAY = date(2017, 11, 14)
WINDOW = (7 * 3600, 9 * 3600)
NAIVE_SAMPLE = 12


def shared_file(*parts):
    """A file under ../shared/data, or skip."""
    return shared_path("data", *parts)


def population_cells_l93():
    """Centres of the 2,368 inhabited 200 m Filosofi cells around Gap, in Lambert-93."""
    path = shared_file("hautes-alpes", "population-filosofi2019-200m-gap-champsaur.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    x = np.array([float(r["x_sw_3035"]) + 100 for r in rows])
    y = np.array([float(r["y_sw_3035"]) + 100 for r in rows])
    lx, ly = Transformer.from_crs("EPSG:3035", "EPSG:2154", always_xy=True).transform(x, y)
    return np.column_stack([lx, ly])


def hospitals_l93():
    path = shared_file("hautes-alpes", "health-facilities-finess-2020.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    to_l93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    return np.array([to_l93.transform(*f["geometry"]["coordinates"][:2]) for f in features])


class NaiveScan:
    """Per origin and minute: forward connection scan in rounds (ride k uses the round k-1 labels)."""

    def __init__(self, network, stop_xy, dest_xy, settings):
        order = np.lexsort((network.arr_time, network.dep_time))  # earliest departure first
        self.dep = network.dep_time[order].tolist()
        self.arr = network.arr_time[order].tolist()
        self.u = network.dep_stop[order].tolist()
        self.v = network.arr_stop[order].tolist()
        self.run = network.run[order].tolist()
        self.pickup = network.pickup[order].tolist()
        self.dropoff = network.dropoff[order].tolist()
        self.footpaths = network.footpaths
        self.stop_xy = stop_xy
        self.valid_stops = np.flatnonzero(np.isfinite(stop_xy).all(axis=1))
        self.egress, _ = nearest_destinations(stop_xy, dest_xy, settings)
        self.dest_xy = dest_xy
        self.settings = settings

    def earliest_arrival(self, origin, t):
        s = self.settings
        best = math.inf
        direct, _ = nearest_destinations(origin[None, :], self.dest_xy, s)
        best = min(best, t + direct[0])
        distance = np.hypot(*(self.stop_xy[self.valid_stops] - origin).T)
        near = distance * s.walk_detour <= s.max_walk_m + 1e-9
        ready = {int(k): t + d * s.seconds_per_metre for k, d in zip(self.valid_stops[near], distance[near])}
        start = bisect.bisect_left(self.dep, t)
        for _ride in range(s.max_rides):
            arrived, on_board = {}, set()
            for i in range(start, len(self.dep)):
                if self.dep[i] >= best:
                    break  # target pruning
                run = self.run[i]
                if run not in on_board:
                    if not self.pickup[i] or ready.get(self.u[i], math.inf) > self.dep[i]:
                        continue
                    on_board.add(run)
                if self.dropoff[i] and self.arr[i] < arrived.get(self.v[i], math.inf):
                    arrived[self.v[i]] = self.arr[i]
            next_ready = dict(ready)
            for v, a in arrived.items():
                best = min(best, a + self.egress[v])
                for w, walk in self.footpaths[v]:
                    if a + walk < next_ready.get(w, math.inf):
                        next_ready[w] = a + walk
            ready = next_ready
        return best


def run_benchmark(name, feed, origins, dest_xy, settings):
    departures = departure_times(*WINDOW, 1)
    stop_xy = project_stops(feed)
    started = time.perf_counter()
    result = travel_times(feed, TUESDAY, origins, dest_xy, departures, settings, stop_xy=stop_xy)
    router_s = time.perf_counter() - started
    tracemalloc.start()
    travel_times(feed, TUESDAY, origins, dest_xy, departures, settings, stop_xy=stop_xy)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    network = build_network(feed, TUESDAY, *WINDOW, stop_xy, settings)
    naive = NaiveScan(network, stop_xy, dest_xy, settings)
    # half the sample among origins the router says reach something (so the comparison bites), half at random
    rng = np.random.default_rng(3)
    reaching = np.flatnonzero(np.isfinite(result.arrival).any(axis=1))
    sample = np.unique(
        np.r_[
            rng.choice(reaching, size=min(NAIVE_SAMPLE // 2, len(reaching)), replace=False),
            rng.choice(len(origins), size=NAIVE_SAMPLE // 2, replace=False),
        ]
    )
    started = time.perf_counter()
    naive_arrival = np.array([[naive.earliest_arrival(origins[i], t) for t in departures] for i in sample])
    naive_sample_s = time.perf_counter() - started
    naive_s = naive_sample_s * len(origins) / len(sample)
    limit = departures[None, :] + settings.max_time_min * 60
    ours = np.where(result.arrival[sample] <= limit, result.arrival[sample], np.inf)
    theirs = np.where(naive_arrival <= limit, naive_arrival, np.inf)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    reached = np.isfinite(ours).mean()
    limit_all = departures[None, :] + settings.max_time_min * 60
    reached_all = (result.arrival <= limit_all).mean()
    ratio = naive_s / router_s
    print(
        f"\n[transit] {name}: {len(origins)} origins x {len(departures)} departures, {len(dest_xy)} destinations, "
        f"{result.connections} connections, {result.profile_entries} profile entries\n"
        f"[transit]   router (profile scan + vectorised origins): {router_s:.3f} s, "
        f"peak traced memory {peak / 1e6:.1f} MB\n"
        f"[transit]   naive per-origin per-minute scan: {naive_sample_s:.2f} s for a sample of {len(sample)} origins, "
        f"extrapolated to {naive_s:.1f} s for all (same answers on the sample; {reached:.0%} of sample journeys "
        f"within MAX_TIME; {reached_all:.0%} over all origins)\n"
        f"[transit]   speed-up: {ratio:.0f}x"
    )
    return ratio


def test_bench_hautes_alpes_population_cells_to_hospitals():
    feed = read_feed(shared_file("hautes-alpes", "gtfs-sncf-ter-2017-11.zip"))
    origins = population_cells_l93()
    assert len(origins) >= 2000
    ratio = run_benchmark("Hautes-Alpes TER", feed, origins, hospitals_l93(), TransitSettings())
    assert ratio > 1


def test_bench_national_ter_feed():
    started = time.perf_counter()
    feed = read_feed(shared_file("france", "gtfs-sncf-ter-2017-11.zip"))
    read_s = time.perf_counter() - started
    print(f"\n[transit] national TER feed read and checked in {read_s:.2f} s ({len(feed.st_trip)} stop_times, "
          f"{feed.excluded_stops} stops with impossible coordinates excluded)")  # fmt: skip
    stop_xy = project_stops(feed)
    served = np.unique(feed.st_stop)
    served = served[np.isfinite(stop_xy[served]).all(axis=1)]
    rng = np.random.default_rng(7)
    # origins: 3,000 points within 1 km of served stops all over France; services: 400 points near stops
    origins = stop_xy[rng.choice(served, size=3000)] + rng.uniform(-700, 700, size=(3000, 2))
    destinations = stop_xy[rng.choice(served, size=400, replace=False)] + rng.uniform(-300, 300, size=(400, 2))
    ratio = run_benchmark("national TER", feed, origins, destinations, TransitSettings())
    assert ratio > 1
