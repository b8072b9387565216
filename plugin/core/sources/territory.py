"""Territory codes as the user types them: communes, EPCI (SIREN) and départements, comma-separated."""

import re
from dataclasses import dataclass, field

from .errors import UnsupportedTerritoryError

COMMUNE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTEMENT_RE = re.compile(r"^(\d{2}|2[AB]|97[1-8])$")
EPCI_RE = re.compile(r"^\d{9}$")


@dataclass
class TerritoryCodes:
    """Codes of a territory by level, in the order given, without duplicates."""

    communes: list = field(default_factory=list)
    epcis: list = field(default_factory=list)
    departements: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.communes or self.epcis or self.departements)

    def as_text(self):
        return ",".join(self.communes + self.epcis + self.departements)


def parse_territory(text):
    """Split "05061, 200067452, 05" into communes, EPCI and départements; ValueError names a bad code."""
    codes = TerritoryCodes()
    for raw in re.split(r"[,;\s]+", (text or "").strip()):
        code = raw.strip().upper()
        if not code:
            continue
        if COMMUNE_RE.match(code):
            target = codes.communes
        elif EPCI_RE.match(code):
            target = codes.epcis
        elif DEPARTEMENT_RE.match(code):
            target = codes.departements
        else:
            raise ValueError(
                f"'{raw}' is not a commune code (5 characters, e.g. 05061), an EPCI SIREN (9 digits) "
                "or a département code (e.g. 05, 2A, 974)"
            )
        if code not in target:
            target.append(code)
    return codes


def departement_of_commune(code):
    """Département of a commune code: 3 digits overseas (97x), 2 characters elsewhere (2A/2B for Corsica)."""
    return code[:3] if code.startswith("97") else code[:2]


# EPSG of INSEE's Lambert coordinates by département (API notes: Sirene, BPE).
OVERSEAS_EPSG = {
    "971": 5490,
    "972": 5490,
    "977": 5490,
    "978": 5490,
    "973": 2972,
    "974": 2975,
    "975": 4467,
    "976": 4471,
}
METROPOLE_EPSG = 2154


def lambert_epsg(commune_code):
    """EPSG code of INSEE's projected coordinates for a commune (Lambert-93 in metropolitan France)."""
    return OVERSEAS_EPSG.get(departement_of_commune(commune_code or ""), METROPOLE_EPSG)


# Overseas codes 971–978: the five DROM are départements (971 Guadeloupe, 972 Martinique, 973 Guyane,
# 974 La Réunion, 976 Mayotte); 975, 977 and 978 are collectivités d'outre-mer with commune codes 975xx…
OVERSEAS_NAMES = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon",
    "976": "Mayotte",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
}
DROM = ("971", "972", "973", "974", "976")
# Overseas codes each service serves. ``communes`` False: only its département filter is limited (commune
# codes of the other territories still work); True: the service has no data at all for the others.
# - recherche-entreprises: the OpenAPI pattern of `departement` is 97[12346] (any other code is a 400);
# - geo.api.gouv.fr: the DROM are départements; the COM communes (975xx, 977xx, 978xx) only by commune code;
# - INSEE Filosofi 2019 200 m grid: metropolitan France, Martinique and La Réunion only (files _met, _mart, _reun);
# - INSEE BPE: metropolitan France and the five DROM.
# API Sirene serves every overseas code (its Lambert CRS table covers 971–978).
OVERSEAS_SERVED = {
    "recherche-entreprises.api.gouv.fr": (DROM, False),
    "geo.api.gouv.fr": (DROM, False),
    "filosofi": (("972", "974"), True),
    "bpe": (DROM, True),
}


def check_overseas(territory: TerritoryCodes, service):
    """Raise UnsupportedTerritoryError, before any request, for an overseas code that ``service`` does not serve.

    ``service`` is a key of OVERSEAS_SERVED; other services accept every code.
    """
    if service not in OVERSEAS_SERVED:
        return
    served, whole_territory = OVERSEAS_SERVED[service]
    for code in territory.departements:
        if code.startswith("97") and code not in served:
            raise UnsupportedTerritoryError(
                f"{code} ({OVERSEAS_NAMES.get(code, 'outre-mer')}) is not a département for {service}, which "
                f"accepts the overseas départements {', '.join(served)} only"
                + (": it has no data there." if whole_territory else f": give the commune codes (e.g. {code}01).")
            )
    if not whole_territory:
        return
    for code in territory.communes:
        departement = departement_of_commune(code)
        if departement.startswith("97") and departement not in served:
            raise UnsupportedTerritoryError(
                f"Commune {code} is in {OVERSEAS_NAMES.get(departement, 'outre-mer')}, which {service} does not "
                f"cover (overseas, it covers {', '.join(OVERSEAS_NAMES[c] for c in served)})."
            )
