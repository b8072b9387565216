"""Test setup shared by engine and QGIS tests (one conftest, so ``from conftest import shared_path`` is unambiguous).

The repository root is the plugin folder; tests import it as the package ``vigie``
through a symlink in .pkgroot/, whatever the clone's folder is called.
"""

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SHARED_FIXTURES = SHARED / "fixtures"

_pkgroot = REPO_ROOT / ".pkgroot"
_link = _pkgroot / "vigie"
if not _link.exists():
    _pkgroot.mkdir(exist_ok=True)
    try:
        _link.symlink_to(REPO_ROOT, target_is_directory=True)
    except FileExistsError:  # another xdist worker made it first
        pass
if str(_pkgroot) not in sys.path:
    sys.path.insert(0, str(_pkgroot))

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
