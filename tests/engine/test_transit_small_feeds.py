"""Small hand-checked feeds, written into tmp_path: each case has its answer worked out by hand.

Stops are placed in Lambert-93 metres (then stored as lon/lat) far apart, so that no walk
happens unless a case asks for one; walking is 1 m/s with no detour to keep the arithmetic plain.
"""

from datetime import date

import numpy as np
import pytest
from pyproj import Transformer

from vigie.plugin.core.transit.gtfs_reader import read_feed
from vigie.plugin.core.transit.router import TransitSettings, departure_times, project_stops, summarise, travel_times

TO_WGS84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
X0, Y0 = 940_000.0, 6_390_000.0  # near Gap
MONDAY, TUESDAY = date(2017, 11, 13), date(2017, 11, 14)
PLAIN = TransitSettings(walk_speed_kmh=3.6, walk_detour=1.0, max_walk_m=1000, transfer_max_m=500, max_time_min=240)
H = 3600


def stop_row(stop_id, x_km, y_km=0.0, location_type="", parent=""):
    lon, lat = TO_WGS84.transform(X0 + x_km * 1000, Y0 + y_km * 1000)
    return f"{stop_id},Stop {stop_id},{lat:.9f},{lon:.9f},{location_type},{parent}"


def write_feed(folder, stops, stop_times, trips, calendar=None, calendar_dates=None, **extra):
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "stops.txt": ["stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station", *stops],
        "trips.txt": ["route_id,service_id,trip_id", *trips],
        "stop_times.txt": ["trip_id,arrival_time,departure_time,stop_id,stop_sequence", *stop_times],
    }
    if calendar is not None:
        files["calendar.txt"] = [
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date",
            *calendar,
        ]
    if calendar_dates is not None:
        files["calendar_dates.txt"] = ["service_id,date,exception_type", *calendar_dates]
    for name, lines in extra.items():
        files[f"{name}.txt"] = lines
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


DAILY = ["ALL,1,1,1,1,1,1,1,20171101,20171231"]


def at_stops(feed, *stop_ids):
    """Lambert-93 coordinates of stops: an origin or destination placed exactly there walks 0 s."""
    xy = project_stops(feed)
    index = feed.stop_index
    return np.array([xy[index[s]] for s in stop_ids])


def minutes(feed, day, origin_stop, dest_stops, departures, settings=PLAIN, origin_xy=None):
    origins = at_stops(feed, origin_stop) if origin_xy is None else np.asarray(origin_xy)[None, :]
    result = travel_times(feed, day, origins, at_stops(feed, *dest_stops), departures, settings)
    travel = result.travel_seconds[0] / 60.0
    return np.where(travel <= settings.max_time_min, travel, np.inf)


def test_previous_service_day_trip_after_midnight(tmp_path):
    """A Monday-only trip at 24:10 → 24:40 runs on Tuesday 00:10 → 00:40; Tuesday's own 24:10 is Wednesday's."""
    feed = read_feed(
        write_feed(
            tmp_path / "night",
            [stop_row("A", 0), stop_row("B", 30)],
            ["N1,24:10:00,24:10:00,A,1", "N1,24:40:00,24:40:00,B,2"],
            ["R,MON,N1"],
            calendar=["MON,1,0,0,0,0,0,0,20171101,20171231"],
        )
    )
    got = minutes(feed, TUESDAY, "A", ["B"], departure_times(0, 20 * 60, 5))
    np.testing.assert_allclose(got, [40, 35, 30, np.inf, np.inf])
    # on Monday itself, the 00:10 run belongs to Sunday's service, which does not exist
    assert np.isinf(minutes(feed, MONDAY, "A", ["B"], [0.0])).all()


def test_calendar_dates_removal_and_addition(tmp_path):
    feed = read_feed(
        write_feed(
            tmp_path / "removed",
            [stop_row("A", 0), stop_row("B", 30)],
            ["T1,08:00:00,08:00:00,A,1", "T1,08:30:00,08:30:00,B,2", "T2,09:00:00,09:00:00,A,1", "T2,09:20:00,,B,2"],
            ["R,ALL,T1", "R,EXTRA,T2"],
            calendar=DAILY,
            calendar_dates=["ALL,20171114,2", "EXTRA,20171114,1"],
        )
    )
    # Tuesday: the daily trip is removed, the added one runs (departure time taken from arrival)
    np.testing.assert_allclose(minutes(feed, TUESDAY, "A", ["B"], [7.5 * H]), [110])
    np.testing.assert_allclose(minutes(feed, MONDAY, "A", ["B"], [7.5 * H]), [60])


def test_frequencies_expand_into_one_trip_per_headway(tmp_path):
    feed = read_feed(
        write_feed(
            tmp_path / "freq",
            [stop_row("A", 0), stop_row("B", 30), stop_row("C", 60)],
            ["F1,6:00:00,6:00:00,A,1", "F1,6:10:00,6:12:00,B,2", "F1,6:25:00,6:25:00,C,3"],
            ["R,ALL,F1"],
            calendar=DAILY,
            frequencies=["trip_id,start_time,end_time,headway_secs", "F1,07:00:00,08:00:00,900"],
        )
    )
    # runs leave A at 7:00, 7:15, 7:30, 7:45 (not 8:00: end_time is exclusive) and reach C 25 min later
    got = minutes(feed, TUESDAY, "A", ["C"], departure_times(6.5 * H, 8 * H, 15))
    # leaving A at 6:30, 6:45, 7:00, ..., 8:00
    expected = [30 + 25, 15 + 25, 25, 25, 25, 25, np.inf]
    np.testing.assert_allclose(got, expected)
    # a rider boarding at B (6:12 template offset) leaves at 7:12, 7:27, ...
    np.testing.assert_allclose(minutes(feed, TUESDAY, "B", ["C"], [7 * H + 13 * 60]), [14 + 13])


def two_trips_feed(folder, transfer_lines=None, second_from="C"):
    """T1 A → B arrives 8:10; T2 <second_from> → D leaves 8:15; T3 the same 45 min later. B and C are 5 km apart."""
    header = "from_stop_id,to_stop_id,transfer_type,min_transfer_time"
    extra = {"transfers": [header, *transfer_lines]} if transfer_lines is not None else {}
    return read_feed(
        write_feed(
            folder,
            [stop_row("A", 0), stop_row("B", 20), stop_row("C", 20, 5), stop_row("D", 50)],
            [
                "T1,08:00:00,08:00:00,A,1",
                "T1,08:10:00,08:10:00,B,2",
                f"T2,08:15:00,08:15:00,{second_from},1",
                "T2,08:45:00,08:45:00,D,2",
                f"T3,09:00:00,09:00:00,{second_from},1",
                "T3,09:30:00,09:30:00,D,2",
            ],
            ["R,ALL,T1", "R,ALL,T2", "R,ALL,T3"],
            calendar=DAILY,
            **extra,
        )
    )


def test_transfers_txt_min_transfer_time(tmp_path):
    # no transfer rule: B and C are 5 km apart, nothing connects them
    assert np.isinf(minutes(two_trips_feed(tmp_path / "none"), TUESDAY, "A", ["D"], [8 * H])).all()
    fast = two_trips_feed(tmp_path / "fast", ["B,C,2,240"])
    np.testing.assert_allclose(minutes(fast, TUESDAY, "A", ["D"], [8 * H]), [45])
    slow = two_trips_feed(tmp_path / "slow", ["B,C,2,360"])
    np.testing.assert_allclose(minutes(slow, TUESDAY, "A", ["D"], [8 * H]), [90])
    # at the same stop: a minimum change time of 10 min makes the 8:15 connection missed
    same_stop = two_trips_feed(tmp_path / "same", ["B,B,2,600"], second_from="B")
    np.testing.assert_allclose(minutes(same_stop, TUESDAY, "A", ["D"], [8 * H]), [90])
    same_stop_default = two_trips_feed(tmp_path / "same0", [], second_from="B")
    np.testing.assert_allclose(minutes(same_stop_default, TUESDAY, "A", ["D"], [8 * H]), [45])
    # transfer_type 3 forbids the change even at the same stop
    forbidden = two_trips_feed(tmp_path / "forbid", ["B,B,3,"], second_from="B")
    assert np.isinf(minutes(forbidden, TUESDAY, "A", ["D"], [8 * H])).all()


def test_parent_station_links_its_platforms_whatever_their_distance(tmp_path):
    """Platforms P1 and P2 of station S are 600 m apart (beyond TRANSFER_MAX_M): 600 s of walking."""
    feed = read_feed(
        write_feed(
            tmp_path / "station",
            [
                stop_row("A", 0),
                stop_row("S", 20, 0, location_type="1"),
                stop_row("P1", 20, 0, parent="S"),
                stop_row("P2", 20.6, 0, parent="S"),
                stop_row("D", 50),
            ],
            [
                "T1,08:00:00,08:00:00,A,1",
                "T1,08:10:00,08:10:00,P1,2",
                "T2,08:19:00,08:19:00,P2,1",
                "T2,08:40:00,08:40:00,D,2",
                "T3,08:21:00,08:21:00,P2,1",
                "T3,08:51:00,08:51:00,D,2",
            ],
            ["R,ALL,T1", "R,ALL,T2", "R,ALL,T3"],
            calendar=DAILY,
        )
    )
    assert feed.stops.set_index("stop_id").loc["P2", "parent_station"] == "S"
    # 8:10 + 10 min walk = 8:20: the 8:19 is missed, the 8:21 caught
    np.testing.assert_allclose(minutes(feed, TUESDAY, "A", ["D"], [8 * H]), [51])


def test_walk_only_journey_and_its_limit(tmp_path):
    feed = read_feed(
        write_feed(
            tmp_path / "walk",
            [stop_row("A", 0), stop_row("B", 30)],
            ["T1,08:00:00,08:00:00,A,1", "T1,08:30:00,08:30:00,B,2"],
            ["R,ALL,T1"],
            calendar=DAILY,
        )
    )
    far_from_stops = np.array([X0 + 10_000.0, Y0 + 10_000.0])
    origins = far_from_stops[None, :]
    destination = (far_from_stops + [300.0, 400.0])[None, :]  # 500 m away
    departures = departure_times(8 * H, 8.5 * H, 10)
    walk = travel_times(feed, TUESDAY, origins, destination, departures, PLAIN)
    np.testing.assert_allclose(walk.travel_seconds, [[500.0] * 4])
    with_detour = travel_times(feed, TUESDAY, origins, destination, departures, TransitSettings(max_walk_m=1000))
    np.testing.assert_allclose(with_detour.travel_seconds, [[500 * 1.3 / 1.25] * 4])
    too_far = travel_times(feed, TUESDAY, origins, destination, departures, TransitSettings(max_walk_m=600))
    assert np.isinf(too_far.travel_seconds).all()  # 500 m × 1.3 = 650 m walked > 600 m


def test_access_and_egress_walks_add_up(tmp_path):
    feed = read_feed(
        write_feed(
            tmp_path / "access",
            [stop_row("A", 0), stop_row("B", 30)],
            ["T1,08:00:00,08:00:00,A,1", "T1,08:30:00,08:30:00,B,2"],
            ["R,ALL,T1"],
            calendar=DAILY,
        )
    )
    a, b = at_stops(feed, "A", "B")
    origin, destination = a + [0.0, 300.0], b + [400.0, 0.0]
    result = travel_times(feed, TUESDAY, origin[None, :], destination[None, :], [7.9 * H, 7.95 * H], PLAIN)
    # 7:54 + 5 min walk → board 8:00 → 8:30 + 400 s walk; at 7:57, 5 min of walk misses the train
    np.testing.assert_allclose(result.arrival[0], [8.5 * H + 400, np.inf])


def test_max_transfers_binds(tmp_path):
    """A → B → C → D needs two transfers (arrives 9:00); the direct slow coach A → D arrives 11:00."""
    feed = read_feed(
        write_feed(
            tmp_path / "chain",
            [stop_row("A", 0), stop_row("B", 20), stop_row("C", 40), stop_row("D", 60)],
            [
                "T1,08:00:00,08:00:00,A,1",
                "T1,08:15:00,08:15:00,B,2",
                "T2,08:20:00,08:20:00,B,1",
                "T2,08:35:00,08:35:00,C,2",
                "T3,08:40:00,08:40:00,C,1",
                "T3,09:00:00,09:00:00,D,2",
                "SLOW,08:05:00,08:05:00,A,1",
                "SLOW,11:00:00,11:00:00,D,2",
            ],
            ["R,ALL,T1", "R,ALL,T2", "R,ALL,T3", "R,ALL,SLOW"],
            calendar=DAILY,
        )
    )
    expected = {0: 180, 1: 180, 2: 60, 4: 60}
    for transfers, travel in expected.items():
        settings = TransitSettings(
            walk_speed_kmh=3.6, walk_detour=1.0, max_transfers=transfers, max_time_min=240, transfer_max_m=500
        )
        np.testing.assert_allclose(minutes(feed, TUESDAY, "A", ["D"], [8 * H], settings), [travel])


def test_summary_on_a_hand_feed_reports_fastest_destination(tmp_path):
    feed = read_feed(
        write_feed(
            tmp_path / "two_dest",
            [stop_row("A", 0), stop_row("B", 30), stop_row("C", 60)],
            ["T1,08:00:00,08:00:00,A,1", "T1,08:20:00,08:20:00,B,2", "T1,08:50:00,08:50:00,C,3"],
            ["R,ALL,T1"],
            calendar=DAILY,
        )
    )
    result = travel_times(
        feed, TUESDAY, at_stops(feed, "A"), at_stops(feed, "C", "B"), departure_times(7 * H + 50 * 60, 8 * H, 5), PLAIN
    )
    summary = summarise(result, 120)
    np.testing.assert_allclose(result.travel_seconds[0] / 60, [30, 25, 20])
    assert summary.time_min[0] == pytest.approx(25)
    assert summary.best_min[0] == pytest.approx(20)
    assert summary.reach_share[0] == 1.0
    assert summary.dest_index[0] == 1  # B, the second destination given


def test_same_minute_hops_of_one_trip_carry_the_journey_back(tmp_path):
    """A 8:00 → B 8:00 → C 8:00 → D 8:10 (minute-precision times): from A, C is reached at 8:00."""
    feed = read_feed(
        write_feed(
            tmp_path / "same_minute",
            [stop_row("A", 0), stop_row("B", 10), stop_row("C", 20), stop_row("D", 30)],
            [
                "T1,08:00:00,08:00:00,A,1",
                "T1,08:00:00,08:00:00,B,2",
                "T1,08:00:00,08:00:00,C,3",
                "T1,08:10:00,08:10:00,D,4",
            ],
            ["R,ALL,T1"],
            calendar=DAILY,
        )
    )
    np.testing.assert_allclose(minutes(feed, TUESDAY, "A", ["C"], [7.5 * H, 8 * H]), [30, 0])


def test_transfer_between_zero_duration_hops_of_two_vehicles(tmp_path):
    """X: A 8:00 → B 8:00 → E 8:30; Y: B 8:00 → C 8:00 → D 8:20. From A at 8:00, C is reached at 8:00.

    Both hops leave and arrive in the same second: the scan must see Y's hop before X's.
    Y is listed first so that file order alone would get it wrong.
    """
    feed = read_feed(
        write_feed(
            tmp_path / "zero_transfer",
            [stop_row("A", 0), stop_row("B", 10), stop_row("C", 20), stop_row("D", 30), stop_row("E", 40)],
            [
                "Y,08:00:00,08:00:00,B,1",
                "Y,08:00:00,08:00:00,C,2",
                "Y,08:20:00,08:20:00,D,3",
                "X,08:00:00,08:00:00,A,1",
                "X,08:00:00,08:00:00,B,2",
                "X,08:30:00,08:30:00,E,3",
            ],
            ["R,ALL,Y", "R,ALL,X"],
            calendar=DAILY,
        )
    )
    np.testing.assert_allclose(minutes(feed, TUESDAY, "A", ["C"], [8 * H]), [0])
    no_transfer = TransitSettings(walk_speed_kmh=3.6, walk_detour=1.0, max_transfers=0, max_time_min=240)
    assert np.isinf(minutes(feed, TUESDAY, "A", ["C"], [8 * H], no_transfer)).all()
