"""Sources and licences printed on maps come from the layer's metadata or from fields that name the data
set, never from a file name (issue 15); the metadata identifier is ``vigie:<algorithm>:<date>``."""

import re
import zipfile
from datetime import datetime, timezone

from vigie.plugin.provenance import (
    ATTRIBUTIONS,
    build_metadata,
    gtfs_attribution,
    layer_attributions,
    metadata_identifier,
)

NOT_STATED = "licence not stated"


class Feedback:
    """Collects warnings like QgsProcessingFeedback.pushWarning."""

    def __init__(self):
        self.warnings = []

    def pushWarning(self, text):  # noqa: N802 (QGIS API name)
        self.warnings.append(text)


def memory_layer(name, fields, geometry="Point"):
    from qgis.core import QgsVectorLayer

    spec = "&".join(f"field={field}:string" for field in fields)
    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:4326&{spec}", name, "memory")
    assert layer.isValid()
    return layer


def test_a_file_name_names_no_source(qgis_app, tmp_path):
    """An OSM layer of hospitals is OpenStreetMap, not FINESS; a layer that nothing identifies prints its name
    with "licence not stated" and warns, whatever words its name or path holds."""
    from qgis.core import QgsVectorLayer

    osm_hospitals = memory_layer("health-hospitals-admin-sncf", ["osm_id", "amenity", "name"])
    assert layer_attributions(osm_hospitals) == [ATTRIBUTIONS["osm"]]

    path = tmp_path / "hospitals-health-finess-admin-express-sncf.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nom":"CH","code":"1"},'
        '"geometry":{"type":"Point","coordinates":[6.08,44.56]}}]}',
        encoding="utf-8",
    )
    unknown = QgsVectorLayer(str(path), "my hospitals", "ogr")
    assert unknown.isValid()
    feedback = Feedback()
    lines = layer_attributions(unknown, feedback)
    assert lines == [f"my hospitals — {NOT_STATED}"]
    assert len(feedback.warnings) == 1 and "my hospitals" in feedback.warnings[0]
    assert "SOURCES" in feedback.warnings[0]


def test_fields_that_name_their_data_set_are_credited(qgis_app, shared):
    from qgis.core import QgsVectorLayer

    data = ("data", "hautes-alpes")
    hospitals = QgsVectorLayer(str(shared(*data, "health-facilities-finess-2020.geojson")), "h", "ogr")
    roads = QgsVectorLayer(str(shared(*data, "roads-osm-2021-07-gap-champsaur-drivable.gpkg")), "r", "ogr")
    communes = QgsVectorLayer(str(shared(*data, "communes-2018-population.geojson")), "communes", "ogr")
    assert layer_attributions(hospitals) == [ATTRIBUTIONS["finess"]]  # GISCO healthcare columns
    assert layer_attributions(roads) == [ATTRIBUTIONS["osm"]]  # osm_id
    # code, nom, population: could come from anywhere; the name "admin" or "communes" proves nothing.
    feedback = Feedback()
    assert layer_attributions(communes, feedback) == [f"communes — {NOT_STATED}"]
    assert feedback.warnings
    bdtopo = memory_layer("troncons", ["cleabs", "nature", "vitesse_moyenne_vl", "sens_de_circulation"], "LineString")
    assert layer_attributions(bdtopo) == [ATTRIBUTIONS["bdtopo"]]
    admin = memory_layer("x", ["nom", "nom_m", "insee_com", "population"], "Polygon")
    assert layer_attributions(admin) == [ATTRIBUTIONS["adminexpress"]]


def test_metadata_wins_over_fields(qgis_app):
    layer = memory_layer("osm but stated", ["osm_id"])
    metadata = layer.metadata()
    metadata.setRights(["My survey 2024 (CC-BY)"])
    layer.setMetadata(metadata)
    assert layer_attributions(layer) == ["My survey 2024 (CC-BY)"]


def test_gtfs_credit_comes_from_the_publishers_the_feed_names(qgis_app, shared, tmp_path):
    from vigie.plugin.core.transit.gtfs_reader import feed_publishers

    sncf = feed_publishers(shared("data", "hautes-alpes", "gtfs-sncf-ter-2017-11.zip"))
    assert sncf and all("sncf" in url for _, url in sncf)
    assert gtfs_attribution(sncf, "anything.zip") == ATTRIBUTIONS["gtfs_sncf"]

    feed = tmp_path / "sncf-lookalike.zip"
    with zipfile.ZipFile(feed, "w") as archive:
        archive.writestr(
            "agency.txt",
            "agency_id,agency_name,agency_url,agency_timezone\nA,Zou,https://zou.maregionsud.fr,Europe/Paris\n",
        )
        archive.writestr(
            "feed_info.txt",
            "feed_publisher_name,feed_publisher_url,feed_lang\nRégion Sud,https://www.maregionsud.fr,fr\n",
        )
    publishers = feed_publishers(feed)
    assert publishers == [("Région Sud", "https://www.maregionsud.fr")]  # feed_info first
    feedback = Feedback()
    line = gtfs_attribution(publishers, feed.name, feedback)
    assert line == f"GTFS feed sncf-lookalike.zip (Région Sud) — {NOT_STATED}"
    assert feedback.warnings and "sncf-lookalike.zip" in feedback.warnings[0]
    # An SNCF agency inside a regional feed does not make the feed SNCF's.
    mixed = [("SNCF", "http://www.ter-sncf.com"), ("Zou", "https://zou.maregionsud.fr")]
    assert NOT_STATED in gtfs_attribution(mixed, "region.zip")


def test_metadata_identifier_is_vigie_algorithm_date(qgis_app):
    when = datetime(2026, 12, 7, 8, 0, tzinfo=timezone.utc)
    assert metadata_identifier("vigie:coverage", when) == "vigie:coverage:2026-12-07T08:00:00+00:00"
    assert metadata_identifier("coverage", when) == "vigie:coverage:2026-12-07T08:00:00+00:00"
    metadata = build_metadata("t", "a", "vigie:roadtraveltime", {"x": 1}, ["src"])
    assert re.fullmatch(r"vigie:roadtraveltime:\d{4}-\d\d-\d\dT[0-9:+\-]+", metadata.identifier())


def test_a_territory_kit_layer_is_credited_from_the_kit_manifest(qgis_app, tmp_path):
    """Every layer of a kit (fetched, or the offline sample) is credited from its manifest row."""
    from qgis.core import QgsVectorLayer
    from sample_kits import build_sample_kit

    kit = tmp_path / "kit.gpkg"
    build_sample_kit(kit, ["05061"])
    feedback = Feedback()
    roads = QgsVectorLayer(f"{kit}|layername=roads", "kit", "ogr")
    communes = QgsVectorLayer(f"{kit}|layername=communes", "kit", "ogr")
    assert layer_attributions(roads, feedback) == [
        "OpenStreetMap 2021-07 (Geofabrik) (ODbL, © OpenStreetMap contributors)"
    ]
    assert layer_attributions(communes, feedback) == ["ADMIN EXPRESS 2018 (Licence Ouverte 2.0)"]
    assert not feedback.warnings
