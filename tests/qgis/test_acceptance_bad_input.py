"""Bad input as a user gives it (qgis_process, models, files by path): a clear error, before any output.

Found in the acceptance run: an empty layer gave a "no CRS" error or an empty output (and a
traceback in transit travel time), polygons given as DESTINATIONS silently became centroids, a
layer without CRS gave a blank map, and an output in a missing folder failed only after the work.
"""

import pytest
from conftest import shared_path

HAUTES_ALPES = ("data", "hautes-alpes")


def hautes_alpes(name):
    return str(shared_path(*HAUTES_ALPES, name))


def _memory(definition, wkts=(), name="layer"):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(definition, name, "memory")
    features = []
    for wkt in wkts:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def _without_crs(layer):
    """Like a shapefile without .prj: a memory layer otherwise gets the default CRS."""
    from qgis.core import QgsCoordinateReferenceSystem

    layer.setCrs(QgsCoordinateReferenceSystem())
    return layer


def _empty_geojson(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    return str(path)


def _road_parameters(**overrides):
    parameters = {
        "NETWORK": hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
        "ORIGINS": hautes_alpes("population-filosofi2019-200m-gap-champsaur.gpkg"),
        "DESTINATIONS": hautes_alpes("health-facilities-finess-2020.geojson"),
        "OUTPUT": "memory:",
    }
    parameters.update(overrides)
    return parameters


def test_empty_origins_are_an_error_not_an_empty_output(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    empty_cells = _memory("Polygon?crs=EPSG:3035&field=ind:double", name="cells")
    output = tmp_path / "times.gpkg"
    with pytest.raises(QgsProcessingException, match="ORIGINS has no feature"):
        run_alg("vigie:roadtraveltime", _road_parameters(ORIGINS=empty_cells, OUTPUT=str(output)))
    assert not output.exists()


def test_empty_geojson_destinations_say_empty_not_missing_crs(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="DESTINATIONS has no feature"):
        run_alg("vigie:roadtraveltime", _road_parameters(DESTINATIONS=_empty_geojson(tmp_path)))


def test_transit_with_empty_origins_is_a_clear_error(run_alg):
    """Was a QgsCsException traceback (the extent of an empty layer cannot be transformed)."""
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="ORIGINS has no feature"):
        run_alg(
            "vigie:transittraveltime",
            {
                "GTFS": hautes_alpes("gtfs-sncf-ter-2017-11.zip"),
                "DATE": "2017-11-14",
                "ORIGINS": _memory("Point?crs=EPSG:2154", name="origins"),
                "DESTINATIONS": hautes_alpes("health-facilities-finess-2020.geojson"),
                "OUTPUT": "memory:",
            },
        )


def test_polygons_given_as_destinations_are_refused(run_alg):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="DESTINATIONS is not a point layer"):
        run_alg("vigie:roadtraveltime", _road_parameters(DESTINATIONS=hautes_alpes("communes-2018-population.geojson")))


def test_lines_given_where_points_or_polygons_are_taken_are_refused(run_alg):
    from qgis.core import QgsProcessingException

    roads = hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg")
    with pytest.raises(QgsProcessingException, match="ORIGINS is neither points nor polygons"):
        run_alg("vigie:roadtraveltime", _road_parameters(ORIGINS=roads))


def test_output_in_a_missing_folder_is_refused_before_the_run(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    missing = tmp_path / "no-such-folder"
    with pytest.raises(QgsProcessingException, match="The folder of OUTPUT does not exist"):
        run_alg("vigie:roadtraveltime", _road_parameters(OUTPUT=str(missing / "times.gpkg")))
    assert not missing.exists()


def test_output_paths_that_are_not_files_pass_the_folder_check():
    from vigie.processing_algorithms.base import missing_output_folder

    for value in ("memory:", "TEMPORARY_OUTPUT", "ogr:dbname='/no/such/dir/x.gpkg' table=\"t\"", "", None, "x.gpkg"):
        assert missing_output_folder(value) is None, value
    assert str(missing_output_folder("/no/such/dir/x.gpkg")) == "/no/such/dir"


def test_map_of_a_layer_without_crs_is_refused(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    no_crs = _without_crs(_memory("Point?field=name:string", ["POINT(6.08 44.56)", "POINT(6.1 44.6)"], name="sans_crs"))
    assert not no_crs.crs().isValid()
    pdf = tmp_path / "map.pdf"
    with pytest.raises(QgsProcessingException, match="sans_crs has no coordinate reference system"):
        run_alg("vigie:maplayout", {"LAYERS": [no_crs], "TITLE": "x", "OUTPUT_PDF": str(pdf)})
    assert not pdf.exists()


def test_atlas_refuses_point_areas_and_areas_without_crs(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    hospitals = hautes_alpes("health-facilities-finess-2020.geojson")
    pdf = tmp_path / "atlas.pdf"
    with pytest.raises(QgsProcessingException, match="AREAS must be a polygon layer"):
        run_alg("vigie:atlaslayout", {"AREAS": hospitals, "LAYERS": [hospitals], "OUTPUT_PDF": str(pdf)})
    square = "POLYGON((6.0 44.5, 6.1 44.5, 6.1 44.6, 6.0 44.6, 6.0 44.5))"
    no_crs = _without_crs(_memory("Polygon?field=nom:string", [square], name="communes_sans_crs"))
    with pytest.raises(QgsProcessingException, match="communes_sans_crs has no coordinate reference system"):
        run_alg("vigie:atlaslayout", {"AREAS": no_crs, "LAYERS": [hospitals], "OUTPUT_PDF": str(pdf)})
    assert not pdf.exists()


def test_credits_of_a_long_organisation_are_not_wrapped(run_alg, tmp_path):
    """'… made with' then 'Vigie' alone on the next line: a smaller font keeps each line whole."""
    from qgis.core import QgsProject

    from vigie.plugin.layouts.builder import ITEM_IDS, lines_needed

    result = run_alg(
        "vigie:maplayout",
        {
            "LAYERS": [hautes_alpes("health-facilities-finess-2020.geojson")],
            "TITLE": "Hôpitaux",
            "ORGANISATION": "CC Champsaur-Valgaudemar",
            "OUTPUT_PDF": str(tmp_path / "map.pdf"),
            "OUTPUT_LAYOUT": "Vigie credits test",
        },
    )
    manager = QgsProject.instance().layoutManager()
    layout = manager.layoutByName(result["OUTPUT_LAYOUT"])
    try:
        credits = layout.itemById(ITEM_IDS["credits"])
        font = credits.textFormat().toQFont() if hasattr(credits, "textFormat") else credits.font()
        text = credits.text()
        assert "CC Champsaur-Valgaudemar" in text and text.count("\n") == 1
        assert lines_needed(text, font, credits.rect().width()) == 2
    finally:
        manager.removeLayout(layout)


def test_access_index_legend_has_no_scientific_notation():
    """Capacity per 1,000 people often exceeds 1,000 (many places, few children): '2.18e+03' was printed."""
    from qgis.core import QgsWkbTypes

    from vigie.plugin.styles import access_index_renderer, significant

    renderer = access_index_renderer(QgsWkbTypes.PolygonGeometry, [36.12, 864.3, 2180.7, 5000.0])
    labels = [rule.label() for rule in renderer.rootRule().children()]
    assert labels[1:] == ["0 – 36.1", "36.1 – 864", "864 – 2180", "2180 and more"]
    assert [significant(v) for v in (0.004234, 0.0, 12.0, 999.4)] == ["0.00423", "0", "12.0", "999"]


def _cancelling_at(percent):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda progress: feedback.cancel() if progress >= percent else None)
    return feedback


def test_cancel_while_reading_destinations_is_not_reported_as_an_error(run_alg):
    """Cancelling at 5 % (reading the destinations) said 'There is no destination to reach'."""
    result = run_alg(
        "vigie:transittraveltime",
        {
            "GTFS": hautes_alpes("gtfs-sncf-ter-2017-11.zip"),
            "DATE": "2017-11-14",
            "ORIGINS": hautes_alpes("population-filosofi2019-200m-gap-champsaur.gpkg"),
            "DESTINATIONS": hautes_alpes("health-facilities-finess-2020.geojson"),
            "OUTPUT": "memory:",
        },
        _cancelling_at(5),
    )
    assert not result.get("OUTPUT")


def test_a_matrix_cut_short_by_cancel_is_not_returned(run_alg):
    result = run_alg(
        "vigie:odmatrix",
        {
            "NETWORK": hautes_alpes("roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
            "ORIGINS": hautes_alpes("communes-2018-population.geojson"),
            "DESTINATIONS": hautes_alpes("health-facilities-finess-2020.geojson"),
            "K": 1,
            "MAX_TIME": 10,  # bounded searches keep the test short
            "OUTPUT": "memory:",
        },
        _cancelling_at(55),
    )
    assert not result.get("OUTPUT")
