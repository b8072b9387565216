"""BPE equipment types and INSEE ranges (gammes) per edition, read from ``data/bpe_types_<edition>.csv``.

Each file has the columns ``typequ, label, range`` and, from the 2023 edition, ``source`` (the keys of the
sources that confirm the code and its label, explained in data/SOURCES.md); ``range`` is one of ``proximite``,
``intermediaire``, ``superieure`` or empty when the type is outside every range *or when its range
could not be confirmed from INSEE's documents* (see data/SOURCES.md). INSEE redefines the ranges
with each edition, so a range is only ever read for the edition asked.

A user who has INSEE's own table of ranges for an edition (the "gammes d'équipements" file
published with each BPE) can pass it as ``table`` (CSV with a TYPEQU column and a range column
whose values are "Gamme de proximité", "intermédiaire", "supérieure" or the short names): it then
overrides the shipped ranges of that edition.
"""

import csv
import io
import re
import sqlite3
import unicodedata
from contextlib import closing
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "data"
RANGES = ("proximite", "intermediaire", "superieure")
_FILE_RE = re.compile(r"^bpe_types_(\d{4})\.csv$")


def bpe_editions():
    """Editions with a shipped type table, oldest first, as strings (e.g. ["2017", "2023", "2024", "2025"])."""
    return sorted(m.group(1) for m in (_FILE_RE.match(p.name) for p in DATA_DIR.glob("bpe_types_*.csv")) if m)


def latest_bpe_edition():
    """The most recent edition the code knows (the default of the BPE fetchers)."""
    return bpe_editions()[-1]


def _check_edition(edition):
    edition = str(edition).strip()
    if edition not in bpe_editions():
        raise ValueError(f"BPE edition '{edition}' is not known; known editions: {', '.join(bpe_editions())}")
    return edition


@cache
def _read_types(edition):
    frame = pd.read_csv(DATA_DIR / f"bpe_types_{edition}.csv", dtype=str, keep_default_na=False)
    frame["typequ"] = frame["typequ"].str.strip().str.upper()
    frame["range"] = frame["range"].map(normalise_range)
    if "source" not in frame.columns:  # the 2017 table predates the per-code sources
        frame["source"] = ""
    return frame[["typequ", "label", "range", "source"]]


def bpe_types(edition):
    """DataFrame ``typequ, label, range`` of an edition (a copy; range '' when none or unconfirmed)."""
    return _read_types(_check_edition(edition))[["typequ", "label", "range"]].copy()


def normalise_range(value):
    """'Gamme de proximité' / 'proximité' / 'PROXIMITE' -> 'proximite'; '' for none; ValueError otherwise."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode().strip().lower()
    text = re.sub(r"^gamme\s+(de\s+)?", "", text)
    if text in ("", "hors gamme", "none", "nan"):
        return ""
    if text in RANGES:
        return text
    raise ValueError(f"'{value}' is not a BPE range (expected one of {', '.join(RANGES)})")


_TYPEQU = re.compile(r"^[A-Z][0-9]{3}$")
_CODE_COLUMNS = ("typequ", "code equipement", "code_equipement")
_RANGE_COLUMNS = ("gamme", "range", "gammes")
_GROUP_COLUMN = "typequ_regroupement"  # INSEE's 2025 workbook: the group a type is counted in
_MEMBER_COLUMN = re.compile(r"^regroupement_?\d+$")  # INSEE's 2024 workbook: the types of a grouped line
_LABEL_COLUMNS = ("libelle_typequ", "libelle equipement", "libelle", "label")
_GROUP_LABEL_COLUMN = "libelle_typequ_regroupement"


def _cell(row, index):
    return (row[index] if index is not None and index < len(row) else "").strip()


def _header_name(cell):
    return unicodedata.normalize("NFKD", str(cell)).encode("ascii", "ignore").decode().strip().lower()


def _table_rows(path):
    """[rows] of every sheet of INSEE's workbook (.xlsx, as published) or the one table of a CSV."""
    with open(path, "rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    if is_zip:
        from ..sources.errors import PayloadError
        from ..sources.xlsx import workbook_sheets

        try:
            return list(workbook_sheets(path).values())
        except PayloadError as error:
            raise ValueError(str(error)) from error
    with open(path, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in text else ","
    return [list(csv.reader(io.StringIO(text), delimiter=delimiter))]


def _range_rows(rows):
    """(header index, column map) of the first row naming a code and a range column, else None.

    INSEE's workbooks open with a title, a year and a header in words before the technical header,
    and their number changed between editions: the header is found by its names, never by position.
    """
    for index, row in enumerate(rows[:50]):
        names = [_header_name(cell) for cell in row]
        code = next((names.index(c) for c in _CODE_COLUMNS if c in names), None)
        kind = next((names.index(c) for c in _RANGE_COLUMNS if c in names), None)
        if code is None or kind is None:
            continue
        return index, {
            "code": code,
            "range": kind,
            "group": names.index(_GROUP_COLUMN) if _GROUP_COLUMN in names else None,
            "members": [i for i, name in enumerate(names) if _MEMBER_COLUMN.match(name)],
            "label": next((names.index(c) for c in _LABEL_COLUMNS if c in names), None),
            "group_label": names.index(_GROUP_LABEL_COLUMN) if _GROUP_LABEL_COLUMN in names else None,
        }
    return None


KIT_RANGES_TABLE = "bpe_ranges"  # the territory kit's copy of the table its services were chosen with


def kit_has_range_table(path):
    """True when ``path`` is a GeoPackage (a territory kit) holding a ``bpe_ranges`` table."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\0":
                return False
        with closing(sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (KIT_RANGES_TABLE,))
            return found.fetchone() is not None
    except (OSError, sqlite3.Error):
        return False


def _kit_range_table(path):
    with closing(sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT typequ, bpe_range, type_group, label FROM bpe_ranges").fetchall()
    frame = pd.DataFrame(rows, columns=["typequ", "range", "group", "label"]).fillna("")
    frame["range"] = frame["range"].map(normalise_range)
    return frame


def read_range_table(path):
    """INSEE's table of ranges: DataFrame ``typequ, range, group, label``.

    Read as INSEE publishes it (``BPE_gammes_equipements_<année>.xlsx``: the 2025 layout with
    ``TYPEQU``, ``TYPEQU_REGROUPEMENT`` and ``GAMME``; the 2024 one with ``code équipement``,
    ``regroupement_1…3`` and ``gamme`` under a few title rows) or saved as CSV. ``group`` is the
    group INSEE counts a type in (school and its RPI classes, the three kinds of post office): a
    range basket times the nearest of the group. Codes that are not equipment types (a group's own
    code) are not listed as types. A territory kit (GeoPackage) gives the table its services were chosen
    with (its ``bpe_ranges`` table).
    """
    if kit_has_range_table(path):
        return _kit_range_table(path)
    for rows in _table_rows(path):
        found = _range_rows(rows)
        if found is None:
            continue
        header, columns = found
        records = []
        for row in rows[header + 1 :]:
            code = _cell(row, columns["code"]).upper()
            # A line of INSEE's 2024 workbook may stand for a group: its types are in regroupement_1…3.
            members = [_cell(row, i).upper() for i in columns["members"]]
            members = [m for m in ([code, *members] if any(members) else [code]) if _TYPEQU.match(m)]
            if not members:
                continue  # blank lines, notes under the table
            kind = normalise_range(_cell(row, columns["range"]))
            group = _cell(row, columns["group"]).upper() or code
            label = _cell(row, columns["group_label"]) or _cell(row, columns["label"]) or group
            records.extend({"typequ": m, "range": kind, "group": group, "label": label} for m in members)
        frame = pd.DataFrame(records, columns=["typequ", "range", "group", "label"])
        return frame.drop_duplicates("typequ", keep="first").reset_index(drop=True)
    raise ValueError(f"{Path(path).name} needs a TYPEQU column and a 'gamme' (or 'range') column")


def bpe_range_groups(edition, range_name, table=None):
    """{group: (label, [TYPEQU codes])} of one range, in code order: the categories of a range basket.

    Vigie's own tables know no groups (each type is its own); INSEE's table (``table``) gives them.
    Same errors as :func:`bpe_range_codes`.
    """
    rows = _range_types(edition, range_name, table)
    if "group" not in rows.columns:
        return {code: (code, [code]) for code in sorted(rows["typequ"].unique())}
    groups = {}
    for code, group, label in zip(rows["typequ"], rows["group"], rows["label"]):
        groups.setdefault(group, (label, []))[1].append(code)
    ordered = sorted(groups.items(), key=lambda item: min(item[1][1]))
    return {group: (label, sorted(members)) for group, (label, members) in ordered}


def bpe_range_codes(edition, range_name, table=None):
    """TYPEQU codes of one range of an edition, sorted; ``table`` = INSEE's range table (path) overriding.

    LookupError when no code of that range is confirmed for the edition (or Vigie ships no table of
    it): the caller must then ask the user for INSEE's table rather than compute a basket from an
    empty list. With ``table`` the edition need not be one Vigie ships (the table is that edition's).
    """
    return sorted(_range_types(edition, range_name, table)["typequ"].unique())


def _range_types(edition, range_name, table):
    """The rows of the types of one range (INSEE's table when given, else Vigie's); errors as bpe_range_codes."""
    edition = str(edition).strip()
    if not table and edition not in bpe_editions():
        raise LookupError(
            f"Vigie has no table of the BPE {edition} edition (known: {', '.join(bpe_editions())}); give INSEE's "
            "table of ranges for that edition (its workbook BPE_gammes_equipements_<year>.xlsx, or a CSV)"
        )
    wanted = normalise_range(range_name)
    if not wanted:
        raise ValueError(f"'{range_name}' is not a BPE range (expected one of {', '.join(RANGES)})")
    frame = read_range_table(table) if table else _read_types(edition)
    rows = frame[frame["range"] == wanted]
    if rows.empty and table:
        raise LookupError(f"INSEE's table of ranges {Path(table).name} lists no equipment type of the '{wanted}' range")
    if rows.empty:
        raise LookupError(
            f"No equipment type of the '{wanted}' range is confirmed for BPE {edition} in Vigie's tables; "
            "give INSEE's table of ranges for that edition (its workbook BPE_gammes_equipements_<year>.xlsx, or a CSV)"
        )
    return rows


def type_labels(edition):
    """{typequ: label} of an edition."""
    frame = _read_types(_check_edition(edition))
    return dict(zip(frame["typequ"], frame["label"]))


def type_sources(edition):
    """{typequ: keys of the sources confirming it} of an edition ('' when the table gives none); see SOURCES.md."""
    frame = _read_types(_check_edition(edition))
    return dict(zip(frame["typequ"], frame["source"]))


def type_ranges(edition, table=None):
    """{typequ: range} of an edition ('' when none or unconfirmed).

    ``table``: INSEE's table of ranges of that edition (CSV path); its ranges override the shipped ones,
    and the edition need not be one Vigie ships.
    """
    ranges = {}
    if not table or str(edition).strip() in bpe_editions():
        frame = _read_types(_check_edition(edition))
        ranges = dict(zip(frame["typequ"], frame["range"]))
    if table:
        override = read_range_table(table)
        ranges.update(zip(override["typequ"], override["range"]))
    return ranges
