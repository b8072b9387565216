"""vigie:coverage in QGIS: hand-made layers checked on paper, bad input, the Hautes-Alpes sample."""

import pytest


def _layer(definition, features):
    """Memory layer from a URI and (wkt, attributes) pairs."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(definition, "test", "memory")
    provider = layer.dataProvider()
    rows = []
    for wkt, attributes in features:
        feature = QgsFeature(layer.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(attributes)
        rows.append(feature)
    provider.addFeatures(rows)
    layer.updateExtents()
    return layer


def _square(x, y, size):
    return f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))"


# Lambert-93 coordinates near Gap.
X0, Y0 = 940000, 6380000


def _cells(time_values=(5, 15, None, 25), population=(100, 200, 300, 400)):
    """Four 200 m cells in a row; cell 1 straddles the boundary x = X0 + 400 between areas A and B."""
    return _layer(
        "Polygon?crs=EPSG:2154&field=ind:double&field=time_min:double&field=code:string",
        [
            (_square(X0, Y0, 200), [population[0], time_values[0], "A"]),
            (_square(X0 + 300, Y0, 200), [population[1], time_values[1], "A"]),
            (_square(X0 + 600, Y0, 200), [population[2], time_values[2], "B"]),
            (_square(X0 + 800, Y0, 200), [population[3], time_values[3], "B"]),
        ],
    )


def _rectangle(x_min, y_min, x_max, y_max):
    return f"POLYGON(({x_min} {y_min},{x_max} {y_min},{x_max} {y_max},{x_min} {y_max},{x_min} {y_min}))"


def _areas(crs="EPSG:2154"):
    """A: x in [X0, X0+400]; B: x in [X0+400, X0+1200]; both 1200 m tall, holding the cells."""
    layer = _layer(
        "Polygon?crs=EPSG:2154&field=nom:string",
        [
            (_rectangle(X0, Y0 - 500, X0 + 400, Y0 + 700), ["A"]),
            (_rectangle(X0 + 400, Y0 - 500, X0 + 1200, Y0 + 700), ["B"]),
        ],
    )
    if crs == "EPSG:2154":
        return layer
    import processing

    return processing.run("native:reprojectlayer", {"INPUT": layer, "TARGET_CRS": crs, "OUTPUT": "memory:"})["OUTPUT"]


def _rows(layer):
    has_name = layer.fields().lookupField("nom") >= 0
    return {f["nom"] if has_name and not f["is_total"] else f["area_id"]: f for f in layer.getFeatures()}


def _run(run_alg, **parameters):
    base = {"POPULATION_FIELD": "ind", "TIME_FIELD": "time_min", "THRESHOLDS": "10,20,30", "OUTPUT": "memory:"}
    base.update(parameters)
    return run_alg("vigie:coverage", base)["OUTPUT"]


@pytest.mark.parametrize("areas_crs", ["EPSG:2154", "EPSG:4326"])
def test_split_cell_by_location(run_alg, areas_crs):
    """Cell 1 (200 people, 15 min) lies half in A (x < X0+400), half in B: 100 people each side.

    A: 100 (5 min) + 100 (15 min) = 200; share <=10 min 50 %, <=20 min 100 %; mean 10 min.
    B: 100 (15 min) + 300 (unreached) + 400 (25 min) = 800; <=20 min 12.5 %, <=30 min 62.5 %;
       unreached 300; mean over the reached 23 min. TOTAL = A + B = 1000.
    Areas in WGS84 give the same figures (reprojected internally; the split differs only by the
    curvature of the projection, well under 1 %).
    """
    output = _run(run_alg, POPULATION=_cells(), AREAS=_areas(areas_crs))
    rows = _rows(output)
    a, b, total = rows["A"], rows["B"], rows["TOTAL"]
    assert a["pop_total"] == pytest.approx(200, rel=1e-3) and b["pop_total"] == pytest.approx(800, rel=1e-3)
    assert a["share_le_10"] == pytest.approx(50, rel=1e-3) and a["share_le_20"] == pytest.approx(100)
    assert b["share_le_20"] == pytest.approx(12.5, rel=1e-2) and b["share_le_30"] == pytest.approx(62.5, rel=1e-2)
    assert b["pop_unreached"] == pytest.approx(300) and b["mean_time_min"] == pytest.approx(23, rel=1e-3)
    assert total["pop_total"] == pytest.approx(1000) and total["pop_unreached"] == pytest.approx(300)
    assert total["median_time_min"] == 25 and not total.hasGeometry()
    assert output.geometryType() == 2 and a.hasGeometry()
    assert output.metadata().abstract().startswith("Population within")


def test_area_field_codes_and_whole_territory(run_alg):
    by_code = _rows(_run(run_alg, POPULATION=_cells(), AREA_FIELD="code"))
    assert by_code["TOTAL"]["pop_total"] == 1000
    territory = list(_run(run_alg, POPULATION=_cells()).getFeatures())
    assert len(territory) == 1 and territory[0]["area_id"] == "TOTAL"
    assert territory[0]["share_le_10"] == pytest.approx(10) and territory[0]["pop_le_30"] == 700


def test_population_points_count_once(run_alg):
    points = _layer(
        "Point?crs=EPSG:2154&field=ind:double&field=time_min:double",
        [
            (f"POINT({X0 + 100} {Y0})", [10, 3]),
            (f"POINT({X0 + 900} {Y0})", [30, None]),
            (f"POINT({X0} {Y0 + 5000})", [5, 1]),
        ],
    )
    rows = _rows(_run(run_alg, POPULATION=points, AREAS=_areas()))
    assert rows["A"]["pop_total"] == 10 and rows["B"]["pop_unreached"] == 30
    assert rows["TOTAL"]["pop_total"] == 40  # the point outside every area is left out, with a warning


@pytest.mark.parametrize(
    ("population", "thresholds", "message"),
    [
        ((100, "beaucoup", 300, 400), "10,20,30", "not numbers"),
        ((100, -200, 300, 400), "10,20,30", "negative"),
        ((100, 200, 300, 400), "20,10", "strictly increasing"),
    ],
)
def test_bad_input_messages(run_alg, population, thresholds, message):
    from qgis.core import QgsProcessingException

    layer = _layer(
        "Polygon?crs=EPSG:2154&field=ind:string&field=time_min:double",
        [(_square(X0 + 300 * i, Y0, 200), [str(p), 10.0]) for i, p in enumerate(population)],
    )
    with pytest.raises(QgsProcessingException, match=message):
        _run(run_alg, POPULATION=layer, THRESHOLDS=thresholds)


def test_null_population_counts_as_zero_and_empty_intersection_is_refused(run_alg):
    from qgis.core import QgsProcessingException

    cells = _cells(population=(100, None, 300, 400))
    assert _rows(_run(run_alg, POPULATION=cells))["TOTAL"]["pop_total"] == 800
    far = _layer("Polygon?crs=EPSG:2154&field=nom:string", [(_square(X0 + 50000, Y0, 1000), ["far"])])
    with pytest.raises(QgsProcessingException, match="No population feature lies inside AREAS"):
        _run(run_alg, POPULATION=cells, AREAS=far)


def _gap_cells_with_road_times(run_alg, shared_path):
    """The Gap–Champsaur 200 m cells with time_min to the nearest hospital, from vigie:roadtraveltime."""
    data = ("data", "hautes-alpes")
    parameters = {
        "NETWORK": str(shared_path(*data, "roads-osm-2021-07-gap-champsaur-drivable.gpkg")),
        "ORIGINS": str(shared_path(*data, "population-filosofi2019-200m-gap-champsaur.gpkg")),
        "DESTINATIONS": str(shared_path(*data, "health-facilities-finess-2020.geojson")),
        "OUTPUT": "memory:",
    }
    return run_alg("vigie:roadtraveltime", parameters)["OUTPUT"]


def test_gap_champsaur_communes_end_to_end(run_alg, shared):
    shared_path = shared
    from qgis.core import QgsVectorLayer

    communes = QgsVectorLayer(str(shared_path("data", "hautes-alpes", "communes-2018-population.geojson")), "communes")
    output = _run(run_alg, POPULATION=_gap_cells_with_road_times(run_alg, shared_path), AREAS=communes)
    features = list(output.getFeatures())
    total = next(f for f in features if f["is_total"])
    areas = [f for f in features if not f["is_total"]]
    assert len(areas) == 163
    # Every cell lies in the département: the communes receive all 53,931 inhabitants of the grid.
    assert total["pop_total"] == pytest.approx(53931, rel=0.002)
    for name in ["pop_total", "pop_le_10", "pop_le_20", "pop_le_30", "pop_unreached"]:
        assert sum(f[name] for f in areas) == pytest.approx(total[name], rel=1e-9)
    for feature in features:
        for name in ["share_le_10", "share_le_20", "share_le_30"]:
            if feature["pop_total"] > 0:
                assert 0 <= feature[name] <= 100
    gap = next(f for f in areas if f["nom"] == "Gap")
    assert gap["pop_total"] > 30000 and gap["share_le_10"] > 90
    covered = [f for f in areas if f["pop_total"] > 0]
    assert 15 <= len(covered) <= 60
    assert 0 < total["share_le_10"] < total["share_le_20"] <= total["share_le_30"] <= 100
    print(  # the key figures, for the report (pytest -s)
        "coverage Gap–Champsaur, hospitals:",
        {t: round(total[f"share_le_{t}"], 1) for t in (10, 20, 30)},
        "Gap:",
        {t: round(gap[f"share_le_{t}"], 1) for t in (10, 20, 30)},
        "median",
        round(total["median_time_min"], 1),
    )


def test_cancel_stops_without_an_error(run_alg):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    parameters = {
        "POPULATION": _cells(),
        "POPULATION_FIELD": "ind",
        "TIME_FIELD": "time_min",
        "AREAS": _areas(),
        "THRESHOLDS": "10,20,30",
        "OUTPUT": "memory:",
    }
    assert "OUTPUT" not in run_alg("vigie:coverage", parameters, feedback=feedback)


def test_official_preset_sets_the_threshold_and_documents_it(run_alg):
    """PRESET maternity within 45 min (read from the presets data): THRESHOLDS is replaced by 45 and the
    definition and source go into the metadata. Times 5, 15, NULL, 25 -> all reached cells are within 45:
    (100 + 200 + 400) / 1000 = 70 %."""
    from vigie.plugin.core.reference.basket import access_presets

    index = 1 + [p.id for p in access_presets()].index("maternity_45")
    result = run_alg(
        "vigie:coverage",
        {"POPULATION": _cells(), "THRESHOLDS": "10,20", "PRESET": index, "OUTPUT": "memory:"},
    )
    layer = result["OUTPUT"]
    names = [f.name() for f in layer.fields()]
    assert "share_le_45" in names and "share_le_10" not in names
    total = next(layer.getFeatures())
    assert total["share_le_45"] == pytest.approx(70.0)
    assert "D107" in layer.metadata().abstract() and "45" in layer.metadata().abstract()
