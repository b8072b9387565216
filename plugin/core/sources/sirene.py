"""Active establishments by NAF code: INSEE API Sirene 3.11 (key) or recherche-entreprises (keyless).

Both give flat records with the same keys: siret, siren, name, enseigne, naf, commune, code_postal,
libelle_commune, date_creation, tranche_effectifs, siege, x, y, epsg. ``x``/``y`` are None when
the establishment has no published position ("[ND]" for non-diffusible ones, or missing).
"""

from .errors import IncompleteResultError, NotFoundError, PayloadError
from .geocode import geocode_addresses
from .territory import TerritoryCodes, check_overseas, departement_of_commune, lambert_epsg

SIRENE_BASE_URL = "https://api.insee.fr/api-sirene/3.11"
RECHERCHE_BASE_URL = "https://recherche-entreprises.api.gouv.fr"
SIRENE_KEY_HEADER = "X-INSEE-Api-Key-Integration"
SIRENE_PAGE_SIZE = 1000
RECHERCHE_PAGE_SIZE = 25
RECHERCHE_RESULT_CAP = 10000
RECHERCHE_MATCHING_CAP = 100  # matching_etablissements listed per legal unit and query, at most
RECHERCHE_HOST = "recherche-entreprises.api.gouv.fr"
COMMUNES_PER_QUERY = 50

# NAF presets offered by the algorithm (codes of the NAF rév. 2).
NAF_PRESETS = {
    "general_practitioners": ["86.21Z"],
    "specialists": ["86.22A", "86.22B", "86.22C"],
    "dentists": ["86.23Z"],
    "pharmacies": ["47.73Z"],
    "food_shops": ["47.11A", "47.11B", "47.11C", "47.11D", "47.11F", "47.21Z", "47.22Z", "47.24Z", "47.29Z"],
    "post_offices": ["53.10Z"],
    "childcare": ["88.91A"],
}


def parse_naf_codes(text):
    """NAF codes from "86.21Z, pharmacies": codes as given (upper case), preset names expanded."""
    codes = []
    for token in (text or "").replace(";", ",").split(","):
        token = token.strip()
        if not token:
            continue
        expanded = NAF_PRESETS.get(token.lower())
        if expanded is None:
            code = token.upper()
            if len(code) == 5 and code[:4].isdigit() and code[4].isalpha():
                code = f"{code[:2]}.{code[2:]}"  # 8621Z -> 86.21Z
            if not (len(code) == 6 and code[2] == "." and code[:2].isdigit() and code[3:5].isdigit()):
                raise ValueError(
                    f"'{token}' is neither a NAF code (e.g. 86.21Z) nor a preset ({', '.join(NAF_PRESETS)})"
                )
            expanded = [code]
        codes.extend(c for c in expanded if c not in codes)
    return codes


def _coordinate(value):
    """Float of a coordinate string; None for "[ND]", empty or null."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.startswith("["):
        return None
    try:
        return float(text)
    except ValueError:
        return None


# -- API Sirene 3.11 -------------------------------------------------------------------


def sirene_queries(naf_codes, territory: TerritoryCodes, commune_codes=None):
    """Lucene-like ``q`` values for /siret, historised fields wrapped in periode(...).

    Communes (those given, plus ``commune_codes`` resolved from EPCI) are chunked so that URLs
    stay short; départements use a prefix wildcard on the commune code.
    """
    if not naf_codes:
        raise ValueError("at least one NAF code is needed")
    activity = " OR ".join(f"activitePrincipaleEtablissement:{code}" for code in naf_codes)
    period = f"periode(etatAdministratifEtablissement:A AND ({activity}))"
    communes = list(dict.fromkeys(list(territory.communes) + list(commune_codes or [])))
    places = [f"codeCommuneEtablissement:{d}*" for d in territory.departements]
    places += [f"codeCommuneEtablissement:{c}" for c in communes]
    if not places:
        return [period]
    return [
        f"{period} AND ({' OR '.join(places[i : i + COMMUNES_PER_QUERY])})"
        for i in range(0, len(places), COMMUNES_PER_QUERY)
    ]


def _address(address):
    """Street address for geocoding, without the "[ND]" parts of non-diffusible establishments."""
    parts = [
        address.get(key)
        for key in (
            "numeroVoieEtablissement",
            "indiceRepetitionEtablissement",
            "typeVoieEtablissement",
            "libelleVoieEtablissement",
            "codePostalEtablissement",
            "libelleCommuneEtablissement",
        )
    ]
    return " ".join(str(p) for p in parts if p and not str(p).startswith("[")) or None


def _current_period(periods):
    for period in periods or []:
        if period.get("dateFin") is None:
            return period
    return (periods or [{}])[0]


def sirene_record(etablissement):
    """Flat record of an API Sirene establishment (current period for the historised fields)."""
    address = etablissement.get("adresseEtablissement") or {}
    unit = etablissement.get("uniteLegale") or {}
    period = _current_period(etablissement.get("periodesEtablissement"))
    name = unit.get("denominationUniteLegale")
    if not name:
        person = [unit.get("prenomUsuelUniteLegale") or unit.get("prenom1UniteLegale"), unit.get("nomUniteLegale")]
        name = " ".join(p for p in person if p) or None
    commune = address.get("codeCommuneEtablissement")
    x = _coordinate(address.get("coordonneeLambertAbscisseEtablissement"))
    y = _coordinate(address.get("coordonneeLambertOrdonneeEtablissement"))
    if x is None or y is None:
        x = y = None
    return {
        "siret": etablissement.get("siret"),
        "siren": etablissement.get("siren"),
        "address": _address(address),
        "name": name,
        "enseigne": period.get("enseigne1Etablissement") or period.get("denominationUsuelleEtablissement"),
        "naf": period.get("activitePrincipaleEtablissement"),
        "etat": period.get("etatAdministratifEtablissement"),
        "commune": commune,
        "code_postal": address.get("codePostalEtablissement"),
        "libelle_commune": address.get("libelleCommuneEtablissement"),
        "date_creation": etablissement.get("dateCreationEtablissement"),
        "tranche_effectifs": etablissement.get("trancheEffectifsEtablissement"),
        "siege": bool(etablissement.get("etablissementSiege")),
        "x": x,
        "y": y,
        "epsg": lambert_epsg(commune),
    }


def fetch_sirene(client, api_key, naf_codes, territory, commune_codes=None, base_url=SIRENE_BASE_URL, page_size=None):
    """Active establishments from API Sirene 3.11, following the cursor until ``curseurSuivant == curseur``.

    ``periode(activitePrincipaleEtablissement:…)`` matches an establishment when *any* of its periods
    had the code: only those whose current period (``dateFin`` null) is active with a wanted NAF code
    are kept. A 404 "Aucun élément trouvé" is an empty result, not an error. The key travels in a
    header only.
    """
    wanted = set(naf_codes)
    headers = {SIRENE_KEY_HEADER: api_key} if api_key else None
    url = f"{base_url.rstrip('/')}/siret"
    records, seen = [], set()
    for query in sirene_queries(naf_codes, territory, commune_codes):
        cursor = "*"
        while True:
            client.check_cancelled()
            params = {"q": query, "nombre": page_size or SIRENE_PAGE_SIZE, "curseur": cursor}
            try:
                payload = client.get_json(url, params, headers=headers)
            except NotFoundError:
                break  # the API answers 404 when nothing matches
            if not isinstance(payload, dict) or not isinstance(payload.get("header"), dict):
                raise PayloadError("sirene_no_header")
            etablissements = payload.get("etablissements") or []
            for etablissement in etablissements:
                record = sirene_record(etablissement)
                if record["siret"] not in seen and record["etat"] in (None, "A") and record["naf"] in wanted:
                    seen.add(record["siret"])
                    records.append(record)
            next_cursor = payload["header"].get("curseurSuivant")
            if not etablissements or not next_cursor or next_cursor == cursor:
                break
            cursor = next_cursor
    return records


# -- recherche-entreprises ---------------------------------------------------------------


def recherche_records(result, naf_codes, commune_filter=None):
    """Records of the matching establishments of one search result that carry a wanted NAF and are active."""
    records = []
    for etablissement in result.get("matching_etablissements") or []:
        if naf_codes and etablissement.get("activite_principale") not in naf_codes:
            continue
        if etablissement.get("etat_administratif") not in (None, "A"):
            continue
        commune = etablissement.get("commune")
        if commune_filter is not None and not commune_filter(commune):
            continue
        lat, lon = _coordinate(etablissement.get("latitude")), _coordinate(etablissement.get("longitude"))
        if lat is None or lon is None:
            lat = lon = None
        records.append(
            {
                "siret": etablissement.get("siret"),
                "siren": result.get("siren"),
                "address": etablissement.get("adresse"),
                "name": result.get("nom_complet"),
                "enseigne": ",".join(etablissement.get("liste_enseignes") or []) or etablissement.get("nom_commercial"),
                "naf": etablissement.get("activite_principale"),
                "etat": etablissement.get("etat_administratif"),
                "commune": commune,
                "code_postal": etablissement.get("code_postal"),
                "libelle_commune": etablissement.get("libelle_commune"),
                "date_creation": etablissement.get("date_creation"),
                "tranche_effectifs": etablissement.get("tranche_effectif_salarie"),
                "siege": bool(etablissement.get("est_siege")),
                "x": lon,
                "y": lat,
                "epsg": 4326,
            }
        )
    return records


def _unit_capped(result):
    """True when the service listed as many matching establishments of a legal unit as it ever lists (100).

    A unit whose open establishments number no more than those listed is complete whatever the length.
    """
    listed = len(result.get("matching_etablissements") or [])
    if listed < RECHERCHE_MATCHING_CAP:
        return False
    open_count = result.get("nombre_etablissements_ouverts")
    return not (isinstance(open_count, int) and open_count <= listed)


def _search_place(client, url, naf_codes, place, keep, page_size, stop_at_result_cap=False):
    """Every page of one /search query: (records, {siren: capped result}, hit the 10,000-result cap).

    With ``stop_at_result_cap`` a query over the 10,000-result cap stops after its first page (the
    caller splits it rather than reading 400 pages it would read again).
    """
    records, capped, page = [], {}, 1
    while True:
        client.check_cancelled()
        params = {
            "activite_principale": ",".join(naf_codes),
            "etat_administratif": "A",
            "per_page": page_size or RECHERCHE_PAGE_SIZE,
            "page": page,
            "limite_matching_etablissements": RECHERCHE_MATCHING_CAP,
            **place,
        }
        payload = client.get_json(url, params)  # sends Accept: application/json
        if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
            raise PayloadError("recherche_no_results")
        for result in payload["results"]:
            if not isinstance(result, dict):
                raise PayloadError("recherche_result_not_object")
            records.extend(recherche_records(result, naf_codes, keep))
            if _unit_capped(result):
                capped[result.get("siren")] = result
        result_cap_hit = int(payload.get("total_results") or 0) >= RECHERCHE_RESULT_CAP
        if result_cap_hit and stop_at_result_cap:
            return records, capped, True
        if not payload["results"] or page >= int(payload.get("total_pages") or 0):
            return records, capped, result_cap_hit
        page += 1


def _communes_of_place(place, commune_codes):
    """Commune codes of the territory that a département or EPCI query covers (all of them for an EPCI)."""
    if "departement" in place:
        departements = set(place["departement"].split(","))
        return [c for c in commune_codes if departement_of_commune(c) in departements]
    return list(commune_codes)


def _chunks(codes, size=COMMUNES_PER_QUERY):
    return [codes[i : i + size] for i in range(0, len(codes), size)]


def fetch_recherche(
    client, naf_codes, territory: TerritoryCodes, base_url=RECHERCHE_BASE_URL, page_size=None, commune_codes=None
):
    """Active establishments from recherche-entreprises /search, page by page, never cut silently.

    The service lists at most 100 ``matching_etablissements`` per legal unit and query (La Poste,
    a bank network over a département): a query where a unit reaches that cap is asked again over
    smaller areas — an EPCI or département query commune by commune group, a group of communes
    split in halves — until no unit is capped. ``commune_codes`` gives the territory's communes for
    that (a list, or a callable returning one, called only when needed). A unit still capped in a
    single commune, or a capped EPCI/département query without ``commune_codes``, raises
    IncompleteResultError saying how many may be missing.

    Returns (records, truncated): ``truncated`` is True when a single-commune query still hit the
    service's 10,000-result cap (larger queries are split like capped units). The NAF filter of
    this API applies to the legal unit; establishments are filtered again on their own NAF code.
    Overseas départements the service does not accept (975, 977, 978) raise
    UnsupportedTerritoryError before any request.
    """
    check_overseas(territory, RECHERCHE_HOST)
    url = f"{base_url.rstrip('/')}/search"
    pending = [({"code_commune": ",".join(chunk)}, chunk) for chunk in _chunks(list(territory.communes))]
    if territory.epcis:
        pending.append(({"epci": ",".join(territory.epcis)}, None))
    if territory.departements:
        pending.append(({"departement": ",".join(territory.departements)}, None))
    resolved = None
    records, seen, truncated = [], set(), False
    while pending:
        place, communes = pending.pop(0)
        if communes is not None:
            wanted = set(communes)

            def keep(commune, wanted=wanted):
                return commune in wanted
        elif "departement" in place:
            prefixes = tuple(place["departement"].split(","))

            def keep(commune, prefixes=prefixes):
                return bool(commune) and commune.startswith(prefixes)
        else:
            keep = None
        splittable = len(communes) > 1 if communes is not None else commune_codes is not None
        found, capped, result_cap_hit = _search_place(client, url, naf_codes, place, keep, page_size, splittable)
        _add_new(records, seen, found)
        if not capped and not result_cap_hit:
            continue
        if communes is None:
            if resolved is None and commune_codes is not None:
                resolved = list(commune_codes() if callable(commune_codes) else commune_codes)
            smaller = _communes_of_place(place, resolved or [])
            if not smaller and capped:
                raise IncompleteResultError(_capped_message(capped, records, place, "no commune list to split it"))
            if not smaller:  # nothing to split by: read every page the service gives, and say it is cut
                if splittable:  # only the first page was read
                    _add_new(records, seen, _search_place(client, url, naf_codes, place, keep, page_size)[0])
                truncated = True
                continue
            pending = [({"code_commune": ",".join(c)}, c) for c in _chunks(smaller)] + pending
        elif len(communes) > 1:
            half = len(communes) // 2
            halves = [communes[:half], communes[half:]]
            pending = [({"code_commune": ",".join(c)}, c) for c in halves] + pending
        elif capped:
            raise IncompleteResultError(_capped_message(capped, records, place, "a single commune"))
        else:
            truncated = True
    return records, truncated


def _add_new(records, seen, found):
    for record in found:
        if record["siret"] not in seen:
            seen.add(record["siret"])
            records.append(record)


def _capped_message(capped, records, place, why):
    """What is missing when a capped unit cannot be completed: which unit, where, and how many at most."""
    siren, result = next(iter(capped.items()))
    found = sum(1 for r in records if r["siren"] == siren)
    open_count = result.get("nombre_etablissements_ouverts")
    where = ", ".join(f"{k}={v}" for k, v in place.items())
    missing = (
        f"up to {open_count - found} may be missing ({found} found, {open_count} open establishments in all)"
        if isinstance(open_count, int) and open_count > found
        else "an unknown number may be missing"
    )
    return (
        f"recherche-entreprises lists at most {RECHERCHE_MATCHING_CAP} matching establishments per legal unit: "
        f"{result.get('nom_complet') or siren} (SIREN {siren}) reaches that cap for {where} ({why}), so {missing}. "
        "Use API Sirene (BACKEND = INSEE API Sirene, with a key), which has no such cap."
    )


def count_without_position(records):
    return sum(1 for r in records if r["x"] is None or r["y"] is None)


def geocode_missing(client, records, base_url, min_score=0.5):
    """Give a position to records without one from the geocoder (x/y in WGS84, ``geocode_score`` set).

    Returns the number of records placed. Only addresses in the record's own commune are accepted.
    """
    wanted = [
        (str(index), record["address"], record.get("commune") or "")
        for index, record in enumerate(records)
        if (record["x"] is None or record["y"] is None) and record.get("address")
    ]
    if not wanted:
        return 0
    found = geocode_addresses(client, wanted, base_url, min_score)
    for key, (lon, lat, score) in found.items():
        record = records[int(key)]
        record.update(x=lon, y=lat, epsg=4326, geocode_score=score)
    return len(found)
