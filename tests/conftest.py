"""Test setup shared by engine and QGIS tests.

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
