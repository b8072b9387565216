"""vigie:transittraveltime and vigie:gtfsstops end to end on the Hautes-Alpes TER feed."""

from datetime import date

import numpy as np
import pytest

# Near Gap station, near Briançon station, in Embrun, and a mountain hamlet far from any stop.
ORIGINS_WGS84 = {
    "gap_gare": (6.0815, 44.5630),
    "gap_centre": (6.0790, 44.5590),
    "briancon_gare": (6.6430, 44.8990),
    "embrun": (6.4950, 44.5640),
    "hamlet": (6.3000, 44.7500),
}


@pytest.fixture
def shared_path(shared):
    """Path under ../shared (the test skips when absent)."""
    return shared


@pytest.fixture
def origins_layer(qgis_app):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "origins", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.String), QgsField("pop", QVariant.Int)])
    layer.updateFields()
    features = []
    for index, (name, (lon, lat)) in enumerate(ORIGINS_WGS84.items()):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        feature.setAttributes([name, 100 + index])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def transit_parameters(shared_path, origins_layer, output, **overrides):
    parameters = {
        "GTFS": str(shared_path("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip")),
        "ORIGINS": origins_layer,
        "DESTINATIONS": str(shared_path("data", "hautes-alpes", "health-facilities-finess-2020.geojson")),
        "DESTINATION_ID_FIELD": "hospital_name",
        "DATE": "2017-11-14",
        "DEPARTURE_START": "07:00:00",
        "DEPARTURE_END": "09:00:00",
        "OUTPUT": output,
    }
    parameters.update(overrides)
    return parameters


def test_transit_travel_time_end_to_end_matches_engine(run_alg, origins_layer, tmp_path, shared_path):
    from qgis.core import QgsVectorLayer

    output = str(tmp_path / "transit.gpkg")
    result = run_alg("vigie:transittraveltime", transit_parameters(shared_path, origins_layer, output))
    layer = QgsVectorLayer(result["OUTPUT"], "transit", "ogr")
    assert layer.isValid() and layer.featureCount() == len(ORIGINS_WGS84)
    names = [f.name() for f in layer.fields()]
    for field in ("name", "pop", "time_min", "best_min", "reach_share", "dest_id"):
        assert field in names
    rows = {f["name"]: f for f in layer.getFeatures()}
    # Gap centre: the Gap hospital is a 7 min walk (411 m × 1.3 at 4.5 km/h), at every departure
    centre = rows["gap_centre"]
    assert centre["reach_share"] == pytest.approx(1.0)
    assert centre["time_min"] == pytest.approx(411.7 * 1.3 / 1.25 / 60, abs=0.05)
    assert centre["best_min"] == pytest.approx(centre["time_min"])
    assert "GAP" in centre["dest_id"]
    # Gap station: too far to walk (851 m × 1.3); the train to Laragne (hospital of Chabre) reaches
    # within 2 hours for 59 of 121 departures: fewer than half, so time_min is NULL
    station = rows["gap_gare"]
    assert station["reach_share"] == pytest.approx(59 / 121)
    assert station["time_min"] is None or str(station["time_min"]) == "NULL"
    assert 60 < station["best_min"] < 70 and station["dest_id"] == "CHABRE COURT SEJOUR SSR"
    hamlet = rows["hamlet"]
    assert hamlet["reach_share"] == 0 and str(hamlet["best_min"]) in ("NULL", "None")

    # same numbers as the engine called directly
    from pyproj import Transformer

    from vigie.plugin.core.transit.gtfs_reader import read_feed
    from vigie.plugin.core.transit.router import TransitSettings, departure_times, summarise, travel_times

    to_l93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    import json

    hospitals = json.loads(
        shared_path("data", "hautes-alpes", "health-facilities-finess-2020.geojson").read_text(encoding="utf-8")
    )["features"]
    dest_xy = np.array([to_l93.transform(*f["geometry"]["coordinates"][:2]) for f in hospitals])
    origin_xy = np.array([to_l93.transform(*p) for p in ORIGINS_WGS84.values()])
    feed = read_feed(shared_path("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip"))
    engine = summarise(
        travel_times(feed, date(2017, 11, 14), origin_xy, dest_xy, departure_times(7 * 3600, 9 * 3600, 1)),
        TransitSettings().max_time_min,
    )
    for index, name in enumerate(ORIGINS_WGS84):
        value = rows[name]["reach_share"]
        assert value == pytest.approx(engine.reach_share[index], abs=1e-9), name
        best = rows[name]["best_min"]
        if np.isnan(engine.best_min[index]):
            assert best is None or str(best) == "NULL"
        else:
            assert best == pytest.approx(engine.best_min[index], abs=1e-6)

    # styled by time bands and documented, in the GeoPackage itself
    assert layer.renderer().type() == "RuleRenderer"
    in_memory = run_alg("vigie:transittraveltime", transit_parameters(shared_path, origins_layer, "memory:"))["OUTPUT"]
    abstract = in_memory.metadata().abstract()
    assert "vigie:transittraveltime" in abstract and "date = 2017-11-14" in abstract and "max_transfers = 4" in abstract
    assert "SNCF (ODbL)" in in_memory.metadata().rights()
    assert in_memory.renderer().type() == "RuleRenderer"


def test_transit_travel_time_refuses_a_date_outside_the_feed(run_alg, origins_layer, shared_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="valid from 2017-11-06 to 2018-02-04"):
        run_alg("vigie:transittraveltime", transit_parameters(shared_path, origins_layer, "memory:", DATE="2019-03-05"))


def test_transit_travel_time_defaults_are_the_contract(vigie_provider):
    algorithm = vigie_provider.algorithm("transittraveltime")
    defaults = {p.name(): p.defaultValue() for p in algorithm.parameterDefinitions()}
    assert [p.name() for p in algorithm.parameterDefinitions()] == [
        "GTFS",
        "DATE",
        "DEPARTURE_START",
        "DEPARTURE_END",
        "ORIGINS",
        "DESTINATIONS",
        "DESTINATION_ID_FIELD",
        "STEP_MIN",
        "WALK_SPEED",
        "WALK_DETOUR",
        "MAX_WALK_M",
        "TRANSFER_MAX_M",
        "MAX_TRANSFERS",
        "MAX_TIME",
        "OUTPUT",
    ]
    expected = {
        "STEP_MIN": 1,
        "WALK_SPEED": 4.5,
        "WALK_DETOUR": 1.3,
        "MAX_WALK_M": 1000,
        "TRANSFER_MAX_M": 500,
        "MAX_TRANSFERS": 4,
        "MAX_TIME": 120,
    }
    assert {k: defaults[k] for k in expected} == expected
    assert algorithm.shortHelpString()


def test_gtfs_stops_counts_departures(run_alg, shared_path):
    result = run_alg(
        "vigie:gtfsstops",
        {
            "GTFS": str(shared_path("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip")),
            "DATE": "2017-11-14",
            "DEPARTURE_START": "06:00:00",
            "DEPARTURE_END": "10:00:00",
            "OUTPUT": "memory:",
        },
    )
    layer = result["OUTPUT"]
    rows = {f["stop_id"]: f for f in layer.getFeatures()}
    gap = rows["StopPoint:OCETrain TER-87763003"]
    assert gap["stop_name"] == "Gare de Gap" and gap["departures"] == 4 and gap["per_hour"] == 1.0
    assert sum(f["departures"] for f in layer.getFeatures()) == 85
    assert layer.crs().authid() == "EPSG:4326"
    point = gap.geometry().asPoint()
    assert point.x() == pytest.approx(6.0857, abs=1e-3) and point.y() == pytest.approx(44.5637, abs=1e-3)
