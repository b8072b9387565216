#!/usr/bin/env python3
"""Update i18n/vigie_fr.ts from every plugin Python source with pylupdate5, keeping existing translations.

pylupdate5 gives ``self.tr("…")`` the enclosing class name as context, like VigieAlgorithm.tr()
does at run time, and reads ``QCoreApplication.translate("Context", "…")`` as written. It puts
calls of a module-level helper ``tr("…")`` (plugin/styles.py, plugin/qgis_bridge.py, …) in the
"@default" context (or the enclosing class), which is not the context the helper passes at run
time, so those translations would never load. This script therefore feeds pylupdate5 a copy of
the sources where each bare ``tr(`` call is rewritten, on the same line, to
``QCoreApplication.translate("<the helper's context>", `` — the helper's context is read from
its definition, or from the module it is imported from. Source files are not modified.

Usage:
  scripts/update_translations.py                 update i18n/vigie_fr.ts, dropping obsolete strings
  scripts/update_translations.py --keep-obsolete keep strings no longer in the code (as "vanished")
  scripts/update_translations.py --check         regenerate into a temporary file and list the
                                                 untranslated and obsolete strings (exit 1 if any)
"""

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TS = REPO_ROOT / "i18n" / "vigie_fr.ts"
SOURCE_PATHS = ("__init__.py", "plugin", "processing_algorithms")
LANGUAGE = "fr_FR"


class TranslationSourceError(Exception):
    """A source file calls a translation helper whose context cannot be determined."""


def source_files(root=REPO_ROOT):
    """Python files of the plugin (relative paths), tracked or untracked-but-not-ignored by git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *SOURCE_PATHS],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: walk the folders
        listed = [str(p.relative_to(root)) for top in SOURCE_PATHS for p in (root / top).rglob("*.py")]
        listed += [top for top in SOURCE_PATHS if top.endswith(".py")]
    return sorted(
        {
            Path(name)
            for name in listed
            if name.endswith(".py") and "__pycache__" not in name and (root / name).is_file()
        }
    )


def _helper_context(function):
    """Context literal of ``def tr(text): return QCoreApplication.translate("Ctx", text)``, else None."""
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "translate"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            return node.args[0].value
    return None


def _resolve_import(relative_path, node):
    """File of the module imported by ``from <node.module> import …`` when it is part of the plugin."""
    if node.level == 0:
        parts = (node.module or "").split(".")
        if parts[0] != "vigie":
            return None
        base, parts = Path(), parts[1:]
    else:
        base = relative_path.parent
        for _ in range(node.level - 1):
            base = base.parent
        parts = (node.module or "").split(".") if node.module else []
    target = base.joinpath(*parts)
    return target.with_suffix(".py") if parts else target / "__init__.py"


def module_tr_context(relative_path, root=REPO_ROOT, _seen=None):
    """Context used at run time by the module-level ``tr`` of a file, or None when it has none."""
    _seen = _seen or set()
    if relative_path in _seen or not (root / relative_path).is_file():
        return None
    _seen.add(relative_path)
    tree = ast.parse((root / relative_path).read_text(encoding="utf-8"), str(relative_path))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            return _helper_context(node)
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == "tr" for a in node.names):
            imported = _resolve_import(relative_path, node)
            if imported is not None and not (root / imported).is_file():
                imported = imported.with_suffix("") / "__init__.py"
            return module_tr_context(imported, root, _seen) if imported else None
    return None


class _TrCallFinder(ast.NodeVisitor):
    """Bare ``tr(…)`` calls, with the nearest enclosing function receiving ``tr`` from its caller (or None),
    and calls passing a translation function, or ``self``, to another: ``paper_options(self.tr)``."""

    def __init__(self):
        self.calls, self.passed, self.unknown = [], [], []
        self._functions, self._parameters, self._function_nodes, self._classes = [], [], [], []

    def visit_ClassDef(self, node):  # noqa: N802
        self._classes.append(node.name)
        self.generic_visit(node)
        self._classes.pop()

    def _visit_function(self, node):
        names = {a.arg for a in node.args.args + node.args.posonlyargs + node.args.kwonlyargs}
        self._parameters.append(names)
        self._function_nodes.append(node)
        # tr received as a parameter, or taken from one: ``tr = algorithm.tr``.
        receives_tr = "tr" in names or any(
            isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "tr" for t in n.targets)
            and isinstance(n.value, ast.Attribute)
            and n.value.attr == "tr"
            and isinstance(n.value.value, ast.Name)
            and n.value.value.id in names
            for n in ast.walk(node)
        )
        self._functions.append(node if receives_tr else None)
        self.generic_visit(node)
        self._functions.pop()
        self._parameters.pop()
        self._function_nodes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _visit_function  # noqa: N815

    def visit_Call(self, node):  # noqa: N802
        if isinstance(node.func, ast.Name) and node.func.id == "tr":
            owner = next((f for f in reversed(self._functions) if f is not None), None)
            self.calls.append((node, owner))
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "tr"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id not in ("self", "cls")
        ):
            # ``algorithm.tr("…")`` in a helper given the algorithm: pylupdate5 would use "algorithm"
            # as the context; the right one is the class of each caller passing ``self``.
            depth = next(
                (i for i in range(len(self._parameters) - 1, -1, -1) if node.func.value.id in self._parameters[i]), None
            )
            if depth is None:
                self.unknown.append(node)
            else:
                owner = self._function_nodes[depth]
                self.calls.append((node, owner))
        callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        for argument in node.args + [k.value for k in node.keywords]:
            passes_self = isinstance(argument, ast.Name) and argument.id == "self"
            passes_self_tr = isinstance(argument, ast.Attribute) and argument.attr == "tr"
            if (passes_self or passes_self_tr) and self._classes:
                self.passed.append((callee, self._classes[-1], None))
            elif isinstance(argument, ast.Name) and argument.id == "tr" and not self._parameters:
                self.passed.append((callee, None, None))
            elif isinstance(argument, ast.Name) and self._parameters and argument.id in self._parameters[-1]:
                # Handed down from the caller's caller: bpe_points(algorithm) -> bpe_csv_path(algorithm).
                self.passed.append((callee, None, getattr(self._function_nodes[-1], "name", None)))
        self.generic_visit(node)


def _find_tr_calls(relative_path, root):
    text = (root / relative_path).read_text(encoding="utf-8")
    finder = _TrCallFinder()
    finder.visit(ast.parse(text, str(relative_path)))
    return text, finder


def passed_tr_contexts(root=REPO_ROOT):
    """{function name: contexts of the translation functions (or algorithms) passed to it} over all sources."""
    contexts, handed_down = {}, set()
    for relative in source_files(root):
        for callee, class_name, via_function in _find_tr_calls(relative, root)[1].passed:
            if not callee:
                continue
            if via_function:
                handed_down.add((callee, via_function))
                continue
            context = class_name or module_tr_context(relative, root)
            if context:
                contexts.setdefault(callee, set()).add(context)
    changed = True
    while changed:
        changed = False
        for callee, via_function in handed_down:
            new = contexts.get(via_function, set()) - contexts.get(callee, set())
            if new:
                contexts.setdefault(callee, set()).update(new)
                changed = True
    return contexts


def _char_column(line, byte_offset):
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8"))


def rewrite_module_tr(relative_path, root=REPO_ROOT, passed_contexts=None):
    """Source text where bare ``tr(`` calls name their context explicitly; line numbers unchanged.

    A module-level helper gives its own context. A ``tr`` received as a parameter gets the
    context of each translation function passed to that function elsewhere (the class of
    ``self.tr``); strings needed under more than one context are repeated after the code.
    """
    text, finder = _find_tr_calls(relative_path, root)
    for node in finder.unknown:
        raise TranslationSourceError(
            f"{relative_path}:{node.lineno}: {ast.unparse(node.func)}(...) — the context of this translation "
            "is unknown: use self.tr() in the algorithm, or a module-level tr() helper"
        )
    if not finder.calls:
        return text
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    extra = []
    replacements = []
    for call, owner in finder.calls:
        if owner is None:
            contexts = [module_tr_context(relative_path, root)]
            if contexts[0] is None:
                raise TranslationSourceError(
                    f"{relative_path}:{call.lineno}: calls tr(...) but defines no module-level tr() calling "
                    "QCoreApplication.translate('<Context>', text), nor imports one from the plugin"
                )
        else:
            if passed_contexts is None:
                passed_contexts = passed_tr_contexts(root)
            contexts = sorted(passed_contexts.get(getattr(owner, "name", None), ()))
            if not contexts:
                raise TranslationSourceError(
                    f"{relative_path}:{call.lineno}: {getattr(owner, 'name', 'a lambda')}() gets tr from its caller, "
                    "and no call passing it self.tr, self or a module tr() was found: its context is unknown"
                )
        line = lines[call.func.lineno - 1]
        start = _char_column(line, call.func.col_offset)
        paren = line.index("(", _char_column(line, call.func.end_col_offset))
        replacements.append((call.func.lineno, start, paren + 1, contexts[0]))
        if call.args:
            literal = ast.get_source_segment(text, call.args[0])
            extra += [f'QCoreApplication.translate("{context}", {literal})\n' for context in contexts[1:]]
    for row, start, end, context in sorted(replacements, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = f'{line[:start]}QCoreApplication.translate("{context}", {line[end:]}'
    return "".join(lines + extra)


def _pylupdate():
    found = shutil.which("pylupdate5")
    if found is None:
        raise SystemExit("pylupdate5 not found (Debian: apt-get install pyqt5-dev-tools)")
    return found


def update_catalogue(ts_path=DEFAULT_TS, root=REPO_ROOT, keep_obsolete=False, start_from=None):
    """Regenerate ``ts_path`` from the sources under ``root``, merging translations of ``start_from``.

    ``start_from`` defaults to ``ts_path`` itself (the usual update in place).
    """
    ts_path, start_from = Path(ts_path), Path(start_from or ts_path)
    with tempfile.TemporaryDirectory(prefix="vigie-i18n-") as tmp:
        tree = Path(tmp) / "tree"
        passed_contexts = passed_tr_contexts(root)
        for relative in source_files(root):
            target = tree / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rewrite_module_tr(relative, root, passed_contexts), encoding="utf-8")
        # Same layout as the repository, so <location filename="../plugin/…"> is right.
        work_ts = tree / "i18n" / ts_path.name
        work_ts.parent.mkdir(parents=True, exist_ok=True)
        if start_from.exists():
            shutil.copyfile(start_from, work_ts)
        command = [_pylupdate(), *(["-noobsolete"] if not keep_obsolete else [])]
        command += [str(p) for p in source_files(root)] + ["-ts", str(work_ts.relative_to(tree))]
        subprocess.run(command, cwd=tree, check=True, capture_output=True, text=True, env=_utf8_env())
        _set_language(work_ts)
        ts_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work_ts, ts_path)
    return ts_path


def _utf8_env():
    # pylupdate5 reads the sources with the locale's encoding: make it UTF-8 whatever the machine.
    return {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def _set_language(ts_path):
    text = ts_path.read_text(encoding="utf-8")
    # No <location> lines: translations match on context + source, and line numbers would make
    # every edit of a source file (and every merge of two branches) touch the catalogue.
    text = "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("<location "))
    if "<TS " in text and "language=" not in text.split("<TS ", 1)[1].split(">", 1)[0]:
        text = text.replace('<TS version="2.1">', f'<TS version="2.1" language="{LANGUAGE}">', 1)
    if not text.endswith("\n"):
        text += "\n"
    ts_path.write_text(text, encoding="utf-8")


def catalogue_problems(ts_path):
    """(untranslated, obsolete) messages of a .ts file, each as "context: source"."""
    untranslated, obsolete = [], []
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            label = f"{name}: {message.findtext('source')!r}"
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            text = "".join(translation.itertext()).strip() if translation is not None else ""
            if kind in ("vanished", "obsolete"):
                obsolete.append(label)
            elif kind == "unfinished" or not text:
                untranslated.append(label)
    return untranslated, obsolete


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ts", type=Path, default=DEFAULT_TS, help="catalogue to update (default: %(default)s)")
    parser.add_argument("--keep-obsolete", action="store_true", help="keep strings no longer in the code")
    parser.add_argument("--check", action="store_true", help="only report untranslated and obsolete strings")
    args = parser.parse_args(argv)
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                checked = update_catalogue(Path(tmp) / args.ts.name, keep_obsolete=True, start_from=args.ts)
                untranslated, obsolete = catalogue_problems(checked)
        else:
            update_catalogue(args.ts, keep_obsolete=args.keep_obsolete)
            untranslated, obsolete = catalogue_problems(args.ts)
    except TranslationSourceError as error:
        print(error, file=sys.stderr)
        return 2
    for label in untranslated:
        print(f"untranslated  {label}")
    for label in obsolete:
        print(f"obsolete      {label}")
    total = sum(1 for _ in ET.parse(args.ts).getroot().iter("message")) if args.ts.exists() else 0
    print(f"{args.ts.name}: {total} messages, {len(untranslated)} untranslated, {len(obsolete)} obsolete")
    return 1 if args.check and (untranslated or obsolete) else 0


if __name__ == "__main__":
    sys.exit(main())
