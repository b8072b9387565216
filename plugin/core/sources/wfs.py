"""Géoplateforme WFS 2.0.0 GetFeature in GeoJSON, paged with COUNT/STARTINDEX through the shared client.

Plain GETs rather than owslib: owslib's own requests cannot carry Vigie's retries, cache, proxy and
throttling, and it omits STARTINDEX=0. An ExceptionReport served with status 200 becomes a PayloadError.
"""

import json
import re

from .errors import PayloadError
from .geometry import feature_collection

DEFAULT_BASE_URL = "https://data.geopf.fr/wfs/ows"
PAGE_SIZE = 5000


def wfs_page(client, base_url, params):
    """One GetFeature answer as parsed GeoJSON."""
    content = client.get_bytes(base_url, params)
    if content.lstrip().startswith(b"<"):
        text = content.decode("utf-8", "replace")
        match = re.search(r"<(?:ows:)?ExceptionText>(.*?)</", text, re.S)
        raise PayloadError(f"The WFS answered with an error: {(match.group(1) if match else text[:200]).strip()}")
    try:
        return json.loads(content)
    except ValueError as error:
        raise PayloadError(f"The WFS answer is not valid GeoJSON (truncated?): {error}") from error


def get_features(client, base_url, typename, srs, extra_params, page_size=PAGE_SIZE):
    """Every feature of a GetFeature request, page after page until a short page (numberMatched may be "unknown")."""
    features, start = [], 0
    while True:
        client.check_cancelled()
        params = {
            "SERVICE": "WFS",
            "VERSION": "2.0.0",
            "REQUEST": "GetFeature",
            "TYPENAMES": typename,
            "OUTPUTFORMAT": "application/json",
            "SRSNAME": srs,
            "COUNT": page_size,
            "STARTINDEX": start,
            **extra_params,
        }
        page = feature_collection(wfs_page(client, base_url, params), typename)
        features.extend(page)
        if len(page) < page_size:
            return features
        start += page_size
