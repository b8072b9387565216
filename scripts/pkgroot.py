"""The one place that makes this clone importable as the package ``vigie``, whatever its folder is called.

QGIS installs the plugin as a folder named ``vigie``; a clone is called anything. ``.pkgroot/vigie`` is a
link to the clone: putting ``.pkgroot`` on ``sys.path`` (Python) or ``QGIS_PLUGINPATH`` (qgis_process,
QGIS desktop) makes ``import vigie`` find it. Used by tests/conftest.py, scripts/demo.py, scripts/sample_kit.py,
scripts/build_models.py, and by the shell scripts through ``python3 scripts/pkgroot.py`` (prints the folder).
"""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def package_root(repo_root=REPO_ROOT, on_path=True) -> Path:
    """``<repo>/.pkgroot``, holding the link ``vigie`` -> the repository (made once; safe when several
    processes race to make it); added to the front of ``sys.path`` when ``on_path``."""
    repo_root = Path(repo_root)
    folder = repo_root / ".pkgroot"
    link = folder / "vigie"
    if not link.exists():
        folder.mkdir(exist_ok=True)
        try:
            link.symlink_to(repo_root, target_is_directory=True)
        except FileExistsError:  # another process (an xdist worker, a parallel script) made it first
            pass
    if on_path and str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return folder


if __name__ == "__main__":
    print(package_root(on_path=False))
