"""The core package imports in a Python where qgis and Qt cannot be imported, and Dask only when a run starts."""

import subprocess
import sys
import textwrap

from conftest import REPO_ROOT

_BLOCKED_IMPORTS = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    BLOCKED = ("qgis", "PyQt5", "PyQt6", "sip", "processing")

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked: the core must not import it")
            return None

    sys.meta_path.insert(0, Block())
    sys.path.insert(0, sys.argv[1])

    import vigie, vigie.plugin, vigie.plugin.core
    names = ["vigie", "vigie.plugin", "vigie.plugin.core"]
    for module in pkgutil.walk_packages(vigie.plugin.core.__path__, "vigie.plugin.core."):
        importlib.import_module(module.name)
        names.append(module.name)
    leaked = sorted(name for name in sys.modules if name.split(".")[0] in BLOCKED + ("dask", "distributed"))
    print(len(names), "modules")
    print("\\n".join(names))
    if leaked:
        raise SystemExit(f"imported: {leaked}")
    """
)


def test_every_core_module_imports_without_qgis_nor_dask():
    completed = subprocess.run(
        [sys.executable, "-c", _BLOCKED_IMPORTS, str(REPO_ROOT / ".pkgroot")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr + completed.stdout
    imported = completed.stdout.splitlines()
    # Every engine package and the runner were walked, not only the top package.
    for name in (
        "vigie.plugin.core.routing.network",
        "vigie.plugin.core.transit.router",
        "vigie.plugin.core.indicators.basket",
        "vigie.plugin.core.sources.http",
        "vigie.plugin.core.batch.runner",
        "vigie.plugin.core.batch.__main__",
    ):
        assert name in imported


def test_a_module_importing_qgis_is_caught(tmp_path):
    """The blocker itself works: a core-like module importing qgis fails to import."""
    package = tmp_path / "vigie" / "plugin" / "core"
    package.mkdir(parents=True)
    for folder in (tmp_path / "vigie", tmp_path / "vigie" / "plugin", package):
        (folder / "__init__.py").write_text("")
    (package / "leaky.py").write_text("from qgis.core import QgsApplication\n")
    completed = subprocess.run(
        [sys.executable, "-c", _BLOCKED_IMPORTS, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode != 0
    assert "qgis.core is blocked" in completed.stderr or "qgis is blocked" in completed.stderr
