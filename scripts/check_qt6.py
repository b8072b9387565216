#!/usr/bin/env python3
"""Check that the plugin's Qt names exist in PyQt6, as QGIS 4 (Qt 6) will resolve them.

Run with a Python that has PyQt6 (``.venv-qt6``, made by scripts/install-deps.sh), not QGIS's:

    .venv-qt6/bin/python scripts/check_qt6.py [FILE_OR_FOLDER …]

Every shipped Python file (``__init__.py``, ``plugin/``, ``processing_algorithms/``) is parsed
(AST, not regular expressions). For each name imported from ``qgis.PyQt.<module>`` the checker
imports ``PyQt6.<module>`` and resolves the name, then every attribute chain used on it
(``Qt.AlignmentFlag.AlignLeft``, ``QNetworkProxy.ProxyType.HttpProxy``) as far as it goes through
classes and enums. It refuses what Qt 6 removed or QGIS's migration guide forbids: unscoped enums
(``Qt.AlignLeft``), ``exec_()``, ``QRegExp``, ``QDesktopWidget``, compiled ``resources_rc`` and any
direct ``PyQt5``/``PyQt6`` import (Qt goes through ``qgis.PyQt``).

What QGIS's own ``qgis.PyQt`` layer adds on Qt 6 is accepted: ``QVariant.Int``, ``QVariant.String``…
(QGIS patches the old ``QVariant.Type`` names back as their ``QMetaType.Type`` values on Qt 6
builds, qgis/QGIS#55954, so ``QgsField(name, QVariant.Double)`` works on QGIS 3 and 4 alike)
and ``NULL``. An import inside ``try: … except ImportError:`` passes when one of its branches
resolves in PyQt6 (e.g. ``QAction``, in QtWidgets on Qt 5 and QtGui on Qt 6).

Exit status 0 when clean, 1 with one line per finding (``file:line: message``).
"""

import ast
import importlib
import inspect
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("__init__.py", "plugin", "processing_algorithms")
FORBIDDEN_NAMES = {
    "QRegExp": "QRegExp is gone in Qt 6: use QRegularExpression",
    "QDesktopWidget": "QDesktopWidget is gone in Qt 6: use QScreen (QGuiApplication.screens())",
    "exec_": "exec_() is gone in PyQt6: call exec()",
    "print_": "print_() is gone in PyQt6: call print()",
}
QGIS_QT6_ADDITIONS = {"QtCore": {"NULL"}}  # names qgis.PyQt adds on top of PyQt6's own modules


def python_files(paths):
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        elif path.suffix == ".py":
            yield path


def _catches_import_error(handler):
    names = []
    if handler.type is None:
        return True
    for node in handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]:
        if isinstance(node, ast.Name):
            names.append(node.id)
    return bool({"ImportError", "ModuleNotFoundError", "AttributeError", "Exception"} & set(names))


class Qt6Checker(ast.NodeVisitor):
    def __init__(self, filename):
        self.filename = filename
        self.findings = []
        self.bound = {}  # local name -> (PyQt6 object or None, dotted name)
        self._alternatives = None  # inside a try/except ImportError: list of branch results

    # -- reporting
    def report(self, node, message):
        self.findings.append(f"{self.filename}:{node.lineno}: {message}")

    # -- imports
    def _qt_module(self, module_name, node):
        try:
            return importlib.import_module(f"PyQt6.{module_name}")
        except ImportError:
            self.report(node, f"qgis.PyQt.{module_name}: no such module in PyQt6")
            return None

    def _resolve_import(self, node):
        """[(local name, object or None, dotted, error or None)] for a qgis.PyQt import."""
        results = []
        module = node.module or ""
        if module == "qgis.PyQt":
            for alias in node.names:
                if alias.name in ("sip", "uic"):
                    results.append((alias.asname or alias.name, None, alias.name, None))
                    continue
                try:
                    obj = importlib.import_module(f"PyQt6.{alias.name}")
                    results.append((alias.asname or alias.name, obj, alias.name, None))
                except ImportError:
                    results.append((alias.asname or alias.name, None, alias.name, f"qgis.PyQt.{alias.name}"))
            return results
        module_name = module.split(".", 2)[2]
        qt_module = None
        try:
            qt_module = importlib.import_module(f"PyQt6.{module_name}")
        except ImportError:
            pass
        for alias in node.names:
            local = alias.asname or alias.name
            dotted = f"{module_name}.{alias.name}"
            if alias.name in QGIS_QT6_ADDITIONS.get(module_name, ()):
                results.append((local, None, dotted, None))
            elif qt_module is not None and hasattr(qt_module, alias.name):
                results.append((local, getattr(qt_module, alias.name), dotted, None))
            else:
                results.append((local, None, dotted, f"{alias.name} is not in PyQt6.{module_name}"))
        return results

    def visit_ImportFrom(self, node):  # noqa: N802
        module = node.module or ""
        if module.split(".")[0] in ("PyQt5", "PyQt6", "sip"):
            self.report(node, f"import from {module}: import Qt through qgis.PyQt")
            return
        if any(alias.name == "resources_rc" or alias.name.endswith("resources_rc") for alias in node.names):
            self.report(node, "compiled resources_rc: ship files and load them by path")
            return
        if module != "qgis.PyQt" and not module.startswith("qgis.PyQt."):
            return
        results = self._resolve_import(node)
        if self._alternatives is not None:
            self._alternatives.append((node, results))
        else:
            for _local, _obj, _dotted, error in results:
                if error:
                    self.report(node, error)
        for local, obj, dotted, error in results:
            if not error:
                self.bound[local] = (obj, dotted)

    def visit_Import(self, node):  # noqa: N802
        for alias in node.names:
            root = alias.name.split(".")[0]
            if root in ("PyQt5", "PyQt6", "sip"):
                self.report(node, f"import {alias.name}: import Qt through qgis.PyQt")
            if alias.name.endswith("resources_rc"):
                self.report(node, "compiled resources_rc: ship files and load them by path")

    def visit_Try(self, node):  # noqa: N802
        if not any(_catches_import_error(handler) for handler in node.handlers):
            self.generic_visit(node)
            return
        outer, self._alternatives = self._alternatives, []
        for statement in node.body:
            self.visit(statement)
        for handler in node.handlers:
            for statement in handler.body:
                self.visit(statement)
        branches, self._alternatives = self._alternatives, outer
        ok = [results for _node, results in branches if not any(error for *_rest, error in results)]
        if branches and not ok:
            first = branches[0][0]
            errors = "; ".join(error for _n, results in branches for *_r, error in results if error)
            self.report(first, f"no branch of this try/except resolves in PyQt6 ({errors})")
        for statement in node.orelse + node.finalbody:
            self.visit(statement)

    # -- names and attributes
    def visit_Name(self, node):  # noqa: N802
        if node.id in FORBIDDEN_NAMES and node.id.startswith("Q"):
            self.report(node, FORBIDDEN_NAMES[node.id])

    def visit_Attribute(self, node):  # noqa: N802
        if node.attr in FORBIDDEN_NAMES and not node.attr.startswith("Q"):
            self.report(node, FORBIDDEN_NAMES[node.attr])
        chain = []
        current = node
        while isinstance(current, ast.Attribute):
            chain.append(current.attr)
            current = current.value
        if isinstance(current, ast.Name) and current.id in self.bound:
            chain.reverse()
            self._check_chain(node, current.id, chain)
            return  # the inner attributes are part of this chain
        self.generic_visit(node)

    def _check_chain(self, node, root_name, chain):
        obj, dotted = self.bound[root_name]
        if obj is None:
            return
        for attr in chain:
            if attr in FORBIDDEN_NAMES:
                self.report(node, FORBIDDEN_NAMES[attr])
                return
            if not (inspect.ismodule(obj) or inspect.isclass(obj)):
                return  # a value or a function: its attributes are not Qt names to resolve
            if hasattr(obj, attr):
                obj, dotted = getattr(obj, attr), f"{dotted}.{attr}"
                continue
            if dotted.endswith("QVariant") and self._qgis_variant_type(attr):
                return
            hint = self._scoped_hint(obj, attr)
            self.report(node, f"{dotted}.{attr} does not exist in PyQt6{hint}")
            return

    @staticmethod
    def _qgis_variant_type(attr):
        from PyQt6.QtCore import QMetaType

        # QGIS patches QVariant.Int, QVariant.String… back as QMetaType.Type.Int, .QString…
        return hasattr(QMetaType.Type, attr) or hasattr(QMetaType.Type, f"Q{attr}")

    @staticmethod
    def _scoped_hint(cls, attr):
        for name, member in vars(cls).items():
            if inspect.isclass(member) and hasattr(member, attr) and not name.startswith("_"):
                return f": use the scoped form {cls.__name__}.{name}.{attr}"
        return ""


def check_source(source, filename="<string>"):
    """Findings (``file:line: message``) for one Python source text."""
    checker = Qt6Checker(filename)
    checker.visit(ast.parse(source, filename))
    return checker.findings


def main(argv=None):
    args = (argv if argv is not None else sys.argv[1:]) or [REPO_ROOT / name for name in SHIPPED]
    findings = []
    files = list(python_files(args))
    for path in files:
        try:
            shown = path.resolve().relative_to(REPO_ROOT)
        except ValueError:
            shown = path
        findings += check_source(path.read_text(encoding="utf-8"), str(shown))
    for line in findings:
        print(line)
    print(f"check_qt6: {len(files)} files, {len(findings)} findings (PyQt6 {_pyqt6_version()})")
    return 1 if findings else 0


def _pyqt6_version():
    from PyQt6.QtCore import PYQT_VERSION_STR

    return PYQT_VERSION_STR


if __name__ == "__main__":
    sys.exit(main())
