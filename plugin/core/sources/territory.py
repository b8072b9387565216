"""Territory codes as the user types them: communes, EPCI (SIREN) and départements, comma-separated."""

import re
from dataclasses import dataclass, field

COMMUNE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTEMENT_RE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
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
