"""Road networks for routing: IGN BD TOPO troncon_de_route over the Géoplateforme WFS, or OSM through Overpass.

WFS requests go through wfs.py (plain GETs on the shared client): tiled by bbox, paged with
COUNT/STARTINDEX, deduplicated on the feature id, throttled by the client for data.geopf.fr.
"""

import math
import re

from . import wfs
from .errors import PayloadError
from .geometry import geojson_to_wkt

WFS_BASE_URL = wfs.DEFAULT_BASE_URL
OVERPASS_BASE_URL = "https://overpass-api.de/api/interpreter"
ROAD_TYPENAME = "BDTOPO_V3:troncon_de_route"
WFS_PAGE_SIZE = 5000
TILE_SIZE_M = 20_000.0
BDTOPO_FIELDS = (
    "cleabs",
    "nature",
    "importance",
    "sens_de_circulation",
    "vitesse_moyenne_vl",
    "acces_vehicule_leger",
    "urbain",
    "etat_de_l_objet",
)
# Road names on each side, under the current schema's names: nom_collaboratif_* today, nom_1_* in older
# editions of troncon_de_route (read the new name first).
NAME_FIELDS = {
    "nom_collaboratif_gauche": ("nom_collaboratif_gauche", "nom_1_gauche"),
    "nom_collaboratif_droite": ("nom_collaboratif_droite", "nom_1_droite"),
}
OSM_DRIVABLE = (
    "motorway",
    "motorway_link",
    "trunk",
    "trunk_link",
    "primary",
    "primary_link",
    "secondary",
    "secondary_link",
    "tertiary",
    "tertiary_link",
    "unclassified",
    "residential",
    "living_street",
    "service",
    "track",
)


def tiles(bbox, tile_size=TILE_SIZE_M):
    """Split (xmin, ymin, xmax, ymax) into a grid of tiles at most ``tile_size`` wide."""
    xmin, ymin, xmax, ymax = bbox
    nx = max(1, math.ceil((xmax - xmin) / tile_size))
    ny = max(1, math.ceil((ymax - ymin) / tile_size))
    dx, dy = (xmax - xmin) / nx, (ymax - ymin) / ny
    return [
        (xmin + i * dx, ymin + j * dy, xmin + (i + 1) * dx, ymin + (j + 1) * dy) for j in range(ny) for i in range(nx)
    ]


def bdtopo_record(properties):
    """Routing fields of a troncon_de_route, names under nom_collaboratif_* whatever the schema edition."""
    record = {name: properties.get(name) for name in BDTOPO_FIELDS}
    for name, candidates in NAME_FIELDS.items():
        record[name] = next((properties[c] for c in candidates if properties.get(c)), None)
    return record


def fetch_wfs(
    client,
    bbox,
    srs="EPSG:2154",
    typename=ROAD_TYPENAME,
    base_url=WFS_BASE_URL,
    page_size=WFS_PAGE_SIZE,
    tile_size=TILE_SIZE_M,
    progress=None,
):
    """Features of ``typename`` in ``bbox`` (in ``srs``), as records with the properties and a ``wkt`` geometry.

    Each tile is paged with COUNT/STARTINDEX until a short page; features on tile edges come
    once (deduplicated on the feature id).
    """
    records, seen = [], set()
    grid = tiles(bbox, tile_size)
    for index, tile in enumerate(grid):
        bbox_param = ",".join(f"{v:.2f}" for v in tile) + f",{srs}"
        for feature in wfs.get_features(client, base_url, typename, srs, {"BBOX": bbox_param}, page_size):
            properties = feature.get("properties") or {}
            key = feature.get("id") or properties.get("cleabs")
            if key is not None and key in seen:
                continue
            seen.add(key)
            record = bdtopo_record(properties)
            record["wkt"] = geojson_to_wkt(feature.get("geometry"))
            records.append(record)
        if progress is not None:
            progress(index + 1, len(grid))
    return records


def overpass_query(bbox_wgs84, timeout=180):
    """Overpass QL for drivable ways in (west, south, east, north), with their geometry."""
    west, south, east, north = bbox_wgs84
    classes = "|".join(OSM_DRIVABLE)
    return (
        f"[out:json][timeout:{timeout}];"
        f'way["highway"~"^({classes})$"]({south:.6f},{west:.6f},{north:.6f},{east:.6f});'
        "out geom tags;"
    )


def _oneway(tags):
    value = str(tags.get("oneway") or "").lower()
    if value in ("yes", "1", "true"):
        return "F"
    if value in ("-1", "reverse"):
        return "T"
    if value == "no":
        return "B"
    # Implied one-way roads (OSM conventions).
    if tags.get("highway") in ("motorway", "motorway_link") or tags.get("junction") in ("roundabout", "circular"):
        return "F"
    return "B"


def _maxspeed(tags):
    match = re.match(r"^\s*(\d+)\s*(mph)?", str(tags.get("maxspeed") or ""))
    if not match:
        return 0
    speed = int(match.group(1))
    return round(speed * 1.609) if match.group(2) else speed


def overpass_records(payload):
    """Ways of an Overpass answer as Geofabrik-like records (osm_id, fclass, name, ref, oneway B/F/T, maxspeed...)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("elements"), list):
        raise PayloadError("overpass_no_elements")
    remark = payload.get("remark")
    if remark and "error" in remark.lower():
        raise PayloadError("overpass_error", remark=remark)
    records = []
    for element in payload["elements"]:
        if element.get("type") != "way" or len(element.get("geometry") or []) < 2:
            continue
        tags = element.get("tags") or {}
        line = ", ".join(f"{p['lon']!r} {p['lat']!r}" for p in element["geometry"])
        records.append(
            {
                "osm_id": str(element.get("id")),
                "fclass": tags.get("highway"),
                "name": tags.get("name"),
                "ref": tags.get("ref"),
                "oneway": _oneway(tags),
                "maxspeed": _maxspeed(tags),
                "layer": int(tags["layer"]) if str(tags.get("layer", "")).lstrip("-").isdigit() else 0,
                "bridge": "T" if tags.get("bridge") not in (None, "no") else "F",
                "tunnel": "T" if tags.get("tunnel") not in (None, "no") else "F",
                "wkt": f"LINESTRING({line})",
            }
        )
    return records


def fetch_overpass(client, bbox_wgs84, base_url=OVERPASS_BASE_URL):
    """Drivable OSM ways in a WGS84 bbox from Overpass (POST, retried on 429/504 by the client)."""
    query = overpass_query(bbox_wgs84)
    return overpass_records(client.get_json(base_url, method="POST", data={"data": query}))
