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
        raise PayloadError("wfs_error", detail=(match.group(1) if match else text[:200]).strip())
    try:
        return json.loads(content)
    except ValueError as error:
        raise PayloadError("wfs_not_geojson", detail=str(error)) from error


def _number_matched(payload):
    """numberMatched as an int, or None when the server says "unknown" (or nothing)."""
    value = payload.get("numberMatched") if isinstance(payload, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def get_features(client, base_url, typename, srs, extra_params, page_size=PAGE_SIZE):
    """Every feature of a GetFeature request, page after page (COUNT/STARTINDEX), never cut silently.

    The Géoplateforme answers at most 5,000 features per page whatever COUNT asks: the next page
    starts after the features received. With a numeric ``numberMatched`` paging goes on until that
    many came (fewer, then an empty page: PayloadError); with "unknown", until a page shorter than
    ``min(page_size, PAGE_SIZE)``.
    """
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
        payload = wfs_page(client, base_url, params)
        page = feature_collection(payload, typename)
        features.extend(page)
        start += len(page)
        matched = _number_matched(payload)
        if matched is None:
            if len(page) < min(page_size, PAGE_SIZE):
                return features
        elif start >= matched:
            return features
        elif not page:
            raise PayloadError(
                f"The WFS stopped at {start} of the {matched} {typename} features it announced; try again later."
            )
