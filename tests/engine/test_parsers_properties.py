"""Property-based tests of the parsers: any input gives a result or the project's own error, never another exception.

GTFS tables and time strings → Feed / arrays or GtfsError; THRESHOLDS → minutes or ValueError (the
documented error of parse_thresholds, turned into a message naming the parameter by the algorithms);
BPE and Filosofi CSV rows → DataFrame or PayloadError.
"""

import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from vigie.plugin.core.indicators.values import parse_thresholds  # noqa: E402
from vigie.plugin.core.sources.bpe import read_bpe  # noqa: E402
from vigie.plugin.core.sources.errors import SourceError  # noqa: E402
from vigie.plugin.core.sources.population import read_cells  # noqa: E402
from vigie.plugin.core.transit.gtfs_reader import REQUIRED_COLUMNS, GtfsError, parse_times, read_feed  # noqa: E402

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Cells: text a CSV may hold, separators and quotes included, plus realistic values.
CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["", "0", "-1", "25:61:00", "7:05:00", "24:00:00", "1e309", "nan", "NULL", '"', ";", ","]),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def csv_text(header, rows, separator=","):
    lines = [separator.join(header)] + [separator.join(row) for row in rows]
    return "\n".join(lines) + "\n"


def rows_for(header, min_size=0, max_size=6):
    return st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), min_size=min_size, max_size=max_size)


# -- THRESHOLDS -------------------------------------------------------------------------------------


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.lists(st.one_of(CELL, st.floats()), max_size=8)))
def test_thresholds_give_increasing_minutes_or_value_error(text):
    try:
        values = parse_thresholds(text)
    except ValueError as error:
        assert str(error)
        return
    assert values and all(np.isfinite(values)) and all(v > 0 for v in values)
    assert all(b > a for a, b in zip(values, values[1:]))


# -- GTFS -------------------------------------------------------------------------------------------


@SETTINGS
@given(st.lists(CELL, max_size=12))
def test_time_strings_give_seconds_or_gtfs_error(values):
    try:
        seconds = parse_times(pd.Series(values, dtype=object), "stop_times.txt", "arrival_time")
    except GtfsError:
        return
    assert len(seconds) == len(values)
    finite = seconds[np.isfinite(seconds)]
    assert (finite >= 0).all()


STOPS = ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"]
ROUTES = ["route_id", "route_type"]
TRIPS = list(REQUIRED_COLUMNS["trips.txt"])
STOP_TIMES = list(REQUIRED_COLUMNS["stop_times.txt"])
CALENDAR = list(REQUIRED_COLUMNS["calendar.txt"])
VALID = {
    "stops.txt": csv_text(STOPS, [["A", "Gap", "44.56", "6.08", "0", ""], ["B", "Briançon", "44.89", "6.63", "0", ""]]),
    "routes.txt": csv_text(ROUTES, [["R", "2"]]),
    "trips.txt": csv_text(TRIPS, [["R", "S", "T"]]),
    "stop_times.txt": csv_text(
        STOP_TIMES, [["T", "07:00:00", "07:00:00", "A", "1"], ["T", "08:10:00", "08:10:00", "B", "2"]]
    ),
    "calendar.txt": csv_text(CALENDAR, [["S", "1", "1", "1", "1", "1", "0", "0", "20171101", "20171130"]]),
}
HEADERS = {
    "stops.txt": STOPS,
    "routes.txt": ROUTES,
    "trips.txt": TRIPS,
    "stop_times.txt": STOP_TIMES,
    "calendar.txt": CALENDAR,
}


def gtfs_file(name):
    """One GTFS file: valid, random rows under its header, random text, or absent (None)."""
    return st.one_of(
        st.just(VALID[name]),
        rows_for(HEADERS[name], min_size=1).map(lambda rows, h=HEADERS[name]: csv_text(h, rows)),
        st.text(max_size=60),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
        st.none(),
    )


@SETTINGS
@given(st.fixed_dictionaries({name: gtfs_file(name) for name in VALID}))
def test_any_gtfs_zip_gives_a_feed_or_gtfs_error(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            if text is not None:
                archive.writestr(name, text.encode("utf-8", errors="surrogatepass"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.zip"
        path.write_bytes(buffer.getvalue())
        try:
            feed = read_feed(path)
        except GtfsError as error:
            assert str(error)
            return
    assert feed is not None


def test_the_valid_feed_of_these_properties_reads():
    """The 'valid' choice of the strategy above is a real feed (else the properties test nothing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in VALID.items():
            archive.writestr(name, text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.zip"
        path.write_bytes(buffer.getvalue())
        feed = read_feed(path)
    assert feed is not None


# -- BPE and Filosofi CSV rows ------------------------------------------------------------------------

BPE_HEADER = ["AN", "TYPEQU", "DEPCOM", "DEP", "LAMBERT_X", "LAMBERT_Y", "QUALITE_XY", "EPSG", "CAPACITE"]
BPE_ROW = ["2021", "D201", "05061", "05", "944500", "6396500", "Bonne", "EPSG_2154", "12"]


@SETTINGS
@given(rows_for(BPE_HEADER), st.booleans())
def test_any_bpe_rows_give_a_table_or_payload_error(rows, with_valid_row):
    rows = ([BPE_ROW] if with_valid_row else []) + rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bpe.csv"
        path.write_text(csv_text(BPE_HEADER, rows, ";"), encoding="utf-8", errors="surrogatepass")
        try:
            table = read_bpe(path, ["D201"])
        except SourceError as error:
            assert str(error)
            return
    assert {"typequ", "x", "y", "epsg"} <= set(table.columns)
    if with_valid_row:
        assert (table["typequ"] == "D201").any()


FILOSOFI_HEADER = ["Idcar_200m", "Ind", "Men", "Ind_0_3"]
FILOSOFI_ROW = ["CRS3035RES200mN2481800E4038000", "12.5", "5", "1"]


@SETTINGS
@given(rows_for(FILOSOFI_HEADER), st.booleans(), st.sampled_from([",", ";"]))
def test_any_filosofi_rows_give_cells_or_payload_error(rows, with_valid_row, separator):
    rows = ([FILOSOFI_ROW] if with_valid_row else []) + rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.csv"
        path.write_text(csv_text(FILOSOFI_HEADER, rows, separator), encoding="utf-8", errors="surrogatepass")
        try:
            cells = read_cells(path)
        except SourceError as error:
            assert str(error)
            return
    assert list(cells.columns[:4]) == ["idcar_200m", "x_sw", "y_sw", "size"]
    assert np.isfinite(cells["x_sw"].to_numpy(float)).all()
