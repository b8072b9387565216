"""Layout export speed: the full Vigie A4 page at 150 dpi, against a bare layout with only the map item.

Both layouts draw the same 2,368 cells of the 200 m grid, the 163 commune outlines and the 25
hospitals; the ratio shows what the legend (filtered by map content), scale bar, north arrow,
texts and key figures cost on top of drawing the map. Best of three runs each.

Run with ``make bench``. Target (issue 6): PDF and PNG export of an A4 at 150 dpi in under 5 s.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "qgis"))

from layouts_data import communes_layer, hospitals_layer, straight_line_times  # noqa: E402

DPI = 150
RUNS = 3
TARGET_S = 5.0


def _best_of(function):
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def test_bench_a4_export(qgis_app, tmp_path):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsLayoutItemMap,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsUnitTypes,
    )

    from vigie.plugin.layouts.builder import MapSheet, build_map_layout, frame_the_extent
    from vigie.plugin.layouts.export import export_pdf, export_png
    from vigie.plugin.layouts.inputs import collected_sources
    from vigie.plugin.layouts.page import page_geometry

    project = QgsProject.instance()
    times = straight_line_times()
    layers = [hospitals_layer(), communes_layer(), times]
    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    extent = QgsCoordinateTransform(times.crs(), crs, project).transformBoundingBox(times.extent())
    figures = [["Travel time", "Population", "Share"], ["≤ 10 min", "41,874", "78%"], ["Total", "53,931", "100%"]]
    sheet = MapSheet(
        title="Road travel time to the nearest hospital",
        subtitle="Gap and Champsaur",
        sources=collected_sources(layers),
        organisation="Pays Gapençais",
        figures=figures,
    )

    build_s = _best_of(lambda: build_map_layout(project, "bench", layers, extent, crs, sheet))
    full = build_map_layout(project, "bench", layers, extent, crs, sheet)

    # The reference: an A4 page with the map item alone, same frame, same layers, same extent.
    geometry = page_geometry("A4", "landscape")
    bare = QgsPrintLayout(project)
    bare.initializeDefaults()
    bare.pageCollection().page(0).setPageSize(QgsLayoutSize(297, 210, QgsUnitTypes.LayoutMillimeters))
    map_item = QgsLayoutItemMap(bare)
    bare.addLayoutItem(map_item)
    map_item.attemptSetSceneRect(full.itemById("vigie-map").sceneBoundingRect())
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    frame_the_extent(map_item, extent)
    assert geometry.map.width > 0

    results = {}
    for name, layout in (("bare", bare), ("full", full)):
        results[name, "pdf"] = _best_of(lambda layout=layout: export_pdf(layout, tmp_path / "page.pdf", DPI))
        results[name, "png"] = _best_of(lambda layout=layout: export_png(layout, tmp_path / "page.png", DPI))

    print()
    print(f"layout build (full page): {build_s * 1000:.0f} ms")
    for kind in ("pdf", "png"):
        bare_s, full_s = results["bare", kind], results["full", kind]
        verdict = "OK" if full_s < TARGET_S else "SLOW"
        print(
            f"A4 landscape {DPI} dpi {kind.upper()}: full page {full_s:.2f} s, map item alone {bare_s:.2f} s, "
            f"ratio full/bare {full_s / bare_s:.2f}x (target < {TARGET_S:.0f} s: {verdict})"
        )
    assert results["full", "pdf"] + build_s < TARGET_S
    assert results["full", "png"] + build_s < TARGET_S
