"""transport.data.gouv.fr catalogue (GTFS datasets covering a territory) and the stops of GTFS feeds.

Only stops.txt is read here (for the stops layer); the full GTFS reader is plugin/core/transit.
"""

import csv
import io

from .archive import find_member, open_zip
from .errors import PayloadError

DEFAULT_BASE_URL = "https://transport.data.gouv.fr"


def covered_area_codes(covered_area):
    """Normalised [(type, insee code, name)] of a dataset's covered_area, in either shape.

    Since September 2025 it is a list of {type, insee, nom}; before, an object such as
    {"type": "aom", "name": ..., "aom": {...}} (or "cities"/"region" with nested entries).
    """
    if covered_area is None:
        return []
    if isinstance(covered_area, list):
        return [
            (
                str(a.get("type") or "").lower(),
                str(a.get("insee") or a.get("code") or ""),
                a.get("nom") or a.get("name"),
            )
            for a in covered_area
            if isinstance(a, dict)
        ]
    if isinstance(covered_area, dict):
        kind = str(covered_area.get("type") or "").lower()
        out = []
        nested = covered_area.get(kind)
        items = nested if isinstance(nested, list) else [nested] if isinstance(nested, dict) else []
        for item in items:
            code = item.get("insee") or item.get("siren") or item.get("insee_commune_principale") or ""
            out.append((kind, str(code), item.get("nom") or item.get("name")))
        if not out:
            out.append(
                (kind, str(covered_area.get("insee") or ""), covered_area.get("name") or covered_area.get("nom"))
            )
        return out
    raise PayloadError("covered_area_bad")


def is_national(dataset):
    """True for a dataset declared over the whole country: a covered_area entry of type "pays", code "FR"."""
    # Before September 2025 the object shape said "country"; the list shape says "pays" with code FR.
    return any(
        kind in ("pays", "country") and (code.upper() in ("FR", "FRA") or str(name or "").lower() == "france")
        for kind, code, name in covered_area_codes(dataset.get("covered_area"))
    )


def dataset_covers(dataset, territory_codes, include_national=False):
    """True when one of the dataset's covered areas has a code in ``territory_codes`` (communes, EPCI, dép., région).

    A national dataset (covered_area "pays" FR: coach and rail feeds of the whole country) covers
    every territory, but is only counted with ``include_national``.
    """
    if is_national(dataset):
        return include_national
    return any(code and code in territory_codes for _, code, _ in covered_area_codes(dataset.get("covered_area")))


def national_datasets_left_out(datasets, include_national=False):
    """(title, number of GTFS resources) of the national datasets that ``include_national=False`` leaves out."""
    if include_national or not isinstance(datasets, list):
        return []
    return [
        (dataset.get("title") or str(dataset.get("id") or ""), len(_gtfs_of(dataset)))
        for dataset in datasets
        if isinstance(dataset, dict) and is_national(dataset) and _gtfs_of(dataset)
    ]


def _gtfs_of(dataset):
    return [r for r in dataset.get("resources") or [] if str(r.get("format") or "").upper() == "GTFS"]


def gtfs_resources(datasets, territory_codes, include_national=False):
    """One row per GTFS resource of the datasets covering the territory (tables for the catalogue output).

    National datasets (covered_area "pays" FR) are left out unless ``include_national``; their rows
    then carry ``national`` True.
    """
    if not isinstance(datasets, list):
        raise PayloadError("not_dataset_list")
    rows = []
    for dataset in datasets:
        if not isinstance(dataset, dict) or not dataset_covers(dataset, territory_codes, include_national):
            continue
        national = is_national(dataset)
        areas = covered_area_codes(dataset.get("covered_area"))
        for resource in _gtfs_of(dataset):
            rows.append(
                {
                    "dataset_id": str(dataset.get("id") or ""),
                    "dataset_title": dataset.get("title"),
                    "publisher": (dataset.get("publisher") or {}).get("name"),
                    "licence": dataset.get("licence"),
                    "covered_area": "; ".join(f"{t}:{c} {n or ''}".strip() for t, c, n in areas),
                    "resource_id": str(resource.get("id") or ""),
                    "resource_title": resource.get("title"),
                    "url": resource.get("url") or resource.get("original_url"),
                    "is_available": bool(resource.get("is_available", True)),
                    "updated": resource.get("updated"),
                    "valid_from": resource.get("start_calendar_validity"),
                    "valid_to": resource.get("end_calendar_validity"),
                    "filesize": resource.get("filesize"),
                    "national": national,
                }
            )
    return rows


def fetch_catalogue(client, base_url=DEFAULT_BASE_URL):
    """Every dataset of transport.data.gouv.fr (one response, no paging)."""
    datasets = client.get_json(f"{base_url.rstrip('/')}/api/datasets")
    if not isinstance(datasets, list):
        raise PayloadError("not_dataset_list")
    return datasets


def _float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def read_stops(zip_path, feed_name=""):
    """Stops of a GTFS zip (checked entries): stop_id, name, lat, lon, location_type, parent_station, parent_name.

    Nodes and boarding areas (location_type 3/4) without coordinates are skipped; rows with
    missing or out-of-range coordinates are counted in the second return value.
    """
    with open_zip(zip_path) as archive:
        member = find_member(archive, "stops.txt")
        if member is None:
            raise PayloadError("feed_no_stops", feed=feed_name or zip_path)
        with archive.open(member) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            reader = csv.DictReader(text)
            if not reader.fieldnames or "stop_id" not in [f.strip() for f in reader.fieldnames]:
                raise PayloadError("stops_no_stop_id", feed=feed_name or zip_path)
            stops, skipped = [], 0
            for row in reader:
                row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                location_type = int(row.get("location_type") or 0) if (row.get("location_type") or "0").isdigit() else 0
                lat, lon = _float(row.get("stop_lat")), _float(row.get("stop_lon"))
                if (
                    lat is None
                    or lon is None
                    or not (-90 <= lat <= 90 and -180 <= lon <= 180)
                    or (lat == 0 and lon == 0)
                ):
                    skipped += 1
                    continue
                stops.append(
                    {
                        "feed": feed_name,
                        "stop_id": row["stop_id"],
                        "stop_name": row.get("stop_name"),
                        "lat": lat,
                        "lon": lon,
                        "location_type": location_type,
                        "parent_station": row.get("parent_station") or None,
                    }
                )
    names = {s["stop_id"]: s["stop_name"] for s in stops if s["location_type"] == 1}
    for stop in stops:
        stop["parent_name"] = names.get(stop["parent_station"]) if stop["parent_station"] else None
    return stops, skipped
