"""Page geometry, scale-bar units, printed words and key figures of Vigie layouts (plain Python)."""

from datetime import date

import pytest

from vigie.plugin.layouts.figures import coverage_fields, coverage_key_figures, plain_table, summary_rows
from vigie.plugin.layouts.labels import format_count, format_date, format_share, printed, printed_language
from vigie.plugin.layouts.page import PAPER_CHOICES, nice_scale_bar, page_geometry


def _overlap(a, b):
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


@pytest.mark.parametrize(("paper", "orientation"), PAPER_CHOICES)
def test_page_blocks_fit_the_paper_without_overlapping(paper, orientation):
    page = page_geometry(paper, orientation)
    blocks = [page.header, page.map, page.legend, page.figures, page.footer]
    for block in blocks:
        assert block.x >= 8 - 1e-9 and block.y >= 8 - 1e-9
        assert block.right <= page.width - 8 + 1e-9 and block.bottom <= page.height - 8 + 1e-9
        assert block.width > 20 and block.height > 8
    for index, block in enumerate(blocks):
        for other in blocks[index + 1 :]:
            assert not _overlap(block, other), (block, other)
    # The map takes most of the page.
    assert page.map.width * page.map.height > 0.45 * page.width * page.height


def test_a3_is_a4_scaled_up():
    a4, a3 = page_geometry("A4", "landscape"), page_geometry("A3", "landscape")
    assert (a4.width, a4.height) == (297, 210)
    assert (a3.width, a3.height) == (420, 297)
    assert a3.scale == pytest.approx(297 / 210)
    assert a3.map.width > a4.map.width * 1.35


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError):
        page_geometry("Letter", "landscape")
    with pytest.raises(ValueError):
        page_geometry("A4", "sideways")


@pytest.mark.parametrize(
    ("width_m", "expected"),
    [
        (28_000, (2000.0, 2, "km")),  # the Gap–Champsaur sample: 0, 2, 4 km
        (31_000, (2000.0, 2, "km")),
        (45_000, (5000.0, 2, "km")),
        (3_200, (200.0, 2, "m")),
        (4_500, (500.0, 2, "km")),  # 0, 0.5, 1 km
        (9_000, (1000.0, 2, "km")),
        (120_000, (10000.0, 2, "km")),
    ],
)
def test_scale_bar_segments_are_round(width_m, expected):
    segment, count, unit = nice_scale_bar(width_m)
    assert (segment, count, unit) == expected
    # A quarter of the map at most, and never less than a tenth.
    assert 0.1 * width_m <= segment * count <= 0.25 * width_m


def test_scale_bar_needs_a_width():
    with pytest.raises(ValueError):
        nice_scale_bar(0)


def test_printed_words_follow_the_language():
    assert printed_language("fr_FR") == "fr"
    assert printed_language("de") == "en"
    assert printed("legend", "fr") == "Légende"
    assert printed("key_figures", "en") == "Key figures"
    assert format_date(date(2026, 3, 1), "fr") == "1er mars 2026"
    assert format_date(date(2026, 11, 29), "fr") == "29 novembre 2026"
    assert format_date(date(2026, 11, 29), "en") == "29 November 2026"
    assert format_count(53931.4, "fr") == "53\u00a0931"
    assert format_count(53931.4, "en") == "53,931"
    assert format_share(0.784, "fr") == "78\u00a0%"
    assert format_share(None, "en") == "–"


COVERAGE_NAMES = ["area_id", "is_total", "pop_total", "pop_le_10", "pop_le_7_5", "share_le_10", "share_le_7_5"]


def test_coverage_fields_follow_the_coverage_contract():
    fields = coverage_fields(COVERAGE_NAMES)
    assert fields.total == "pop_total"
    assert fields.thresholds == ((7.5, "pop_le_7_5"), (10.0, "pop_le_10"))
    assert coverage_fields(["code", "population"]) is None


def test_key_figures_sum_areas_and_recompute_shares():
    fields = coverage_fields(COVERAGE_NAMES)
    rows = [
        {"area_id": "A", "is_total": 0, "pop_total": 1000, "pop_le_7_5": 300, "pop_le_10": 800},
        {"area_id": "B", "is_total": 0, "pop_total": 3000, "pop_le_7_5": None, "pop_le_10": 1200},
    ]
    table = coverage_key_figures(rows, fields, "en")
    assert table[0] == ["Travel time", "Population", "Share"]
    assert table[1] == ["≤ 7.5 min", "300", "8%"]
    assert table[2] == ["≤ 10 min", "2,000", "50%"]
    assert table[-1] == ["Total", "4,000", "100%"]


def test_summary_uses_the_total_row_of_coverage_only():
    rows = [
        {"area_id": "A", "is_total": 0, "pop_total": 1000},
        {"area_id": "TOTAL", "is_total": 1, "pop_total": 1000},
    ]
    assert summary_rows(rows) == [rows[1]]
    assert summary_rows(rows[:1]) == rows[:1]


def test_plain_table_keeps_first_fields_and_rows():
    rows = [{"nom": f"C{i}", "population": 1000 + i, "density": 12.345, "x": 1, "y": 2} for i in range(20)]
    table = plain_table(["nom", "population", "density", "x", "y"], rows, "fr", max_rows=5)
    assert table[0] == ["nom", "population", "density", "x"]
    assert len(table) == 6
    assert table[1] == ["C0", "1\u00a0000", "12,35", "1"]
