"""Speed profiles: a speed (km/h) and a direction for every road feature, from its attributes.

Profiles:
- ``osm``: Geofabrik road layers (``fclass``, ``oneway`` B/F/T, ``maxspeed`` 0 = unknown) and native
  OSM tags (``highway``, ``oneway`` yes/-1/no, ``maxspeed`` "50", "FR:rural", "30 mph"...).
- ``bdtopo``: IGN BD TOPO ``troncon_de_route`` (``vitesse_moyenne_vl``, ``sens_de_circulation``,
  ``acces_vehicule_leger``, ``nature``, ``etat_de_l_objet``).
- ``speed_field``: any line layer with a speed field and, optionally, a direction field read like
  QGIS's ``native:shortestpathlayertopoint`` (values for forward, backward, both; default direction).
- ``auto``: chosen from the field names.

Default speeds for OpenStreetMap road classes (``OSM_CLASS_SPEEDS_KMH``) are the speed table of the
OSRM car profile (Project-OSRM/osrm-backend, ``profiles/car.lua``, table ``speed_profile``: motorway
90, trunk 85, primary 65, secondary 55, tertiary 40, unclassified and residential 25, service 15,
living_street 10 km/h, links lower). They are average speeds, already below the French legal limits
(Code de la route R413-2: 130 on motorways, 110 on dual carriageways, 80 or 90 on other rural roads,
50 in built-up areas) to account for bends, junctions and villages, which suits rural and mountain
France. ``track_grade1`` (paved farm tracks, kept in Geofabrik's drivable layers) is a Vigie choice:
15 km/h. A posted ``maxspeed`` can only lower a class speed, to 80 % of the limit (OSRM's
``speed_reduction``), as traffic seldom drives at the limit. Other tracks, paths, footways,
cycleways, steps, bridleways and pedestrian streets are excluded from driving.

BD TOPO defaults (``BDTOPO_NATURE_SPEEDS_KMH``), used only where ``vitesse_moyenne_vl`` is missing
or unusable, follow the same logic per ``nature``.
"""

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .graph import BACKWARD, BOTH, EXCLUDED, FORWARD

PROFILES = ("auto", "osm", "bdtopo", "speed_field")

OSM_CLASS_SPEEDS_KMH = {
    "motorway": 90,
    "motorway_link": 45,
    "trunk": 85,
    "trunk_link": 40,
    "primary": 65,
    "primary_link": 30,
    "secondary": 55,
    "secondary_link": 25,
    "tertiary": 40,
    "tertiary_link": 20,
    "unclassified": 25,
    "residential": 25,
    "living_street": 10,
    "service": 15,
    "track_grade1": 15,
}
OSM_NOT_DRIVABLE = {
    "track",
    "track_grade2",
    "track_grade3",
    "track_grade4",
    "track_grade5",
    "path",
    "footway",
    "cycleway",
    "bridleway",
    "steps",
    "pedestrian",
    "corridor",
    "platform",
    "via_ferrata",
    "construction",
    "proposed",
    "abandoned",
    "raceway",
    "bus_guideway",
    "busway",
    "elevator",
}
# OSM classes that are one-way unless tagged otherwise.
OSM_IMPLIED_ONEWAY = {"motorway", "motorway_link"}
# Legal limits behind the French implicit maxspeed values.
OSM_IMPLICIT_MAXSPEED_KMH = {"fr:urban": 50, "fr:rural": 80, "fr:motorway": 130, "fr:walk": 6, "fr:zone30": 30}
MAXSPEED_REDUCTION = 0.8

BDTOPO_NATURE_SPEEDS_KMH = {
    "Type autoroutier": 90,
    "Bretelle": 40,
    "Route à 2 chaussées": 70,
    "Route à 1 chaussée": 45,
    "Rond-point": 25,
    "Route empierrée": 15,
    "Chemin": 10,
    "Bac ou liaison maritime": 10,
}
BDTOPO_DIRECTIONS = {
    "Double sens": BOTH,
    "Sens direct": FORWARD,
    "Sens inverse": BACKWARD,
    "Sans objet": EXCLUDED,  # paths and stairs: not a road for vehicles
}
# acces_vehicule_leger values that close a road to cars (others: "Libre", "A péage").
BDTOPO_CLOSED_ACCESS = {"Physiquement impossible", "Restreint aux ayants droit"}
BDTOPO_NOT_DRIVABLE_NATURE = {"Sentier", "Escalier"}
BDTOPO_IN_SERVICE = "En service"

_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(mph|km/h|kmh|kph)?\s*$", re.IGNORECASE)


@dataclass
class SpeedProfileResult:
    """Speed and direction per feature row, and what had to be guessed or dropped."""

    profile: str
    speeds_kmh: np.ndarray
    directions: np.ndarray
    excluded_count: int = 0
    fallback_count: int = 0  # unusable speed values (null, 0, negative, text) replaced by a default
    fallback_examples: list = field(default_factory=list)
    unknown_class_count: int = 0  # road classes missing from the table, given the default speed


def _lookup(field_names, *candidates):
    """The actual field name matching one of the candidates, case-insensitively (or None)."""
    by_lower = {name.lower(): name for name in field_names}
    for candidate in candidates:
        if candidate and candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return None


def detect_profile(field_names) -> str:
    """'bdtopo', 'osm' or 'speed_field', from the fields of a road layer."""
    if _lookup(field_names, "vitesse_moyenne_vl", "sens_de_circulation"):
        return "bdtopo"
    if _lookup(field_names, "fclass", "highway"):
        return "osm"
    return "speed_field"


def required_fields(profile, field_names, speed_field=None, direction_field=None) -> list:
    """Names of the fields a profile reads, among those present (to read no more than needed)."""
    if profile == "auto":
        profile = detect_profile(field_names)
    wanted = {
        "osm": ["fclass", "highway", "oneway", "maxspeed", "junction"],
        "bdtopo": ["vitesse_moyenne_vl", "sens_de_circulation", "acces_vehicule_leger", "nature", "etat_de_l_objet"],
        "speed_field": [speed_field, direction_field],
    }[profile]
    found = [_lookup(field_names, name) for name in wanted if name]
    return list(dict.fromkeys(name for name in found if name))


def parse_speed(value):
    """A positive speed in km/h from a number or text ("50", "50,5", "30 mph"), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        speed = float(value)
    else:
        match = _NUMBER.match(str(value))
        if match is None:
            return None
        speed = float(match.group(1).replace(",", "."))
        if (match.group(2) or "").lower() == "mph":
            speed *= 1.609344
    if not math.isfinite(speed) or speed <= 0:
        return None
    return speed


def _text(value):
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class _Fallbacks:
    def __init__(self):
        self.count = 0
        self.examples = []

    def add(self, value):
        self.count += 1
        if len(self.examples) < 5 and repr(value) not in self.examples:
            self.examples.append(repr(value))


def compute_speeds(
    columns,
    n_rows,
    profile="auto",
    speed_field=None,
    default_speed_kmh=50.0,
    direction_field=None,
    value_forward=None,
    value_backward=None,
    value_both=None,
    default_direction=BOTH,
) -> SpeedProfileResult:
    """Speed (km/h) and direction code of every row.

    columns: field name -> sequence of n_rows values (None for NULL). default_speed_kmh replaces
    unusable speeds of the speed-field profile and speeds of unknown road classes.
    default_direction (engine code: 0 both, 1 forward, 2 backward) applies where the direction field
    is absent or its value matches none of value_forward/value_backward/value_both.
    Direction codes in the result: 0 both, 1 forward, 2 backward, -1 excluded (not drivable).
    """
    if default_speed_kmh is None or not default_speed_kmh > 0:
        raise ValueError("the default speed must be positive")
    names = list(columns)
    if profile == "auto":
        profile = detect_profile(names)
    if profile not in PROFILES[1:]:
        raise ValueError(f"unknown speed profile {profile!r}")
    if profile == "osm":
        return _osm(columns, n_rows, default_speed_kmh)
    if profile == "bdtopo":
        return _bdtopo(columns, n_rows, default_speed_kmh)
    return _speed_field(
        columns,
        n_rows,
        speed_field,
        default_speed_kmh,
        direction_field,
        value_forward,
        value_backward,
        value_both,
        default_direction,
    )


def _column(columns, n_rows, *candidates):
    name = _lookup(list(columns), *candidates)
    return (columns[name] if name else [None] * n_rows), name


def _osm(columns, n_rows, default_speed):
    classes, class_name = _column(columns, n_rows, "fclass", "highway")
    oneways, oneway_name = _column(columns, n_rows, "oneway")
    maxspeeds, maxspeed_name = _column(columns, n_rows, "maxspeed")
    junctions, junction_name = _column(columns, n_rows, "junction")
    speeds = np.empty(n_rows)
    directions = np.empty(n_rows, dtype=np.int8)
    excluded = unknown = 0
    fallbacks = _Fallbacks()
    for i in range(n_rows):
        road_class = (_text(classes[i]) or "").lower()
        if road_class in OSM_NOT_DRIVABLE:
            speeds[i], directions[i] = default_speed, EXCLUDED
            excluded += 1
            continue
        speed = OSM_CLASS_SPEEDS_KMH.get(road_class)
        if speed is None:
            speed = default_speed
            unknown += 1
        limit = _osm_maxspeed(maxspeeds[i], fallbacks)
        if limit is not None:
            speed = min(speed, limit * MAXSPEED_REDUCTION)
        speeds[i] = speed
        directions[i] = _osm_direction(_text(oneways[i]), road_class, _text(junctions[i]))
    return SpeedProfileResult(
        "osm",
        speeds,
        directions,
        excluded,
        fallbacks.count,
        fallbacks.examples,
        unknown,
    )


def _osm_maxspeed(value, fallbacks):
    """Posted limit in km/h, None when unknown. Geofabrik writes 0 for unknown: not an error."""
    if value is None or value == 0 or (isinstance(value, str) and value.strip() in ("", "0")):
        return None
    text = str(value).strip().lower()
    if text in OSM_IMPLICIT_MAXSPEED_KMH:
        return OSM_IMPLICIT_MAXSPEED_KMH[text]
    if text in ("none", "signals", "variable", "walk"):
        return 6 if text == "walk" else None
    speed = parse_speed(value)
    if speed is None:
        fallbacks.add(value)
    return speed


def _osm_direction(oneway, road_class, junction):
    value = (oneway or "").lower()
    if value in ("f", "yes", "true", "1"):
        return FORWARD
    if value in ("t", "-1", "reverse"):
        return BACKWARD
    if value in ("b", "no", "false", "0"):
        return BOTH
    if road_class in OSM_IMPLIED_ONEWAY or (junction or "").lower() in ("roundabout", "circular"):
        return FORWARD
    return BOTH


def _bdtopo(columns, n_rows, default_speed):
    speed_values, speed_name = _column(columns, n_rows, "vitesse_moyenne_vl")
    senses, sense_name = _column(columns, n_rows, "sens_de_circulation")
    accesses, access_name = _column(columns, n_rows, "acces_vehicule_leger")
    natures, nature_name = _column(columns, n_rows, "nature")
    states, state_name = _column(columns, n_rows, "etat_de_l_objet")
    speeds = np.empty(n_rows)
    directions = np.empty(n_rows, dtype=np.int8)
    excluded = 0
    fallbacks = _Fallbacks()
    for i in range(n_rows):
        nature = _text(natures[i])
        state = _text(states[i])
        direction = BDTOPO_DIRECTIONS.get(_text(senses[i]), BOTH)
        closed = (
            _text(accesses[i]) in BDTOPO_CLOSED_ACCESS
            or nature in BDTOPO_NOT_DRIVABLE_NATURE
            or (state is not None and state != BDTOPO_IN_SERVICE)
        )
        if closed or direction == EXCLUDED:
            speeds[i], directions[i] = default_speed, EXCLUDED
            excluded += 1
            continue
        speed = parse_speed(speed_values[i])
        if speed is None:
            fallbacks.add(speed_values[i])
            speed = BDTOPO_NATURE_SPEEDS_KMH.get(nature, default_speed)
        speeds[i], directions[i] = speed, direction
    return SpeedProfileResult(
        "bdtopo",
        speeds,
        directions,
        excluded,
        fallbacks.count,
        fallbacks.examples,
        0,
    )


def _speed_field(
    columns, n_rows, speed_field, default_speed, direction_field, value_forward, value_backward, value_both, default
):
    speed_values, speed_name = _column(columns, n_rows, speed_field)
    direction_values, direction_name = _column(columns, n_rows, direction_field)
    speeds = np.full(n_rows, float(default_speed))
    fallbacks = _Fallbacks()
    if speed_name:
        for i, value in enumerate(speed_values):
            speed = parse_speed(value)
            if speed is None:
                fallbacks.add(value)
            else:
                speeds[i] = speed
    codes = {}
    # Empty strings mean "not set", as in QGIS's dialog; later keys win like QGIS's checks order.
    for value, code in ((value_both, BOTH), (value_backward, BACKWARD), (value_forward, FORWARD)):
        if value not in (None, ""):
            codes[str(value)] = code
    directions = np.full(n_rows, default, dtype=np.int8)
    if direction_name and codes:
        for i, value in enumerate(direction_values):
            if value is not None:
                directions[i] = codes.get(_value_text(value), default)
    return SpeedProfileResult(
        "speed_field",
        speeds,
        directions,
        0,
        fallbacks.count,
        fallbacks.examples,
        0,
    )


def _value_text(value):
    # 1.0 from a real field must match "1", as QGIS compares the field's string form.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
