"""Vigie print layouts: one complete, attributed map page, and an atlas with a page per area.

Every item gets a stable id (``ITEM_IDS``) so tests and users find it again in the
layout manager. Sizes are in millimetres and scale with the paper (A3 = A4 × 1.41).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsFillSymbol,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemPolygon,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPointXY,
    QgsPrintLayout,
    QgsProcessingException,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsTableCell,
    QgsTextFormat,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase, QPolygonF

from .labels import format_date, printed, printed_class_label
from .page import nice_scale_bar, page_geometry

ITEM_IDS = {
    "map": "vigie-map",
    "legend": "vigie-legend",
    "scale_bar": "vigie-scale-bar",
    "north_arrow": "vigie-north-arrow",
    "title": "vigie-title",
    "subtitle": "vigie-subtitle",
    "sources": "vigie-sources",
    "credits": "vigie-credits",
    "logo": "vigie-logo",
    "figures_title": "vigie-key-figures-title",
    "figures": "vigie-key-figures",
}
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"
# Sans-serif families that print well, in order of preference; the first installed one wins.
PREFERRED_FONTS = ("Open Sans", "Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica")
INK = QColor("#1a1a1a")
MUTED_INK = QColor("#4d4d4d")
ACCENT = QColor("#365c8d")
# Space kept around the framed area, as a share of its size, so outlines are not cut.
MAP_MARGIN = 0.06


def tr(text):
    return QCoreApplication.translate("VigieLayouts", text)


@dataclass
class MapSheet:
    """What a page shows besides the map: texts, figures, paper, language."""

    title: str
    subtitle: str = ""
    sources: list = field(default_factory=list)
    organisation: str = ""
    logo: str = ""
    # Key-figures table: first row the headers, then rows of text; empty for none.
    figures: list = field(default_factory=list)
    language: str = "en"
    day: date = field(default_factory=date.today)
    # Longest title the page may show (atlas titles vary per page): the title font is sized on it.
    title_sample: str = ""
    paper: str = "A4"
    orientation: str = "landscape"


# -- fonts --------------------------------------------------------------------


def choose_font_family(installed_families):
    """The preferred family among the installed ones, else the first installed one.

    Raises QgsProcessingException when no font at all is installed (a bare headless
    machine): QGIS would then print pages without any text.
    """
    families = list(installed_families)
    for family in PREFERRED_FONTS:
        if family in families:
            return family
    if families:
        return families[0]
    raise QgsProcessingException(
        tr(
            "No font is installed on this machine, so the map would print without any text. "
            "Install a font package (for example fonts-dejavu-core on Debian or Ubuntu) and run again."
        )
    )


def _font(family, size_pt, bold=False):
    font = QFont(family)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


def _text_format(font, colour=INK):
    text_format = QgsTextFormat.fromQFont(font)
    text_format.setSize(font.pointSizeF())
    text_format.setSizeUnit(QgsUnitTypes.RenderPoints)
    text_format.setColor(colour)
    return text_format


# -- small item helpers ---------------------------------------------------------


def _place(item, frame_or_rect, reference=QgsLayoutItem.UpperLeft):
    x, y, width, height = frame_or_rect
    item.setReferencePoint(QgsLayoutItem.UpperLeft)
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))
    if reference != QgsLayoutItem.UpperLeft:
        item.setReferencePoint(reference)


def _label(
    layout, item_id, text, font, rect, colour=INK, align=Qt.AlignmentFlag.AlignLeft, valign=Qt.AlignmentFlag.AlignTop
):
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    if hasattr(label, "setTextFormat"):  # QGIS >= 3.24
        label.setTextFormat(_text_format(font, colour))
    else:
        label.setFont(font)
        label.setFontColor(colour)
    label.setHAlign(align)
    label.setVAlign(valign)
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    _place(label, rect)
    return label


def _frame_tuple(frame):
    return (frame.x, frame.y, frame.width, frame.height)


def lines_needed(text, font, width_mm):
    """Lines a wrapped label needs (estimate with a safety factor for word breaks)."""
    from qgis.core import QgsLayoutUtils

    if width_mm <= 0:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        words_width = QgsLayoutUtils.textWidthMM(font, paragraph) * 1.12
        lines += 1 + int(words_width // width_mm)
    return lines


def fitting_font(text, family, size_pt, min_size_pt, width_mm, height_mm):
    """Largest font from size_pt down to min_size_pt whose wrapped text fits the box (None if none fits)."""
    from qgis.core import QgsLayoutUtils

    size = size_pt
    while size >= min_size_pt - 1e-9:
        font = _font(family, size)
        line_height = QgsLayoutUtils.fontHeightMM(font) * 1.2
        if lines_needed(text, font, width_mm) * line_height <= height_mm:
            return font
        size -= 0.25
    return None


def unwrapped_font(text, family, size_pt, min_size_pt, width_mm):
    """Largest font from size_pt down to min_size_pt that prints each line of text without wrapping
    (None if none does): a short block such as the credits reads badly with one word left alone."""
    size = size_pt
    while size >= min_size_pt - 1e-9:
        font = _font(family, size)
        if lines_needed(text, font, width_mm) == text.count("\n") + 1:
            return font
        size -= 0.25
    return None


# -- map, north arrow, scale bar, legend -----------------------------------------


def north_arrow_svg():
    """Path of QGIS's own north arrow SVG, or None when QGIS ships no SVG library here."""
    for folder in QgsApplication.svgPaths():
        candidate = Path(folder) / NORTH_ARROW_SVG
        if candidate.exists():
            return str(candidate)
    return None


def padded_extent(extent, margin=MAP_MARGIN):
    padded = QgsRectangle(extent)
    padded.grow(max(extent.width(), extent.height()) * margin)
    return padded


def _add_map(layout, frame, layers, extent, crs):
    map_item = QgsLayoutItemMap(layout)
    map_item.setId(ITEM_IDS["map"])
    layout.addLayoutItem(map_item)
    _place(map_item, _frame_tuple(frame))
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    map_item.setKeepLayerSet(True)
    map_item.setFrameEnabled(True)
    map_item.setFrameStrokeWidth(QgsLayoutMeasurement(0.3, QgsUnitTypes.LayoutMillimeters))
    map_item.setFrameStrokeColor(MUTED_INK)
    map_item.setBackgroundColor(QColor("#ffffff"))
    if extent is not None:
        frame_the_extent(map_item, extent)
    return map_item


def frame_the_extent(map_item, extent):
    """Show ``extent`` (map CRS) whole and centred, with a margin, keeping the item's size."""
    padded = padded_extent(extent)
    # A new map item has an empty extent, which zoomToExtent() ignores: set one first
    # (this resizes the item to its aspect ratio), then restore the size and fit.
    size = map_item.sizeWithUnits()
    map_item.setExtent(padded)
    map_item.attemptResize(size)
    map_item.zoomToExtent(padded)


def _add_north_arrow(layout, map_item, geometry, family):
    size = 9.0 * geometry.scale
    inset = 3.0 * geometry.scale
    frame = geometry.map
    rect = (frame.right - inset - size, frame.y + inset, size, size)
    svg = north_arrow_svg()
    if svg is not None:
        arrow = QgsLayoutItemPicture(layout)
        arrow.setId(ITEM_IDS["north_arrow"])
        arrow.setPicturePath(svg)
        arrow.setResizeMode(QgsLayoutItemPicture.Zoom)
        arrow.setLinkedMap(map_item)
        arrow.setNorthMode(QgsLayoutItemPicture.GridNorth)
        arrow.setBackgroundEnabled(True)
        arrow.setBackgroundColor(QColor(255, 255, 255, 210))
        layout.addLayoutItem(arrow)
        _place(arrow, rect)
        return arrow
    # No SVG library (minimal installs): a drawn triangle with an "N" above it.
    x, y, width, height = rect
    points = QPolygonF(
        [
            QPointF(x + width / 2, y + height * 0.35),
            QPointF(x + width * 0.8, y + height),
            QPointF(x + width / 2, y + height * 0.82),
            QPointF(x + width * 0.2, y + height),
        ]
    )
    arrow = QgsLayoutItemPolygon(points, layout)
    arrow.setId(ITEM_IDS["north_arrow"])
    arrow.setSymbol(QgsFillSymbol.createSimple({"color": INK.name(), "outline_style": "no"}))
    layout.addLayoutItem(arrow)
    _label(
        layout,
        ITEM_IDS["north_arrow"] + "-n",
        printed("north", "en"),
        _font(family, 9 * geometry.scale, True),
        (x, y, width, height * 0.33),
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    return arrow


def map_width_metres(map_item):
    """Ground width of the map, measured like QGIS's scale bar does (the project's ellipsoid)."""
    extent = map_item.extent()
    distance = QgsDistanceArea()
    project = map_item.layout().project()
    distance.setSourceCrs(map_item.crs(), project.transformContext())
    distance.setEllipsoid(project.ellipsoid() or "NONE")
    measured = distance.measureLine(
        QgsPointXY(extent.xMinimum(), extent.yMinimum()), QgsPointXY(extent.xMaximum(), extent.yMinimum())
    )
    return distance.convertLengthMeasurement(measured, QgsUnitTypes.DistanceMeters)


def fit_scale_bar(scale_bar, map_item):
    """Round segments (1, 2 or 5 × 10^n, in km from 1 km) about a quarter of the map wide."""
    segment_m, segments, unit = nice_scale_bar(map_width_metres(map_item))
    scale_bar.setUnits(QgsUnitTypes.DistanceKilometers if unit == "km" else QgsUnitTypes.DistanceMeters)
    scale_bar.setUnitsPerSegment(segment_m / 1000.0 if unit == "km" else segment_m)
    scale_bar.setMapUnitsPerScaleBarUnit(1.0)
    scale_bar.setUnitLabel(unit)
    scale_bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFixed)
    scale_bar.setNumberOfSegments(segments)
    scale_bar.setNumberOfSegmentsLeft(0)
    scale_bar.refreshItemSize()


def _add_scale_bar(layout, map_item, geometry, family):
    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setId(ITEM_IDS["scale_bar"])
    scale_bar.setStyle("Single Box")
    scale_bar.setLinkedMap(map_item)
    scale_bar.applyDefaultSettings()
    scale_bar.setHeight(1.6 * geometry.scale)
    font = _font(family, 7.0 * geometry.scale)
    if hasattr(scale_bar, "setTextFormat"):
        scale_bar.setTextFormat(_text_format(font))
    else:
        scale_bar.setFont(font)
    scale_bar.setBackgroundEnabled(True)
    scale_bar.setBackgroundColor(QColor(255, 255, 255, 210))
    scale_bar.setBoxContentSpace(1.2)
    layout.addLayoutItem(scale_bar)
    inset = 3.0 * geometry.scale
    scale_bar.setReferencePoint(QgsLayoutItem.LowerLeft)
    scale_bar.attemptMove(
        QgsLayoutPoint(geometry.map.x + inset, geometry.map.bottom - inset, QgsUnitTypes.LayoutMillimeters)
    )
    fit_scale_bar(scale_bar, map_item)
    return scale_bar


def wrap_text(text, font, width_mm):
    """``text`` with line breaks so that no line is wider than ``width_mm`` (words are never cut)."""
    from qgis.core import QgsLayoutUtils

    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and QgsLayoutUtils.textWidthMM(font, candidate) > width_mm:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return "\n".join(lines)


def _style_legend(legend, family, scale):
    legend.setStyleFont(QgsLegendStyle.Title, _font(family, 10.5 * scale, True))
    legend.setStyleFont(QgsLegendStyle.Group, _font(family, 8.5 * scale, True))
    legend.setStyleFont(QgsLegendStyle.Subgroup, _font(family, 8.5 * scale, True))
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, _font(family, 8.0 * scale))
    legend.setSymbolWidth(6.0 * scale)
    legend.setSymbolHeight(3.6 * scale)
    legend.rstyle(QgsLegendStyle.Title).setMargin(QgsLegendStyle.Bottom, 2.5 * scale)
    legend.rstyle(QgsLegendStyle.Subgroup).setMargin(QgsLegendStyle.Top, 2.5 * scale)
    legend.rstyle(QgsLegendStyle.Symbol).setMargin(QgsLegendStyle.Top, 1.2 * scale)


def _label_layer_nodes(legend, titles, family, scale, column_width):
    # Wrapped by hand: QGIS 3.22 legends do not wrap long layer names to a width.
    font = _font(family, 8.5 * scale, True)
    for node, title in zip(legend.model().rootGroup().findLayers(), titles):
        node.setCustomProperty("legend/title-label", wrap_text(title, font, column_width))


def legend_title(layer):
    """The layer's name, unless it is only its file name and its metadata has a real title.

    A name the user gave in the project wins; "road_times" from road_times.gpkg loses to
    "Road travel time to the nearest service".
    """
    name = layer.name()
    title = layer.metadata().title()
    file_stem = Path(layer.source().split("|")[0]).stem
    if title and (not name or name == file_stem):
        return title
    return name


def _print_class_labels(legend, node, language):
    """Vigie's class labels in the page's language: the layer keeps those of the QGIS that styled it."""
    legend_nodes = node.layer().legend().createLayerTreeModelLegendNodes(node)
    for index, legend_node in enumerate(legend_nodes):
        label = legend_node.data(Qt.ItemDataRole.DisplayRole)
        relabelled = printed_class_label(label, language) if isinstance(label, str) else label
        if relabelled != label:
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, index, relabelled)
    legend.model().refreshLayerLegend(node)


def _add_legend(layout, map_item, layers, geometry, family, language):
    """Legend of ``layers`` only, fitted to its frame: one column, else two, else smaller text."""
    frame = geometry.legend
    legend = QgsLayoutItemLegend(layout)
    legend.setId(ITEM_IDS["legend"])
    legend.setTitle(printed("legend", language))
    legend.setLinkedMap(map_item)
    layout.addLayoutItem(legend)
    # Only the layers of this map, in map order; not the whole project tree.
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in layers:
        root.addLayer(layer)
    for node in root.findLayers():
        _print_class_labels(legend, node, language)
    titles = [legend_title(layer) for layer in layers]
    # Classes absent from the map (a time band nobody falls in) are left out.
    legend.setLegendFilterByMapEnabled(True)
    legend.setFontColor(INK)
    legend.setBoxSpace(0.0)
    legend.setColumnSpace(4.0 * geometry.scale)
    legend.setSplitLayer(True)
    legend.setBackgroundEnabled(False)
    legend.setFrameEnabled(False)
    legend.setResizeToContents(True)
    legend.setWrapString("\n")
    legend.setReferencePoint(QgsLayoutItem.UpperLeft)
    legend.attemptMove(QgsLayoutPoint(frame.x, frame.y, QgsUnitTypes.LayoutMillimeters))
    symbol_room = 8.0 * geometry.scale
    for text_scale in (1.0, 0.9, 0.8):
        scale = geometry.scale * text_scale
        _style_legend(legend, family, scale)
        for columns in (1, 2):
            column_width = (frame.width - (columns - 1) * 4.0 * geometry.scale) / columns - symbol_room
            legend.setColumnCount(columns)
            _label_layer_nodes(legend, titles, family, scale, column_width)
            legend.updateLegend()
            legend.adjustBoxSize()
            size = legend.sizeWithUnits()
            if size.height() <= frame.height and size.width() <= frame.width + 0.5:
                return legend
    return legend


# -- key figures ----------------------------------------------------------------


def _figures_title(layout, geometry, family, language):
    frame = geometry.figures
    font = _font(family, 10.5 * geometry.scale, True)
    return _label(
        layout,
        ITEM_IDS["figures_title"],
        printed("key_figures", language),
        font,
        (frame.x, frame.y, frame.width, 6.0 * geometry.scale),
    )


def _style_table(table, geometry, family):
    scale = geometry.scale
    table.setHeaderTextFormat(_text_format(_font(family, 7.5 * scale, True)))
    table.setContentTextFormat(_text_format(_font(family, 7.5 * scale)))
    table.setCellMargin(1.0 * scale)
    table.setShowGrid(True)
    table.setGridStrokeWidth(0.15)
    table.setGridColor(QColor("#bdbdbd"))
    table.setHorizontalGrid(True)
    table.setVerticalGrid(False)
    if hasattr(table, "setHeaderHAlignment"):
        table.setHeaderHAlignment(QgsLayoutTable.FollowColumn)


def _table_frame(layout, table, geometry, item_id):
    frame = geometry.figures
    top = frame.y + 7.0 * geometry.scale
    layout_frame = QgsLayoutFrame(layout, table)
    layout_frame.setId(item_id)
    layout_frame.attemptSetSceneRect(QRectF(frame.x, top, frame.width, frame.bottom - top))
    table.addFrame(layout_frame)
    return layout_frame


def _columns(headers, widths_mm):
    columns = []
    for index, (header, width) in enumerate(zip(headers, widths_mm)):
        column = QgsLayoutTableColumn(header)
        column.setHAlignment(Qt.AlignmentFlag.AlignLeft if index == 0 else Qt.AlignmentFlag.AlignRight)
        column.setWidth(width)
        columns.append(column)
    return columns


def _column_widths(count, total_width):
    if count <= 1:
        return [0.0]
    first = total_width * (0.42 if count == 3 else 1.0 / count)
    rest = (total_width - first) / (count - 1)
    return [first] + [rest] * (count - 1)


def _add_manual_figures(layout, figures, geometry, family, language, titled=True):
    if titled:  # a report page already has "Key figures" as its heading
        _figures_title(layout, geometry, family, language)
    table = QgsLayoutItemManualTable.create(layout)
    scale = geometry.scale
    margin = 1.0 * scale
    columns = len(figures[0])
    widths = _column_widths(columns, geometry.figures.width - 2 * margin * columns - 1.0)
    # The header is the first content row in bold: manual tables of QGIS 3.22 do not
    # align their header cells with the columns.
    header_format = _text_format(_font(family, 7.5 * scale, True))
    contents = []
    for row_index, row in enumerate(figures):
        cells = []
        for index, text in enumerate(row):
            cell = QgsTableCell(text)
            cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignLeft if index == 0 else Qt.AlignmentFlag.AlignRight)
            if row_index == 0:
                cell.setTextFormat(header_format)
            cells.append(cell)
        contents.append(cells)
    table.setIncludeTableHeader(False)
    table.setTableContents(contents)
    table.setColumnWidths(widths)
    _style_table(table, geometry, family)
    layout.addMultiFrame(table)
    _table_frame(layout, table, geometry, ITEM_IDS["figures"])
    return table


def add_attribute_figures(layout, table_layer, headers, field_names, feature_filter, geometry, family, language):
    """Key figures from a table layer, filtered by an expression (atlas pages use @atlas_feature)."""
    _figures_title(layout, geometry, family, language)
    table = QgsLayoutItemAttributeTable.create(layout)
    table.setVectorLayer(table_layer)
    margin = 1.0 * geometry.scale
    widths = _column_widths(len(field_names), geometry.figures.width - 2 * margin * len(field_names) - 1.0)
    columns = _columns(headers, widths)
    for column, name in zip(columns, field_names):
        column.setAttribute(name)
    table.setColumns(columns)
    table.setFilterFeatures(True)
    table.setFeatureFilter(feature_filter)
    table.setMaximumNumberOfFeatures(20)
    table.setEmptyTableBehavior(QgsLayoutItemAttributeTable.HideTable)
    _style_table(table, geometry, family)
    layout.addMultiFrame(table)
    _table_frame(layout, table, geometry, ITEM_IDS["figures"])
    return table


# -- header and footer ------------------------------------------------------------


def _add_header(layout, sheet, geometry, family):
    header = geometry.header
    scale = geometry.scale
    logo_width = 0.0
    if sheet.logo:
        logo_width = min(45.0 * scale, header.width * 0.25)
        logo = QgsLayoutItemPicture(layout)
        logo.setId(ITEM_IDS["logo"])
        logo.setPicturePath(sheet.logo)
        logo.setResizeMode(QgsLayoutItemPicture.Zoom)
        logo.setPictureAnchor(QgsLayoutItem.MiddleRight)
        layout.addLayoutItem(logo)
        _place(logo, (header.right - logo_width, header.y, logo_width, header.height - 1.5))
    text_width = header.width - logo_width - (4.0 if logo_width else 0.0)
    sample = sheet.title_sample or sheet.title
    title_font = fitting_font(sample, family, 18.0 * scale, 11.0 * scale, text_width, 11.0 * scale) or _font(
        family, 11.0 * scale
    )
    title_font.setBold(True)
    _label(layout, ITEM_IDS["title"], sheet.title, title_font, (header.x, header.y, text_width, 11.0 * scale))
    _label(
        layout,
        ITEM_IDS["subtitle"],
        sheet.subtitle,
        _font(family, 10.5 * scale),
        (header.x, header.y + 11.5 * scale, text_width, 6.0 * scale),
        colour=MUTED_INK,
    )
    rule = QgsLayoutItemShape(layout)
    rule.setShapeType(QgsLayoutItemShape.Rectangle)
    rule.setSymbol(QgsFillSymbol.createSimple({"color": ACCENT.name(), "outline_style": "no"}))
    layout.addLayoutItem(rule)
    _place(rule, (header.x, header.bottom + 0.5, header.width, 0.6 * scale))


def sources_text(sources, language):
    # French typography puts a space before the colon.
    colon = " : " if language == "fr" else ": "
    return printed("sources", language) + colon + " · ".join(sources)


def credits_text(sheet, crs=None):
    """Who made the map and when, then the projection of the map (a geomatician's first question)."""
    day = format_date(sheet.day, sheet.language)
    if sheet.organisation:
        lines = [printed("made_by", sheet.language).format(sheet.organisation, day)]
    else:
        lines = [printed("made_with", sheet.language).format(day)]
    if crs is not None and crs.isValid():
        lines.append(printed("projection", sheet.language).format(crs.description(), crs.authid()))
    return "\n".join(lines)


def _add_footer(layout, sheet, geometry, family, crs=None):
    footer = geometry.footer
    scale = geometry.scale
    credits_width = footer.width * 0.3
    sources_width = footer.width - credits_width - 6.0
    text = sources_text(sheet.sources, sheet.language) if sheet.sources else ""
    # One line down to 6 pt reads better than a wrapped line with "Ouverte)" left alone; wrap beyond.
    font = (
        (
            unwrapped_font(text, family, 7.0 * scale, 6.0, sources_width)
            or fitting_font(text, family, 7.0 * scale, 5.0, sources_width, footer.height)
        )
        if text
        else _font(family, 7.0)
    )
    if font is None:
        raise QgsProcessingException(
            tr("The sources line is too long to print ({0} characters): shorten SOURCES and run again.").format(
                len(text)
            )
        )
    _label(
        layout, ITEM_IDS["sources"], text, font, (footer.x, footer.y, sources_width, footer.height), colour=MUTED_INK
    )
    credits = credits_text(sheet, crs)
    credits_font = unwrapped_font(credits, family, 7.0 * scale, 5.0, credits_width) or fitting_font(
        credits, family, 7.0 * scale, 5.0, credits_width, footer.height
    )
    _label(
        layout,
        ITEM_IDS["credits"],
        credits,
        credits_font or _font(family, 5.0),
        (footer.right - credits_width, footer.y, credits_width, footer.height),
        colour=MUTED_INK,
        align=Qt.AlignmentFlag.AlignRight,
    )


# -- the layouts ---------------------------------------------------------------------


def _new_layout(project, name, geometry):
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(geometry.width, geometry.height, QgsUnitTypes.LayoutMillimeters))
    return layout


def map_draw_order(layers):
    """Layers top first, as QGIS wants them: points over lines over polygons over rasters, else as given."""
    rank = {QgsWkbTypes.PointGeometry: 0, QgsWkbTypes.LineGeometry: 1, QgsWkbTypes.PolygonGeometry: 2}

    def key(layer):
        geometry_type = layer.geometryType() if hasattr(layer, "geometryType") else None
        return rank.get(geometry_type, 3)

    return sorted(layers, key=key)


def build_map_layout(project, name, layers, extent, crs, sheet: MapSheet):
    """A one-page QgsPrintLayout (not yet added to the project's layout manager).

    ``layers`` top first, ``extent`` in ``crs`` (the map CRS). Items are found by ITEM_IDS.
    """
    family = choose_font_family(QFontDatabase().families())
    geometry = page_geometry(sheet.paper, sheet.orientation)
    layout = _new_layout(project, name, geometry)
    map_item = _add_map(layout, geometry.map, layers, extent, crs)
    _add_header(layout, sheet, geometry, family)
    _add_north_arrow(layout, map_item, geometry, family)
    _add_scale_bar(layout, map_item, geometry, family)
    _add_legend(layout, map_item, layers, geometry, family, sheet.language)
    if sheet.figures:
        _add_manual_figures(layout, sheet.figures, geometry, family, sheet.language)
    _add_footer(layout, sheet, geometry, family, crs)
    return layout


def build_atlas_layout(
    project, name, layers, areas_layer, crs, sheet: MapSheet, title_expression, figures=None, legend_layers=None
):
    """A QgsPrintLayout whose atlas makes one page per feature of ``areas_layer``.

    ``title_expression`` is a QGIS expression giving each page's title. ``figures`` is
    None or (table layer, headers, field names, filter expression using @atlas_featureid).
    ``legend_layers`` (default ``layers``) are the layers the legend lists.
    """
    family = choose_font_family(QFontDatabase().families())
    geometry = page_geometry(sheet.paper, sheet.orientation)
    layout = _new_layout(project, name, geometry)
    atlas = layout.atlas()
    atlas.setCoverageLayer(areas_layer)
    atlas.setEnabled(True)
    atlas.setHideCoverage(False)
    transform = QgsCoordinateTransform(areas_layer.crs(), crs, project.transformContext())
    map_item = _add_map(layout, geometry.map, layers, transform.transformBoundingBox(areas_layer.extent()), crs)
    map_item.setAtlasDriven(True)
    map_item.setAtlasScalingMode(QgsLayoutItemMap.Auto)
    map_item.setAtlasMargin(0.12)
    _add_header(layout, sheet, geometry, family)
    title = layout.itemById(ITEM_IDS["title"])
    title.setText(f"[% {title_expression} %]")
    _add_north_arrow(layout, map_item, geometry, family)
    scale_bar = _add_scale_bar(layout, map_item, geometry, family)
    # Each page has its own scale: round segments again whenever the atlas moves the map
    # (QGIS's "fit width" mode gives segments such as 0.9 km).
    map_item.extentChanged.connect(lambda: fit_scale_bar(scale_bar, map_item))
    _add_legend(layout, map_item, legend_layers or layers, geometry, family, sheet.language)
    if figures is not None:
        table_layer, headers, field_names, feature_filter = figures
        add_attribute_figures(
            layout, table_layer, headers, field_names, feature_filter, geometry, family, sheet.language
        )
    _add_footer(layout, sheet, geometry, family, crs)
    return layout
