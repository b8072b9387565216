"""Small memory layers for the indicator tests (hand-made networks and points in Lambert-93)."""

# A point near Gap in Lambert-93 (metres): hand-made layers are built around it.
X0, Y0 = 940000.0, 6380000.0


def memory_layer(definition, features):
    """Memory layer from a URI and (wkt or None, attributes) pairs."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(definition, "test", "memory")
    rows = []
    for wkt, attributes in features:
        feature = QgsFeature(layer.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(list(attributes))
        rows.append(feature)
    layer.dataProvider().addFeatures(rows)
    layer.updateExtents()
    return layer


def straight_road(length_km=20, speed_kmh=60):
    """One two-way road along y = Y0 from X0, with a vertex every 10 km (so nodes at 0, 10, 20 km)."""
    vertices = ",".join(f"{X0 + 10000 * i} {Y0}" for i in range(int(length_km // 10) + 1))
    return memory_layer("LineString?crs=EPSG:2154&field=speed:double", [(f"LINESTRING({vertices})", [speed_kmh])])


def points_on_road(kilometres, fields="", values=None):
    """Points on the straight road at the given kilometres, with optional fields (URI fragment) and values."""
    values = values or [[] for _ in kilometres]
    return memory_layer(
        f"Point?crs=EPSG:2154{fields}",
        [(f"POINT({X0 + 1000 * km} {Y0})", row) for km, row in zip(kilometres, values)],
    )


def speed_field_network(layer):
    """Network parameters for a layer whose speeds are in the field "speed" (profile: speed field)."""
    return {"NETWORK": layer, "PROFILE": 3, "SPEED_FIELD": "speed"}
