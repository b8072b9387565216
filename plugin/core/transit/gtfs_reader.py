"""GTFS Schedule reader: a zip or a folder into checked numpy/pandas tables, and the timetable of a date.

What real feeds throw at a reader and how it is handled here:
- UTF-8 byte-order mark, quoted fields, spaces around values → read as text, stripped;
- times ``H:MM:SS`` and past ``24:00:00`` → seconds after the service day's midnight;
- empty intermediate times → interpolated linearly along the trip (by stop order);
- ``calendar.txt`` and/or ``calendar_dates.txt`` → services active on a date;
- ``frequencies.txt`` → one trip per headway, built from the template trip's offsets;
- stops with impossible coordinates → excluded from geometry, counted;
- missing file/column, duplicate ids, unknown references → ``GtfsError`` naming file and column.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from ..messages import CodedError, CodedMessage
from ..sources.archive import check_members, read_member
from ..sources.errors import UnsafeArchiveError

SECONDS_PER_DAY = 86400
REQUIRED_COLUMNS = {
    "stops.txt": ("stop_id",),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"),
    "calendar.txt": (
        "service_id",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "start_date",
        "end_date",
    ),
    "calendar_dates.txt": ("service_id", "date", "exception_type"),
    "frequencies.txt": ("trip_id", "start_time", "end_time", "headway_secs"),
    "transfers.txt": ("from_stop_id", "to_stop_id", "transfer_type"),
}
OPTIONAL_FILES = ("calendar.txt", "calendar_dates.txt", "frequencies.txt", "transfers.txt", "routes.txt")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A coordinate shared by stops bearing this many different names is a placeholder, not a place
# (the 2017 national TER export puts ~200 stops on one point of the Sahara).
PLACEHOLDER_NAME_COUNT = 5


class GtfsError(CodedError, ValueError):
    """The feed cannot be used as given; the message names the file and column at fault.

    Raised as ``GtfsError(code, **params)``: the QGIS side translates the message by its code.
    """

    TEMPLATES = {
        "no_service_date": "calendar.txt and calendar_dates.txt define no service date",
        "date_outside": "the date {date} is outside the feed's calendar, valid from {first} to {last}",
        "file_missing": "the GTFS file {path} does not exist",
        "not_a_feed": "{name} is not a zip archive nor a folder of GTFS files",
        "unsafe_archive": "{name}: {reason}",
        "table_missing": "the feed has no {name} (required)",
        "not_utf8_csv": "{name} cannot be read as UTF-8 CSV: {detail}",
        "columns_missing": "{name} has no column {columns} (required)",
        "bad_time": "{file} column {column}: '{example}' is not a time H:MM:SS ({count} such rows)",
        "bad_date": "{file} column {column}: '{example}' is not a date YYYYMMDD",
        "bad_integer": "{file} column {column}: '{example}' is not an integer",
        "duplicate_id": "{file}: duplicate {columns} {example} ({count} rows share an id)",
        "unknown_reference": "{file} column {column}: '{example}' is not in {target} ({count} rows)",
        "no_calendar": "the feed has neither calendar.txt nor calendar_dates.txt: one of them is required",
        "times_backwards": (
            "stop_times.txt columns arrival_time/departure_time: times go backwards in trip {trip} ({count} rows)"
        ),
        "bad_frequencies": "frequencies.txt columns start_time/end_time/headway_secs: empty or non-positive values",
        "trip_end_without_time": (
            "stop_times.txt columns arrival_time/departure_time: the first and last stop of a trip need "
            "times (row {row} of the sorted trips is empty)"
        ),
    }


class GtfsWarning(CodedMessage):
    """Something the reader repaired or left out, worth telling the user (``Feed.warnings``)."""

    TEMPLATES = {"times_interpolated": "stop_times.txt: {count} empty intermediate times interpolated"}


@dataclass
class Feed:
    """A checked GTFS feed. Stops are indexed 0..n-1; stop_times are sorted by trip then sequence."""

    stops: pd.DataFrame  # stop_id, stop_name, lat, lon, location_type, parent_station, parent_index, valid_xy
    trips: pd.DataFrame  # trip_id, route_id, service_id
    # stop_times as arrays, sorted by trip then stop_sequence; times in seconds of the service day
    st_trip: np.ndarray
    st_stop: np.ndarray
    st_arrival: np.ndarray
    st_departure: np.ndarray
    st_pickup: np.ndarray  # bool: boarding allowed
    st_dropoff: np.ndarray  # bool: alighting allowed
    calendar: pd.DataFrame
    calendar_dates: pd.DataFrame
    frequencies: pd.DataFrame  # trip_index, start, end, headway
    transfers: pd.DataFrame  # from_index, to_index, transfer_type, min_transfer_time (NaN if absent)
    excluded_stops: int = 0
    interpolated_times: int = 0
    warnings: list = field(default_factory=list)

    @property
    def stop_index(self) -> dict:
        return dict(zip(self.stops["stop_id"], range(len(self.stops))))

    def validity_range(self):
        """(first date, last date) on which at least one service may run, from both calendar files."""
        starts, ends = [], []
        if len(self.calendar):
            starts.append(self.calendar["start_date"].min())
            ends.append(self.calendar["end_date"].max())
        added = self.calendar_dates[self.calendar_dates["exception_type"] == 1]
        if len(added):
            starts.append(added["date"].min())
            ends.append(added["date"].max())
        if not starts:
            raise GtfsError("no_service_date")
        return min(starts), max(ends)

    def active_services(self, day: date) -> set:
        """service_id values running on ``day`` (calendar.txt weekdays and range, then calendar_dates.txt)."""
        active = set()
        if len(self.calendar):
            cal = self.calendar
            in_range = (cal["start_date"] <= day) & (cal["end_date"] >= day) & (cal[WEEKDAYS[day.weekday()]] == 1)
            active.update(cal.loc[in_range, "service_id"])
        exceptions = self.calendar_dates[self.calendar_dates["date"] == day]
        active.update(exceptions.loc[exceptions["exception_type"] == 1, "service_id"])
        active.difference_update(exceptions.loc[exceptions["exception_type"] == 2, "service_id"])
        return active

    def check_date(self, day: date):
        """Raise GtfsError giving the feed's validity range when ``day`` is outside it."""
        first, last = self.validity_range()
        if not first <= day <= last:
            raise GtfsError("date_outside", date=day.isoformat(), first=first.isoformat(), last=last.isoformat())

    def timetable(self, day: date, start_s: float = 0.0, end_s: float = SECONDS_PER_DAY - 1.0) -> "Timetable":
        """Trips running on ``day`` with times in seconds after that day's midnight (by default the whole day).

        Includes the previous service day's trips still running after midnight (times past
        24:00:00, shifted by one day) and the next day's early trips, so a window near midnight
        sees every vehicle. Only trips with a stop time in [start_s, end_s] are kept.
        Frequency-based trips are expanded into one trip per headway.
        """
        self.check_date(day)
        pieces = []
        for offset in (-1, 0, 1):
            services = self.active_services(day + timedelta(days=offset))
            if not services:
                continue
            trip_active = self.trips["service_id"].isin(services).to_numpy()
            pieces.append(self._occurrences(trip_active, offset * SECONDS_PER_DAY))
        occ = [np.concatenate([p[i] for p in pieces]) if pieces else np.zeros(0) for i in range(7)]
        occ_id, trip, stop, arrival, departure, pickup, dropoff = occ
        if len(occ_id):
            # keep whole occurrences touching the window
            first_dep = pd.Series(departure).groupby(occ_id).transform("min").to_numpy()
            last_arr = pd.Series(arrival).groupby(occ_id).transform("max").to_numpy()
            keep = (last_arr >= start_s) & (first_dep <= end_s)
            occ_id, trip, stop, arrival, departure, pickup, dropoff = (
                a[keep] for a in (occ_id, trip, stop, arrival, departure, pickup, dropoff)
            )
            _, occ_id = np.unique(occ_id, return_inverse=True)
        return Timetable(
            occurrence=occ_id.astype(np.int64),
            trip=trip.astype(np.int64),
            stop=stop.astype(np.int64),
            arrival=arrival.astype(np.float64),
            departure=departure.astype(np.float64),
            pickup=pickup.astype(bool),
            dropoff=dropoff.astype(bool),
        )

    def _occurrences(self, trip_active: np.ndarray, shift: int):
        """Rows of the active trips (frequency trips expanded) as arrays with an occurrence id per trip run."""
        rows = trip_active[self.st_trip]
        freq_trips = np.zeros(len(self.trips), dtype=bool)
        if len(self.frequencies):
            freq_trips[self.frequencies["trip_index"].to_numpy()] = True
        plain = rows & ~freq_trips[self.st_trip]
        trip = self.st_trip[plain]
        parts = [
            (
                trip.astype(np.int64) * 1,
                trip,
                self.st_stop[plain],
                self.st_arrival[plain] + shift,
                self.st_departure[plain] + shift,
                self.st_pickup[plain],
                self.st_dropoff[plain],
            )
        ]
        next_id = len(self.trips)
        if len(self.frequencies):
            active_freq = self.frequencies[trip_active[self.frequencies["trip_index"].to_numpy()]]
            for trip_index, start, end, headway in active_freq[["trip_index", "start", "end", "headway"]].itertuples(
                index=False
            ):
                # stop_times are sorted by trip: the template's rows are one slice
                first, last = np.searchsorted(self.st_trip, [trip_index, trip_index + 1])
                rows_of_trip = slice(first, last)
                origin_time = self.st_departure[first]
                # the template's first departure moves to each headway start, offsets kept
                run_starts = np.arange(start, end, headway, dtype=float)
                n_runs, n_stops = len(run_starts), last - first
                if n_runs == 0:
                    continue
                shift_of_run = (run_starts - origin_time + shift)[:, None]
                parts.append(
                    (
                        np.repeat(np.arange(next_id, next_id + n_runs, dtype=np.int64), n_stops),
                        np.full(n_runs * n_stops, trip_index, dtype=np.int64),
                        np.tile(self.st_stop[rows_of_trip], n_runs),
                        (self.st_arrival[rows_of_trip][None, :] + shift_of_run).ravel(),
                        (self.st_departure[rows_of_trip][None, :] + shift_of_run).ravel(),
                        np.tile(self.st_pickup[rows_of_trip], n_runs),
                        np.tile(self.st_dropoff[rows_of_trip], n_runs),
                    )
                )
                next_id += n_runs
        # occurrence ids unique across the three service days
        offset_id = (shift // SECONDS_PER_DAY + 1) * 10**9
        return tuple(np.concatenate([p[i] for p in parts]) + (offset_id if i == 0 else 0) for i in range(7))


@dataclass
class Timetable:
    """Stop times of the trip runs of a date, sorted by run then stop order; times in seconds after midnight."""

    occurrence: np.ndarray
    trip: np.ndarray
    stop: np.ndarray
    arrival: np.ndarray
    departure: np.ndarray
    pickup: np.ndarray
    dropoff: np.ndarray

    def __len__(self):
        return len(self.occurrence)


# -- reading ---------------------------------------------------------------------------------


def _open_source(path):
    """Function name → bytes or None for the GTFS files of a zip (root or one subfolder) or a folder."""
    path = Path(path)
    if path.is_dir():

        def read_dir(name):
            file = path / name
            return file.read_bytes() if file.is_file() else None

        if not (path / "stops.txt").is_file():
            subfolders = [p for p in path.iterdir() if p.is_dir() and (p / "stops.txt").is_file()]
            if len(subfolders) == 1:
                return _open_source(subfolders[0])
        return read_dir
    if not path.is_file():
        raise GtfsError("file_missing", path=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise GtfsError("not_a_feed", name=path.name) from error
    try:
        members = check_members(archive)
    except UnsafeArchiveError as error:
        raise GtfsError("unsafe_archive", name=path.name, reason=str(error)) from error
    folders = {str(Path(name).parent) for name in members if Path(name).name == "stops.txt"}
    folder = "." if "." in folders else (folders.pop() if len(folders) == 1 else ".")

    def read_zip(name):
        key = name if folder == "." else f"{folder}/{name}"
        info = members.get(key)
        if info is None:
            return None
        try:
            return read_member(archive, info)
        except UnsafeArchiveError as error:
            raise GtfsError("unsafe_archive", name=path.name, reason=str(error)) from error

    return read_zip


def feed_publishers(path) -> list:
    """Who publishes a feed, from its own files: (name, url) of feed_info.txt, else of each agency.

    Used to credit the feed on maps (never its file name). Empty when the feed names nobody.
    """
    reader = _open_source(Path(path))
    info = _read_table(reader, "feed_info.txt", required=False)
    if info is not None and "feed_publisher_name" in info.columns and len(info):
        urls = info["feed_publisher_url"] if "feed_publisher_url" in info.columns else [""] * len(info)
        return list(dict.fromkeys(zip(info["feed_publisher_name"], urls)))
    agency = _read_table(reader, "agency.txt", required=False)
    if agency is None or "agency_name" not in agency.columns:
        return []
    urls = agency["agency_url"] if "agency_url" in agency.columns else [""] * len(agency)
    return list(dict.fromkeys(zip(agency["agency_name"], urls)))


def _read_table(reader, name, required=True) -> Optional[pd.DataFrame]:
    data = reader(name)
    if data is None:
        if required:
            raise GtfsError("table_missing", name=name)
        return None
    try:
        table = pd.read_csv(
            io.BytesIO(data),
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError:
        table = pd.DataFrame()
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise GtfsError("not_utf8_csv", name=name, detail=str(error)) from error
    table.columns = [str(c).strip().lstrip("\ufeff") for c in table.columns]
    for column in table.columns:
        table[column] = table[column].str.strip()
    missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if c not in table.columns]
    if missing:
        raise GtfsError("columns_missing", name=name, columns=", ".join(missing))
    return table


def parse_times(values: pd.Series, file_name: str, column: str) -> np.ndarray:
    """'H:MM:SS' or 'HH:MM:SS' (hours may pass 24) → seconds as float; empty → NaN."""
    text = values.astype(str).str.strip()
    empty = text == ""
    parts = text[~empty].str.extract(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")
    bad = parts[0].isna()
    if bad.any():
        example = text[~empty][bad].iloc[0]
        raise GtfsError("bad_time", file=file_name, column=column, example=example, count=int(bad.sum()))
    seconds = np.full(len(text), np.nan)
    seconds[~empty.to_numpy()] = (
        parts[0].astype(int) * 3600 + parts[1].astype(int) * 60 + parts[2].astype(int)
    ).to_numpy(dtype=float)
    return seconds


def _parse_dates(values: pd.Series, file_name: str, column: str) -> pd.Series:
    parsed = pd.to_datetime(values, format="%Y%m%d", errors="coerce")
    if parsed.isna().any():
        example = values[parsed.isna()].iloc[0]
        raise GtfsError("bad_date", file=file_name, column=column, example=example)
    return parsed.dt.date


def _parse_ints(values: pd.Series, file_name: str, column: str, default=None) -> np.ndarray:
    text = values.astype(str).str.strip()
    if default is not None:
        text = text.where(text != "", str(default))
    numbers = pd.to_numeric(text, errors="coerce")
    if numbers.isna().any() or (numbers % 1 != 0).any():
        example = text[numbers.isna() | (numbers % 1 != 0)].iloc[0]
        raise GtfsError("bad_integer", file=file_name, column=column, example=example)
    return numbers.to_numpy(dtype=np.int64)


def _check_unique(table, columns, file_name):
    duplicated = table.duplicated(list(columns), keep=False)
    if duplicated.any():
        example = table.loc[duplicated, list(columns)].iloc[0].tolist()
        raise GtfsError(
            "duplicate_id",
            file=file_name,
            columns=" + ".join(columns),
            example=" / ".join(map(str, example)),
            count=int(duplicated.sum()),
        )


def _check_references(values: pd.Series, known, file_name, column, target):
    unknown = ~values.isin(known)
    if unknown.any():
        raise GtfsError(
            "unknown_reference",
            file=file_name,
            column=column,
            example=values[unknown].iloc[0],
            target=target,
            count=int(unknown.sum()),
        )


def _impossible_coordinates(lat: np.ndarray, lon: np.ndarray, names: pd.Series) -> np.ndarray:
    """Stops whose coordinates cannot be a real place: missing, out of range, (0, 0), or a placeholder point."""
    bad = ~(np.isfinite(lat) & np.isfinite(lon))
    bad |= ~((np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    bad |= (lat == 0) & (lon == 0)
    frame = pd.DataFrame({"lat": lat, "lon": lon, "name": names.str.lower()})
    distinct_names = frame.groupby(["lat", "lon"])["name"].transform("nunique").to_numpy()
    bad |= distinct_names >= PLACEHOLDER_NAME_COUNT
    return bad


def read_feed(path) -> Feed:
    """Read and check a GTFS feed from a zip file or a folder.

    Raises GtfsError (file and column named) for a missing required file or column, duplicate
    ids, unknown references, unparsable values, and an unsafe zip (escaping names, zip bombs).
    """
    reader = _open_source(path)
    stops = _read_table(reader, "stops.txt")
    trips = _read_table(reader, "trips.txt")
    stop_times = _read_table(reader, "stop_times.txt")
    calendar = _read_table(reader, "calendar.txt", required=False)
    calendar_dates = _read_table(reader, "calendar_dates.txt", required=False)
    if calendar is None and calendar_dates is None:
        raise GtfsError("no_calendar")
    frequencies = _read_table(reader, "frequencies.txt", required=False)
    transfers = _read_table(reader, "transfers.txt", required=False)
    warnings = []

    # stops
    _check_unique(stops, ["stop_id"], "stops.txt")
    for column in ("stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"):
        if column not in stops.columns:
            stops[column] = ""
    location_type = _parse_ints(stops["location_type"], "stops.txt", "location_type", default=0)
    lat = pd.to_numeric(stops["stop_lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(stops["stop_lon"], errors="coerce").to_numpy(dtype=float)
    invalid = _impossible_coordinates(lat, lon, stops["stop_name"])
    located = location_type <= 2  # generic nodes and boarding areas may have no coordinates
    excluded = int((invalid & located).sum())
    parents = stops["parent_station"]
    has_parent = parents != ""
    _check_references(parents[has_parent], stops["stop_id"], "stops.txt", "parent_station", "stops.txt stop_id")
    index_of = pd.Series(np.arange(len(stops)), index=stops["stop_id"])
    parent_index = np.full(len(stops), -1, dtype=np.int64)
    parent_index[has_parent.to_numpy()] = index_of[parents[has_parent]].to_numpy()
    stops_table = pd.DataFrame(
        {
            "stop_id": stops["stop_id"],
            "stop_name": stops["stop_name"],
            "lat": np.where(invalid, np.nan, lat),
            "lon": np.where(invalid, np.nan, lon),
            "location_type": location_type,
            "parent_station": parents,
            "parent_index": parent_index,
            "valid_xy": ~invalid,
        }
    ).reset_index(drop=True)

    # trips
    _check_unique(trips, ["trip_id"], "trips.txt")
    trips_table = trips[["trip_id", "route_id", "service_id"]].reset_index(drop=True)
    trip_of = pd.Series(np.arange(len(trips_table)), index=trips_table["trip_id"])

    # stop_times
    _check_references(stop_times["trip_id"], trips_table["trip_id"], "stop_times.txt", "trip_id", "trips.txt")
    _check_references(stop_times["stop_id"], stops["stop_id"], "stop_times.txt", "stop_id", "stops.txt")
    sequence = _parse_ints(stop_times["stop_sequence"], "stop_times.txt", "stop_sequence")
    trip_index = trip_of[stop_times["trip_id"]].to_numpy()
    st = pd.DataFrame(
        {
            "trip": trip_index,
            "seq": sequence,
            "stop": index_of[stop_times["stop_id"]].to_numpy(),
            "arr": parse_times(stop_times["arrival_time"], "stop_times.txt", "arrival_time"),
            "dep": parse_times(stop_times["departure_time"], "stop_times.txt", "departure_time"),
            "pickup": stop_times["pickup_type"].to_numpy() if "pickup_type" in stop_times else "",
            "dropoff": stop_times["drop_off_type"].to_numpy() if "drop_off_type" in stop_times else "",
        }
    )
    _check_unique(st, ["trip", "seq"], "stop_times.txt (trip_id + stop_sequence)")
    st = st.sort_values(["trip", "seq"], kind="stable").reset_index(drop=True)
    st["arr"] = st["arr"].fillna(st["dep"])
    st["dep"] = st["dep"].fillna(st["arr"])
    interpolated = _interpolate_times(st)
    if interpolated:
        warnings.append(GtfsWarning("times_interpolated", count=int(interpolated)))
    backwards = (st["dep"] < st["arr"]) | ((st["trip"] == st["trip"].shift()) & (st["arr"] < st["dep"].shift()))
    if backwards.any():
        bad_trip = trips_table["trip_id"].iloc[st.loc[backwards, "trip"].iloc[0]]
        raise GtfsError("times_backwards", trip=bad_trip, count=int(backwards.sum()))

    # calendars
    if calendar is not None:
        _check_unique(calendar, ["service_id"], "calendar.txt")
        cal = pd.DataFrame({"service_id": calendar["service_id"]})
        for day in WEEKDAYS:
            cal[day] = _parse_ints(calendar[day], "calendar.txt", day)
        cal["start_date"] = _parse_dates(calendar["start_date"], "calendar.txt", "start_date")
        cal["end_date"] = _parse_dates(calendar["end_date"], "calendar.txt", "end_date")
    else:
        cal = pd.DataFrame(columns=["service_id", *WEEKDAYS, "start_date", "end_date"])
    if calendar_dates is not None and len(calendar_dates):
        _check_unique(calendar_dates, ["service_id", "date"], "calendar_dates.txt")
        cal_dates = pd.DataFrame(
            {
                "service_id": calendar_dates["service_id"],
                "date": _parse_dates(calendar_dates["date"], "calendar_dates.txt", "date"),
                "exception_type": _parse_ints(calendar_dates["exception_type"], "calendar_dates.txt", "exception_type"),
            }
        )
    else:
        cal_dates = pd.DataFrame({"service_id": [], "date": [], "exception_type": np.zeros(0, dtype=np.int64)})

    # frequencies
    if frequencies is not None and len(frequencies):
        _check_references(frequencies["trip_id"], trips_table["trip_id"], "frequencies.txt", "trip_id", "trips.txt")
        freq = pd.DataFrame(
            {
                "trip_index": trip_of[frequencies["trip_id"]].to_numpy(),
                "start": parse_times(frequencies["start_time"], "frequencies.txt", "start_time"),
                "end": parse_times(frequencies["end_time"], "frequencies.txt", "end_time"),
                "headway": _parse_ints(frequencies["headway_secs"], "frequencies.txt", "headway_secs"),
            }
        )
        if (freq["headway"] <= 0).any() or freq[["start", "end"]].isna().any().any():
            raise GtfsError("bad_frequencies")
    else:
        freq = pd.DataFrame({"trip_index": [], "start": [], "end": [], "headway": []})

    # transfers
    if transfers is not None and len(transfers):
        for column in ("from_stop_id", "to_stop_id"):
            _check_references(transfers[column], stops["stop_id"], "transfers.txt", column, "stops.txt")
        min_time = (
            pd.to_numeric(transfers["min_transfer_time"], errors="coerce").to_numpy(dtype=float)
            if "min_transfer_time" in transfers
            else np.full(len(transfers), np.nan)
        )
        transfer_table = pd.DataFrame(
            {
                "from_index": index_of[transfers["from_stop_id"]].to_numpy(),
                "to_index": index_of[transfers["to_stop_id"]].to_numpy(),
                "transfer_type": _parse_ints(transfers["transfer_type"], "transfers.txt", "transfer_type", default=0),
                "min_transfer_time": min_time,
            }
        )
    else:
        transfer_table = pd.DataFrame({"from_index": [], "to_index": [], "transfer_type": [], "min_transfer_time": []})

    return Feed(
        stops=stops_table,
        trips=trips_table,
        st_trip=st["trip"].to_numpy(dtype=np.int64),
        st_stop=st["stop"].to_numpy(dtype=np.int64),
        st_arrival=st["arr"].to_numpy(dtype=float),
        st_departure=st["dep"].to_numpy(dtype=float),
        st_pickup=(pd.Series(st["pickup"]).astype(str).str.strip() != "1").to_numpy(),
        st_dropoff=(pd.Series(st["dropoff"]).astype(str).str.strip() != "1").to_numpy(),
        calendar=cal,
        calendar_dates=cal_dates,
        frequencies=freq.astype({"trip_index": np.int64, "headway": np.int64}),
        transfers=transfer_table.astype({"from_index": np.int64, "to_index": np.int64, "transfer_type": np.int64}),
        excluded_stops=excluded,
        interpolated_times=interpolated,
        warnings=warnings,
    )


def _interpolate_times(st: pd.DataFrame) -> int:
    """Fill empty intermediate times in place, linearly by stop order between the known times of the trip."""
    missing = st["arr"].isna().to_numpy()
    if not missing.any():
        return 0
    trip = st["trip"].to_numpy()
    first = np.r_[True, trip[1:] != trip[:-1]]
    last = np.r_[trip[1:] != trip[:-1], True]
    if (missing & (first | last)).any():
        row = int(np.flatnonzero(missing & (first | last))[0])
        raise GtfsError("trip_end_without_time", row=row + 2)
    position = np.arange(len(st), dtype=float)
    known_position = pd.Series(np.where(missing, np.nan, position))
    before = known_position.ffill().to_numpy().astype(int)
    after = known_position.bfill().to_numpy().astype(int)
    for column in ("arr", "dep"):
        values = st[column].to_numpy(dtype=float)
        t0 = np.where(missing, st["dep"].to_numpy()[before], values)
        t1 = np.where(missing, st["arr"].to_numpy()[after], values)
        share = np.where(missing, (position - before) / np.maximum(after - before, 1), 0.0)
        st[column] = np.where(missing, t0 + share * (t1 - t0), values)
    return int(missing.sum())


def stop_departures(feed: Feed, day: date, start_s: float, end_s: float) -> pd.DataFrame:
    """Boarding stops with the number of departures in [start_s, end_s] on ``day`` and of routes serving them.

    A departure is a stop time where boarding is allowed and the vehicle goes on (not the
    terminus). Runs of the previous service day after midnight and frequency runs count.
    Columns: stop_index, stop_id, stop_name, parent_station, lat, lon, valid_xy, departures, routes.
    """
    timetable = feed.timetable(day, start_s, end_s)
    goes_on = np.r_[timetable.occurrence[1:] == timetable.occurrence[:-1], False]
    counted = goes_on & timetable.pickup & (timetable.departure >= start_s) & (timetable.departure <= end_s)
    stops = feed.stops
    boarding = stops.index[(stops["location_type"] == 0)].to_numpy()
    departures = np.bincount(timetable.stop[counted], minlength=len(stops))
    route = feed.trips["route_id"].to_numpy()[timetable.trip[counted]]
    routes = pd.Series(route).groupby(timetable.stop[counted]).nunique()
    route_count = np.zeros(len(stops), dtype=np.int64)
    route_count[routes.index.to_numpy(dtype=np.int64)] = routes.to_numpy()
    table = stops.loc[boarding, ["stop_id", "stop_name", "parent_station", "lat", "lon", "valid_xy"]].copy()
    table.insert(0, "stop_index", boarding)
    table["departures"] = departures[boarding]
    table["routes"] = route_count[boarding]
    return table.reset_index(drop=True)
