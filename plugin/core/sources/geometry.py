"""GeoJSON geometries to WKT, so that the QGIS side builds geometries without parsing JSON twice."""

from .errors import PayloadError


def _ring(coords):
    return "(" + ", ".join(f"{c[0]!r} {c[1]!r}" for c in coords) + ")"


def _polygon(rings):
    return "(" + ", ".join(_ring(r) for r in rings) + ")"


def geojson_to_wkt(geometry):
    """WKT of a GeoJSON geometry (2D; a Z value is dropped). None for a null geometry."""
    if geometry is None:
        return None
    try:
        kind, coords = geometry["type"], geometry.get("coordinates")
        if kind == "Point":
            return f"POINT({coords[0]!r} {coords[1]!r})"
        if kind == "LineString":
            return "LINESTRING" + _ring(coords)
        if kind == "MultiLineString":
            return "MULTILINESTRING(" + ", ".join(_ring(line) for line in coords) + ")"
        if kind == "Polygon":
            return "POLYGON" + _polygon(coords)
        if kind == "MultiPolygon":
            return "MULTIPOLYGON(" + ", ".join(_polygon(p) for p in coords) + ")"
        if kind == "MultiPoint":
            return "MULTIPOINT(" + ", ".join(f"({c[0]!r} {c[1]!r})" for c in coords) + ")"
    except (KeyError, IndexError, TypeError) as error:
        raise PayloadError("geometry_malformed", detail=str(error)) from error
    raise PayloadError("geometry_unsupported", kind=geometry.get("type"))


def feature_collection(payload, what):
    """Features of a GeoJSON FeatureCollection, or PayloadError saying what was expected."""
    if not isinstance(payload, dict) or payload.get("type") != "FeatureCollection":
        raise PayloadError("not_feature_collection", what=what)
    features = payload.get("features")
    if not isinstance(features, list):
        raise PayloadError("no_feature_list", what=what)
    return features
