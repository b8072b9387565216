"""INSEE BPE (Base permanente des équipements): code tables per edition and a chunked parser of the national file.

The file is read in chunks of plain strings (only the needed columns), filtered on TYPEQU and
territory, and only the kept rows are converted: memory follows the chunk size, not the file.
"""

import re

import pandas as pd

from ..reference import bpe_ranges
from .errors import CancelledError, PayloadError, unreadable_csv
from .territory import lambert_epsg

DEFAULT_BASE_URL = "https://www.insee.fr"
# Geolocated BPE of the latest edition the code knows (API notes: BPE23/24/25.zip are served under
# the same page); the path is relative to BASE_URL so that a mirror can serve it.
EDITION_FILE_PATHS = {
    2023: "/fr/statistiques/fichier/8217525/BPE23.zip",
    2024: "/fr/statistiques/fichier/8217525/BPE24.zip",
    2025: "/fr/statistiques/fichier/8217525/BPE25.zip",
}
LATEST_EDITION = max(EDITION_FILE_PATHS)
# INSEE's workbook of the ranges (gammes) of an edition, published beside the BPE; {edition} = its year. The
# 2025 address is the one public scripts read (plugin/core/reference/data/SOURCES.md); INSEE may move it.
RANGES_FILE_PATH = "/fr/statistiques/fichier/8217535/BPE_gammes_equipements_{edition}.xlsx"
RANGES_URL_TEMPLATE = DEFAULT_BASE_URL + RANGES_FILE_PATH
DEFAULT_FILE_PATH = EDITION_FILE_PATHS[LATEST_EDITION]
# QUALITE_GEOLOC (2023+): 33 = position drawn at random inside the commune.
RANDOM_IN_COMMUNE = "33"
CSV_SEPARATOR = ";"
CHUNK_ROWS = 200_000

# Codes checked against ../shared/API_NOTES.md (INSEE dictionaries): the 2023 edition renumbered
# many types. Codes not listed there are left out rather than guessed; add them after checking
# INSEE's dictionary of the edition.
CODE_TABLES = {
    "before_2023": {
        "A203": "Banque, caisse d'épargne",
        "C107": "École maternelle",
        "D201": "Médecin omnipraticien",
        "D107": "Maternité",
        "D301": "Pharmacie",
        "D502": "Établissement d'accueil du jeune enfant",
    },
    "from_2023": {
        "A203": "Banque, caisse d'épargne",
        "C107": "École maternelle",
        "D265": "Médecin généraliste",
        "D307": "Pharmacie",
        "D502": "Établissement d'accueil du jeune enfant",
    },
}
# Same equipment, renumbered in 2023: old code -> new code.
RENUMBERED_2023 = {"D201": "D265", "D301": "D307"}
GROUPS = {
    "before_2023": {
        "health": ["D201", "D301", "D107"],
        "childcare": ["D502"],
        "schools": ["C107"],
        "everyday": ["A203", "C107", "D201", "D301", "D502"],
    },
    "from_2023": {
        "health": ["D265", "D307"],
        "childcare": ["D502"],
        "schools": ["C107"],
        "everyday": ["A203", "C107", "D265", "D307", "D502"],
    },
}

# The 74 columns of the geolocated BPE 2023 file, in order (API notes).
BPE2023_COLUMNS = (
    "AN",
    "NOMRS",
    "CNOMRS",
    "NUMVOIE",
    "INDREP",
    "TYPVOIE",
    "LIBVOIE",
    "CADR",
    "LIBCOM",
    "CODPOS",
    "DEPCOM",
    "DEP",
    "REG",
    "DOM",
    "SDOM",
    "TYPEQU",
    "SIRET",
    "STATUT_DIFFUSION",
    "CANTINE",
    "INTERNAT",
    "RPI",
    "EP",
    "CL_PGE",
    "SECT",
    "ACCES_AIRE_PRATIQUE",
    "ACCES_LIBRE",
    "ACCES_SANITAIRE",
    "ACCES_VESTIAIRE",
    "CAPACITE_D_ACCUEIL",
    "PRES_DOUCHE",
    "PRES_SANITAIRE",
    "SAISONNIER",
    "COUVERT",
    "ECLAIRE",
    "CATEGORIE",
    "MULTIPLEXE",
    "ACCUEIL",
    "ITINERANCE",
    "MODE_GESTION",
    "SSTYPHEB",
    "TYPE",
    "CAPACITE",
    "INDIC_CAPA",
    "NBEQUIDENT",
    "INDIC_NBEQUIDENT",
    "NBSALLES",
    "INDIC_NBSALLES",
    "NBLIEUX",
    "INDIC_NBLIEUX",
    "LAMBERT_X",
    "LAMBERT_Y",
    "LONGITUDE",
    "LATITUDE",
    "QUALITE_XY",
    "EPSG",
    "QUALITE_GEOLOC",
    "TR_DIST_PRECISION",
    "DCIRIS",
    "QUALI_IRIS",
    "IRISEE",
    "QP2015",
    "QUALI_QP2015",
    "QP",
    "QUALI_QP",
    "QVA",
    "QUALI_QVA",
    "ZUS",
    "QUALI_ZUS",
    "EPCI",
    "UU2020",
    "BV2022",
    "AAV2020",
    "DENS3",
    "DENS7",
)
# Normalised output columns and the header names they may have in the editions' files.
COLUMNS = {
    "an": ("AN",),
    "typequ": ("TYPEQU",),
    "depcom": ("DEPCOM",),
    "dep": ("DEP",),
    "epci": ("EPCI",),
    "nomrs": ("NOMRS",),
    "libcom": ("LIBCOM",),
    "siret": ("SIRET",),
    "capacite": ("CAPACITE",),
    "qualite_xy": ("QUALITE_XY",),
    "qualite_geoloc": ("QUALITE_GEOLOC",),
    "lambert_x": ("LAMBERT_X",),
    "lambert_y": ("LAMBERT_Y",),
    "epsg": ("EPSG",),
}
REQUIRED = ("typequ", "depcom", "lambert_x", "lambert_y")


def edition_table(edition_year):
    return "from_2023" if int(edition_year) >= 2023 else "before_2023"


def _range_name(token):
    try:
        return bpe_ranges.normalise_range(token)
    except ValueError:
        return ""


def names_a_range(tokens):
    """True when one of ``tokens`` is a BPE range name (proximite, intermediaire, superieure)."""
    return any(_range_name(token.strip()) for token in tokens)


def resolve_equipment(tokens, edition_year, range_table=None):
    """TYPEQU codes for an edition from codes, group names and INSEE range names; returns (codes, notes).

    A range (``proximite``, ``intermediaire``, ``superieure``) is read from ``range_table`` (INSEE's
    table of ranges of the edition, a CSV path) when given, else from the edition's reference table
    (plugin/core/reference); ValueError when that edition's range is not confirmed there.

    A code of the other numbering is translated (D201 asked of a 2023 file gives D265) with a note.
    """
    table = edition_table(edition_year)
    codes, notes = [], []
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        group = GROUPS[table].get(token.lower())
        range_name = _range_name(token)
        if group is not None:
            found = group
        elif range_name:
            try:
                found = bpe_ranges.bpe_range_codes(str(edition_year), range_name, range_table)
            except LookupError as error:
                raise ValueError(str(error)) from error
        else:
            code = token.upper()
            if not re.match(r"^[A-G]\d{3}$", code):
                raise ValueError(
                    f"'{token}' is neither a BPE TYPEQU code (e.g. D502) nor a group ({', '.join(GROUPS[table])})"
                )
            renumbered = {v: k for k, v in RENUMBERED_2023.items()} if table == "before_2023" else RENUMBERED_2023
            if code in renumbered:
                notes.append(
                    f"{code} is numbered {renumbered[code]} in the {edition_year} edition: {renumbered[code]} used."
                )
                code = renumbered[code]
            found = [code]
        codes.extend(c for c in found if c not in codes)
    return codes, notes


def read_header(path_or_buffer):
    """First rows of a BPE file as strings (header and edition detection)."""
    frame = pd.read_csv(path_or_buffer, sep=CSV_SEPARATOR, nrows=3, dtype=str, keep_default_na=False)
    return frame


def column_map(header_names):
    """{normalised name: name in the file}; PayloadError when a required column is missing."""
    by_upper = {name.strip().upper().lstrip("\ufeff"): name for name in header_names}
    mapping = {}
    for normalised, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in by_upper:
                mapping[normalised] = by_upper[candidate]
                break
    missing = [name.upper() for name in REQUIRED if name not in mapping]
    if missing:
        raise PayloadError("bpe_columns_missing", columns=", ".join(missing))
    return mapping


@unreadable_csv("The BPE file")
def detect_edition(path):
    """Edition year of a BPE file (its AN column; 2023 if absent, the layout of the 2023 file)."""
    frame = read_header(path)
    mapping = column_map(frame.columns)
    if "an" in mapping and len(frame) and str(frame[mapping["an"]].iloc[0]).isdigit():
        return int(frame[mapping["an"]].iloc[0])
    return 2023


def _departement(depcom):
    """Département of commune codes: 3 characters overseas (97x), else 2."""
    return depcom.str[:3].where(depcom.str.startswith("97"), depcom.str[:2])


def _epsg(value):
    match = re.search(r"(\d{4,5})", value or "")
    return int(match.group(1)) if match else None


@unreadable_csv("The BPE file")
def read_bpe(
    path, codes, communes=None, departements=None, epcis=None, chunk_rows=CHUNK_ROWS, is_cancelled=None, bbox=None
):
    """Rows of a geolocated BPE CSV with TYPEQU in ``codes`` and in the territory, with normalised columns.

    ``communes``/``departements``/``epcis`` filter on DEPCOM, DEP (or the DEPCOM prefix) and EPCI;
    ``bbox`` (xmin, ymin, xmax, ymax in the file's LAMBERT_X/LAMBERT_Y) keeps the rows located in it,
    whatever their commune (a territory plus its margin); all None keeps all of France.
    Coordinates become floats (NaN when missing), CAPACITE a float, EPSG an integer. Returns a
    DataFrame with columns an, typequ, depcom, dep, epci, nomrs, libcom, siret, capacite, qualite_xy,
    qualite_geoloc, approximate (1 when QUALITE_GEOLOC says the position was drawn at random in the
    commune), x, y, epsg (absent columns are empty).
    """
    mapping = column_map(read_header(path).columns)
    if epcis and "epci" not in mapping:
        raise PayloadError("bpe_no_epci")
    wanted_codes = set(codes)
    kept = []
    reader = pd.read_csv(
        path,
        sep=CSV_SEPARATOR,
        usecols=list(mapping.values()),
        dtype=str,
        keep_default_na=False,
        chunksize=chunk_rows,
        encoding="utf-8",
        encoding_errors="replace",
    )
    inverse = {v: k for k, v in mapping.items()}
    for chunk in reader:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("cancelled")
        chunk = chunk.rename(columns=inverse)
        mask = chunk["typequ"].isin(wanted_codes) if wanted_codes else pd.Series(True, index=chunk.index)
        place = None
        if communes:
            place = chunk["depcom"].isin(set(communes))
        if departements:
            dep = chunk["dep"] if "dep" in chunk else _departement(chunk["depcom"])
            in_dep = dep.isin(set(departements))
            place = in_dep if place is None else place | in_dep
        if epcis:
            in_epci = chunk["epci"].isin(set(epcis))
            place = in_epci if place is None else place | in_epci
        if bbox is not None:
            x = pd.to_numeric(chunk["lambert_x"].str.replace(",", ".", regex=False), errors="coerce")
            y = pd.to_numeric(chunk["lambert_y"].str.replace(",", ".", regex=False), errors="coerce")
            in_box = x.between(bbox[0], bbox[2]) & y.between(bbox[1], bbox[3])
            place = in_box if place is None else place | in_box
        if place is not None:
            mask &= place
        if mask.any():
            kept.append(chunk[mask])
    frame = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=list(mapping))
    return _normalise(frame)


def _normalise(frame):
    out = pd.DataFrame(index=frame.index)
    for name in ("an", "typequ", "depcom", "dep", "epci", "nomrs", "libcom", "siret", "qualite_xy", "qualite_geoloc"):
        out[name] = frame.get(name, "")
    out["approximate"] = (out["qualite_geoloc"].astype(str).str.strip() == RANDOM_IN_COMMUNE).astype(int)
    if "dep" not in frame:
        out["dep"] = _departement(frame["depcom"])

    def number(name):
        if name not in frame:
            return pd.Series(float("nan"), index=frame.index)
        return pd.to_numeric(frame[name].str.replace(",", ".", regex=False), errors="coerce")

    out["capacite"] = number("capacite")
    out["x"] = number("lambert_x")
    out["y"] = number("lambert_y")
    if "epsg" in frame:
        out["epsg"] = frame["epsg"].map(_epsg)
    else:
        out["epsg"] = frame["depcom"].map(lambert_epsg)
    return out.reset_index(drop=True)
