"""LayoutAlgorithm: map, atlas and report share one sources line, and the same warning when none is recorded.

Before the shared base, the atlas stayed silent where the map warned of missing sources (issue 15).
"""

import pytest
from feedbacks import recording_feedback
from layouts_data import anonymous_areas, vigie_registered


@pytest.mark.parametrize("algorithm_id", ["vigie:maplayout", "vigie:atlaslayout"])
def test_every_page_algorithm_warns_when_no_source_is_recorded(qgis_app, qgis_processing, tmp_path, algorithm_id):
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    areas = anonymous_areas()
    parameters = {"LAYERS": [areas], "OUTPUT_PDF": str(tmp_path / "page.pdf"), "DPI": 50}
    if algorithm_id == "vigie:atlaslayout":
        parameters["AREAS"] = areas
    collected = recording_feedback()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    with vigie_registered():
        processing.run(algorithm_id, parameters, context=context, feedback=collected)
    # The page prints "<layer> — licence not stated" and the log asks for the source (house rule, issue 15).
    assert any("are not known" in w and "licence not stated" in w for w in collected.warnings), collected.warnings
    # Typed sources are printed instead, without the warning.
    collected = recording_feedback()
    with vigie_registered():
        processing.run(
            algorithm_id,
            {**parameters, "SOURCES": "IGN ADMIN EXPRESS (Licence Ouverte)"},
            context=context,
            feedback=collected,
        )
    assert not any("are not known" in w for w in collected.warnings)


def test_the_log_names_the_file_the_user_asked_for_never_its_temporary_twin(qgis_app, qgis_processing, tmp_path):
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    feedback = recording_feedback()
    messages = feedback.infos

    pdf = tmp_path / "carte.pdf"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    with vigie_registered():
        processing.run(
            "vigie:maplayout",
            {"LAYERS": [anonymous_areas()], "OUTPUT_PDF": str(pdf), "DPI": 50},
            context=context,
            feedback=feedback,
        )
    assert pdf.is_file()
    assert f"Writing {pdf}" in messages, messages
    assert not any("vigie-tmp" in message for message in messages), messages


def test_a_layer_of_a_geopackage_is_named_after_its_layer_not_the_file(qgis_app, qgis_processing, tmp_path):
    """``kit.gpkg|layername=communes`` shows "communes" in the legend, not "kit" (the file's name)."""
    import subprocess

    import processing
    from qgis.core import QgsProcessingContext, QgsProject, QgsVectorFileWriter

    kit = tmp_path / "kit.gpkg"
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.layerName = "communes"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        anonymous_areas(), str(kit), QgsProject.instance().transformContext(), options
    )
    pdf = tmp_path / "carte.pdf"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    with vigie_registered():
        processing.run(
            "vigie:maplayout",
            {"LAYERS": [f"{kit}|layername=communes"], "OUTPUT_PDF": str(pdf), "DPI": 50, "SOURCES": "IGN"},
            context=context,
        )
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    assert "communes" in words and "kit" not in words
