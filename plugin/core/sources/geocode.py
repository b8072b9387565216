"""Géoplateforme geocoder (BAN) in batch: POST /search/csv with the addresses, positions read back.

Used for establishments without a published position. The response adds ``latitude``,
``longitude``, ``result_score``, ``result_citycode``… columns to the uploaded CSV (addok's CSV
format, kept by the Géoplateforme; column names per the former api-adresse service).
"""

import csv
import io

from .errors import PayloadError

DEFAULT_BASE_URL = "https://data.geopf.fr/geocodage"
MIN_SCORE = 0.5
BATCH_SIZE = 5000


def _float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def geocode_addresses(client, addresses, base_url=DEFAULT_BASE_URL, min_score=MIN_SCORE):
    """{id: (lon, lat, score)} for [(id, address, citycode)]: answers in the right commune with score ≥ min_score."""
    found = {}
    for start in range(0, len(addresses), BATCH_SIZE):
        client.check_cancelled()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["vigie_id", "address", "citycode"])
        writer.writerows(addresses[start : start + BATCH_SIZE])
        content = client.get_bytes(
            f"{base_url.rstrip('/')}/search/csv",
            method="POST",
            data=[("columns", "address"), ("citycode", "citycode")],
            files={"data": ("addresses.csv", buffer.getvalue().encode("utf-8"), "text/csv")},
        )
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig", "replace")))
        if not reader.fieldnames or "latitude" not in reader.fieldnames or "vigie_id" not in reader.fieldnames:
            raise PayloadError("geocoder_not_csv")
        for row in reader:
            lat, lon, score = _float(row.get("latitude")), _float(row.get("longitude")), _float(row.get("result_score"))
            city = row.get("result_citycode")
            if lat is None or lon is None or score is None or score < min_score:
                continue
            if city and row.get("citycode") and city != row["citycode"]:
                continue
            found[row["vigie_id"]] = (lon, lat, score)
    return found
