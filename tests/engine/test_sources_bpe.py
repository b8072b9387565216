"""BPE: two editions' code tables and layouts, normalised columns, territory filters, chunked parsing."""

import math
from pathlib import Path

import pytest

from vigie.plugin.core.sources import bpe
from vigie.plugin.core.sources.errors import CancelledError, PayloadError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
BPE2023 = FIXTURES / "bpe2023_sample.csv"
BPE2021 = FIXTURES / "bpe2021_sample.csv"


def test_fixture_has_the_74_columns_of_the_2023_file():
    header = BPE2023.read_text(encoding="utf-8").splitlines()[0].split(";")
    assert tuple(header) == bpe.BPE2023_COLUMNS and len(header) == 74


def test_editions_are_detected():
    assert bpe.detect_edition(BPE2023) == 2023
    assert bpe.detect_edition(BPE2021) == 2021


def test_groups_and_codes_follow_the_edition():
    assert bpe.resolve_equipment(["health"], 2023) == (["D265", "D307"], [])
    assert bpe.resolve_equipment(["health"], 2021)[0] == ["D201", "D301", "D107"]
    codes, notes = bpe.resolve_equipment(["D201", "childcare"], 2023)
    assert codes == ["D265", "D502"] and "D265" in notes[0]
    codes, notes = bpe.resolve_equipment(["d265"], 2021)
    assert codes == ["D201"] and len(notes) == 1
    with pytest.raises(ValueError, match="neither a BPE TYPEQU"):
        bpe.resolve_equipment(["crèches"], 2023)


def test_2023_edition_by_departement_keeps_capacity_and_quality():
    frame = bpe.read_bpe(BPE2023, ["D502"], departements=["05"])
    assert list(frame["nomrs"]) == ["CRECHE LES P'TITS LOUPS", "MICRO-CRECHE PELLEAUTIER"]
    creche, micro = frame.to_dict("records")
    assert creche["capacite"] == 40.0 and creche["qualite_xy"] == "A" and creche["epsg"] == 2154
    assert (creche["x"], creche["y"]) == (942485.25, 6387124.71)
    assert micro["qualite_xy"] == "_Z" and math.isnan(micro["x"]) and micro["capacite"] == 10.0
    assert list(frame.columns) == [
        "an",
        "typequ",
        "depcom",
        "dep",
        "epci",
        "nomrs",
        "libcom",
        "siret",
        "qualite_xy",
        "qualite_geoloc",
        "approximate",
        "capacite",
        "x",
        "y",
        "epsg",
    ]


def test_2023_edition_by_epci_and_commune():
    by_epci = bpe.read_bpe(BPE2023, ["D265", "D307", "A203"], epcis=["200067452"])
    assert sorted(by_epci["typequ"]) == ["A203", "D265", "D307"]
    allauch = bpe.read_bpe(BPE2023, ["D502"], communes=["13002"])
    assert allauch.iloc[0]["libcom"] == "ALLAUCH" and allauch.iloc[0]["x"] == 899921.86
    assert len(bpe.read_bpe(BPE2023, ["D502"])) == 3  # no territory: all of France


def test_2021_edition_without_names_epci_or_capacity():
    frame = bpe.read_bpe(BPE2021, ["D201"], communes=["05061", "05100"])
    assert list(frame["depcom"]) == ["05061", "05100"]
    assert frame["capacite"].isna().all() and (frame["nomrs"] == "").all()
    overseas = bpe.read_bpe(BPE2021, ["D201"], departements=["974"])
    assert list(overseas["epsg"]) == [2975] and overseas.iloc[0]["dep"] == "974"
    with pytest.raises(PayloadError, match="no EPCI column"):
        bpe.read_bpe(BPE2021, ["D201"], epcis=["200067452"])


def test_chunk_size_does_not_change_the_result():
    whole = bpe.read_bpe(BPE2023, ["D502", "D265"])
    chunked = bpe.read_bpe(BPE2023, ["D502", "D265"], chunk_rows=2)
    assert whole.equals(chunked)


def test_cancel_between_chunks():
    with pytest.raises(CancelledError):
        bpe.read_bpe(BPE2023, ["D502"], chunk_rows=2, is_cancelled=lambda: True)


def test_file_without_bpe_columns_is_refused(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("CODGEO;NB_D201\n05061;40\n", encoding="utf-8")
    with pytest.raises(PayloadError, match="TYPEQU"):
        bpe.read_bpe(other, ["D201"])


def _bpe2025_like(tmp_path, rows):
    """A file laid out as the 2025 edition: the known columns in another order plus columns the reader
    does not know (BPE25 has 95 columns; the names of the 21 added ones are not known offline)."""
    header = list(reversed(bpe.BPE2023_COLUMNS)) + [f"NEW_COLUMN_{i}" for i in range(21)]
    assert len(header) == 95
    lines = [";".join(header)]
    for row in rows:
        values = {"AN": "2025", **row}
        lines.append(";".join(values.get(name, "") for name in header))
    path = tmp_path / "BPE25.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_2025_layout_is_read_by_name_and_random_positions_are_flagged(tmp_path):
    # Real Gap equipment from the 2023 fixture, one of them placed at random in its commune (QUALITE_GEOLOC 33).
    rows = [
        {
            "NOMRS": "CABINET MEDICAL CARNOT",
            "DEPCOM": "05061",
            "DEP": "05",
            "TYPEQU": "D265",
            "LAMBERT_X": "944437.84",
            "LAMBERT_Y": "6389246.01",
            "QUALITE_XY": "B",
            "EPSG": "2154",
            "QUALITE_GEOLOC": "11",
        },
        {
            "NOMRS": "PHARMACIE DE LA GARE",
            "DEPCOM": "05061",
            "DEP": "05",
            "TYPEQU": "D307",
            "LAMBERT_X": "944679.06",
            "LAMBERT_Y": "6389989.12",
            "QUALITE_XY": "M",
            "EPSG": "2154",
            "QUALITE_GEOLOC": "33",
        },
        {
            "NOMRS": "CABINET DE LA MURE",
            "DEPCOM": "38269",
            "DEP": "38",
            "TYPEQU": "D265",
            "LAMBERT_X": "915000.00",
            "LAMBERT_Y": "6430000.00",
            "QUALITE_XY": "B",
            "EPSG": "2154",
            "QUALITE_GEOLOC": "11",
        },
    ]
    path = _bpe2025_like(tmp_path, rows)
    assert bpe.detect_edition(path) == 2025
    frame = bpe.read_bpe(path, ["D265", "D307"], departements=["05"])
    assert list(frame["nomrs"]) == ["CABINET MEDICAL CARNOT", "PHARMACIE DE LA GARE"]
    assert list(frame["approximate"]) == [0, 1] and list(frame["qualite_geoloc"]) == ["11", "33"]
    assert (frame["x"].iloc[1], frame["y"].iloc[1]) == (944679.06, 6389989.12)
    # A box around Gap (territory plus margin) keeps located rows whatever their département.
    boxed = bpe.read_bpe(path, ["D265"], bbox=(900_000, 6_350_000, 960_000, 6_440_000))
    assert sorted(boxed["depcom"]) == ["05061", "38269"]
    assert bpe.read_bpe(path, ["D265"], bbox=(940_000, 6_380_000, 950_000, 6_395_000))["depcom"].tolist() == ["05061"]


def test_latest_edition_is_the_default_and_ranges_need_a_confirmed_table():
    assert bpe.LATEST_EDITION == 2025 and bpe.DEFAULT_FILE_PATH.endswith("/BPE25.zip")
    with pytest.raises(ValueError, match="INSEE's table"):
        bpe.resolve_equipment(["proximite"], 2025)


def test_ranges_are_read_from_insee_table_when_given(tmp_path):
    table = tmp_path / "gammes.csv"
    table.write_text("TYPEQU,gamme\nD265,Gamme de proximité\nD307,Gamme de proximité\nD106,Gamme supérieure\n")
    assert bpe.resolve_equipment(["proximite", "D502", "d265"], 2025, table) == (["D265", "D307", "D502"], [])
    assert bpe.resolve_equipment(["superieure"], 2024, table)[0] == ["D106"]
