"""GTFS reader: real feeds and the bad inputs real feeds contain."""

import zipfile
from datetime import date

import numpy as np
import pytest
from conftest import shared_path

from vigie.plugin.core.sources.archive import check_members
from vigie.plugin.core.sources.errors import UnsafeArchiveError
from vigie.plugin.core.transit.gtfs_reader import GtfsError, parse_times, read_feed, stop_departures

MINIMAL = {
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nA,Alpha,44.56,6.08\nB,Beta,44.60,6.10\n",
    "trips.txt": "route_id,service_id,trip_id\nR,S,T\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT,8:00:00,8:00:00,A,1\n"
    "T,8:30:00,8:30:00,B,2\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
    "S,1,1,1,1,1,0,0,20240101,20240630\n",
}


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_hautes_alpes_ter_feed_reads_with_its_calendar():
    feed = read_feed(shared_path("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip"))
    assert len(feed.trips) == 149
    assert len(feed.st_trip) == 1855
    assert feed.validity_range() == (date(2017, 11, 6), date(2018, 2, 4))
    assert feed.excluded_stops == 0
    # sorted by trip then sequence, times never go backwards within a trip
    same_trip = feed.st_trip[1:] == feed.st_trip[:-1]
    assert (feed.st_arrival[1:][same_trip] >= feed.st_departure[:-1][same_trip]).all()
    gap = stop_departures(feed, date(2017, 11, 14), 6 * 3600, 10 * 3600).set_index("stop_id")
    assert gap.loc["StopPoint:OCETrain TER-87763003", "departures"] == 4  # Gare de Gap
    assert gap["departures"].sum() == 85


def test_national_ter_feed_excludes_and_counts_impossible_stops():
    feed = read_feed(shared_path("data", "france", "gtfs-sncf-ter-2017-11.zip"))
    assert len(feed.stops) == 9292
    assert len(feed.st_trip) == 256_582
    assert feed.excluded_stops == 212  # all on one placeholder point in the Sahara
    excluded = feed.stops[~feed.stops["valid_xy"]]
    assert excluded["lat"].isna().all()
    assert len(excluded) == 212 and (excluded["stop_name"].nunique() > 100)


def test_samples_parent_stations_transfers_and_frequencies():
    frioul = read_feed(shared_path("data", "samples", "gtfs", "frioul-marseille.zip"))
    stops = frioul.stops.set_index("stop_id")
    assert stops.loc["7004", "parent_station"] == "S14944"
    assert stops.loc["S14944", "location_type"] == 1
    assert sorted(frioul.transfers["transfer_type"]) == [0, 3, 3]
    spec = read_feed(shared_path("data", "samples", "gtfs", "gtfs-spec-sample-feed-1.zip"))
    timetable = spec.timetable(date(2008, 6, 5))  # a Thursday: FULLW runs
    trip_ids = spec.trips["trip_id"].to_numpy()[timetable.trip]
    runs_of = {t: len(np.unique(timetable.occurrence[trip_ids == t])) for t in ("STBA", "CITY1", "AB1")}
    # STBA every 30 min 6:00-22:00 (end exclusive); CITY1 4 + 12 + 12 + 18 + 6 runs; AB1 not frequency-based
    assert runs_of == {"STBA": 32, "CITY1": 52, "AB1": 1}
    assert spec.active_services(date(2007, 6, 4)) == set()  # FULLW removed that Monday


def test_bom_quoted_fields_short_hours_and_interpolation(tmp_path):
    files = dict(MINIMAL)
    files["stops.txt"] = (
        '\ufeffstop_id,stop_name,stop_lat,stop_lon\n"A","Gap, gare",44.56,6.08\nB,Beta,44.60,6.10\nC,Gamma,44.7,6.2\n'
    )
    files["stop_times.txt"] = (
        "\ufefftrip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T,23:50:00,23:50:00,A,1\nT,,,B,5\nT, 24:10:00 ,24:12:00,C,9\n"
    )
    feed = read_feed(write(tmp_path / "feed", files))
    assert feed.stops["stop_name"].tolist()[0] == "Gap, gare"
    # B is interpolated halfway between 23:50 and 24:10 (by stop order)
    np.testing.assert_allclose(feed.st_arrival, [85800, 86400, 87000])
    np.testing.assert_allclose(feed.st_departure, [85800, 86400, 87120])
    assert feed.interpolated_times == 1
    np.testing.assert_allclose(parse_times(__import__("pandas").Series(["7:05:09", "31:00:00", ""]), "f", "c")[:2],
                               [25509, 111600])  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stops.txt": None}, "no stops.txt"),
        ({"trips.txt": "route_id,trip_id\nR,T\n"}, "trips.txt has no column service_id"),
        ({"calendar.txt": None}, "neither calendar.txt nor calendar_dates.txt"),
        ({"stops.txt": MINIMAL["stops.txt"] + "A,Again,44.5,6.0\n"}, "stops.txt: duplicate stop_id A"),
        ({"trips.txt": "route_id,service_id,trip_id\nR,S,T\nR,S,T\n"}, "trips.txt: duplicate trip_id T"),
        (
            {"stop_times.txt": MINIMAL["stop_times.txt"] + "T,9:00:00,9:00:00,Z,3\n"},
            "stop_times.txt column stop_id: 'Z' is not in stops.txt",
        ),
        (
            {"stop_times.txt": MINIMAL["stop_times.txt"] + "T,9h00,9:00:00,A,3\n"},
            "stop_times.txt column arrival_time: '9h00'",
        ),
        (
            {"stop_times.txt": MINIMAL["stop_times.txt"].replace("8:30:00,8:30:00", "7:30:00,7:30:00")},
            "times go backwards in trip T",
        ),
        ({"calendar.txt": MINIMAL["calendar.txt"].replace("20240630", "2024-06-30")}, "calendar.txt column end_date"),
    ],
)
def test_bad_feeds_name_file_and_column(tmp_path, change, message):
    files = dict(MINIMAL)
    files.update(change)
    with pytest.raises(GtfsError, match=message):
        read_feed(write(tmp_path / "feed", files))


def test_date_outside_calendar_gives_the_validity_range(tmp_path):
    feed = read_feed(write(tmp_path / "feed", MINIMAL))
    with pytest.raises(
        GtfsError, match="2025-01-07 is outside the feed's calendar, valid from 2024-01-01 to 2024-06-30"
    ):
        feed.timetable(date(2025, 1, 7))
    assert len(feed.timetable(date(2024, 3, 5))) == 2


def test_calendar_dates_only_feed(tmp_path):
    files = dict(
        MINIMAL, **{"calendar.txt": None, "calendar_dates.txt": "service_id,date,exception_type\nS,20240305,1\n"}
    )
    feed = read_feed(write(tmp_path / "feed", files))
    assert feed.validity_range() == (date(2024, 3, 5), date(2024, 3, 5))
    assert feed.active_services(date(2024, 3, 5)) == {"S"}


def test_impossible_coordinates_are_excluded_not_fatal(tmp_path):
    files = dict(MINIMAL)
    files["stops.txt"] = MINIMAL["stops.txt"] + "Z,Zero,0,0\nN,Nowhere,,\nX,Too far,95.0,6.0\n"
    feed = read_feed(write(tmp_path / "feed", files))
    assert feed.excluded_stops == 3
    assert feed.stops.set_index("stop_id").loc[["A", "B"], "valid_xy"].all()


def zipped(path, files, prefix=""):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(prefix + name, text)
    return path


def test_zip_in_a_subfolder_reads(tmp_path):
    feed = read_feed(zipped(tmp_path / "feed.zip", MINIMAL, prefix="gtfs/"))
    assert len(feed.trips) == 1


def test_zip_escaping_its_folder_is_refused(tmp_path):
    files = dict(MINIMAL, **{"../../evil.txt": "x"})
    with pytest.raises(GtfsError, match="escapes its folder"):
        read_feed(zipped(tmp_path / "slip.zip", files))
    with pytest.raises(GtfsError, match="absolute path"):
        read_feed(zipped(tmp_path / "abs.zip", dict(MINIMAL, **{"/etc/evil.txt": "x"})))


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in MINIMAL.items():
            archive.writestr(name, text)
        archive.writestr("shapes.txt", b"\0" * (40 * 1024**2))  # 40 MB of zeros → ~40 kB
    with pytest.raises(GtfsError, match="implausible compression ratio"):
        read_feed(path)
    with (
        zipfile.ZipFile(zipped(tmp_path / "big.zip", MINIMAL)) as archive,
        pytest.raises(UnsafeArchiveError, match="inflates beyond"),
    ):
        check_members(archive, max_total=100)


def test_not_a_zip(tmp_path):
    (tmp_path / "feed.zip").write_text("hello")
    with pytest.raises(GtfsError, match="not a zip archive"):
        read_feed(tmp_path / "feed.zip")


def test_zip_with_a_link_is_refused(tmp_path):
    """One safe-zip module for fetchers and the GTFS reader: a link entry is refused by both."""
    path = zipped(tmp_path / "link.zip", MINIMAL)
    with zipfile.ZipFile(path, "a") as archive:
        link = zipfile.ZipInfo("shapes.txt")
        link.external_attr = 0o120777 << 16  # a symbolic link, e.g. to /etc/passwd
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(GtfsError, match="is a link"):
        read_feed(path)
