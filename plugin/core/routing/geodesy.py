"""Ground lengths from projected coordinates: the projection's scale factor, so results do not depend on the CRS.

A projected CRS stretches or shrinks distances by a point scale factor k (Lambert-93: -0.04 % around
Gap, up to +0.3 % at the edges of France; UTM: -0.04 % on the central meridian). Dividing planar
lengths by k gives lengths on the ellipsoid, which is what QGIS's network analysis measures.
"""

import warnings

import numpy as np


def ground_scale(xy, crs):
    """Ground metres per CRS metre at each point (1 / point scale factor).

    xy: (n, 2) coordinates in ``crs`` (anything pyproj.CRS accepts: "EPSG:2154", WKT...).
    Returns ones when pyproj cannot compute the factors (the lengths then stay planar).
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0:
        return np.ones(0)
    try:
        with warnings.catch_warnings():
            # pyproj warns at import when its own data folder is unknown (e.g. from a venv), yet the PROJ
            # library still finds proj.db; if it really cannot, CRSError below keeps lengths planar.
            warnings.filterwarnings("ignore", message="Valid PROJ data directory not found")
            from pyproj import CRS, Proj, Transformer
            from pyproj.exceptions import CRSError, ProjError
    except ImportError:
        return np.ones(len(xy))
    try:
        source = CRS.from_user_input(crs)
        if not source.is_projected:
            return np.ones(len(xy))
        to_geographic = Transformer.from_crs(source, source.geodetic_crs, always_xy=True)
        lon, lat = to_geographic.transform(xy[:, 0], xy[:, 1])
        factors = Proj(source).get_factors(lon, lat)
        # Conformal projections (Lambert, UTM): meridional and parallel scales are equal.
        k = np.sqrt(np.asarray(factors.meridional_scale) * np.asarray(factors.parallel_scale))
    except (CRSError, ProjError, ValueError):
        return np.ones(len(xy))
    scale = 1.0 / k
    return np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)


# Metropolitan France and Corsica in WGS84, with margin: Lambert-93 is valid there.
METROPOLE_WGS84 = (-5.8, 41.0, 10.2, 51.5)


def metric_epsg(lon, lat) -> int:
    """EPSG code of the metric CRS for data centred at (lon, lat): Lambert-93 (2154) in metropolitan
    France, else the WGS84 UTM zone."""
    west, south, east, north = METROPOLE_WGS84
    if west <= lon <= east and south <= lat <= north:
        return 2154
    zone = int((lon + 180) // 6) + 1
    return (32600 if lat >= 0 else 32700) + zone
