"""INSEE Filosofi grid cells (200 m): cell ids, a chunked reader of the national CSV, cell squares.

A cell id ``CRS3035RES200mN{northing}E{easting}`` gives the south-west corner in EPSG:3035
(N is Y, E is X). Cells are filtered on a bounding box in EPSG:3035 while reading.
"""

import re
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .archive import extract_7z_member, extract_member, list_7z, open_zip
from .errors import CancelledError, OutsideGridError, PayloadError, unreadable_csv
from .wfs import get_features

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
# Other columns kept when a file has them: the commune code(s) of the cell and the imputation flag.
EXTRA_COLUMNS = {"lcog_geo": "lcog_geo", "depcom": "lcog_geo", "i_est_200": "imputed", "imputed": "imputed"}
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
        raise PayloadError("not_a_grid_file")
    extras = {low: EXTRA_COLUMNS[low] for low in lower.values() if low in EXTRA_COLUMNS}
    wanted = [name for name, low in lower.items() if low in VALUE_COLUMNS or low in extras or name == id_column]
    kept = []
    text_columns = {name: str for name, low in lower.items() if name == id_column or extras.get(low) == "lcog_geo"}
    for chunk in pd.read_csv(path, sep=sep, usecols=wanted, chunksize=chunk_rows, dtype=text_columns):
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("cancelled")
        chunk = chunk.rename(columns=lower).rename(columns={lower[id_column]: "idcar_200m", **extras})
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
    columns += sorted(set(extras.values()))
    if not kept:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(kept, ignore_index=True)
    for column in VALUE_COLUMNS:
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    if "imputed" in frame:
        frame["imputed"] = (pd.to_numeric(frame["imputed"], errors="coerce") == 1).astype(int)
    return frame[columns]


# -- Géoplateforme WFS relay of the 200 m grid -------------------------------------------------------

WFS_BASE_URL = "https://data.geopf.fr/wfs/ows"
WFS_TYPENAME = "INSEE.FILOSOFI.INDICATORS:carreaux_200m"
WFS_PAGE_LIMIT = 5000  # the Géoplateforme returns at most 5,000 features per page whatever COUNT asks
WFS_TILE_DEG = 0.25  # about 20 x 28 km: a rural tile holds a few thousand cells, a city tile pages
WFS_SOURCE_BANDS = tuple(c for c in AGE_COLUMNS if c not in ("ind_18_24", "ind_inc"))


def bbox_tiles(bbox_wgs84, tile_deg=WFS_TILE_DEG):
    """Tiles (west, south, east, north) covering a lon/lat box."""
    west, south, east, north = bbox_wgs84
    nx = max(1, int(np.ceil((east - west) / tile_deg)))
    ny = max(1, int(np.ceil((north - south) / tile_deg)))
    dx, dy = (east - west) / nx, (north - south) / ny
    return [
        (west + i * dx, south + j * dy, west + (i + 1) * dx, south + (j + 1) * dy) for j in range(ny) for i in range(nx)
    ]


def wfs_bbox_param(tile):
    """BBOX in lon/lat (GIS) order with the plain EPSG:4326 suffix: the URN spelling is read latitude first."""
    return ",".join(f"{v:.6f}" for v in tile) + ",EPSG:4326"


def _wfs_tile(client, base_url, typename, tile, page_size):
    """Every feature of one tile (wfs.get_features pages by STARTINDEX until numberMatched, never cut silently)."""
    return get_features(client, base_url, typename, "EPSG:4326", {"BBOX": wfs_bbox_param(tile)}, page_size)


def _number_or_nan(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def wfs_records(features):
    """Cells of WFS features: idcar_200m from id_inspire, values as floats, ind_18_24 rebuilt, imputed 0/1."""
    rows = []
    for feature in features:
        properties = feature.get("properties") or {}
        cell_id = properties.get("id_inspire")
        if not cell_id or not CELL_ID_RE.match(str(cell_id).strip()):
            raise PayloadError("cell_without_id", cell=repr(cell_id))
        row = {"idcar_200m": str(cell_id).strip(), "depcom": properties.get("depcom")}
        for column in ("ind", "men") + AGE_COLUMNS:
            row[column] = _number_or_nan(properties.get(column))
        if "ind_18_24" not in properties:
            bands = sum(0.0 if row[c] != row[c] else row[c] for c in WFS_SOURCE_BANDS + ("ind_inc",))
            row["ind_18_24"] = max(0.0, row["ind"] - bands) if row["ind"] == row["ind"] else float("nan")
        row["imputed"] = 1 if str(properties.get("i_car_est", "0")).strip() in ("1", "1.0", "True") else 0
        rows.append(row)
    return rows


def wfs_cells(
    client,
    bbox_wgs84,
    communes=None,
    base_url=WFS_BASE_URL,
    typename=WFS_TYPENAME,
    tile_deg=WFS_TILE_DEG,
    page_size=WFS_PAGE_LIMIT,
    progress=None,
):
    """Filosofi 200 m cells in a lon/lat box from the Géoplateforme WFS, kept when ``depcom`` is in ``communes``.

    The box is cut into tiles, each paged by STARTINDEX (at most 5,000 features a page); cells on
    tile edges come once. Returns a DataFrame like ``read_cells`` plus ``depcom`` and ``imputed``.
    """
    seen, rows = set(), []
    grid = bbox_tiles(bbox_wgs84, tile_deg)
    wanted = set(communes) if communes else None
    for index, tile in enumerate(grid):
        for row in wfs_records(_wfs_tile(client, base_url, typename, tile, page_size)):
            if row["idcar_200m"] in seen or (wanted is not None and row["depcom"] not in wanted):
                continue
            seen.add(row["idcar_200m"])
            rows.append(row)
        if progress is not None:
            progress(index + 1, len(grid))
    columns = ["idcar_200m", "x_sw", "y_sw", "size", *VALUE_COLUMNS, "depcom", "imputed"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["x_sw"], frame["y_sw"], frame["size"] = cell_corners(frame["idcar_200m"])
    return frame[columns]


# -- The national file: a zip holding one .7z holding one CSV per territory -----------------------

# Members of the 2019 national 7z, by territory (Filosofi 200 m covers metropolitan France, Martinique, La Réunion).
NATIONAL_MEMBERS = {"met": "carreaux_200m_met.csv", "972": "carreaux_200m_mart.csv", "974": "carreaux_200m_reun.csv"}


def national_member(departements):
    """The CSV of the national file holding these départements; OutsideGridError (a ValueError) where Filosofi
    200 m has none."""
    keys = {d if d in ("972", "974") else ("met" if not d.startswith("97") else d) for d in departements}
    unknown = sorted(k for k in keys if k not in NATIONAL_MEMBERS)
    if unknown:
        raise OutsideGridError("grid_no_cells", departements=", ".join(unknown))
    if len(keys) != 1:
        raise OutsideGridError("grid_one_part")
    return NATIONAL_MEMBERS[keys.pop()]


def national_csv_path(path, departements, is_cancelled=None):
    """The CSV to read for these départements from a national Filosofi file: CSV, zip, zip holding a 7z, or 7z.

    The member is chosen by territory (``carreaux_200m_met.csv``, ``_mart``, ``_reun``), never the
    first CSV found; extracted copies sit beside the archive and are reused while newer than it.
    SevenZipUnavailableError when the file is a 7z and nothing here can open it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return path
    wanted = national_member(departements)

    def pick(names, kind):
        csvs = [n for n in names if n.lower().endswith(".csv")]
        exact = [n for n in csvs if PurePosixPath(n).name.lower() == wanted]
        if exact:
            return exact[0]
        if len(csvs) == 1:
            return csvs[0]
        raise PayloadError("grid_member_missing", name=path.name, member=wanted, kind=kind, csvs=", ".join(csvs) or "-")

    def fresh(target, source):
        return target.exists() and target.stat().st_mtime >= source.stat().st_mtime

    if suffix == ".zip":
        with open_zip(path) as archive:
            names = archive.namelist()
        sevens = [n for n in names if n.lower().endswith(".7z")]
        if any(n.lower().endswith(".csv") for n in names):
            member = pick(names, "zip")
            target = path.with_name(f"{path.name}.{PurePosixPath(member).name}")
            if not fresh(target, path):
                extract_member(path, member, target)
            return target
        if not sevens:
            raise PayloadError("no_csv_nor_7z", name=path.name)
        inner = path.with_name(f"{path.name}.{PurePosixPath(sevens[0]).name}")
        if not fresh(inner, path):
            extract_member(path, sevens[0], inner)
        path, suffix = inner, ".7z"
    if suffix == ".7z":
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("cancelled")
        member = pick(list_7z(path), "7z archive")
        target = path.with_name(f"{path.name}.{PurePosixPath(member).name}")
        if not fresh(target, path):
            extract_7z_member(path, member, target)
        return target
    raise PayloadError("not_a_grid_archive", name=path.name)
