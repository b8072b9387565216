"""INSEE Filosofi grid cells (200 m): cell ids, a chunked reader of the national CSV, cell squares.

A cell id ``CRS3035RES200mN{northing}E{easting}`` gives the south-west corner in EPSG:3035
(N is Y, E is X). Cells are filtered on a bounding box in EPSG:3035 while reading.
"""

import re

import numpy as np
import pandas as pd

from .errors import CancelledError, PayloadError, unreadable_csv

DEFAULT_BASE_URL = "https://www.insee.fr"
# Filosofi 2019, 200 m grid, CSV in a zip (path under BASE_URL; check the edition on insee.fr).
DEFAULT_FILE_PATH = "/fr/statistiques/fichier/7655475/Filosofi2019_carreaux_200m_csv.zip"
CELL_ID_RE = re.compile(r"^CRS(\d+)RES(\d+)mN(\d+)E(\d+)$")
AGE_COLUMNS = (
    "ind_0_3",
    "ind_4_5",
    "ind_6_10",
    "ind_11_17",
    "ind_18_24",
    "ind_25_39",
    "ind_40_54",
    "ind_55_64",
    "ind_65_79",
    "ind_80p",
    "ind_inc",
)
VALUE_COLUMNS = ("ind", "men") + AGE_COLUMNS
CHUNK_ROWS = 200_000


def parse_cell_id(cell_id):
    """(epsg, size in metres, x_sw, y_sw) of a grid cell id; ValueError for anything else."""
    match = CELL_ID_RE.match(str(cell_id).strip())
    if not match:
        raise ValueError(f"'{cell_id}' is not an INSEE grid cell id (CRS3035RES200mN…E…)")
    epsg, size, north, east = (int(g) for g in match.groups())
    return epsg, size, east, north


def cell_corners(cell_ids):
    """Arrays (x_sw, y_sw, size) of many cell ids, vectorised (NaN for malformed ids)."""
    parts = pd.Series(cell_ids, dtype=str).str.extract(CELL_ID_RE.pattern)
    size = pd.to_numeric(parts[1], errors="coerce").to_numpy(float)
    north = pd.to_numeric(parts[2], errors="coerce").to_numpy(float)
    east = pd.to_numeric(parts[3], errors="coerce").to_numpy(float)
    return east, north, size


def cell_polygon_wkt(x_sw, y_sw, size):
    """WKT square of a cell from its south-west corner (coordinates written exactly, never rounded)."""
    x1, y1, x2, y2 = (_number(v) for v in (x_sw, y_sw, x_sw + size, y_sw + size))
    return f"POLYGON(({x1} {y1}, {x2} {y1}, {x2} {y2}, {x1} {y2}, {x1} {y1}))"


def _number(value):
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _sniff_separator(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        first_line = handle.readline()
    return ";" if first_line.count(";") > first_line.count(",") else ","


@unreadable_csv("The population file")
def read_cells(path, bbox_3035=None, chunk_rows=CHUNK_ROWS, is_cancelled=None, separator=None):
    """Cells of a Filosofi CSV inside ``bbox_3035`` (xmin, ymin, xmax, ymax; cells touching it are kept).

    Column names are lower-cased (the 2017 files say Idcar_200m, Ind). Returns a DataFrame with
    idcar_200m, x_sw, y_sw, size and the value columns present (ind, men, age classes) as floats.
    """
    sep = separator or _sniff_separator(path)
    header = pd.read_csv(path, sep=sep, nrows=0).columns
    lower = {name: name.strip().lower() for name in header}
    id_column = next((name for name, low in lower.items() if low in ("idcar_200m", "idcar_1km")), None)
    if id_column is None or not any(low == "ind" for low in lower.values()):
        raise PayloadError("The population file has no idcar_200m/ind columns: is it a Filosofi grid file?")
    wanted = [name for name, low in lower.items() if low in VALUE_COLUMNS or name == id_column]
    kept = []
    for chunk in pd.read_csv(path, sep=sep, usecols=wanted, chunksize=chunk_rows, dtype={id_column: str}):
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("Cancelled by the user; nothing was written.")
        chunk = chunk.rename(columns=lower).rename(columns={lower[id_column]: "idcar_200m"})
        x_sw, y_sw, size = cell_corners(chunk["idcar_200m"])
        mask = np.isfinite(x_sw)
        if bbox_3035 is not None:
            xmin, ymin, xmax, ymax = bbox_3035
            mask &= (x_sw + size >= xmin) & (x_sw <= xmax) & (y_sw + size >= ymin) & (y_sw <= ymax)
        if mask.any():
            part = chunk[mask].copy()
            part["x_sw"], part["y_sw"], part["size"] = x_sw[mask], y_sw[mask], size[mask]
            kept.append(part)
    columns = ["idcar_200m", "x_sw", "y_sw", "size"] + [c for c in VALUE_COLUMNS if c in lower.values()]
    if not kept:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(kept, ignore_index=True)
    for column in VALUE_COLUMNS:
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame[columns]
