"""Speed profiles: OSM (Geofabrik and native tags), BD TOPO, speed field; detection and bad values."""

import gzip
import json

import numpy as np
import pytest

from vigie.plugin.core.routing import BACKWARD, BOTH, EXCLUDED, FORWARD
from vigie.plugin.core.routing.profiles import (
    OSM_CLASS_SPEEDS_KMH,
    compute_speeds,
    detect_profile,
    parse_speed,
    required_fields,
)


def columns_of(features, names):
    return {name: [f["properties"].get(name) for f in features] for name in names}


def test_detection_from_field_names():
    assert detect_profile(["osm_id", "fclass", "oneway", "maxspeed"]) == "osm"
    assert detect_profile(["HIGHWAY", "ONEWAY"]) == "osm"
    assert detect_profile(["cleabs", "nature", "vitesse_moyenne_vl", "sens_de_circulation"]) == "bdtopo"
    assert detect_profile(["id", "speed"]) == "speed_field"
    assert required_fields("auto", ["osm_id", "FCLASS", "oneway", "name"]) == ["FCLASS", "oneway"]
    assert required_fields("speed_field", ["v", "dir", "x"], "v", "dir") == ["v", "dir"]


def test_parse_speed():
    assert parse_speed(50) == 50.0
    assert parse_speed("50,5") == 50.5
    assert parse_speed("30 mph") == pytest.approx(48.28, abs=0.01)
    for bad in (None, 0, -3, "fast", "", float("nan"), True):
        assert parse_speed(bad) is None


def test_geofabrik_fields():
    columns = {
        "fclass": ["primary", "residential", "footway", "track_grade3", "unknown", "motorway", "secondary"],
        "oneway": ["B", "F", "B", "B", "T", "F", "B"],
        "maxspeed": [0, 30, 0, 0, 0, 0, 110],
    }
    result = compute_speeds(columns, 7, default_speed_kmh=42)
    assert result.profile == "osm"
    assert result.directions.tolist() == [BOTH, FORWARD, EXCLUDED, EXCLUDED, BACKWARD, FORWARD, BOTH]
    # maxspeed only lowers a class speed, to 80 % of the limit; 0 means unknown, not an error.
    assert result.speeds_kmh[[0, 1, 4, 5, 6]].tolist() == pytest.approx([65, 24, 42, 90, 55])
    assert result.excluded_count == 2 and result.unknown_class_count == 1 and result.fallback_count == 0


def test_native_osm_tags():
    columns = {
        "highway": ["motorway", "primary", "tertiary", "service", "residential", "cycleway", "unclassified"],
        "oneway": [None, "yes", "-1", "no", None, None, None],
        "maxspeed": ["FR:rural", "50", "signals", "20 mph", "FR:urban", None, "fifty"],
        "junction": [None, None, None, None, "roundabout", None, None],
    }
    result = compute_speeds(columns, 7)
    # Motorways and roundabouts are one-way unless tagged otherwise.
    assert result.directions.tolist() == [FORWARD, FORWARD, BACKWARD, BOTH, FORWARD, EXCLUDED, BOTH]
    assert result.speeds_kmh[[0, 1, 2, 3, 4, 6]].tolist() == pytest.approx(
        [64, 40, 40, min(15, 20 * 1.609344 * 0.8), 25, 25]
    )
    assert result.fallback_count == 1 and result.fallback_examples == ["'fifty'"]


def test_geofabrik_drivable_file_is_all_drivable_with_known_classes(shared):
    path = shared("data", "hautes-alpes", "roads-osm-2021-07-drivable.geojson.gz")
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        features = json.load(stream)["features"]
    columns = columns_of(features, ["fclass", "oneway", "maxspeed"])
    result = compute_speeds(columns, len(features))
    assert len(features) == 31055
    assert result.excluded_count == 0
    assert result.fallback_count == 0
    assert (result.speeds_kmh > 0).all() and (result.speeds_kmh <= max(OSM_CLASS_SPEEDS_KMH.values())).all()
    one_way = sum(1 for f in features if f["properties"]["oneway"] == "F")
    assert int((result.directions == FORWARD).sum()) == one_way


def test_bdtopo_real_communes(shared):
    folder = shared("data", "hautes-alpes", "roads-bdtopo-2021-06")
    features = []
    for path in sorted(folder.glob("*.geojson")):
        features += json.loads(path.read_text(encoding="utf-8"))["features"]
    names = ["vitesse_moyenne_vl", "sens_de_circulation", "acces_vehicule_leger", "nature", "etat_de_l_objet"]
    columns = columns_of(features, names)
    result = compute_speeds(columns, len(features))
    assert result.profile == "bdtopo"
    props = [f["properties"] for f in features]
    closed = [
        p["acces_vehicule_leger"] in ("Physiquement impossible", "Restreint aux ayants droit")
        or p["sens_de_circulation"] == "Sans objet"
        for p in props
    ]
    assert (result.directions == EXCLUDED).tolist() == closed
    assert result.excluded_count == sum(closed) > 100
    sens = {"Double sens": BOTH, "Sens direct": FORWARD, "Sens inverse": BACKWARD}
    for p, direction, speed, is_closed in zip(props, result.directions, result.speeds_kmh, closed):
        if not is_closed:
            assert direction == sens[p["sens_de_circulation"]]
            if p["vitesse_moyenne_vl"]:
                assert speed == p["vitesse_moyenne_vl"]
    assert (result.directions == BACKWARD).sum() == 9 and (result.directions == FORWARD).sum() == 9


def test_bdtopo_bad_speeds_use_the_nature_table():
    columns = {
        "vitesse_moyenne_vl": [None, 0, "vite", 70],
        "sens_de_circulation": ["Double sens"] * 4,
        "nature": ["Route à 1 chaussée", "Chemin", "Piste inconnue", "Route à 1 chaussée"],
    }
    result = compute_speeds(columns, 4, default_speed_kmh=33)
    assert result.speeds_kmh.tolist() == [45, 10, 33, 70]
    assert result.fallback_count == 3


def test_speed_field_with_nulls_zeros_and_text_and_qgis_directions():
    columns = {"v": [90, None, 0, "abc", "70", -5], "dir": ["F", "T", "B", None, "X", "F"]}
    result = compute_speeds(
        columns,
        6,
        profile="speed_field",
        speed_field="v",
        default_speed_kmh=40,
        direction_field="dir",
        value_forward="F",
        value_backward="T",
        value_both="B",
        default_direction=BOTH,
    )
    assert result.speeds_kmh.tolist() == [90, 40, 40, 40, 70, 40]
    assert result.fallback_count == 4
    assert result.directions.tolist() == [FORWARD, BACKWARD, BOTH, BOTH, BOTH, FORWARD]
    one_way_default = compute_speeds(columns, 6, profile="speed_field", speed_field="v", default_direction=FORWARD)
    assert (one_way_default.directions == FORWARD).all()


def test_numeric_direction_values_match_like_qgis():
    columns = {"s": [50.0, 50.0], "d": [1.0, 2]}
    result = compute_speeds(
        columns, 2, profile="speed_field", speed_field="s", direction_field="d", value_forward="1", value_backward="2"
    )
    assert result.directions.tolist() == [FORWARD, BACKWARD]


def test_bad_default_speed_and_profile_are_refused():
    with pytest.raises(ValueError):
        compute_speeds({}, 0, profile="speed_field", default_speed_kmh=0)
    with pytest.raises(ValueError):
        compute_speeds({}, 0, profile="tram")
    assert np.asarray(compute_speeds({}, 0, profile="speed_field").speeds_kmh).size == 0
