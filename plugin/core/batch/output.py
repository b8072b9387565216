"""Files of a batch run in the output folder ``DIR``::

    DIR/<kit>.gpkg                          one layer <kit>: the population cells with the basket fields
    DIR/summary.csv                         one row per kit x category (status, origins, reached, median…)
    DIR/.vigie-batch/parts/<kit>/<cat>.npz  one category's times, kept so that a rerun skips it
    DIR/.vigie-batch/graphs/<key>.npz       road graphs (GraphCache), loaded by the workers

Every file is written under a temporary name and renamed: a killed run never leaves half a file
that a rerun would take for a result.
"""

import csv
import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..indicators.basket import basket_table
from .kit import POPULATION, kit_layer, kit_name, kit_stamp, open_kit
from .provenance import write_metadata

# ok: computed in this run; skipped: already written by an earlier run (figures from it);
# absent: no service of the category in the kit (no column, left out of the mean, as vigie:servicebasket does).
OK, SKIPPED, ABSENT, FAILED = "ok", "skipped", "absent", "failed"
SUMMARY_FIELDS = (
    "kit",
    "category",
    "status",
    "origins",
    "reached",
    "median_min",
    "seconds",
    "services",
    "worker",
    "error",
)
_PART_FORMAT = "vigie-batch-part-1"


def work_folder(folder) -> Path:
    return Path(folder) / ".vigie-batch"


def graph_folder(folder) -> Path:
    return work_folder(folder) / "graphs"


def part_path(folder, kit, category) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in category)
    return work_folder(folder) / "parts" / kit / f"{safe}.npz"


def kit_output_path(folder, kit) -> Path:
    return Path(folder) / f"{kit}.gpkg"


def time_figures(times_min) -> dict:
    """origins, reached and the median time of the reached (minutes, None when none is reached)."""
    times_min = np.asarray(times_min, dtype=float)
    reached = np.isfinite(times_min)
    median = float(np.median(times_min[reached])) if reached.any() else None
    return {"origins": int(len(times_min)), "reached": int(reached.sum()), "median_min": median}


def _atomic(target: Path, write, suffix):
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=suffix)
    os.close(handle)
    try:
        write(temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; results are ordinary files
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def write_part(folder, row, times_min, origin_fids, stamp, options_stamp):
    """One category's times (None: absent from the kit), with the kit and options they were computed from."""
    meta = json.dumps({"format": _PART_FORMAT, "stamp": stamp, "options": options_stamp, "row": row})
    times = np.full(0, np.nan) if times_min is None else np.asarray(times_min, dtype=float)

    def write(name):
        with open(name, "wb") as stream:
            np.savez(stream, meta=np.array(meta), fids=np.asarray(origin_fids), times_min=times)

    _atomic(part_path(folder, row["kit"], row["category"]), write, ".npz")


def read_part(folder, kit_path, category, options_stamp):
    """(row, fids, times_min or None when absent) of a part computed from this very kit and options, else None."""
    path = part_path(folder, kit_name(kit_path), category)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            fids, times = data["fids"], data["times_min"]
    except (OSError, ValueError, KeyError):
        return None
    if meta.get("format") != _PART_FORMAT or meta.get("stamp") != kit_stamp(kit_path):
        return None
    if meta.get("options") != options_stamp:
        return None
    row = meta["row"]
    return row, fids, (None if row.get("status") == ABSENT else times)


def kit_output_complete(folder, kit_path, categories, options_stamp) -> bool:
    """True when the kit's GeoPackage is written and every category's part matches the kit and options."""
    if not kit_output_path(folder, kit_name(kit_path)).exists():
        return False
    return all(read_part(folder, kit_path, category, options_stamp) is not None for category in categories)


def write_kit_output(kit_path, folder, basket, options):
    """DIR/<kit>.gpkg: the kit's population cells (geometry and fields) with the fields of vigie:servicebasket."""
    from osgeo import ogr

    times_min = {}
    fids = None
    for category in basket.category_ids:
        part = read_part(folder, kit_path, category, options.stamp())
        if part is None:
            raise RuntimeError(f"the times of {category} for {kit_path} are missing: run again")
        _, part_fids, times = part
        if fids is not None and not np.array_equal(fids, part_fids):
            raise RuntimeError(f"the times of {category} for {kit_path} are for other origins: run again")
        fids = part_fids
        if times is not None:
            times_min[category] = times
    table = basket_table(times_min, basket.category_ids, options.far_min, options.thresholds)
    row_of_fid = {int(fid): i for i, fid in enumerate(fids)}
    name = kit_name(kit_path)

    def write(temporary):
        dataset = open_kit(kit_path)  # held: OGR frees a layer with its dataset
        source = kit_layer(dataset, POPULATION, kit_path)
        os.remove(temporary)  # the GeoPackage driver creates the file itself
        target = ogr.GetDriverByName("GPKG").CreateDataSource(temporary)
        layer = target.CreateLayer(name, source.GetSpatialRef(), source.GetGeomType())
        definition = source.GetLayerDefn()
        # The kit's fields (but those the basket writes), then the basket's: as vigie:servicebasket.
        kept = [i for i in range(definition.GetFieldCount()) if definition.GetFieldDefn(i).GetName() not in table]
        for i in kept:
            layer.CreateField(definition.GetFieldDefn(i))
        for column in table.columns:
            layer.CreateField(_field_definition(column))
        out_definition = layer.GetLayerDefn()
        field_map = [kept.index(i) if i in kept else -1 for i in range(definition.GetFieldCount())]
        columns = [_plain_values(table[column]) for column in table.columns]
        layer.StartTransaction()
        source.ResetReading()
        for feature in source:
            i = row_of_fid.get(feature.GetFID())
            if i is None:
                continue  # skipped origin (no usable geometry): not in the output, as in Processing
            out = ogr.Feature(out_definition)
            out.SetFromWithMap(feature, 1, field_map)
            for j, values in enumerate(columns):
                _set(out, len(kept) + j, values[i])
            layer.CreateFeature(out)
        layer.CommitTransaction()
        target = None  # noqa: F841 (closes the file before the provenance is added and it is renamed)
        write_metadata(temporary, name, kit_path, _provenance_parameters(basket, table, options), options.version)

    _atomic(kit_output_path(folder, name), write, ".gpkg")


def _provenance_parameters(basket, table, options) -> dict:
    return {
        "basket": f"{basket.id} ({basket.source})",
        "categories": ",".join(c for c in basket.category_ids if f"t_{c}" in table),
        "absent_categories": ",".join(table.attrs.get("absent_categories", [])),
        "FAR_MIN": options.far_min,
        "THRESHOLDS": ",".join(f"{t:g}" for t in options.thresholds),
        "MAX_TIME": options.max_time_min,
        "ACCESS_SPEED": options.access_speed_kmh,
        "profile": "auto (from the road fields), default speed 50 km/h, tolerance 0 m",
    }


def _is_integer(column) -> bool:
    """Counts and the far flag are integers in vigie:servicebasket's output, times are reals."""
    return column.startswith("n_within_") or column == "far"


def _field_definition(column):
    from osgeo import ogr

    return ogr.FieldDefn(column, ogr.OFTInteger if _is_integer(column) else ogr.OFTReal)


def _plain_values(series):
    """Python values of a frame column, None for NaN and <NA>."""
    if _is_integer(series.name):
        return [None if pd.isna(v) else int(v) for v in series]
    return [None if not math.isfinite(v) else float(v) for v in series.to_numpy(dtype=float)]


def _set(feature, index, value):
    if value is None:
        feature.SetFieldNull(index)
    else:
        feature.SetField(index, value)


def write_summary(folder, rows):
    """DIR/summary.csv, one row per kit x category, sorted by kit then category."""

    def write(name):
        with open(name, "w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=SUMMARY_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for row in sorted(rows, key=lambda r: (r["kit"], r["category"])):
                writer.writerow({name: _csv_value(row.get(name)) for name in SUMMARY_FIELDS})

    _atomic(Path(folder) / "summary.csv", write, ".csv")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    return value
