"""vigie:publish and vigie:report end to end on the real road diagnostic of the Hautes-Alpes sample.

The package must open in QGIS (every layer, styled, with its provenance), its CSV must read back
with pandas to the layers' values, its metadata validate against DCAT-AP, its licence follow the
inputs (OSM roads: ODbL), its uMap file have uMap's shape and its GeoJSON be valid for web maps;
nothing is left when the run is canceled. The report's text must show the title, every commune
and every source.
"""

import json
import re
import shutil
import subprocess
import unicodedata
import zipfile

import pandas as pd
import pytest
from conftest import REPO_ROOT, shared_path
from publish_data import loaded, road_diagnostic, run

SCHEMA = REPO_ROOT / "tests" / "fixtures" / "publish" / "dcat_ap_2.1.1_dataset.schema.json"
TITLE = "Accès aux hôpitaux"


@pytest.fixture(scope="module")
def diagnostic(qgis_app, qgis_processing, tmp_path_factory):
    folder = tmp_path_factory.mktemp("diagnostic")
    times, coverage = road_diagnostic(folder)
    return folder, loaded(times, "Temps vers l'hôpital"), loaded(coverage, "Couverture par commune")


@pytest.fixture(scope="module")
def package(diagnostic):
    folder, times, coverage = diagnostic
    target = folder / "paquet"
    result = run(
        "vigie:publish",
        {
            "LAYERS": [times, coverage],
            "TITLE": TITLE,
            "ORGANISATION": "CC du Champsaur-Valgaudemar",
            "CONTACT": "sig@example.org",
            "LICENCE": 0,  # Licence Ouverte asked: the OSM roads make it ODbL
            "OUTPUT_FOLDER": str(target),
        },
    )
    assert result["OUTPUT_FOLDER"] == str(target)
    return target, times, coverage


def _rows(layer):
    names = layer.fields().names()
    return names, [
        dict(zip(names, (None if v is None or str(v) == "NULL" else v for v in f.attributes())))
        for f in layer.getFeatures()
    ]


def test_every_layer_opens_styled_with_its_provenance(package):
    from qgis.core import QgsRuleBasedRenderer, QgsVectorLayer

    target, times, coverage = package
    geopackage = target / "donnees.gpkg"
    for stem, source in (("temps_vers_l_hopital", times), ("couverture_par_commune", coverage)):
        layer = QgsVectorLayer(f"{geopackage}|layername={stem}", stem, "ogr")
        assert layer.isValid(), stem
        assert layer.featureCount() == source.featureCount()
        _, has_style = layer.loadDefaultStyle()
        assert has_style, f"{stem}: no style saved in the GeoPackage"
        assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
        assert [r.label() for r in layer.renderer().rootRule().children()] == [
            r.label() for r in source.renderer().rootRule().children()
        ]
        layer.loadDefaultMetadata()
        assert "© OpenStreetMap contributors (ODbL)" in layer.metadata().rights()
    assert not list(target.glob("*-wal")) and not list(target.parent.glob(".paquet*"))


def test_csv_reads_back_with_pandas_to_the_layer_values(package):
    target, _, coverage = package
    names, rows = _rows(coverage)
    for name, sep, decimal in (
        ("couverture_par_commune.csv", ";", ","),
        ("couverture_par_commune_international.csv", ",", "."),
    ):
        frame = pd.read_csv(
            target / name,
            sep=sep,
            decimal=decimal,
            encoding="utf-8-sig",
            dtype={"code": str, "area_id": str, "nom": str},
            float_precision="round_trip",
        )
        assert list(frame.columns) == names
        assert frame["code"].dropna().tolist() == [r["code"] for r in rows if r["code"] is not None]
        assert all(re.fullmatch(r"05\d{3}", code) for code in frame["code"].dropna())  # leading zeros kept
        for field in ("pop_total", "pop_le_10", "share_le_20", "median_time_min"):
            expected = [r[field] for r in rows]
            read = [None if pd.isna(v) else v for v in frame[field].tolist()]
            assert read == expected, field


def test_counts_of_small_cells_are_withheld_but_still_in_the_totals(package):
    from qgis.core import QgsVectorLayer

    target, times, coverage = package
    published = QgsVectorLayer(f"{target / 'donnees.gpkg'}|layername=temps_vers_l_hopital", "t", "ogr")
    _, original = _rows(times)
    _, rows = _rows(published)
    imputed = [r for r in rows if r["imputed"] == 1]
    assert imputed and all(r["ind"] is None and r["ind_25_39"] is None for r in imputed)
    assert all(r["ind"] is not None for r in rows if r["imputed"] == 0)
    assert [r["time_min"] for r in rows] == [r["time_min"] for r in original]  # times stay published
    frame = pd.read_csv(target / "temps_vers_l_hopital_international.csv", dtype={"idcar_200m": str})
    assert frame.loc[frame["imputed"] == 1, "ind"].isna().all()
    # The aggregates still count everyone: published coverage == coverage computed from every cell.
    _, coverage_rows = _rows(coverage)
    total = next(r for r in coverage_rows if r["is_total"] == 1)
    assert total["pop_total"] == pytest.approx(sum(r["ind"] for r in original))
    readme = (target / "LISEZMOI.md").read_text(encoding="utf-8")
    assert f"{len(imputed)} carreaux sur {len(rows)} ont leurs effectifs masqués" in readme


def test_metadata_is_dcat_ap_and_the_licence_follows_the_osm_input(package):
    jsonschema = pytest.importorskip("jsonschema")
    target, _, _ = package
    record = json.loads((target / "metadata.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, json.loads(SCHEMA.read_text()), format_checker=jsonschema.FormatChecker())
    assert record["dct:license"]["dct:identifier"] == "ODbL-1.0"  # Licence Ouverte was asked
    assert all(d["dct:license"]["dct:identifier"] == "ODbL-1.0" for d in record["dcat:distribution"])
    sources = {s["dct:title"]: s.get("dct:license", {}).get("dct:identifier") for s in record["dct:source"]}
    assert sources["© OpenStreetMap contributors (ODbL)"] == "ODbL-1.0"
    assert sources["INSEE Filosofi 2019 (Licence Ouverte)"] == "etalab-2.0"
    files = {d["dcat:accessURL"]["@id"] for d in record["dcat:distribution"]}
    assert files == {p.name for p in target.iterdir()} - {"metadata.json"}
    codes = [s["dct:identifier"] for s in record["dct:spatial"]]
    assert "05061" in codes and len(codes) == len(set(codes))
    methods = {g["prov:used"]: g["vigie:parameters"] for g in record["prov:wasGeneratedBy"]}
    assert methods["vigie:coverage"]["THRESHOLDS"] == "10,20,30"
    assert methods["vigie:roadtraveltime"]["max_time_min"] == "60.0"
    readme = (target / "LISEZMOI.md").read_text(encoding="utf-8")
    assert "publié sous ODbL parce qu'il dérive de données sous ODbL" in readme


def test_umap_file_has_umaps_shape_and_valid_layers(package):
    from vigie.plugin.core.publish.geojson import problems

    target, times, coverage = package
    example = json.loads(shared_path("fixtures", "umap_backup_example.umap").read_text(encoding="utf-8"))
    document = json.loads((target / "carte.umap").read_text(encoding="utf-8"))
    assert set(document) == set(example) and document["type"] == "umap"
    assert [layer["_umap_options"]["name"] for layer in document["layers"]] == [times.name(), coverage.name()]
    for layer, source in zip(document["layers"], (times, coverage)):
        assert layer["type"] == "FeatureCollection"
        assert problems(layer) == []
        with_geometry = sum(1 for f in source.getFeatures() if f.hasGeometry() and not f.geometry().isEmpty())
        assert len(layer["features"]) == with_geometry
        assert layer["_umap_options"]["popupContentTemplate"].startswith("# {")
    # Same colours as the QGIS classes: the first time band is the viridis yellow of styles.py.
    from vigie.plugin.styles import TIME_BAND_COLOURS, UNREACHED_COLOUR

    colours = {f["properties"]["_umap_options"].get("fillColor") for f in document["layers"][0]["features"]}
    assert colours <= set(TIME_BAND_COLOURS) | {UNREACHED_COLOUR} and TIME_BAND_COLOURS[0] in colours
    west, south = document["geometry"]["coordinates"]
    assert 5.8 < west < 6.4 and 44.4 < south < 44.9  # opens on Gap–Champsaur
    for name in ("temps_vers_l_hopital.geojson", "couverture_par_commune.geojson"):
        collection = json.loads((target / name).read_text(encoding="utf-8"))
        assert problems(collection) == []
        positions = re.findall(r"\[(-?\d+\.\d+),(-?\d+\.\d+)\]", (target / name).read_text())
        assert positions and max(len(x.split(".")[1]) for x, _ in positions) <= 5


def test_a_zip_package_holds_the_same_files(diagnostic, package):
    folder, times, coverage = diagnostic
    target = folder / "paquet.zip"
    run("vigie:publish", {"LAYERS": [coverage], "TITLE": TITLE, "OUTPUT_FOLDER": str(target)})
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
    assert {"donnees.gpkg", "metadata.json", "LISEZMOI.md", "carte.umap", "couverture_par_commune.csv"} <= names


def test_a_canceled_run_leaves_nothing(diagnostic):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    folder, times, coverage = diagnostic

    class CancelAfterFirstLayer(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            super().pushInfo(info)
            if "temps_vers_l_hopital" in info or "Publishing" in info:
                self.cancel()

    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(QgsProcessingException):
        processing.run(
            "vigie:publish",
            {"LAYERS": [times, coverage], "TITLE": TITLE, "OUTPUT_FOLDER": str(folder / "annule")},
            feedback=CancelAfterFirstLayer(),
        )
    assert sorted(p.name for p in folder.iterdir()) == before


def test_without_odbl_input_the_licence_ouverte_stays(qgis_app, qgis_processing, tmp_path):
    from layouts_data import straight_line_times

    layer = straight_line_times()  # INSEE Filosofi + FINESS, no OSM
    run("vigie:publish", {"LAYERS": [layer], "TITLE": TITLE, "OUTPUT_FOLDER": str(tmp_path / "p")})
    record = json.loads((tmp_path / "p" / "metadata.json").read_text(encoding="utf-8"))
    assert record["dct:license"]["dct:identifier"] == "etalab-2.0"


# -- report ------------------------------------------------------------------------------------------------


def _pdf_text(path):
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("language", [0, 1])
def test_report_shows_title_every_commune_and_every_source(diagnostic, language):
    folder, times, coverage = diagnostic
    pdf = folder / f"rapport-{language}.pdf"
    run(
        "vigie:report",
        {
            "COVERAGE": coverage,
            "LAYERS": [times, coverage],
            "TITLE": TITLE,
            "SUBTITLE": "Gap et Champsaur",
            "ORGANISATION": "CC du Champsaur-Valgaudemar",
            "LANGUAGE": language,
            "OUTPUT_PDF": str(pdf),
        },
    )
    text = _pdf_text(pdf)
    assert TITLE in text and "Gap et Champsaur" in text
    _, rows = _rows(coverage)
    inhabited = [r for r in rows if r["is_total"] == 0 and (r["pop_total"] or 0) > 0]
    assert len(inhabited) > 20
    for row in inhabited:
        assert re.sub(r"\s+", " ", row["nom"]) in text, row["nom"]
    for source in ("© OpenStreetMap contributors (ODbL)", "INSEE Filosofi 2019 (Licence Ouverte)", "FINESS"):
        assert source in text
    # The communes layer records no licence: said once, in the report's language, whatever QGIS's language.
    unstated = "communes-2018-population — licence non précisée" if language == 0 else "licence not stated"
    assert unstated in text
    assert not re.search(r"(non précisée|not stated) — licence", text)
    if language == 0:
        assert "Résultats par commune" in text and "Méthode" in text and "Sources et licences" in text
        assert "Temps en voiture" in text and "60 minutes" in text
        # The layers were styled by an English QGIS (no translation loaded in the tests): the legend
        # of a French report still prints its classes in French.
        assert "Non atteint" in text and "min et plus" in text
        assert "Not reached" not in text and "and more" not in text and "not stated" not in text
        # Checked by eye on the pages: one "Chiffres clés" heading, French licence names, no "commune(s)".
        assert text.count("Chiffres clés") == 1
        assert "licence : Open Database License (ODbL) version 1.0" in text
        assert "commune(s)" not in text and re.search(r"\d+ communes sans habitant dans le carroyage", text)
    else:
        assert "Results per commune" in text and "Drive time" in text
        assert "Not reached" in text and "Non atteint" not in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) == 6


def _images_on_first_page(pdf):
    listed = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [line.split() for line in listed.splitlines()[2:] if line.strip()]  # after the two header lines


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="needs pdfimages (poppler-utils)")
def test_report_cover_shows_the_logo(diagnostic):
    from qgis.PyQt.QtGui import QColor, QImage

    folder, times, coverage = diagnostic
    logo = folder / "logo.png"
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f78b4"))
    assert image.save(str(logo))
    parameters = {"COVERAGE": coverage, "LAYERS": [times, coverage], "TITLE": TITLE, "DPI": 72}
    without, with_logo = folder / "rapport-sans-logo.pdf", folder / "rapport-logo.pdf"
    run("vigie:report", {**parameters, "OUTPUT_PDF": str(without)})
    run("vigie:report", {**parameters, "LOGO": str(logo), "OUTPUT_PDF": str(with_logo)})
    assert _images_on_first_page(without) == []
    images = _images_on_first_page(with_logo)
    assert len(images) == 1, images
    width, height = int(images[0][3]), int(images[0][4])  # page num type width height …
    assert abs(width / height - 2.0) < 0.1  # the logo, not stretched


def test_a_temporary_output_package_is_written(diagnostic):
    _, _, coverage = diagnostic
    result = run("vigie:publish", {"LAYERS": [coverage], "TITLE": TITLE, "OUTPUT_FOLDER": "TEMPORARY_OUTPUT"})
    from pathlib import Path

    assert (Path(result["OUTPUT_FOLDER"]) / "LISEZMOI.md").is_file()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_report_prints_key_figures_per_service(diagnostic):
    from models_data import hautes_alpes

    folder, times, coverage = diagnostic
    other_path = folder / "couverture_5_15.gpkg"
    run(
        "vigie:coverage",
        {
            "POPULATION": str(folder / "temps_hopital.gpkg"),
            "AREAS": hautes_alpes("communes-2018-population.geojson"),
            "THRESHOLDS": "5,15",
            "OUTPUT": str(other_path),
        },
    )
    other = loaded(other_path, "Hôpital à 5 et 15 minutes")
    pdf = folder / "rapport-services.pdf"
    run(
        "vigie:report",
        {"COVERAGE": coverage, "OTHER_SERVICES": [other], "TITLE": TITLE, "OUTPUT_PDF": str(pdf)},
    )
    text = _pdf_text(pdf)
    assert "Couverture par commune" in text and "Hôpital à 5 et 15 minutes" in text
    assert "à 5 minutes ou moins" in text and "à 10 minutes ou moins" in text
    with pytest.raises(Exception, match="OTHER_SERVICES"):
        run("vigie:report", {"COVERAGE": coverage, "OTHER_SERVICES": [times], "OUTPUT_PDF": str(pdf)})
