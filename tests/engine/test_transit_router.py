"""Transit router against an independent Dijkstra reference on the real Hautes-Alpes TER feed."""

import json
from datetime import date

import numpy as np
import pytest
from conftest import shared_path
from pyproj import Transformer
from transit_reference import ReferenceFeed, ReferenceRouter

from vigie.plugin.core.transit.gtfs_reader import GtfsError, read_feed
from vigie.plugin.core.transit.router import (
    TransitCancelled,
    TransitSettings,
    departure_times,
    project_stops,
    summarise,
    travel_times,
)

TUESDAY = date(2017, 11, 14)
SATURDAY = date(2017, 11, 18)
TO_L93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


@pytest.fixture(scope="module")
def ter_path():
    return shared_path("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip")


@pytest.fixture(scope="module")
def ter_feed(ter_path):
    return read_feed(ter_path)


@pytest.fixture(scope="module")
def ter_reference(ter_path):
    return ReferenceFeed(ter_path)


@pytest.fixture(scope="module")
def hospitals_xy():
    path = shared_path("data", "hautes-alpes", "health-facilities-finess-2020.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return np.array([TO_L93.transform(*f["geometry"]["coordinates"][:2]) for f in features])


def origins_near_stations(feed, count, seed=5):
    """Points a few hundred metres from served stops (so access walks matter), plus far ones."""
    stop_xy = project_stops(feed)
    served = np.unique(feed.st_stop)
    served = served[np.isfinite(stop_xy[served]).all(axis=1)]
    rng = np.random.default_rng(seed)
    chosen = stop_xy[rng.choice(served, size=count)]
    return chosen + rng.uniform(-700, 700, size=chosen.shape)


@pytest.mark.parametrize(
    ("day", "settings"),
    [
        (TUESDAY, TransitSettings(max_time_min=180)),
        (SATURDAY, TransitSettings(max_transfers=1, transfer_max_m=1500, max_time_min=240)),
        (TUESDAY, TransitSettings(max_transfers=0, walk_speed_kmh=5.0, max_walk_m=1500, max_time_min=240)),
    ],
)
def test_router_matches_dijkstra_reference_on_hautes_alpes_ter(ter_feed, ter_reference, hospitals_xy, day, settings):
    origins = origins_near_stations(ter_feed, 14)
    departures = departure_times(6 * 3600, 9 * 3600, 6)
    result = travel_times(ter_feed, day, origins, hospitals_xy, departures, settings)
    reference = ReferenceRouter(
        ter_reference,
        day,
        hospitals_xy,
        settings.walk_speed_kmh,
        settings.walk_detour,
        settings.max_walk_m,
        settings.transfer_max_m,
        settings.max_transfers,
    )
    reached = 0
    for i, origin in enumerate(origins):
        for j, t in enumerate(departures):
            expected, destinations = reference.earliest_arrival(tuple(origin), t)
            # beyond MAX_TIME a journey does not count (the router prunes those connections)
            limit = t + settings.max_time_min * 60
            expected = expected if expected <= limit else np.inf
            obtained = result.arrival[i, j] if result.arrival[i, j] <= limit else np.inf
            assert obtained == pytest.approx(expected, abs=1e-6), (i, t)
            if np.isfinite(expected):
                reached += 1
                assert result.destination[i, j] in destinations
    # the comparison means something only if many journeys exist
    assert reached > 0.2 * origins.shape[0] * len(departures)


def test_more_transfers_never_slower_and_sometimes_faster(ter_feed, hospitals_xy):
    origins = origins_near_stations(ter_feed, 200, seed=11)
    departures = departure_times(6 * 3600, 10 * 3600, 2)
    by_transfers = [
        travel_times(ter_feed, TUESDAY, origins, hospitals_xy, departures, TransitSettings(max_transfers=k)).arrival
        for k in (0, 1, 4)
    ]
    assert (by_transfers[1] <= by_transfers[0]).all() and (by_transfers[2] <= by_transfers[1]).all()
    assert (by_transfers[1] < by_transfers[0]).sum() > 0


def test_summary_of_gap_station_on_a_weekday(ter_feed, hospitals_xy):
    """In front of Gap station, the hospital is a walk of 756 m × 1.3 (within MAX_WALK_M) at every departure."""
    gap_station = np.array(TO_L93.transform(6.0803, 44.5626))  # Gare de Gap
    departures = departure_times(7 * 3600, 9 * 3600, 1)
    result = travel_times(ter_feed, TUESDAY, gap_station[None, :], hospitals_xy, departures)
    summary = summarise(result, 120)
    assert len(departures) == 121
    assert summary.best_min[0] == pytest.approx(summary.time_min[0]) == pytest.approx(13.11, abs=0.01)
    assert summary.reach_share[0] == pytest.approx(1.0)


def test_summary_median_rule():
    from vigie.plugin.core.transit.router import TravelTimes

    departures = np.array([0.0, 60.0, 120.0, 180.0])
    minutes = np.array(
        [
            [10, 20, 30, 40],  # all reached: median 25
            [10, 20, np.inf, np.inf],  # exactly half: slowest of the reached half
            [10, np.inf, np.inf, np.inf],  # fewer than half: NULL
            [200, 200, 200, 200],  # beyond MAX_TIME: not reached
        ],
        dtype=float,
    )
    arrival = departures[None, :] + minutes * 60
    result = TravelTimes(departures, arrival, np.tile(np.array([3, 4, 5, 6]), (4, 1)))
    summary = summarise(result, max_time_min=120)
    np.testing.assert_allclose(summary.time_min, [25, 20, np.nan, np.nan])
    np.testing.assert_allclose(summary.best_min, [10, 10, 10, np.nan])
    np.testing.assert_allclose(summary.reach_share, [1, 0.5, 0.25, 0])
    assert summary.dest_index.tolist() == [3, 3, 3, -1]


def test_date_outside_calendar_gives_validity_range(ter_feed, hospitals_xy):
    with pytest.raises(GtfsError, match="2017-11-06 to 2018-02-04"):
        travel_times(ter_feed, date(2019, 1, 1), hospitals_xy[:1], hospitals_xy, [8 * 3600])


def test_cancel_stops_the_run(ter_feed, hospitals_xy):
    with pytest.raises(TransitCancelled):
        travel_times(ter_feed, TUESDAY, hospitals_xy, hospitals_xy, [8 * 3600], is_canceled=lambda: True)


@pytest.mark.parametrize(
    ("parts", "day", "crs", "window"),
    [
        # stations with platforms, transfers.txt with type 0 and type 3 rows
        (("samples", "gtfs", "frioul-marseille.zip"), date(2017, 2, 14), "EPSG:2154", (8 * 3600, 12 * 3600)),
        # frequencies.txt, calendar_dates.txt removal on 2007-06-04, in Nevada (UTM 11N)
        (("samples", "gtfs", "gtfs-spec-sample-feed-1.zip"), date(2008, 6, 5), "EPSG:32611", (5 * 3600, 9 * 3600)),
        (("samples", "gtfs", "gtfs-spec-sample-feed-1.zip"), date(2007, 6, 4), "EPSG:32611", (5 * 3600, 9 * 3600)),
    ],
)
def test_router_matches_reference_on_sample_feeds(parts, day, crs, window):
    path = shared_path("data", *parts)
    feed = read_feed(path)
    settings = TransitSettings(max_walk_m=400, transfer_max_m=300, max_transfers=2, max_time_min=240)
    stop_xy = project_stops(feed, crs)
    located = np.flatnonzero(np.isfinite(stop_xy).all(axis=1))
    rng = np.random.default_rng(2)
    origins = stop_xy[rng.choice(located, size=10)] + rng.uniform(-250, 250, size=(10, 2))
    destinations = stop_xy[rng.choice(located, size=3, replace=False)] + rng.uniform(-150, 150, size=(3, 2))
    departures = departure_times(*window, 7)
    result = travel_times(feed, day, origins, destinations, departures, settings, crs=crs)
    reference = ReferenceRouter(
        ReferenceFeed(path),
        day,
        destinations,
        settings.walk_speed_kmh,
        settings.walk_detour,
        settings.max_walk_m,
        settings.transfer_max_m,
        settings.max_transfers,
        crs=crs,
    )
    rides = 0
    for i, origin in enumerate(origins):
        for j, t in enumerate(departures):
            expected, _ = reference.earliest_arrival(tuple(origin), t)
            limit = t + settings.max_time_min * 60
            expected = expected if expected <= limit else np.inf
            obtained = result.arrival[i, j] if result.arrival[i, j] <= limit else np.inf
            assert obtained == pytest.approx(expected, abs=1e-6), (i, t)
            rides += np.isfinite(expected)
    assert rides > 0.2 * len(origins) * len(departures)


def random_feed(folder, rng, zero_hops=False):
    """A small random network: 9 stops on a 3 km square, 30 trips with minute times, restrictions and transfers.

    With ``zero_hops``, hops may take 0 minutes (as in minute-precision feeds) and two stops share
    their coordinates (a zero-second transfer), so same-second chains across vehicles occur.
    """
    to_wgs84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
    xy = np.array([940_000.0, 6_390_000.0]) + rng.uniform(0, 3000, size=(9, 2))
    if zero_hops:
        xy[8] = xy[7]
    stops = ["stop_id,stop_name,stop_lat,stop_lon"]
    for k, (x, y) in enumerate(xy):
        lon, lat = to_wgs84.transform(x, y)
        stops.append(f"S{k},Stop {k},{lat:.9f},{lon:.9f}")
    trips, times = (
        ["route_id,service_id,trip_id"],
        ["trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type"],
    )
    for t in range(30):
        trips.append(f"R{t % 4},{'GONE' if t == 29 else 'ALL'},T{t}")
        path = rng.choice(9, size=rng.integers(2, 6), replace=False)
        clock = int(rng.integers(7 * 60, 9 * 60 + 30)) * 60
        for seq, stop in enumerate(path):
            arrival = clock
            clock += int(rng.integers(0, 3)) * 60
            pickup, dropoff = ("1" if rng.random() < 0.1 else ""), ("1" if rng.random() < 0.1 else "")
            times.append(
                f"T{t},{arrival // 3600}:{arrival // 60 % 60:02d}:00,{clock // 3600}:{clock // 60 % 60:02d}:00,"
                f"S{stop},{seq + 1},{pickup},{dropoff}"
            )
            clock += int(rng.integers(0 if zero_hops else 1, 13)) * 60
    a, b, c, d = rng.choice(9, size=4, replace=False)
    transfers = [
        "from_stop_id,to_stop_id,transfer_type,min_transfer_time",
        f"S{a},S{b},2,{int(rng.integers(0, 600))}",
        f"S{c},S{c},2,180",
        f"S{d},S{d},3,",
    ]
    folder.mkdir()
    files = {
        "stops.txt": stops,
        "trips.txt": trips,
        "stop_times.txt": times,
        "transfers.txt": transfers,
        "calendar.txt": [
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date",
            "ALL,1,1,1,1,1,1,1,20171101,20171231",
            "GONE,1,1,1,1,1,1,1,20171101,20171231",
        ],
        "calendar_dates.txt": ["service_id,date,exception_type", "GONE,20171114,2"],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return xy


@pytest.mark.parametrize(("seed", "zero_hops"), [(seed, seed % 2 == 1) for seed in range(16)])
def test_router_matches_reference_on_random_networks(tmp_path, seed, zero_hops):
    rng = np.random.default_rng(seed)
    stops_xy = random_feed(tmp_path / "feed", rng, zero_hops)
    feed = read_feed(tmp_path / "feed")
    settings = TransitSettings(max_transfers=int(rng.choice([0, 1, 2, 4])), max_time_min=150)
    origins = stops_xy[rng.choice(9, size=6)] + rng.uniform(-600, 600, size=(6, 2))
    destinations = stops_xy[rng.choice(9, size=2, replace=False)] + rng.uniform(-500, 500, size=(2, 2))
    departures = departure_times(7 * 3600, 9 * 3600, 4)
    result = travel_times(feed, TUESDAY, origins, destinations, departures, settings)
    reference = ReferenceRouter(
        ReferenceFeed(tmp_path / "feed"),
        TUESDAY,
        destinations,
        settings.walk_speed_kmh,
        settings.walk_detour,
        settings.max_walk_m,
        settings.transfer_max_m,
        settings.max_transfers,
    )
    for i, origin in enumerate(origins):
        for j, t in enumerate(departures):
            expected, destinations_reached = reference.earliest_arrival(tuple(origin), t)
            limit = t + settings.max_time_min * 60
            expected = expected if expected <= limit else np.inf
            obtained = result.arrival[i, j] if result.arrival[i, j] <= limit else np.inf
            assert obtained == pytest.approx(expected, abs=1e-6), (i, t)
            if np.isfinite(expected):
                assert result.destination[i, j] in destinations_reached
