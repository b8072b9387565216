"""vigie:publish asks once, plainly, for the licence of a source it cannot name (issue 15's honest sources)."""

from feedbacks import recording_feedback
from layouts_data import anonymous_areas


def test_an_unknown_source_is_named_once_in_the_warning(qgis_app, qgis_processing, tmp_path):
    import processing
    from models_data import vigie_provider
    from qgis.core import QgsProcessingContext, QgsProject

    provider = vigie_provider()  # noqa: F841 - kept alive while the algorithm runs
    feedback = recording_feedback()
    warnings = feedback.warnings

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    processing.run(
        "vigie:publish",
        {"LAYERS": [anonymous_areas()], "TITLE": "Zones", "OUTPUT_FOLDER": str(tmp_path / "paquet")},
        context=context,
        feedback=feedback,
    )
    asked = [w for w in warnings if "check it before publishing" in w]
    assert asked == ['The licence of the source "zones" is not stated: check it before publishing.'], warnings
