"""GeoJSON for web maps (RFC 7946): WGS84 longitude/latitude, right-hand rule, rounded coordinates.

Coordinates are rounded to what the data means: a 200 m cell or a commune outline does not
need the 15 decimals GIS software writes; 5 decimals of a degree are 1.1 m of latitude (less of
longitude), so files stay a fraction of their size. Rounding can fold a ring: repeated points are
removed afterwards and rings left with fewer than 4 positions are dropped, then parts left empty.
"""

import math

# One degree of latitude on the ground, metres (WGS84 mean).
METRES_PER_DEGREE = 111_320.0


def decimals_for(resolution_m: float) -> int:
    """Decimals of a degree whose last unit is about ``resolution_m`` metres (1 m -> 5)."""
    if resolution_m <= 0:
        raise ValueError("the resolution must be positive")
    return max(0, round(-math.log10(resolution_m / METRES_PER_DEGREE)))


def _round_position(position, decimals):
    return [round(float(position[0]), decimals), round(float(position[1]), decimals)]


def _dedupe(positions):
    out = []
    for position in positions:
        if not out or position != out[-1]:
            out.append(position)
    return out


def ring_area2(ring) -> float:
    """Twice the signed area of a closed ring (shoelace): > 0 counterclockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        total += x1 * y2 - x2 * y1
    return total


def _oriented(ring, counterclockwise):
    area = ring_area2(ring)
    if (area > 0) != counterclockwise:
        return list(reversed(ring))
    return ring


def _polygon(rings, decimals):
    out = []
    for index, ring in enumerate(rings):
        ring = _dedupe([_round_position(p, decimals) for p in ring])
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])
        if len(ring) < 4 or ring_area2(ring) == 0:
            if index == 0:
                return []  # the outer ring folded: the whole polygon is gone
            continue
        # RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise.
        out.append(_oriented(ring, counterclockwise=index == 0))
    return out


def clean_geometry(geometry, decimals):
    """A copy of a GeoJSON geometry rounded and oriented, or None when nothing is left of it."""
    if not geometry:
        return None
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Point":
        return {"type": kind, "coordinates": _round_position(coordinates, decimals)} if coordinates else None
    if kind == "MultiPoint":
        points = _dedupe([_round_position(p, decimals) for p in coordinates or []])
        return {"type": kind, "coordinates": points} if points else None
    if kind == "LineString":
        line = _dedupe([_round_position(p, decimals) for p in coordinates or []])
        return {"type": kind, "coordinates": line} if len(line) >= 2 else None
    if kind == "MultiLineString":
        lines = [_dedupe([_round_position(p, decimals) for p in part]) for part in coordinates or []]
        lines = [line for line in lines if len(line) >= 2]
        return {"type": kind, "coordinates": lines} if lines else None
    if kind == "Polygon":
        rings = _polygon(coordinates or [], decimals)
        return {"type": kind, "coordinates": rings} if rings else None
    if kind == "MultiPolygon":
        polygons = [p for p in (_polygon(part, decimals) for part in coordinates or []) if p]
        return {"type": kind, "coordinates": polygons} if polygons else None
    if kind == "GeometryCollection":
        parts = [g for g in (clean_geometry(part, decimals) for part in geometry.get("geometries") or []) if g]
        return {"type": kind, "geometries": parts} if parts else None
    raise ValueError(f"unknown GeoJSON geometry type {kind!r}")


def feature(geometry, properties, decimals):
    """A GeoJSON Feature, or None when its geometry is empty after rounding."""
    cleaned = clean_geometry(geometry, decimals)
    if cleaned is None:
        return None
    return {"type": "Feature", "geometry": cleaned, "properties": dict(properties)}


def feature_collection(features, name=None):
    collection = {"type": "FeatureCollection", "features": [f for f in features if f is not None]}
    if name:
        collection["name"] = name
    return collection


def _positions(geometry):
    kind = geometry["type"]
    if kind == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from _positions(part)
        return
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}[kind]
    stack = [(geometry["coordinates"], depth)]
    while stack:
        value, level = stack.pop()
        if level == 0:
            yield value
        else:
            stack.extend((item, level - 1) for item in value)


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from _polygons(part)


def problems(collection) -> list:
    """What makes a FeatureCollection invalid for RFC 7946 web maps (empty list when valid)."""
    found = []
    if collection.get("type") != "FeatureCollection":
        return ["not a FeatureCollection"]
    for index, item in enumerate(collection.get("features", [])):
        geometry = item.get("geometry")
        if not geometry:
            found.append(f"feature {index}: empty geometry")
            continue
        positions = list(_positions(geometry))
        if not positions:
            found.append(f"feature {index}: no position")
        for x, y in (p[:2] for p in positions):
            if not (-180 <= x <= 180 and -90 <= y <= 90):
                found.append(f"feature {index}: ({x}, {y}) is not longitude/latitude")
                break
        for polygon in _polygons(geometry):
            for ring_index, ring in enumerate(polygon):
                if len(ring) < 4 or ring[0] != ring[-1]:
                    found.append(f"feature {index}: ring {ring_index} is not closed")
                elif (ring_area2(ring) > 0) != (ring_index == 0):
                    found.append(f"feature {index}: ring {ring_index} breaks the right-hand rule")
    return found


def bounds(collections):
    """(west, south, east, north) of every position of the collections, or None."""
    west = south = math.inf
    east = north = -math.inf
    for collection in collections:
        for item in collection["features"]:
            for x, y in (p[:2] for p in _positions(item["geometry"])):
                west, east = min(west, x), max(east, x)
                south, north = min(south, y), max(north, y)
    if west == math.inf:
        return None
    return west, south, east, north
