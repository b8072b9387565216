"""The diagnostic report: a multi-page A4 portrait layout built from the same parts as the map.

Pages: cover (territory, date, organisation, logo); key figures; the map (the map page of
vigie:maplayout, same header, legend, scale bar and sources line); the table per commune,
least served first, communes under the threshold highlighted (as many pages as needed); the
method in plain words; sources and licences. Every page after the cover carries its number.
"""

from dataclasses import dataclass, field, replace

from qgis.core import (
    QgsFillSymbol,
    QgsLayoutFrame,
    QgsLayoutItemManualTable,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemShape,
    QgsLayoutSize,
    QgsTableCell,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFontDatabase

from .builder import (
    ACCENT,
    ITEM_IDS,
    MUTED_INK,
    MapSheet,
    _add_footer,
    _add_header,
    _add_legend,
    _add_manual_figures,
    _add_map,
    _add_north_arrow,
    _add_scale_bar,
    _font,
    _label,
    _new_layout,
    _place,
    _style_table,
    _text_format,
    choose_font_family,
    fitting_font,
)
from .labels import format_date
from .page import MARGIN, Frame, page_geometry
from .report_text import source_line, word

HIGHLIGHT = QColor("#fdd0a2")  # light orange: readable in grey, apart from the map's viridis
ROWS_PER_PAGE = 38
REPORT_IDS = {
    "cover_title": "vigie-report-title",
    "cover_subtitle": "vigie-report-territory",
    "cover_credits": "vigie-report-credits",
    "headlines": "vigie-report-headlines",
    "communes": "vigie-report-communes",
    "method": "vigie-report-method",
    "sources": "vigie-report-sources",
}


@dataclass
class KeyBlock:
    title: str  # the service, e.g. the coverage layer's title
    headlines: list  # sentences
    figures: list  # key-figures table: header row then rows


BLOCKS_PER_PAGE = 3


@dataclass
class ReportContent:
    sheet: MapSheet
    # One KeyBlock per service (or basket): the coverage table's figures, first the main one.
    key_blocks: list = field(default_factory=list)
    commune_header: list = field(default_factory=list)
    commune_rows: list = field(default_factory=list)
    highlighted: list = field(default_factory=list)
    communes_note: str = ""
    communes_absent: str = ""
    methods: list = field(default_factory=list)
    sources: list = field(default_factory=list)  # (attribution line, licence text)
    version: str = ""


def _shifted(geometry, dy):
    def move(frame):
        return Frame(frame.x, frame.y + dy, frame.width, frame.height)

    return replace(
        geometry,
        header=move(geometry.header),
        map=move(geometry.map),
        legend=move(geometry.legend),
        figures=move(geometry.figures),
        footer=move(geometry.footer),
    )


def _add_page(layout, geometry):
    page = QgsLayoutItemPage(layout)
    page.setPageSize(QgsLayoutSize(geometry.width, geometry.height, QgsUnitTypes.LayoutMillimeters))
    layout.pageCollection().addPage(page)
    return layout.pageCollection().pageCount() - 1


def _top(layout, index):
    return layout.pageCollection().page(index).pos().y()


def _heading(layout, text, family, top, geometry):
    _label(layout, "", text, _font(family, 16, True), (MARGIN, top + MARGIN, geometry.width - 2 * MARGIN, 10))
    rule = QgsLayoutItemShape(layout)
    rule.setShapeType(QgsLayoutItemShape.Rectangle)
    rule.setSymbol(QgsFillSymbol.createSimple({"color": ACCENT.name(), "outline_style": "no"}))
    layout.addLayoutItem(rule)
    _place(rule, (MARGIN, top + MARGIN + 11, geometry.width - 2 * MARGIN, 0.6))
    return top + MARGIN + 16


def _paragraphs(layout, item_id, paragraphs, family, rect, size=10.5):
    text = "\n\n".join(paragraphs)
    font = fitting_font(text, family, size, 7.0, rect[2], rect[3]) or _font(family, 7.0)
    return _label(layout, item_id, text, font, rect)


def _page_number(layout, sheet, family, top, geometry, number, count):
    text = f"{sheet.title} — " + word("page", sheet.language).format(number, count)
    _label(
        layout,
        "",
        text,
        _font(family, 7.5),
        (MARGIN, top + geometry.height - MARGIN - 4, geometry.width - 2 * MARGIN, 4),
        colour=MUTED_INK,
        align=Qt.AlignmentFlag.AlignRight,
    )


def _cover(layout, content, family, geometry):
    sheet = content.sheet
    top = _top(layout, 0)
    width = geometry.width - 2 * MARGIN
    if sheet.logo:
        logo = QgsLayoutItemPicture(layout)
        logo.setId(ITEM_IDS["logo"])
        logo.setPicturePath(sheet.logo)
        logo.setResizeMode(QgsLayoutItemPicture.Zoom)
        layout.addLayoutItem(logo)
        _place(logo, (MARGIN, top + 20, 60, 30))
    _label(layout, "", word("report", sheet.language), _font(family, 13), (MARGIN, top + 80, width, 8), colour=ACCENT)
    title_font = fitting_font(sheet.title, family, 30, 16, width, 36) or _font(family, 16)
    title_font.setBold(True)
    _label(layout, REPORT_IDS["cover_title"], sheet.title, title_font, (MARGIN, top + 92, width, 36))
    _label(
        layout,
        REPORT_IDS["cover_subtitle"],
        sheet.subtitle,
        _font(family, 16),
        (MARGIN, top + 132, width, 20),
        colour=MUTED_INK,
    )
    rule = QgsLayoutItemShape(layout)
    rule.setShapeType(QgsLayoutItemShape.Rectangle)
    rule.setSymbol(QgsFillSymbol.createSimple({"color": ACCENT.name(), "outline_style": "no"}))
    layout.addLayoutItem(rule)
    _place(rule, (MARGIN, top + 156, 60, 1.2))
    credits = [word("made_on", sheet.language).format(format_date(sheet.day, sheet.language))]
    if sheet.organisation:
        credits.insert(0, word("made_by", sheet.language).format(sheet.organisation))
    credits.append(word("made_with", sheet.language).format(content.version))
    _label(layout, REPORT_IDS["cover_credits"], "\n".join(credits), _font(family, 11), (MARGIN, top + 240, width, 30))


def _key_figures(layout, content, family, geometry, first_index):
    """Key figures of each service, BLOCKS_PER_PAGE to a page; returns the number of pages."""
    width = geometry.width - 2 * MARGIN
    blocks = content.key_blocks or [KeyBlock("", [], [])]
    pages = [blocks[start:][:BLOCKS_PER_PAGE] for start in range(0, len(blocks), BLOCKS_PER_PAGE)]
    single = len(blocks) == 1
    for offset, page_blocks in enumerate(pages):
        top = _top(layout, first_index + offset)
        body = _heading(layout, word("key_figures", content.sheet.language), family, top, geometry)
        height = 250.0 if single else 250.0 / BLOCKS_PER_PAGE
        for number, block in enumerate(page_blocks):
            y = body + 2 + number * height
            if block.title and not single:
                _label(layout, "", block.title, _font(family, 12, True), (MARGIN, y, width, 7), colour=ACCENT)
                y += 8
            text_height = 60.0 if single else 30.0
            size = 13 if single else 10
            _paragraphs(layout, REPORT_IDS["headlines"], block.headlines, family, (MARGIN, y, width, text_height), size)
            if block.figures:
                frame = Frame(MARGIN, y + text_height + 6, width * 0.7, height - text_height - 16)
                local = replace(geometry, figures=frame, scale=1.25 if single else 1.0)
                _add_manual_figures(layout, block.figures, local, family, content.sheet.language, titled=False)
    return len(pages)


def _map_page(layout, content, layers, extent, crs, family, geometry, index):
    local = _shifted(geometry, _top(layout, index))
    # The key figures have their own page: the legend takes the whole panel under the map.
    # A report map has two layers (cells and communes): their classes need more room than one map's.
    room = 35.0
    legend, frame = local.legend, local.map
    local = replace(
        local,
        map=Frame(frame.x, frame.y, frame.width, frame.height - room),
        legend=Frame(legend.x, legend.y - room, local.figures.right - legend.x, legend.height + room),
    )
    map_item = _add_map(layout, local.map, layers, extent, crs)
    _add_header(layout, content.sheet, local, family)
    _add_north_arrow(layout, map_item, local, family)
    _add_scale_bar(layout, map_item, local, family)
    _add_legend(layout, map_item, layers, local, family, content.sheet.language)
    _add_footer(layout, content.sheet, local, family, crs)


def _commune_table(layout, header, rows, highlighted, family, rect):
    table = QgsLayoutItemManualTable.create(layout)
    header_format = _text_format(_font(family, 8.5, True))
    contents = [[_cell(text, index, header_format) for index, text in enumerate(header)]]
    for row, marked in zip(rows, highlighted):
        cells = [_cell(text, index) for index, text in enumerate(row)]
        if marked:
            for cell in cells:
                cell.setBackgroundColor(HIGHLIGHT)
        contents.append(cells)
    table.setIncludeTableHeader(False)
    table.setTableContents(contents)
    first = rect[2] * 0.34
    rest = (rect[2] - first - 2.0 * len(header) - 1.0) / max(len(header) - 1, 1)
    table.setColumnWidths([first] + [rest] * (len(header) - 1))
    geometry = page_geometry("A4", "portrait")
    _style_table(table, geometry, family)
    table.setContentTextFormat(_text_format(_font(family, 8.5)))
    table.setHeaderTextFormat(header_format)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(REPORT_IDS["communes"])
    frame.attemptSetSceneRect(QRectF(*rect))
    table.addFrame(frame)
    return table


def _cell(text, index, text_format=None):
    cell = QgsTableCell(text)
    cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignLeft if index < 2 else Qt.AlignmentFlag.AlignRight)
    if text_format is not None:
        cell.setTextFormat(text_format)
    return cell


def _communes_pages(layout, content, family, geometry, first_index):
    starts = range(0, max(len(content.commune_rows), 1), ROWS_PER_PAGE)
    chunks = [
        (content.commune_rows[start:][:ROWS_PER_PAGE], content.highlighted[start:][:ROWS_PER_PAGE]) for start in starts
    ]
    width = geometry.width - 2 * MARGIN
    for offset, (rows, marks) in enumerate(chunks):
        index = first_index + offset
        top = _top(layout, index)
        body = _heading(layout, word("communes", content.sheet.language), family, top, geometry)
        if offset == 0:
            note = content.communes_note + ("\n" + content.communes_absent if content.communes_absent else "")
            _label(layout, "", note, _font(family, 8.5), (MARGIN, body, width, 12), colour=MUTED_INK)
        _commune_table(layout, content.commune_header, rows, marks, family, (MARGIN, body + 14, width, 235))
    return len(chunks)


def _text_page(layout, item_id, heading, paragraphs, family, geometry, index):
    top = _top(layout, index)
    body = _heading(layout, heading, family, top, geometry)
    _paragraphs(layout, item_id, paragraphs, family, (MARGIN, body + 2, geometry.width - 2 * MARGIN, 240))


def build_report_layout(project, name, layers, extent, crs, content: ReportContent):
    """The whole report as one QgsPrintLayout (pages in order); ``layers`` top first, ``extent`` in ``crs``."""
    family = choose_font_family(QFontDatabase().families())
    sheet = content.sheet
    geometry = page_geometry("A4", "portrait")
    layout = _new_layout(project, name, geometry)
    commune_pages = max(1, -(-len(content.commune_rows) // ROWS_PER_PAGE))
    figure_pages = max(1, -(-len(content.key_blocks) // BLOCKS_PER_PAGE))
    map_index = 1 + figure_pages
    page_count = map_index + 1 + commune_pages + 2
    for _ in range(page_count - 1):
        _add_page(layout, geometry)

    _cover(layout, content, family, geometry)
    _key_figures(layout, content, family, geometry, 1)
    _map_page(layout, content, layers, extent, crs, family, geometry, map_index)
    _communes_pages(layout, content, family, geometry, map_index + 1)
    method_index = map_index + 1 + commune_pages
    _text_page(
        layout, REPORT_IDS["method"], word("method", sheet.language), content.methods, family, geometry, method_index
    )
    source_lines = [source_line(line, licence, sheet.language) for line, licence in content.sources]
    source_lines.append(word("confidentiality", sheet.language))
    _text_page(
        layout,
        REPORT_IDS["sources"],
        word("sources", sheet.language),
        source_lines,
        family,
        geometry,
        method_index + 1,
    )
    for index in range(1, page_count):
        if index == map_index:
            continue  # the map page has its own footer (sources, credits)
        _page_number(layout, sheet, family, _top(layout, index), geometry, index + 1, page_count)
    return layout
