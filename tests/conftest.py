"""Test setup shared by engine and QGIS tests (one conftest, so ``from conftest import shared_path`` is unambiguous).

The repository root is the plugin folder; tests import it as the package ``vigie``
through a symlink in .pkgroot/, whatever the clone's folder is called.
"""

import importlib.util
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SHARED_FIXTURES = SHARED / "fixtures"

_spec = importlib.util.spec_from_file_location("vigie_pkgroot", REPO_ROOT / "scripts" / "pkgroot.py")
_pkgroot_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pkgroot_module)
_pkgroot_module.package_root(REPO_ROOT)  # .pkgroot/vigie -> this clone, on sys.path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def shared_path(*parts):
    """Path under ../shared, or skip the test with the reason when that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (the shared sample data is not beside this clone)")
    return path


@pytest.fixture
def shared():
    return shared_path


# -- QGIS tests: the Vigie provider registered (again if a test unloaded it); qgis imported lazily
# so that engine tests run without QGIS.

_PROVIDERS_KEPT_ALIVE = []


@pytest.fixture
def vigie_provider(qgis_app, qgis_processing):
    from qgis.core import QgsApplication

    from vigie.processing_algorithms.provider import VigieProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("vigie")
    if provider is not None and registry.algorithmById("vigie:roadtraveltime") is None:
        # Registered by code that did not keep its Python object: an empty shell, replace it.
        registry.removeProvider(provider)
        provider = None
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
