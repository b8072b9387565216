"""vigie:roadtraveltime end to end: real data, output fields, style and metadata, CRS independence, bad input."""

import numpy as np
import pytest


def _ground(metres):
    """Planar Lambert-93 metres near the test roads as ground metres (Vigie corrects the projection scale)."""
    from vigie.plugin.core.routing.geodesy import ground_scale

    return metres * ground_scale([[901000.0, 6400000.0]], "EPSG:2154")[0]


def _plain(value):
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


@pytest.fixture
def recording_feedback():
    import feedbacks

    return feedbacks.recording_feedback


def _memory_layer(definition, features, name="layer"):
    """Memory layer from a URI and (wkt, attributes) pairs; wkt None gives a feature without geometry."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(definition, name, "memory")
    assert layer.isValid()
    out = []
    for wkt, attributes in features:
        feature = QgsFeature(layer.fields())
        if wkt is not None:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(attributes)
        out.append(feature)
    layer.dataProvider().addFeatures(out)
    return layer


def _roads_two_parts():
    # Two separate roads in Lambert-93 with a text speed field holding good and bad values.
    return _memory_layer(
        "LineString?crs=EPSG:2154&field=v:string&field=d:string",
        [
            ("LINESTRING(900000 6400000, 901000 6400000)", ["36", "B"]),
            ("LINESTRING(901000 6400000, 902000 6400000)", [None, "F"]),
            ("LINESTRING(902000 6400000, 903000 6400000)", ["0", "B"]),
            ("LINESTRING(910000 6400000, 911000 6400000)", ["vite", "B"]),
            (None, ["50", "B"]),
        ],
        "roads",
    )


def _points(features, crs="EPSG:2154", name="points"):
    return _memory_layer(f"Point?crs={crs}&field=name:string", features, name)


def test_real_population_grid_to_hospitals(run_alg, shared, recording_feedback):
    from qgis.core import QgsVectorLayer

    folder = shared("data", "hautes-alpes")
    feedback = recording_feedback()
    result = run_alg(
        "vigie:roadtraveltime",
        {
            "NETWORK": str(folder / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
            "ORIGINS": str(folder / "population-filosofi2019-200m-gap-champsaur.gpkg"),
            "DESTINATIONS": str(folder / "health-facilities-finess-2020.geojson"),
            "DESTINATION_ID_FIELD": "id",
            "MAX_TIME": 0,
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
        feedback,
    )
    layer = result["OUTPUT"]
    cells = QgsVectorLayer(str(folder / "population-filosofi2019-200m-gap-champsaur.gpkg"), "cells", "ogr")
    assert layer.featureCount() == cells.featureCount() == 2368
    names = layer.fields().names()
    assert names[: len(cells.fields())] == cells.fields().names()
    assert names[len(cells.fields()) :] == ["time_min", "net_time_min", "dist_m", "snap_m", "dest_id"]
    assert layer.crs() == cells.crs()
    hospitals = QgsVectorLayer(str(folder / "health-facilities-finess-2020.geojson"), "h", "ogr")
    hospital_ids = {f["id"] for f in hospitals.getFeatures()}
    rows = [{k: _plain(f[k]) for k in ("time_min", "dist_m", "snap_m", "dest_id", "ind")} for f in layer.getFeatures()]
    reached = [r for r in rows if r["time_min"] is not None]
    assert len(rows) - len(reached) == 32
    assert {r["dest_id"] for r in reached} <= hospital_ids
    assert all(r["dest_id"] is None and r["dist_m"] is None for r in rows if r["time_min"] is None)
    assert all(r["snap_m"] is not None for r in rows)
    # A road trip is never faster than 130 km/h as the crow flies would allow, and never shorter.
    assert all(0 <= r["time_min"] < 120 and r["dist_m"] >= 0 for r in reached)
    population_within_20 = sum(r["ind"] for r in reached if r["time_min"] <= 20)
    total = sum(r["ind"] for r in rows)
    assert 0.5 * total < population_within_20 < total
    assert "separate parts" in feedback.text() and "32 origins cannot reach" in feedback.text()
    # Styled by time bands, with metadata naming the method and the sources.
    assert layer.renderer().type() == "RuleRenderer"
    labels = [rule.label() for rule in layer.renderer().rootRule().children()]
    assert len(labels) == 8 and labels[0] == "0–5 min"
    abstract = layer.metadata().abstract()
    assert "vigie:roadtraveltime" in abstract and "OpenStreetMap" in abstract
    assert "© OpenStreetMap contributors (ODbL)" in layer.metadata().rights()


def test_result_does_not_depend_on_the_input_crs(run_alg):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsGeometry,
        QgsProject,
    )

    roads = _roads_two_parts()
    origins = _points([("POINT(900100 6400050)", ["a"]), ("POINT(902500 6399900)", ["b"])], name="o")
    destinations = _points([("POINT(901500 6400000)", ["h"])], name="d")
    # The same origins and destinations in WGS84.
    to_wgs84 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:2154"), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()
    )

    def in_wgs84(layer):
        features = []
        for feature in layer.getFeatures():
            geometry = QgsGeometry(feature.geometry())
            geometry.transform(to_wgs84)
            features.append((geometry.asWkt(17), feature.attributes()))
        return _points(features, "EPSG:4326", layer.name())

    parameters = {"NETWORK": roads, "PROFILE": 3, "SPEED_FIELD": "v", "DEFAULT_SPEED": 72, "OUTPUT": "memory:"}
    lambert = run_alg("vigie:roadtraveltime", {**parameters, "ORIGINS": origins, "DESTINATIONS": destinations})
    wgs84 = run_alg(
        "vigie:roadtraveltime", {**parameters, "ORIGINS": in_wgs84(origins), "DESTINATIONS": in_wgs84(destinations)}
    )
    first = [(f["time_min"], f["dist_m"], f["snap_m"]) for f in lambert["OUTPUT"].getFeatures()]
    second = [(f["time_min"], f["dist_m"], f["snap_m"]) for f in wgs84["OUTPUT"].getFeatures()]
    # 36 km/h for 1000 m, then the default 72 km/h for the null and zero speeds.
    assert first[0][0] == pytest.approx(_ground(900 / 10 + 500 / 20) / 60)
    assert first[0][1] == pytest.approx(_ground(1400))
    for a, b in zip(first, second):
        assert a == pytest.approx(b, abs=1e-5)


def test_bad_speeds_components_and_skipped_geometries_are_reported(run_alg, recording_feedback):
    feedback = recording_feedback()
    roads = _roads_two_parts()
    origins = _points(
        [("POINT(900100 6400050)", ["a"]), ("POINT(910500 6400010)", ["island"]), (None, ["nowhere"])], name="o"
    )
    destinations = _points([("POINT(902900 6400000)", ["h"]), ("POINT EMPTY", ["empty"])], name="d")
    result = run_alg(
        "vigie:roadtraveltime",
        {
            "NETWORK": roads,
            "PROFILE": 3,
            "SPEED_FIELD": "v",
            "DEFAULT_SPEED": 72,
            "DIRECTION_FIELD": "d",
            "VALUE_FORWARD": "F",
            "VALUE_BOTH": "B",
            "ORIGINS": origins,
            "DESTINATIONS": destinations,
            "OUTPUT": "memory:",
        },
        feedback,
    )
    text = feedback.text()
    assert "1 road features skipped" in text
    assert "3 roads have no usable speed" in text and "'vite'" in text
    assert "1 destinations skipped" in text
    assert "1 origins skipped" in text
    assert "1 origins cannot reach any destination: the road network has 2 separate parts" in text
    rows = {f["name"]: (_plain(f["time_min"]), _plain(f["dest_id"])) for f in result["OUTPUT"].getFeatures()}
    assert set(rows) == {"a", "island"}
    assert rows["island"] == (None, None)
    assert rows["a"][0] == pytest.approx(_ground(900 / 10 + 1000 / 20 + 900 / 20) / 60)
    assert rows["a"][1] == 1  # feature id of the destination when no id field is given

    # The one-way middle road cannot be driven back: from the far end, nothing is reachable.
    back = run_alg(
        "vigie:roadtraveltime",
        {
            "NETWORK": roads,
            "PROFILE": 3,
            "SPEED_FIELD": "v",
            "DIRECTION_FIELD": "d",
            "VALUE_FORWARD": "F",
            "VALUE_BOTH": "B",
            "ORIGINS": _points([("POINT(902900 6400000)", ["far"])], name="o2"),
            "DESTINATIONS": _points([("POINT(900100 6400000)", ["h"])], name="d2"),
            "MAX_TIME": 0,
            "OUTPUT": "memory:",
        },
    )
    assert [_plain(f["time_min"]) for f in back["OUTPUT"].getFeatures()] == [None]


def test_max_time_access_speed_and_cache(run_alg, recording_feedback):
    roads = _roads_two_parts()
    origins = _points([("POINT(900000 6400100)", ["near"]), ("POINT(902900 6400000)", ["far"])], name="o")
    destinations = _points([("POINT(900000 6400000)", ["h"])], name="d")
    parameters = {
        "NETWORK": roads,
        "PROFILE": 3,
        "SPEED_FIELD": "v",
        "DEFAULT_SPEED": 72,
        "ORIGINS": origins,
        "DESTINATIONS": destinations,
        "MAX_TIME": 2,
        "ACCESS_SPEED": 3.6,
        "OUTPUT": "memory:",
    }
    run_alg("vigie:roadtraveltime", parameters)
    feedback = recording_feedback()
    result = run_alg("vigie:roadtraveltime", parameters, feedback)
    assert "reused from the cache" in feedback.text()
    rows = {f["name"]: f for f in result["OUTPUT"].getFeatures()}
    # 100 m off-road at 1 m/s, then 0 m of road.
    assert rows["near"]["time_min"] == pytest.approx(_ground(100) / 60)
    assert rows["near"]["net_time_min"] == pytest.approx(0)
    assert rows["near"]["snap_m"] == pytest.approx(_ground(100))
    assert _plain(rows["far"]["time_min"]) is None  # 100 s + 40 s + ... beyond 2 minutes
    assert "reach no destination within 2" in feedback.text()


@pytest.mark.parametrize("case", ["empty network", "no destination", "no crs", "only paths"])
def test_bad_input_gives_a_clear_error(run_alg, case):
    from qgis.core import QgsProcessingException

    roads = _roads_two_parts()
    origins = _points([("POINT(900100 6400050)", ["a"])], name="o")
    destinations = _points([("POINT(902900 6400000)", ["h"])], name="d")
    parameters = {"NETWORK": roads, "PROFILE": 3, "SPEED_FIELD": "v", "OUTPUT": "memory:"}
    expected = {
        "empty network": "road network layer is empty",
        "no destination": "DESTINATIONS has no feature",
        "no crs": "has no coordinate reference system",
        "only paths": "No road of the network is open to cars",
    }[case]
    if case == "empty network":
        parameters["NETWORK"] = _memory_layer("LineString?crs=EPSG:2154&field=v:string", [], "empty")
    elif case == "no destination":
        destinations = _points([], name="none")
    elif case == "no crs":
        from qgis.core import QgsCoordinateReferenceSystem

        origins = _memory_layer("Point?crs=&field=name:string", [("POINT(900100 6400050)", ["a"])], "nocrs")
        origins.setCrs(QgsCoordinateReferenceSystem())
        assert not origins.crs().isValid()
    else:
        parameters = {
            "NETWORK": _memory_layer(
                "LineString?crs=EPSG:2154&field=fclass:string",
                [("LINESTRING(900000 6400000, 901000 6400000)", ["footway"])],
                "paths",
            ),
            "PROFILE": 0,
            "OUTPUT": "memory:",
        }
    with pytest.raises(QgsProcessingException, match=expected):
        run_alg("vigie:roadtraveltime", {**parameters, "ORIGINS": origins, "DESTINATIONS": destinations})


def test_bdtopo_commune_is_detected_and_closed_roads_are_left_out(run_alg, shared, recording_feedback):
    from qgis.core import QgsVectorLayer

    path = shared("data", "hautes-alpes", "roads-bdtopo-2021-06", "05089.geojson")
    roads = QgsVectorLayer(str(path), "troncon_de_route", "ogr")
    assert roads.isValid() and roads.featureCount() == 132
    # Origins and a destination on road vertices of the commune, in WGS84 like the BD TOPO file.
    vertices = [f.geometry().vertexAt(0) for f in roads.getFeatures() if f["acces_vehicule_leger"] == "Libre"]
    origins = _points([(f"POINT({v.x()} {v.y()})", [str(i)]) for i, v in enumerate(vertices[:40])], "EPSG:4326")
    destination = _points([(f"POINT({vertices[-1].x()} {vertices[-1].y()})", ["mairie"])], "EPSG:4326")
    feedback = recording_feedback()
    result = run_alg(
        "vigie:roadtraveltime",
        {"NETWORK": roads, "ORIGINS": origins, "DESTINATIONS": destination, "OUTPUT": "memory:"},
        feedback,
    )
    text = feedback.text()
    assert "Speed profile detected from the fields: bdtopo" in text
    assert "5 roads not open to cars" in text  # the 5 'Sans objet' paths of this commune
    times = [_plain(f["time_min"]) for f in result["OUTPUT"].getFeatures()]
    reached = sum(t is not None for t in times)
    # A single commune's extract is cut at its borders: 6 separate parts, reported with the count.
    assert len(times) == 40 and reached >= 20
    assert f"{40 - reached} origins cannot reach any destination: the road network has 6 separate parts" in text
    assert all(t is None or 0 <= t < 30 for t in times)


def test_fast_line_reader_matches_the_bridge_reader(qgis_app, shared):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext, QgsProject, QgsVectorLayer
    from reference_lines import read_lines_reference

    from vigie.plugin.qgis_bridge import read_lines

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    lambert = QgsCoordinateReferenceSystem("EPSG:2154")
    folder = shared("data", "hautes-alpes")
    multi = _memory_layer(
        "MultiLineStringZM?crs=EPSG:2154&field=v:string",
        [
            ("MULTILINESTRING ZM((0 0 1 2, 10 0 1 2),(20 0 1 2, 30 5 1 2, 40 5 1 2))", ["a"]),
            ("MULTILINESTRING ZM((0 0 1 2))", ["one vertex"]),
            (None, ["none"]),
        ],
    )
    layers = [
        QgsVectorLayer(str(folder / "roads-bdtopo-2021-06" / "05089.geojson"), "bdtopo 3D", "ogr"),
        QgsVectorLayer(str(folder / "roads-osm-2021-07-champsaur-valgaudemar-all.gpkg"), "osm", "ogr"),
        multi,
    ]
    for layer in layers:
        fields = [layer.fields().names()[0]]
        expected = read_lines_reference(layer, lambert, context, attributes=fields)
        parts, part_rows, rows, skipped = read_lines(layer, lambert, context, attributes=fields)
        assert len(parts) == len(expected[0]) > 0
        for mine, theirs in zip(parts, expected[0]):
            np.testing.assert_array_equal(mine, theirs)
        assert part_rows.tolist() == expected[1].tolist()
        assert rows == expected[2] and skipped == expected[3]
    assert skipped == 2 and [len(p) for p in parts] == [2, 3]
