"""Communes and EPCI outlines from geo.api.gouv.fr (GeoJSON, geometry=contour), or ADMIN EXPRESS over WFS."""

import re

from . import wfs
from .errors import NotFoundError, PayloadError
from .geometry import feature_collection, geojson_to_wkt
from .territory import EPCI_RE, TerritoryCodes, check_overseas

DEFAULT_BASE_URL = "https://geo.api.gouv.fr"
COMMUNE_FIELDS = "nom,code,codesPostaux,siren,codeEpci,codeDepartement,codeRegion,population"
EPCI_FIELDS = "nom,code,population,codesDepartements,codesRegions"


def commune_record(feature):
    """Flat record of a geo.api commune feature: code, nom, population, code_epci, code_dep, code_reg, wkt."""
    properties = feature.get("properties") or {}
    if "code" not in properties:
        raise PayloadError("commune_without_code")
    return {
        "code": properties["code"],
        "nom": properties.get("nom"),
        "population": properties.get("population"),
        "code_epci": properties.get("codeEpci") if EPCI_RE.match(str(properties.get("codeEpci") or "")) else None,
        "code_dep": properties.get("codeDepartement"),
        "code_reg": properties.get("codeRegion"),
        "siren": properties.get("siren"),
        "codes_postaux": ",".join(properties.get("codesPostaux") or []),
        "wkt": geojson_to_wkt(feature.get("geometry")),
    }


def epci_record(feature):
    properties = feature.get("properties") or {}
    return {
        "code": properties.get("code"),
        "nom": properties.get("nom"),
        "population": properties.get("population"),
        "code_deps": ",".join(properties.get("codesDepartements") or []),
        "code_regs": ",".join(properties.get("codesRegions") or []),
        "wkt": geojson_to_wkt(feature.get("geometry")),
    }


def _communes(client, base_url, filter_name, code, geometry):
    params = {filter_name: code, "format": "geojson", "geometry": geometry, "fields": COMMUNE_FIELDS}
    try:
        payload = client.get_json(f"{base_url.rstrip('/')}/communes", params)
    except NotFoundError as error:
        raise NotFoundError("unknown_territory_code", territory=code) from error
    features = feature_collection(payload, f"territory {code}")
    if not features:
        raise NotFoundError("no_commune_for_code", territory=code)
    return [commune_record(f) for f in features]


def fetch_communes(client, territory: TerritoryCodes, base_url=DEFAULT_BASE_URL, geometry="contour"):
    """Communes of a territory (communes, EPCI and départements mixed), each once, with their outline.

    Overseas codes geo.api.gouv.fr does not serve as départements (975, 977, 978) raise
    UnsupportedTerritoryError before any request.
    """
    check_overseas(territory, "geo.api.gouv.fr")
    records, seen = [], set()
    requests_ = (
        [("code", c) for c in territory.communes]
        + [("codeEpci", c) for c in territory.epcis]
        + [("codeDepartement", c) for c in territory.departements]
    )
    for filter_name, code in requests_:
        client.check_cancelled()
        for record in _communes(client, base_url, filter_name, code, geometry):
            if record["code"] not in seen:
                seen.add(record["code"])
                records.append(record)
    return records


def fetch_epcis(client, epci_codes, base_url=DEFAULT_BASE_URL):
    """EPCI outlines by SIREN code (GET /epcis/{code}, GeoJSON Feature)."""
    records = []
    for code in epci_codes:
        client.check_cancelled()
        params = {"format": "geojson", "geometry": "contour", "fields": EPCI_FIELDS}
        try:
            payload = client.get_json(f"{base_url.rstrip('/')}/epcis/{code}", params)
        except NotFoundError as error:
            raise NotFoundError("unknown_epci", epci=code) from error
        if isinstance(payload, dict) and payload.get("type") == "FeatureCollection":
            features = payload.get("features") or []
        elif isinstance(payload, dict) and payload.get("type") == "Feature":
            features = [payload]
        else:
            raise PayloadError("epci_not_geojson", epci=code)
        records.extend(epci_record(f) for f in features)
    return records


# -- IGN ADMIN EXPRESS over the Géoplateforme WFS (the same records, another source) -------------

ADMINEXPRESS_COMMUNE = "ADMINEXPRESS-COG.LATEST:commune"


def adminexpress_filter(territory: TerritoryCodes):
    """CQL filter selecting the communes of a territory in ADMIN EXPRESS (codes are validated, no quoting issue)."""
    parts = []
    if territory.communes:
        parts.append("code_insee IN (" + ",".join(f"'{c}'" for c in territory.communes) + ")")
    if territory.departements:
        parts.append("code_insee_du_departement IN (" + ",".join(f"'{d}'" for d in territory.departements) + ")")
    parts += [f"codes_siren_des_epci LIKE '%{e}%'" for e in territory.epcis]
    return " OR ".join(parts)


def adminexpress_record(feature):
    """Flat record of an ADMIN EXPRESS commune, with the keys of commune_record (plus every EPCI in ``epcis``)."""
    properties = feature.get("properties") or {}
    # "NR" (non renseigné) means the commune has no EPCI: only 9-digit SIREN codes are EPCI codes.
    raw = properties.get("codes_siren_des_epci") or ""
    epcis = [e for e in re.split(r"[/,;|\s]+", raw) if EPCI_RE.match(e)]
    return {
        "code": properties.get("code_insee"),
        "nom": properties.get("nom_officiel"),
        "population": properties.get("population"),
        "code_epci": epcis[0] if epcis else None,
        "epcis": epcis,
        "code_dep": properties.get("code_insee_du_departement"),
        "code_reg": properties.get("code_insee_de_la_region"),
        "siren": properties.get("code_siren"),
        "codes_postaux": properties.get("code_postal"),
        "wkt": geojson_to_wkt(feature.get("geometry")),
    }


def fetch_adminexpress_communes(client, territory: TerritoryCodes, srs="EPSG:2154", base_url=wfs.DEFAULT_BASE_URL):
    """Communes of a territory from ADMIN EXPRESS over WFS, geometries in ``srs``; NotFoundError when none."""
    features = wfs.get_features(
        client, base_url, ADMINEXPRESS_COMMUNE, srs, {"CQL_FILTER": adminexpress_filter(territory)}
    )
    records = [adminexpress_record(f) for f in features]
    # LIKE '%…%' could match inside a longer code: keep exact matches only.
    wanted_epcis = set(territory.epcis)
    records = [
        r
        for r in records
        if r["code"] in territory.communes or r["code_dep"] in territory.departements or wanted_epcis & set(r["epcis"])
    ]
    if not records:
        raise NotFoundError("no_commune_in_admin_express", territory=territory.as_text())
    return records


ADMINEXPRESS_EPCI = "ADMINEXPRESS-COG.LATEST:epci"


def fetch_adminexpress_epcis(client, epci_codes, srs="EPSG:2154", base_url=wfs.DEFAULT_BASE_URL):
    """EPCI outlines from ADMIN EXPRESS over WFS (keys of epci_record; no population in this layer)."""
    if not epci_codes:
        return []
    cql = "code_siren IN (" + ",".join(f"'{c}'" for c in epci_codes) + ")"
    records = []
    for feature in wfs.get_features(client, base_url, ADMINEXPRESS_EPCI, srs, {"CQL_FILTER": cql}):
        properties = feature.get("properties") or {}
        records.append(
            {
                "code": properties.get("code_siren"),
                "nom": properties.get("nom_officiel"),
                "population": None,
                "code_deps": properties.get("codes_insee_des_departements_membres"),
                "code_regs": None,
                "wkt": geojson_to_wkt(feature.get("geometry")),
            }
        )
    return records
