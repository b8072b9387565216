"""vigie:atlaslayout on four communes of the Hautes-Alpes sample: one page each, with its own key figures."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from layouts_data import ATLAS_COMMUNES, communes_layer, hospitals_layer, straight_line_times, vigie_registered

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo/pdftotext (poppler-utils)")


def pdf_pages_text(path):
    """Text of each page (pdftotext separates pages by form feeds), whitespace collapsed."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    pages = unicodedata.normalize("NFKC", text).split("\f")
    return [re.sub(r"\s+", " ", page) for page in pages if page.strip()]


def page_count(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@pytest.fixture(scope="module")
def atlas_inputs(qgis_app, qgis_processing):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    with vigie_registered():
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        areas = communes_layer(codes=ATLAS_COMMUNES)
        times = straight_line_times()
        coverage = processing.run(
            "vigie:coverage",
            {
                "POPULATION": times,
                "POPULATION_FIELD": "ind",
                "TIME_FIELD": "time_min",
                "AREAS": areas,
                "THRESHOLDS": "10,20,30",
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
            context=context,
            feedback=QgsProcessingFeedback(),
        )["OUTPUT"]
        yield context, areas, times, coverage


def run_atlas(context, parameters):
    import processing
    from qgis.core import QgsProcessingFeedback

    return processing.run("vigie:atlaslayout", parameters, context=context, feedback=QgsProcessingFeedback())


@needs_poppler
def test_atlas_has_one_page_per_commune_with_its_figures(atlas_inputs, tmp_path):
    context, areas, times, coverage = atlas_inputs
    pdf = tmp_path / "atlas.pdf"
    run_atlas(
        context,
        {
            "AREAS": areas,
            "LAYERS": [hospitals_layer(), areas, times],
            "COVERAGE": coverage,
            "TITLE": "Access to hospitals",
            "SUBTITLE": "Travel time over the 200 m population grid",
            "ORGANISATION": "Pays Gapençais",
            "OUTPUT_PDF": str(pdf),
        },
    )
    assert [p.name for p in tmp_path.iterdir()] == ["atlas.pdf"]
    assert page_count(pdf) == len(ATLAS_COMMUNES) == areas.featureCount()
    pages = pdf_pages_text(pdf)
    names = sorted(f["nom"] for f in areas.getFeatures())
    # Sorted by name, one commune per page, each with its title and its own population.
    coverage_by_name = {f["nom"]: f for f in coverage.getFeatures() if f["is_total"] == 0}
    for page, name in zip(pages, names):
        assert f"Access to hospitals — {name}" in page
        assert "Key figures" in page and "≤ 10 min" in page and "≤ 30 min" in page
        total = f"{round(coverage_by_name[name]['pop_total']):,}"
        assert f"Total {total} 100%" in page, (name, total)
        assert "Pays Gapençais" in page and "Sources:" in page
        # Each page's scale bar has its own round segments (1, 2 or 5 × 10^n).
        segment = float(re.search(r" 0 (\d+(?:\.\d+)?) \d+(?:\.\d+)? k?m ", page).group(1))
        assert f"{segment:e}"[0] in "125", (name, segment)
    # Gap's page does not show Pelleautier's figures.
    gap_total = f"{round(coverage_by_name['Gap']['pop_total']):,}"
    assert sum(gap_total in page for page in pages) == 1


@needs_poppler
def test_areas_carrying_coverage_fields_print_their_own_figures(atlas_inputs, tmp_path):
    """The polygon output of vigie:coverage is an AREAS layer by itself; its TOTAL row gets no page."""
    context, areas, times, coverage = atlas_inputs
    pdf = tmp_path / "atlas.pdf"
    run_atlas(context, {"AREAS": coverage, "LAYERS": [areas, times], "OUTPUT_PDF": str(pdf)})
    assert coverage.featureCount() == len(ATLAS_COMMUNES) + 1  # with the TOTAL row
    assert page_count(pdf) == len(ATLAS_COMMUNES)
    assert all("Key figures" in page for page in pdf_pages_text(pdf))


def test_atlas_bad_input(atlas_inputs, tmp_path):
    from qgis.core import QgsProcessingException

    context, areas, times, coverage = atlas_inputs
    with pytest.raises(QgsProcessingException, match="LAYERS"):
        run_atlas(context, {"AREAS": areas, "LAYERS": [], "OUTPUT_PDF": str(tmp_path / "a.pdf")})
    with pytest.raises(QgsProcessingException, match="no feature"):
        run_atlas(
            context,
            {"AREAS": communes_layer(codes=["99999"]), "LAYERS": [times], "OUTPUT_PDF": str(tmp_path / "a.pdf")},
        )
    with pytest.raises(QgsProcessingException, match="vigie:coverage"):
        run_atlas(
            context,
            {"AREAS": areas, "LAYERS": [times], "COVERAGE": areas, "OUTPUT_PDF": str(tmp_path / "a.pdf")},
        )
    with pytest.raises(QgsProcessingException, match="does not exist"):
        run_atlas(context, {"AREAS": areas, "LAYERS": [times], "OUTPUT_PDF": str(tmp_path / "no" / "a.pdf")})
    assert not any(tmp_path.iterdir())
