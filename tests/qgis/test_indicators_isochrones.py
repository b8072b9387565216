"""vigie:isochrones: a straight road measured by hand, bad bands, the Gap–Champsaur hospitals."""

import pytest
from feedbacks import recording_feedback
from indicators_layers import X0, points_on_road, speed_field_network, straight_road


def _run(run_alg, destinations, network=None, **extra):
    parameters = dict(network or speed_field_network(straight_road()))
    parameters.update({"DESTINATIONS": destinations, "BANDS": "5,10", "MODE": 0, "BUFFER": 200, "OUTPUT": "memory:"})
    parameters.update(extra)
    return run_alg("vigie:isochrones", parameters)["OUTPUT"]


def _bands(layer):
    return {(f["band_max"], f["dest_id"] if isinstance(f["dest_id"], str) else None): f for f in layer.getFeatures()}


def test_straight_road_bands(run_alg):
    """A service at km 0 of a 20 km road at 60 km/h (1 km per minute), corridor 200 m, cells of 50 m.

    Band 0–5 min: the road from km 0 to 5, plus 200 m around: x from -200 m to 5.2 km, 400 m wide
    -> about 5.4 km × 0.4 km = 2.16 km², and whole cells widen it by up to half a cell on each side
    (5.45 km × 0.45 km = 2.45 km²). Band 5–10 min: km 5 to 10 -> x up to 10.2 km, 2.0 to 2.25 km².
    Nothing beyond 10.2 km; the two bands share no area.
    """
    layer = _run(run_alg, points_on_road([0]))
    bands = _bands(layer)
    first, second = bands[(5, None)], bands[(10, None)]
    for feature in (first, second):
        assert feature.geometry().isGeosValid()
    box1, box2 = first.geometry().boundingBox(), second.geometry().boundingBox()
    assert box1.xMinimum() == pytest.approx(X0 - 200, abs=60) and box1.xMaximum() == pytest.approx(X0 + 5200, abs=60)
    assert box2.xMinimum() == pytest.approx(X0 + 5000, abs=250) and box2.xMaximum() == pytest.approx(X0 + 10200, abs=60)
    assert 5.4 * 0.4 <= first["area_km2"] <= 5.45 * 0.45
    assert 5.0 * 0.4 * 0.98 <= second["area_km2"] <= 5.0 * 0.45
    assert first.geometry().intersection(second.geometry()).area() < 1.0
    assert layer.metadata().abstract().startswith("Drive-time bands")


def test_per_service_bands_and_bad_bands(run_alg):
    from qgis.core import QgsProcessingException

    layer = _run(
        run_alg, points_on_road([0, 20], "&field=name:string", [["A"], ["B"]]), MODE=1, DESTINATION_ID_FIELD="name"
    )
    bands = _bands(layer)
    assert set(bands) == {(5, "A"), (10, "A"), (5, "B"), (10, "B")}
    assert bands[(5, "A")]["area_km2"] == pytest.approx(bands[(5, "B")]["area_km2"], rel=0.02)
    with pytest.raises(QgsProcessingException, match="strictly increasing"):
        _run(run_alg, points_on_road([0]), BANDS="10,5")


def test_gap_hospitals_nearest_bands(run_alg, shared):
    """Bands to the nearest hospital on the Gap–Champsaur roads: valid, disjoint, growing outward."""
    data = ("data", "hautes-alpes")
    network = {"NETWORK": str(shared(*data, "roads-osm-2021-07-gap-champsaur-drivable.gpkg"))}
    layer = _run(run_alg, str(shared(*data, "health-facilities-finess-2020.geojson")), network, BANDS="5,10,15,20,30")
    features = sorted(layer.getFeatures(), key=lambda f: f["band_max"])
    assert [f["band_max"] for f in features] == [5, 10, 15, 20, 30]
    for feature in features:
        assert feature.geometry().isGeosValid() and feature["area_km2"] > 1
    for a in range(len(features)):
        for b in range(a + 1, len(features)):
            assert features[a].geometry().intersection(features[b].geometry()).area() < 1.0
    # The 5-minute band holds the Gap hospital (CHICAS, 6.074 E 44.557 N, about 943,100 / 6,386,000 in Lambert-93).
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    to_layer = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), layer.crs(), QgsProject.instance().transformContext()
    )
    hospital = to_layer.transform(QgsPointXY(6.0744459, 44.5572292))
    from qgis.core import QgsGeometry

    assert features[0].geometry().contains(QgsGeometry.fromPointXY(hospital))
    assert sum(f["area_km2"] for f in features) < 655  # the network covers a 25.6 km square


def test_destination_far_from_roads_is_reported(run_alg):
    """A service 3 km off the road is tied to the road: the bands start there, and the log says so."""
    from indicators_layers import X0, Y0, memory_layer

    feedback = recording_feedback()
    far = memory_layer("Point?crs=EPSG:2154", [(f"POINT({X0 + 5000} {Y0 + 3000})", [])])
    parameters = dict(speed_field_network(straight_road()), DESTINATIONS=far, BANDS="5", OUTPUT="memory:")
    layer = run_alg("vigie:isochrones", parameters, feedback=feedback)["OUTPUT"]
    assert layer.featureCount() == 1
    assert any("more than 1000 m from the nearest road" in message for message in feedback.warnings)
