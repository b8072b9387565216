"""core.publish without QGIS: licences, CSV variants, GeoJSON rules, uMap shape, DCAT-AP, confidentiality, atomicity."""

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO_ROOT, shared_path

from vigie.plugin.core.publish import dcat
from vigie.plugin.core.publish.confidentiality import grid_rule, is_confidential, mask_rows
from vigie.plugin.core.publish.geojson import bounds, clean_geometry, decimals_for, feature_collection, problems
from vigie.plugin.core.publish.licences import LICENCE_OUVERTE, ODBL, package_licence, source_licence
from vigie.plugin.core.publish.lisezmoi import field_meaning, lisezmoi
from vigie.plugin.core.publish.package import staged_package
from vigie.plugin.core.publish.provenance_text import parse_provenance
from vigie.plugin.core.publish.tables import FRENCH, INTERNATIONAL, csv_name, format_number, write_csv
from vigie.plugin.core.publish.umap import UmapLayer, initial_zoom, umap_document

SCHEMA = REPO_ROOT / "tests" / "fixtures" / "publish" / "dcat_ap_2.1.1_dataset.schema.json"
OSM = "© OpenStreetMap contributors (ODbL)"
FILOSOFI = "INSEE Filosofi 2019 (Licence Ouverte)"
FINESS = "FINESS via Eurostat GISCO"


# -- licences -----------------------------------------------------------------------------------------


def test_licence_of_each_attribution_line():
    assert source_licence(OSM) is ODBL
    assert source_licence("SNCF (ODbL)") is ODBL
    assert source_licence(FILOSOFI) is LICENCE_OUVERTE
    assert source_licence(FINESS) is None


def test_an_osm_derived_package_is_odbl_whatever_was_asked():
    decision = package_licence([FILOSOFI, OSM, FINESS], requested=LICENCE_OUVERTE)
    assert decision.licence is ODBL
    assert decision.forced and decision.share_alike_sources == (OSM,)
    assert decision.unknown_sources == (FINESS,)


def test_without_share_alike_source_the_requested_licence_stays():
    decision = package_licence([FILOSOFI, "IGN ADMIN EXPRESS (Licence Ouverte)"], requested=LICENCE_OUVERTE)
    assert decision.licence is LICENCE_OUVERTE and not decision.forced


# -- CSV ----------------------------------------------------------------------------------------------------


def test_numbers_are_written_in_full_with_the_variant_decimal():
    assert format_number(12.5, ",") == "12,5"
    assert format_number(1e-07) == "0.0000001"
    assert format_number(53931.0) == "53931"
    assert format_number(0.1 + 0.2) == "0.30000000000000004"


@pytest.mark.parametrize("variant", [FRENCH, INTERNATIONAL])
def test_csv_reads_back_with_pandas_identically(tmp_path, variant):
    columns = ["code", "nom", "pop_total", "share_le_10", "is_total", "note"]
    rows = [
        ["05061", "Gap", 40890.5, 97.123456789012345, 0, "a;b,c"],
        ["05001", "Abriès", 0.30000000000000004, 1e-07, 0, None],
        [None, None, 53931.0, 88.0, 1, "ligne « TOTAL »"],
    ]
    path = tmp_path / csv_name("table", variant)
    write_csv(path, columns, rows, variant)
    frame = pd.read_csv(
        path,
        sep=variant.delimiter,
        decimal=variant.decimal,
        encoding="utf-8-sig",
        dtype={"code": str, "nom": str},
        float_precision="round_trip",
    )
    assert list(frame.columns) == columns
    assert frame["code"].tolist()[:2] == ["05061", "05001"]
    assert frame["pop_total"].tolist() == [40890.5, 0.30000000000000004, 53931.0]
    assert frame["share_le_10"].tolist() == [97.123456789012345, 1e-07, 88.0]
    assert frame["note"].tolist()[0] == "a;b,c" and frame["note"].tolist()[2] == "ligne « TOTAL »"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (variant is FRENCH)


# -- GeoJSON --------------------------------------------------------------------------------------------------


def test_one_metre_is_five_decimals():
    assert decimals_for(1.0) == 5
    assert decimals_for(200.0) == 3


def test_rings_follow_the_right_hand_rule_after_rounding():
    clockwise_square = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    counterclockwise_hole = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]
    geometry = clean_geometry({"type": "Polygon", "coordinates": [clockwise_square, counterclockwise_hole]}, 5)
    outer, hole = geometry["coordinates"]
    assert outer == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # reversed to counterclockwise
    assert hole == list(reversed(counterclockwise_hole))  # holes clockwise
    assert problems(feature_collection([{"type": "Feature", "geometry": geometry, "properties": {}}])) == []


def test_rounding_drops_what_folds_and_keeps_five_decimals():
    tiny = {"type": "Polygon", "coordinates": [[[6.0, 44.0], [6.000001, 44.0], [6.000001, 44.000001], [6.0, 44.0]]]}
    assert clean_geometry(tiny, 5) is None
    point = clean_geometry({"type": "Point", "coordinates": [6.123456789, 44.987654321]}, 5)
    assert point["coordinates"] == [6.12346, 44.98765]


def test_problems_names_what_web_maps_refuse():
    bad = feature_collection(
        [
            {"type": "Feature", "geometry": None, "properties": {}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [943000.0, 6400000.0]}, "properties": {}},
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]},
                "properties": {},
            },
        ]
    )
    found = problems(bad)
    assert any("empty geometry" in p for p in found)
    assert any("longitude/latitude" in p for p in found)
    assert any("right-hand rule" in p for p in found)


# -- uMap ---------------------------------------------------------------------------------------------------


def _example_umap():
    return json.loads(shared_path("fixtures", "umap_backup_example.umap").read_text(encoding="utf-8"))


def _small_document():
    collection = feature_collection(
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [6.07, 44.56]},
                "properties": {"nom": "Gap", "time_min": 4.2, "fid": 1},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [6.2, 44.7]},
                "properties": {"nom": "Ancelle", "time_min": 25.0},
            },
        ]
    )
    layer = UmapLayer(
        "Temps",
        collection,
        feature_styles=[{"color": "#fde725"}, {"color": "#277f8e"}],
        style={"color": "#fde725"},
        legend=[("0–5 min", "#fde725"), ("20–30 min", "#277f8e")],
        popup_fields=[("nom", "Commune"), ("time_min", "Temps (min)")],
    )
    return umap_document("Accès", "desc", [layer], bounds([collection]), OSM, ODBL.name, ODBL.url)


def test_umap_document_has_the_shape_umap_writes():
    example, document = _example_umap(), _small_document()
    assert set(document) == set(example)  # type, geometry, properties, layers
    assert document["type"] == example["type"] == "umap"
    assert document["geometry"]["type"] == example["geometry"]["type"] == "Point"
    for key in ("name", "description", "zoom", "tilelayer", "licence", "shortCredit", "captionBar"):
        assert key in example["properties"]
        assert type(document["properties"][key]) is type(example["properties"][key]), key
    assert set(example["properties"]["tilelayer"]) <= set(document["properties"]["tilelayer"])
    assert set(example["properties"]["licence"]) == set(document["properties"]["licence"])
    for ours in document["layers"]:
        theirs = example["layers"][0]
        assert ours["type"] == theirs["type"] == "FeatureCollection"
        assert {"name", "displayOnLoad", "remoteData"} <= set(ours["_umap_options"]) & set(theirs["_umap_options"])
        for feature in ours["features"]:
            assert set(feature) == {"type", "geometry", "properties"}
            assert "_umap_options" in feature["properties"]  # the class colour, as uMap stores a feature's own


def test_umap_opens_on_the_territory_with_classes_and_popups():
    document = _small_document()
    assert document["geometry"]["coordinates"] == [6.135, 44.63]
    layer = document["layers"][0]
    assert [f["properties"]["_umap_options"]["color"] for f in layer["features"]] == ["#fde725", "#277f8e"]
    assert "0–5 min (#fde725)" in layer["_umap_options"]["description"]
    assert layer["_umap_options"]["popupContentTemplate"] == "# {nom}\n**Temps (min)** : {time_min}"
    assert document["properties"]["shortCredit"] == OSM
    # Features keep what their popup shows: the map stays light on a phone.
    assert set(layer["features"][0]["properties"]) == {"nom", "time_min", "_umap_options"}


def test_initial_zoom_frames_the_territory():
    # 25 km around Gap: about 0.32° wide -> zoom 11 on a 900 px wide map; France -> about 5.
    assert initial_zoom(5.9, 44.45, 6.22, 44.68) == 11
    assert initial_zoom(-5.0, 41.3, 9.6, 51.1) == 5


# -- confidentiality -------------------------------------------------------------------------------------------


def test_counts_of_cells_under_eleven_households_are_withheld_not_their_times():
    names = ["idcar_200m", "imputed", "ind", "ind_0_3", "time_min"]
    rows = [
        ["CRS3035RES200mN1E1", 1, 8.0, 0.4, 12.0],
        ["CRS3035RES200mN1E2", 0, 130.0, 6.0, 3.5],
        ["CRS3035RES200mN1E3", 1, 3.0, 0.2, None],
    ]
    rule = grid_rule(names)
    assert rule.flag_field == "imputed" and rule.withheld_fields == ("ind", "ind_0_3")
    masked, summary = mask_rows(names, rows, rule)
    assert masked[0] == ["CRS3035RES200mN1E1", 1, None, None, 12.0]
    assert masked[1] == rows[1]
    assert masked[2][2] is None and masked[2][4] is None
    assert (summary.cells, summary.masked_cells, summary.masked_population, summary.published_population) == (
        3,
        2,
        11.0,
        130.0,
    )
    assert rows[0][2] == 8.0  # the input is not changed


def test_without_flag_fewer_than_eleven_inhabitants_is_below_the_threshold():
    rule = grid_rule(["idcar_200m", "ind", "time_min"])
    assert rule.flag_field is None
    assert is_confidential({"ind": 10.5}, rule) and not is_confidential({"ind": 11}, rule)


def test_aggregated_tables_are_not_grid_layers():
    assert grid_rule(["code", "nom", "pop_total", "pop_le_10"]) is None
    assert grid_rule(["nom", "time_min"]) is None


# -- provenance, DCAT-AP, LISEZMOI -------------------------------------------------------------------------------

ABSTRACT = """Population within each travel-time threshold per area.

Method: vigie:coverage (Vigie 0.1.0)
Date: 2026-12-07T08:00:00+01:00
Parameters:
  THRESHOLDS = 10,20,30
  aggregation = AREAS by location, area-weighted split
Sources:
  INSEE Filosofi 2019 (Licence Ouverte)
  © OpenStreetMap contributors (ODbL)"""


def test_provenance_is_read_back_from_the_abstract():
    provenance = parse_provenance(ABSTRACT)
    assert provenance.summary == "Population within each travel-time threshold per area."
    assert (provenance.method, provenance.version) == ("vigie:coverage", "0.1.0")
    assert provenance.date == "2026-12-07T08:00:00+01:00"
    assert provenance.parameters == {"THRESHOLDS": "10,20,30", "aggregation": "AREAS by location, area-weighted split"}
    assert provenance.sources == [FILOSOFI, OSM]
    assert not parse_provenance("a layer made by hand").known


def _record(contact="sig@champsaur.fr"):
    provenance = parse_provenance(ABSTRACT)
    return dcat.dataset(
        "Accès aux hôpitaux",
        "Temps d'accès",
        "CC du Champsaur",
        contact,
        ODBL,
        "ODbL : dérive d'OpenStreetMap",
        [("05061", "Gap"), ("05132", "Saint-Bonnet-en-Champsaur")],
        [(FILOSOFI, LICENCE_OUVERTE), (OSM, ODBL), (FINESS, None)],
        [
            {
                "layer": "couverture",
                "method": provenance.method,
                "version": provenance.version,
                "date": provenance.date,
                "parameters": provenance.parameters,
            }
        ],
        [dcat.distribution("donnees.gpkg", "donnees.gpkg", "Toutes les couches", ODBL, 1024)],
        "2026-12-07",
        keywords=["vigie"],
    )


def test_dcat_record_validates_against_the_dcat_ap_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    record = _record()
    jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
    assert record["dct:temporal"] == {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": "2019-01-01",
        "dcat:endDate": "2026-12-07",
    }
    assert [s["dct:identifier"] for s in record["dct:spatial"]] == ["05061", "05132"]
    assert record["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:sig@champsaur.fr"}
    osm = next(s for s in record["dct:source"] if s["dct:title"] == OSM)
    assert osm["dct:license"]["@id"] == ODBL.url
    generated = record["prov:wasGeneratedBy"][0]
    assert generated["prov:used"] == "vigie:coverage" and generated["vigie:parameters"]["THRESHOLDS"] == "10,20,30"


def test_schema_refuses_a_record_without_mandatory_properties():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    record = _record()
    del record["dct:description"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)
    record = _record()
    record["dcat:distribution"][0].pop("dcat:accessURL")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)


def _readme(**package):
    """LISEZMOI.md of a small package; ``package`` overrides its fields."""
    return lisezmoi(
        {
            "title": "Accès",
            "description": "",
            "organisation": "CC",
            "contact": "",
            "issued": "2026-12-07",
            "licence": ODBL,
            "licence_reason": "",
            "areas": [],
            "sources": [(OSM, ODBL.name_fr)],
            "layers": [],
            "files": [],
            "confidentiality": "",
            "version": "0.1.0",
            **package,
        }
    )


def test_every_field_gets_a_meaning_in_french():
    assert field_meaning("share_le_20") == "part des habitants à 20 minutes ou moins du service, en %"
    assert field_meaning("ind_25_39") == "habitants âgés de 25 à 39 ans (vide sous le seuil de 11 ménages)"
    assert field_meaning("code").startswith("code INSEE")
    text = _readme(
        licence_reason="Publié sous ODbL.",
        areas=[("05061", "Gap")],
        layers=[
            {"name": "c", "stem": "c", "title": "Couverture", "fields": ["code", "pop_le_10", "mystery"], "rows": 2}
        ],
        files=[("`c.csv`", "table")],
        confidentiality="Règle.",
    )
    for expected in (
        "`code`",
        "`pop_le_10`",
        "`mystery`",
        "Gap (05061)",
        OSM,
        "Publié sous ODbL.",
        "## Secret statistique",
    ):
        assert expected in text


def test_an_unstated_licence_is_said_once_in_the_document_language():
    from vigie.plugin.layouts.report_text import source_line

    english, french = "communes — licence not stated", "communes — licence non précisée"
    text = _readme(sources=[(english, ""), ("Mairie de Gap", ""), (OSM, ODBL.name_fr)])
    assert f"- {french} : à vérifier auprès du producteur" in text
    assert "- Mairie de Gap — licence : à vérifier auprès du producteur" in text
    assert "not stated" not in text and "précisée — licence" not in text
    assert source_line(english, "", "fr") == f"• {french}"
    assert source_line(french, "", "en") == f"• {english}"
    assert source_line("Mairie de Gap", "", "fr") == "• Mairie de Gap — licence à vérifier auprès du producteur"
    assert source_line(OSM, ODBL.name, "en") == f"• {OSM} — licence: {ODBL.name}"


def test_style_classes_print_in_the_legend_language():
    from vigie.plugin.layouts.labels import printed_class_label

    assert printed_class_label("45 min and more", "fr") == "45 min et plus"
    assert printed_class_label("Non atteint", "en") == "Not reached"
    assert printed_class_label("5–10 min faster", "fr") == "5–10 min de gain"
    assert printed_class_label("10–20 min", "fr") == "10–20 min"
    assert printed_class_label("Gap", "fr") == "Gap"


# -- atomic package -------------------------------------------------------------------------------------------------


def test_a_failed_package_leaves_nothing_and_keeps_the_previous_one(tmp_path):
    target = tmp_path / "paquet"
    with staged_package(target) as folder:
        (folder / "a.csv").write_text("v1")
    assert (target / "a.csv").read_text() == "v1"
    with pytest.raises(RuntimeError), staged_package(target) as folder:
        (folder / "a.csv").write_text("half")
        raise RuntimeError("canceled")
    assert (target / "a.csv").read_text() == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paquet"]
    with staged_package(target) as folder:
        (folder / "b.csv").write_text("v2")
    assert sorted(p.name for p in target.iterdir()) == ["b.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paquet"]


def test_a_zip_package_is_written_whole(tmp_path):
    target = tmp_path / "paquet.zip"
    with staged_package(target) as folder:
        (folder / "LISEZMOI.md").write_text("# x", encoding="utf-8")
        (folder / "t.csv").write_text("a;b", encoding="utf-8")
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["LISEZMOI.md", "t.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["paquet.zip"]
    assert Path(target).stat().st_mode & 0o777 != 0o600


# -- report words ------------------------------------------------------------------------------------------------


def test_method_in_plain_words_from_the_recorded_parameters():
    from vigie.plugin.layouts.report_text import method_paragraphs

    road = ("vigie:roadtraveltime", {"network": "roads-osm", "max_time_min": "60.0"})
    unlimited = ("vigie:roadtraveltime", {"network": "roads-osm", "max_time_min": "0.0"})
    coverage = ("vigie:coverage", {"THRESHOLDS": "10,20,30"})
    french = method_paragraphs([road, coverage, road], "fr")
    assert len(french) == 2  # one paragraph per method
    assert "plus de 60 minutes est compté comme non atteint" in french[0]
    assert french[1].endswith("10, 20, 30 minutes.")
    assert "minutes" not in method_paragraphs([unlimited], "fr")[0].split("(réseau")[1]
    assert method_paragraphs([("vigie:odmatrix", {"K": "3"})], "en") == ["vigie:odmatrix (parameters: K = 3)."]


def test_commune_table_least_served_first_with_highlights():
    from vigie.plugin.layouts.report_text import commune_rows

    rows = [
        {
            "nom": "Gap",
            "code": "05061",
            "is_total": 0,
            "pop_total": 40000.0,
            "share_le_20": 99.0,
            "median_time_min": 4.0,
        },
        {
            "nom": "Rabou",
            "code": "05112",
            "is_total": 0,
            "pop_total": 76.0,
            "share_le_20": 34.2,
            "median_time_min": 22.5,
        },
        {"nom": "Ancelle", "code": "05004", "is_total": 0, "pop_total": 0.0, "share_le_20": None},
        {"nom": None, "code": None, "is_total": 1, "pop_total": 40076.0, "share_le_20": 98.9},
    ]
    table, highlighted, left_out = commune_rows(rows, [(20.0, "pop_le_20")], "share_le_20", "nom", "code", "fr", 50)
    assert [row[0] for row in table] == ["Rabou", "Gap"]
    assert highlighted == [True, False] and left_out == 1
    assert table[0][1] == "05112" and table[0][3] == "34\u00a0%" and table[0][4] == "22,5 min"
