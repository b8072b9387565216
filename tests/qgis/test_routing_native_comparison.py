"""vigie:roadtraveltime against QGIS's own native:shortestpathlayertopoint on the real Gap–Champsaur network.

For every origin, Vigie's net_time_min must equal the minimum over the destinations of the native
fastest path cost (same speeds and directions, given to the native algorithm as fields of a
Lambert-93 copy of the network), and the origins without any route must be the same.
"""

import math

import pytest

# One populated cell in 24 (about 100 origins, 4 of them on roads cut from the rest): the native
# algorithm needs about 5 s per destination for them, so the test stays under 40 s.
ORIGIN_STEP, ORIGIN_OFFSET = 24, 3


def _layers(shared_path):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsField,
        QgsGeometry,
        QgsProject,
        QgsRectangle,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QVariant

    from vigie.plugin.core.routing.profiles import compute_speeds

    folder = shared_path("data", "hautes-alpes")
    lambert = QgsCoordinateReferenceSystem("EPSG:2154")
    roads = QgsVectorLayer(str(folder / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"), "roads", "ogr")
    cells = QgsVectorLayer(str(folder / "population-filosofi2019-200m-gap-champsaur.gpkg"), "cells", "ogr")
    hospitals = QgsVectorLayer(str(folder / "health-facilities-finess-2020.geojson"), "hospitals", "ogr")
    assert roads.isValid() and cells.isValid() and hospitals.isValid()
    transforms = QgsProject.instance().transformContext()

    # The network copy in EPSG:2154 with the speeds and directions of Vigie's OSM profile as fields.
    features = list(roads.getFeatures())
    columns = {name: [f[name] for f in features] for name in ("fclass", "oneway", "maxspeed")}
    speeds = compute_speeds(columns, len(features), profile="osm")
    network = QgsVectorLayer("LineString?crs=EPSG:2154", "network_2154", "memory")
    network.dataProvider().addAttributes([QgsField("speed", QVariant.Double), QgsField("dir", QVariant.String)])
    network.updateFields()
    to_lambert = QgsCoordinateTransform(roads.crs(), lambert, transforms)
    codes = {0: "B", 1: "F", 2: "T"}
    copies = []
    for feature, speed, direction in zip(features, speeds.speeds_kmh, speeds.directions):
        if direction < 0:
            continue
        geometry = QgsGeometry(feature.geometry())
        geometry.transform(to_lambert)
        copy = QgsFeature(network.fields())
        copy.setGeometry(geometry)
        copy.setAttributes([float(speed), codes[int(direction)]])
        copies.append(copy)
    network.dataProvider().addFeatures(copies)

    # Origins: centroids of a subset of the 200 m cells, as Lambert-93 points.
    origins = QgsVectorLayer("Point?crs=EPSG:2154&field=cell:string", "origins", "memory")
    cell_to_lambert = QgsCoordinateTransform(cells.crs(), lambert, transforms)
    points = []
    for index, cell in enumerate(cells.getFeatures()):
        if index % ORIGIN_STEP != ORIGIN_OFFSET:
            continue
        centroid = cell.geometry().centroid()
        centroid.transform(cell_to_lambert)
        point = QgsFeature(origins.fields())
        point.setGeometry(centroid)
        point.setAttributes([cell["idcar_200m"]])
        points.append(point)
    origins.dataProvider().addFeatures(points)

    # Destinations: the hospitals on the network's square (Gap and Champsaur), as Lambert-93 points.
    destinations = QgsVectorLayer("Point?crs=EPSG:2154&field=id:string", "destinations", "memory")
    square = QgsRectangle(5.863732, 44.479314, 6.219762, 44.730449)
    hospital_to_lambert = QgsCoordinateTransform(hospitals.crs(), lambert, transforms)
    kept = []
    for hospital in hospitals.getFeatures():
        if not square.contains(hospital.geometry().asPoint()):
            continue
        geometry = QgsGeometry(hospital.geometry())
        geometry.transform(hospital_to_lambert)
        point = QgsFeature(destinations.fields())
        point.setGeometry(geometry)
        point.setAttributes([hospital["id"]])
        kept.append(point)
    destinations.dataProvider().addFeatures(kept)
    return roads, network, origins, destinations


def _native_costs(network, origins, destination, context, feedback):
    """Fastest native cost (minutes) per origin cell to one destination point; absent when no route."""
    import processing

    point = destination.geometry().asPoint()
    result = processing.run(
        "native:shortestpathlayertopoint",
        {
            "INPUT": network,
            "STRATEGY": 1,
            "DIRECTION_FIELD": "dir",
            "VALUE_FORWARD": "F",
            "VALUE_BACKWARD": "T",
            "VALUE_BOTH": "B",
            "DEFAULT_DIRECTION": 2,
            "SPEED_FIELD": "speed",
            "DEFAULT_SPEED": 50,
            "TOLERANCE": 0,
            "START_POINTS": origins,
            "END_POINT": f"{point.x()},{point.y()} [EPSG:2154]",
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
        context=context,
        feedback=feedback,
    )
    layer = result["OUTPUT"]
    # Fastest strategy reports hours.
    costs = {f["cell"]: _plain(f["cost"]) for f in layer.getFeatures()}
    return {cell: cost * 60.0 for cell, cost in costs.items() if cost is not None}


def _plain(value):
    """NULL (a null QVariant on QGIS 3.22) as None."""
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def test_net_time_equals_the_minimum_of_native_shortest_paths(run_alg, shared):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    roads, network, origins, destinations = _layers(shared)
    assert network.featureCount() == 7078
    assert origins.featureCount() > 90 and destinations.featureCount() == 7

    # The native algorithm measures lengths on the WGS84 ellipsoid whatever the context says (QgsGraphBuilder's
    # default); Vigie corrects Lambert-93's scale factor, so both compare ground lengths.
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    native_best = {}
    distinct = {f.geometry().asWkt(): f for f in destinations.getFeatures()}  # 3 hospitals share a site
    assert len(distinct) == 5
    for destination in distinct.values():
        for cell, minutes in _native_costs(network, origins, destination, context, feedback).items():
            native_best[cell] = min(minutes, native_best.get(cell, math.inf))

    # Vigie reads the original WGS84 GeoPackage with its OSM profile and reprojects it itself.
    result = run_alg(
        "vigie:roadtraveltime",
        {
            "NETWORK": roads,
            "PROFILE": 1,
            "ORIGINS": origins,
            "DESTINATIONS": destinations,
            "DESTINATION_ID_FIELD": "id",
            "ACCESS_SPEED": 0,
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    vigie = {f["cell"]: {k: _plain(f[k]) for k in ("net_time_min", "time_min")} for f in result["OUTPUT"].getFeatures()}
    assert len(vigie) == origins.featureCount()

    reached = {cell for cell, f in vigie.items() if f["net_time_min"] is not None}
    assert reached == set(native_best), "origins without a route differ"
    assert len(vigie) - len(reached) == 4  # cells whose nearest road is cut from the rest
    gaps = []
    for cell in reached:
        mine, theirs = vigie[cell]["net_time_min"], native_best[cell]
        assert mine == pytest.approx(theirs, abs=0.1) or mine == pytest.approx(theirs, rel=0.005), cell
        assert vigie[cell]["time_min"] == pytest.approx(mine)  # ACCESS_SPEED = 0
        gaps.append(abs(mine - theirs))
    # In fact the same to within a fraction of a second: same graph, same tie points, same lengths.
    assert max(gaps) < 0.01
    assert max(vigie[c]["net_time_min"] for c in reached) > 20
