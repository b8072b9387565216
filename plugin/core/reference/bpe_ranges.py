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

import re
import unicodedata
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


def read_range_table(path):
    """INSEE's table of ranges saved as CSV: DataFrame ``typequ, range`` (columns found by name)."""
    with open(path, encoding="utf-8-sig") as handle:
        first = handle.readline()
    frame = pd.read_csv(path, sep=";" if first.count(";") > first.count(",") else ",", dtype=str, keep_default_na=False)
    by_lower = {c.strip().lower(): c for c in frame.columns}
    code = by_lower.get("typequ")
    kind = next((by_lower[c] for c in ("range", "gamme", "gammes") if c in by_lower), None)
    if code is None or kind is None:
        raise ValueError(f"{Path(path).name} needs a TYPEQU column and a 'gamme' (or 'range') column")
    return pd.DataFrame({"typequ": frame[code].str.strip().str.upper(), "range": frame[kind].map(normalise_range)})


def bpe_range_codes(edition, range_name, table=None):
    """TYPEQU codes of one range of an edition, sorted; ``table`` = INSEE's range table (path) overriding.

    LookupError when no code of that range is confirmed for the edition (or Vigie ships no table of
    it): the caller must then ask the user for INSEE's table rather than compute a basket from an
    empty list. With ``table`` the edition need not be one Vigie ships (the table is that edition's).
    """
    edition = str(edition).strip()
    if not table and edition not in bpe_editions():
        raise LookupError(
            f"Vigie has no table of the BPE {edition} edition (known: {', '.join(bpe_editions())}); give INSEE's "
            "table of ranges for that edition (the 'gammes d'équipements' file, saved as CSV)"
        )
    wanted = normalise_range(range_name)
    if not wanted:
        raise ValueError(f"'{range_name}' is not a BPE range (expected one of {', '.join(RANGES)})")
    frame = read_range_table(table) if table else _read_types(edition)
    codes = sorted(frame.loc[frame["range"] == wanted, "typequ"].unique())
    if not codes and table:
        raise LookupError(f"INSEE's table of ranges {Path(table).name} lists no equipment type of the '{wanted}' range")
    if not codes:
        raise LookupError(
            f"No equipment type of the '{wanted}' range is confirmed for BPE {edition} in Vigie's tables; "
            "give INSEE's table of ranges for that edition (the 'gammes d'équipements' file, saved as CSV)"
        )
    return codes


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
