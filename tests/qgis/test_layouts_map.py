"""vigie:maplayout end to end on the Hautes-Alpes sample: road times to hospitals over the 200 m grid.

Checks what a reader of the printed page sees: the text in the PDF, the items of the layout,
a map that is not blank, and the page against a reference image.
"""

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT, shared_path
from layouts_data import (
    COMMUNES,
    GRID,
    HOSPITALS,
    communes_layer,
    hospitals_layer,
    straight_line_times,
    vigie_registered,
)

REFERENCE_FOLDER = REPO_ROOT / "tests" / "reference"
REFERENCE_DPI = 40
TITLE = "Road travel time to the nearest hospital"
SUBTITLE = "Gap and Champsaur, 200 m population grid"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def pdf_text(path):
    """Text of a PDF as one line: ligatures unfolded, every run of spaces (and line breaks) as one space."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def flat(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def road_context(qgis_app, qgis_processing):
    """One Processing context holding the real road travel times to hospitals (run once for the module)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    with vigie_registered():
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        result = processing.run(
            "vigie:roadtraveltime",
            {
                "ORIGINS": str(shared_path(*GRID)),
                "DESTINATIONS": str(shared_path(*HOSPITALS)),
                "NETWORK": str(shared_path("data", "hautes-alpes", "roads-osm-2021-07-gap-champsaur-drivable.gpkg")),
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
            context=context,
            feedback=QgsProcessingFeedback(),
        )
        times = result["OUTPUT"]
        times.setName("Road travel time to the nearest hospital")
        yield context, times


def run_layout(context, parameters, algorithm="vigie:maplayout", feedback=None):
    import processing
    from qgis.core import QgsProcessingFeedback

    return processing.run(algorithm, parameters, context=context, feedback=feedback or QgsProcessingFeedback())


def map_frame_pixels(image, dpi):
    """(x0, y0, x1, y1) of the map frame of an A4 landscape page in pixels of ``image``."""
    from vigie.plugin.layouts.page import page_geometry

    frame = page_geometry("A4", "landscape").map
    to_px = dpi / 25.4
    return (
        int(frame.x * to_px) + 2,
        int(frame.y * to_px) + 2,
        int(frame.right * to_px) - 2,
        int(frame.bottom * to_px) - 2,
    )


def colour_statistics(image, box):
    """(share of non-white pixels, number of distinct colours) inside ``box``, sampled every 2 pixels."""
    x0, y0, x1, y1 = box
    coloured, total, colours = 0, 0, set()
    for y in range(y0, y1, 2):
        for x in range(x0, x1, 2):
            rgb = image.pixel(x, y) & 0xFFFFFF
            total += 1
            colours.add(rgb)
            if rgb != 0xFFFFFF:
                coloured += 1
    return coloured / total, len(colours)


@needs_poppler
def test_map_layout_prints_a_complete_attributed_page(road_context, tmp_path):
    from qgis.core import (
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutItemPicture,
        QgsLayoutItemScaleBar,
        QgsProject,
    )
    from qgis.PyQt.QtGui import QImage

    from vigie.plugin.i18n import user_language
    from vigie.plugin.layouts.builder import ITEM_IDS
    from vigie.plugin.layouts.inputs import collected_sources
    from vigie.plugin.layouts.labels import format_date, printed_language

    context, times = road_context
    layers = [hospitals_layer(), communes_layer(), times]
    pdf, png = tmp_path / "map.pdf", tmp_path / "map.png"
    result = run_layout(
        context,
        {
            "LAYERS": layers,
            "TITLE": TITLE,
            "SUBTITLE": SUBTITLE,
            "AREA": times,
            "ORGANISATION": "Pays Gapençais",
            "DPI": 100,
            "OUTPUT_PDF": str(pdf),
            "OUTPUT_PNG": str(png),
            "OUTPUT_LAYOUT": "Vigie test map",
        },
    )
    assert result["OUTPUT_PDF"] == str(pdf) and result["OUTPUT_PNG"] == str(png)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.pdf", "map.png"]  # no temporary file left

    # What the reader sees: title, subtitle, date, organisation and every source line.
    text = pdf_text(pdf)
    language = printed_language(user_language())
    for expected in (TITLE, SUBTITLE, format_date(date.today(), language), "Pays Gapençais"):
        assert flat(expected) in text
    sources = collected_sources(layers)
    assert "© OpenStreetMap contributors (ODbL)" in sources
    assert any("FINESS" in line for line in sources) and any("Filosofi" in line for line in sources)
    for line in sources:
        assert flat(line) in text, line
    for band in ("0–5 min", "5–10 min", "10–15 min"):
        assert band in text  # time-band labels in the legend

    # The layout kept in the project has the cartographic items.
    project = QgsProject.instance()
    layout = project.layoutManager().layoutByName(result["OUTPUT_LAYOUT"])
    try:
        assert isinstance(layout.itemById(ITEM_IDS["map"]), QgsLayoutItemMap)
        legend = layout.itemById(ITEM_IDS["legend"])
        assert isinstance(legend, QgsLayoutItemLegend)
        assert legend.legendFilterByMapEnabled()
        assert [node.layer() for node in legend.model().rootGroup().findLayers()] == layers
        scale_bar = layout.itemById(ITEM_IDS["scale_bar"])
        assert isinstance(scale_bar, QgsLayoutItemScaleBar)
        assert scale_bar.unitLabel() == "km" and scale_bar.unitsPerSegment() in (1, 2, 5, 10)
        arrow = layout.itemById(ITEM_IDS["north_arrow"])
        assert isinstance(arrow, QgsLayoutItemPicture)
        assert arrow.picturePath().endswith("NorthArrow_02.svg")
        # The map frames the whole grid.
        map_extent = layout.itemById(ITEM_IDS["map"]).extent()
        from qgis.core import QgsCoordinateTransform

        transform = QgsCoordinateTransform(times.crs(), layout.itemById(ITEM_IDS["map"]).crs(), project)
        assert map_extent.contains(transform.transformBoundingBox(times.extent()))
    finally:
        project.layoutManager().removeLayout(layout)
        for layer in layers:
            if project.mapLayer(layer.id()) is not None:
                project.takeMapLayer(layer)

    # The PNG map is not blank: time bands cover a good part of the frame, in several colours.
    image = QImage(str(png))
    assert image.width() == pytest.approx(297 / 25.4 * 100, abs=2)
    coloured, colours = colour_statistics(image, map_frame_pixels(image, 100))
    assert coloured > 0.08, coloured  # inhabited cells and outlines; about 14 % on this sample
    assert colours > 20, colours
    yellow = image.pixel(*_find_colour(image, map_frame_pixels(image, 100), 0xFDE725)) & 0xFFFFFF
    assert yellow == 0xFDE725  # the 0–5 min band around Gap is drawn


def _find_colour(image, box, rgb):
    x0, y0, x1, y1 = box
    for y in range(y0, y1, 2):
        for x in range(x0, x1, 2):
            if image.pixel(x, y) & 0xFFFFFF == rgb:
                return x, y
    pytest.fail(f"colour #{rgb:06x} not found in the map")


@needs_poppler
def test_key_figures_from_the_coverage_table_in_french(road_context, tmp_path, monkeypatch):
    import processing
    from qgis.core import QgsProcessingFeedback

    import vigie.processing_algorithms.layout_base as layout_base

    context, times = road_context
    coverage = processing.run(
        "vigie:coverage",
        {
            "POPULATION": times,
            "POPULATION_FIELD": "ind",
            "TIME_FIELD": "time_min",
            "THRESHOLDS": "10,20,30",
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
        context=context,
        feedback=QgsProcessingFeedback(),
    )["OUTPUT"]
    total = next(f for f in coverage.getFeatures() if f["is_total"] == 1)
    monkeypatch.setattr(layout_base, "user_language", lambda: "fr")  # shared by map, atlas, report
    pdf = tmp_path / "carte.pdf"
    run_layout(
        context,
        {
            "LAYERS": [communes_layer(), times],
            "TITLE": "Temps d'accès à l'hôpital",
            "SUMMARY": coverage,
            "PAPER": 1,  # A4 portrait
            "SOURCES": "Source A (Licence Ouverte)\nSource B (ODbL)",
            "OUTPUT_PDF": str(pdf),
        },
    )
    text = pdf_text(pdf)
    for expected in ("Légende", "Chiffres clés", "Temps de trajet", "≤ 10 min", "≤ 30 min", "Carte réalisée le"):
        assert expected in text, expected
    assert "Sources : Source A (Licence Ouverte) · Source B (ODbL)" in text
    # The total row of vigie:coverage, not the sum of its rows counted twice.
    assert flat(f"{round(total['pop_total']):,}".replace(",", "\u00a0")) in text


def test_default_organisation_comes_from_the_settings(road_context, tmp_path):
    from vigie.plugin.layouts.builder import ITEM_IDS
    from vigie.plugin.settings import default_organisation, set_default_organisation

    context, times = road_context
    previous = default_organisation()
    set_default_organisation("Communauté de communes du Champsaur-Valgaudemar")
    try:
        result = run_layout(
            context,
            {"LAYERS": [times], "OUTPUT_PDF": str(tmp_path / "m.pdf"), "OUTPUT_LAYOUT": "Vigie settings test"},
        )
    finally:
        set_default_organisation(previous)
    from qgis.core import QgsProject

    manager = QgsProject.instance().layoutManager()
    layout = manager.layoutByName(result["OUTPUT_LAYOUT"])
    try:
        assert "Champsaur-Valgaudemar" in layout.itemById(ITEM_IDS["credits"]).text()
        assert layout.itemById(ITEM_IDS["title"]).text() == times.name()  # default title
    finally:
        manager.removeLayout(layout)
        QgsProject.instance().takeMapLayer(times) if QgsProject.instance().mapLayer(times.id()) else None


def test_layout_matches_the_reference_image(qgis_app, tmp_path):
    """Same data, same date: the page must look like tests/reference (tolerance for anti-aliasing)."""
    from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsLayoutExporter, QgsProject
    from qgis.PyQt.QtCore import QSize, Qt
    from qgis.PyQt.QtGui import QImage

    from vigie.plugin.layouts.builder import MapSheet, build_map_layout
    from vigie.plugin.layouts.inputs import collected_sources

    times = straight_line_times()
    layers = [hospitals_layer(), communes_layer(), times]
    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    extent = QgsCoordinateTransform(times.crs(), crs, QgsProject.instance()).transformBoundingBox(times.extent())
    sheet = MapSheet(
        title=TITLE,
        subtitle=SUBTITLE,
        sources=collected_sources(layers),
        organisation="Pays Gapençais",
        figures=[["Travel time", "Population", "Share"], ["≤ 15 min", "41,200", "76%"], ["Total", "53,931", "100%"]],
        language="en",
        day=date(2026, 11, 29),
    )
    layout = build_map_layout(QgsProject.instance(), "reference", layers, extent, crs, sheet)
    image = QgsLayoutExporter(layout).renderPageToImage(0, QSize(), REFERENCE_DPI)
    # One reference per QGIS minor version: text and symbol rendering change between releases
    # (Debian 12 ships 3.22, Debian 13 a newer LTR).
    version = Qgis.QGIS_VERSION.split("-")[0].rsplit(".", 1)[0]
    reference_file = REFERENCE_FOLDER / f"layouts_map_a4_landscape-qgis{version}.png"
    if os.environ.get("VIGIE_UPDATE_REFERENCES"):
        reference_file.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(reference_file), "PNG")
    if not reference_file.exists():
        pytest.skip(f"no reference image for QGIS {version}: run with VIGIE_UPDATE_REFERENCES=1, look at it, commit it")
    reference = QImage(str(reference_file)).convertToFormat(image.format())
    assert (reference.width(), reference.height()) == (image.width(), image.height())
    # Compared over 2 × 2 pixel blocks: anti-aliasing noise fades out, while a missing key-figures
    # table (0.4 % of blocks) or another title (0.7 %) fails. Reference made on QGIS 3.22 with
    # DejaVu Sans; on another QGIS or font set, regenerate it (VIGIE_UPDATE_REFERENCES=1) and look at it.
    size = QSize(image.width() // 2, image.height() // 2)
    small = image.scaled(size, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
    small_reference = reference.scaled(size, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
    differing, total_difference, count = 0, 0, 0
    for y in range(size.height()):
        for x in range(size.width()):
            a, b = small.pixel(x, y), small_reference.pixel(x, y)
            difference = max(abs(((a >> s) & 255) - ((b >> s) & 255)) for s in (0, 8, 16))
            total_difference += difference
            differing += difference > 32
            count += 1
    if differing / count > 0.002 or total_difference / count > 0.3:
        image.save(str(tmp_path / "rendered.png"), "PNG")
    assert differing / count <= 0.002, f"{differing / count:.2%} of blocks differ; see {tmp_path / 'rendered.png'}"
    assert total_difference / count <= 0.3


# -- bad input -------------------------------------------------------------------------------


def _error_of(context, parameters):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as caught:
        run_layout(context, parameters)
    return str(caught.value)


def test_no_layer_is_refused(road_context, tmp_path):
    context, _ = road_context
    message = _error_of(context, {"LAYERS": [], "OUTPUT_PDF": str(tmp_path / "m.pdf")})
    assert "LAYERS" in message
    assert not any(tmp_path.iterdir())


def test_empty_extent_is_refused(road_context, tmp_path):
    context, times = road_context
    message = _error_of(
        context,
        {
            "LAYERS": [times],
            "EXTENT": "930000,930000,6390000,6390000 [EPSG:2154]",
            "OUTPUT_PDF": str(tmp_path / "m.pdf"),
        },
    )
    assert "extent" in message.lower() and "empty" in message.lower()
    empty_area = communes_layer(codes=["99999"])
    message = _error_of(context, {"LAYERS": [times], "AREA": empty_area, "OUTPUT_PDF": str(tmp_path / "m.pdf")})
    assert "AREA" in message
    assert not any(tmp_path.iterdir())


def test_unwritable_output_is_refused_before_rendering(road_context, tmp_path):
    context, times = road_context
    message = _error_of(context, {"LAYERS": [times], "OUTPUT_PDF": str(tmp_path / "missing" / "m.pdf")})
    assert "does not exist" in message
    if os.geteuid() != 0:  # root writes anywhere: the permission case needs a normal user
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        message = _error_of(context, {"LAYERS": [times], "OUTPUT_PDF": str(locked / "m.pdf")})
        assert "permission" in message
    # A good PDF path with a bad PNG path writes nothing at all.
    message = _error_of(
        context, {"LAYERS": [times], "OUTPUT_PDF": str(tmp_path / "m.pdf"), "OUTPUT_PNG": str(tmp_path)}
    )
    assert "folder" in message
    assert not (tmp_path / "m.pdf").exists()


def test_missing_logo_is_refused(road_context, tmp_path):
    context, times = road_context
    message = _error_of(
        context, {"LAYERS": [times], "LOGO": str(tmp_path / "logo.png"), "OUTPUT_PDF": str(tmp_path / "m.pdf")}
    )
    assert "logo" in message.lower() and "logo.png" in message
    not_an_image = tmp_path / "logo.jpg"
    not_an_image.write_text("not an image")
    message = _error_of(context, {"LAYERS": [times], "LOGO": str(not_an_image), "OUTPUT_PDF": str(tmp_path / "m.pdf")})
    assert "image" in message
    assert not (tmp_path / "m.pdf").exists()


def test_no_font_installed_gives_a_clear_message(qgis_app):
    from qgis.core import QgsProcessingException

    from vigie.plugin.layouts.builder import choose_font_family

    assert choose_font_family(["Foo", "DejaVu Sans"]) == "DejaVu Sans"
    assert choose_font_family(["Foo"]) == "Foo"
    with pytest.raises(QgsProcessingException, match="font"):
        choose_font_family([])


def test_failed_export_leaves_no_half_written_pdf(qgis_app, tmp_path, monkeypatch):
    """The exporter dies mid-file: the earlier PDF stays intact and no partial file remains."""
    from qgis.core import QgsLayoutExporter, QgsProcessingException, QgsProject

    import vigie.plugin.layouts.export as export
    from vigie.plugin.layouts.builder import MapSheet, build_map_layout

    times = straight_line_times()
    layout = build_map_layout(QgsProject.instance(), "t", [times], times.extent(), times.crs(), MapSheet(title="t"))
    target = tmp_path / "map.pdf"
    target.write_bytes(b"%PDF-1.4 the previous, complete map")

    class DiesMidFile:
        Success = QgsLayoutExporter.Success
        PdfExportSettings = QgsLayoutExporter.PdfExportSettings

        def __init__(self, layout):
            pass

        def exportToPdf(self, path, settings):  # noqa: N802
            Path(path).write_bytes(b"%PDF-1.4 half")
            return QgsLayoutExporter.FileError

    monkeypatch.setattr(export, "QgsLayoutExporter", DiesMidFile)
    with pytest.raises(QgsProcessingException, match="cannot be written"):
        export.export_pdf(layout, target, 72)
    assert [p.name for p in tmp_path.iterdir()] == ["map.pdf"]
    assert target.read_bytes() == b"%PDF-1.4 the previous, complete map"


def test_communes_path_given_without_style_is_drawn_as_outlines(road_context, tmp_path):
    """A file given by path (qgis_process) gets the Vigie default style, not a random fill hiding the map."""
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt

    from vigie.plugin.layouts.builder import ITEM_IDS

    context, times = road_context
    result = run_layout(
        context,
        {
            "LAYERS": [str(shared_path(*COMMUNES)), times],
            "AREA": times,
            "OUTPUT_PDF": str(tmp_path / "m.pdf"),
            "OUTPUT_LAYOUT": "Vigie style test",
        },
    )
    manager = QgsProject.instance().layoutManager()
    layout = manager.layoutByName(result["OUTPUT_LAYOUT"])
    try:
        communes = layout.itemById(ITEM_IDS["map"]).layers()[0]
        symbol = communes.renderer().symbol()
        assert symbol.symbolLayer(0).brushStyle() == Qt.NoBrush  # outlines only
    finally:
        manager.removeLayout(layout)
        for layer in list(QgsProject.instance().mapLayers().values()):
            if layer.source().endswith("communes-2018-population.geojson"):
                QgsProject.instance().removeMapLayer(layer.id())


def test_north_arrow_is_drawn_when_qgis_ships_no_svg(qgis_app, monkeypatch):
    from qgis.core import QgsLayoutItemPolygon, QgsProject

    import vigie.plugin.layouts.builder as builder

    monkeypatch.setattr(builder, "north_arrow_svg", lambda: None)
    times = straight_line_times()
    layout = builder.build_map_layout(
        QgsProject.instance(), "t", [times], times.extent(), times.crs(), builder.MapSheet(title="t")
    )
    assert isinstance(layout.itemById(builder.ITEM_IDS["north_arrow"]), QgsLayoutItemPolygon)
    assert layout.itemById(builder.ITEM_IDS["north_arrow"] + "-n").text() == "N"
