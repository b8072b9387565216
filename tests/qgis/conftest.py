"""QGIS tests: a headless QGIS with Processing and the Vigie provider registered (again if a test unloaded it)."""

import pytest

_PROVIDERS_KEPT_ALIVE = []


@pytest.fixture
def vigie_provider(qgis_app, qgis_processing):
    from qgis.core import QgsApplication

    from vigie.processing_algorithms.provider import VigieProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("vigie")
    if provider is None:
        provider = VigieProvider()
        registry.addProvider(provider)
        # The registry keeps only the C++ object: without this Python reference the provider's
        # Python overrides vanish after the test and its algorithms show up as ":" in the next one.
        _PROVIDERS_KEPT_ALIVE.append(provider)
    return provider


@pytest.fixture
def run_alg(vigie_provider):
    """processing.run with a fresh context and feedback; returns the results dict."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def run(algorithm_id, parameters, feedback=None):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(algorithm_id, parameters, context=context, feedback=feedback or QgsProcessingFeedback())

    return run
