"""The French catalogue i18n/vigie_fr.ts is complete: every user-facing string of the code is translated.

No QGIS needed: the catalogue is regenerated with pylupdate5 (scripts/update_translations.py)
from the current sources into a temporary file, merged with the committed translations.
"""

import ast
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

TS_FILE = REPO_ROOT / "i18n" / "vigie_fr.ts"
HELP_FOLDER = REPO_ROOT / "resources" / "help"
FIX_HINT = "run scripts/update_translations.py, then translate in i18n/vigie_fr.ts (Qt Linguist or an editor)"

_spec = importlib.util.spec_from_file_location("update_translations", REPO_ROOT / "scripts" / "update_translations.py")
update_translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_translations)

needs_pylupdate = pytest.mark.skipif(
    shutil.which("pylupdate5") is None, reason="pylupdate5 missing (Debian: apt-get install pyqt5-dev-tools)"
)


def _messages(ts_path):
    """{(context, source): translation text or None when unfinished/obsolete}."""
    messages = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") is None
            messages[(context.findtext("name"), message.findtext("source"))] = (
                "".join(translation.itertext()) if finished else None
            )
    return messages


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    target = tmp_path_factory.mktemp("i18n") / "vigie_fr.ts"
    return update_translations.update_catalogue(target, keep_obsolete=True, start_from=TS_FILE)


@needs_pylupdate
def test_every_string_of_the_code_is_translated(regenerated):
    untranslated, _ = update_translations.catalogue_problems(regenerated)
    assert not untranslated, f"{len(untranslated)} string(s) not translated in French ({FIX_HINT}):\n" + "\n".join(
        untranslated
    )


@needs_pylupdate
def test_catalogue_has_no_obsolete_string(regenerated):
    _, obsolete = update_translations.catalogue_problems(regenerated)
    assert not obsolete, f"{len(obsolete)} string(s) in vigie_fr.ts are no longer in the code ({FIX_HINT}):\n" + (
        "\n".join(obsolete)
    )


@needs_pylupdate
def test_catalogue_covers_the_known_strings_of_every_layer(regenerated):
    messages = _messages(regenerated)
    # One string per kind of translation call: module-level helper, class tr(), direct translate().
    assert messages[("VigieStyles", "Not reached")] == "Non atteint"
    assert ("VigieBridge", "The layer given for {0} cannot be read.") in messages
    assert ("VigiePlugin", "&Vigie") in messages
    assert messages[("VigieAlgorithm", "Travel time")] == "Temps de trajet"


def _placeholders(text):
    return sorted(re.findall(r"\{[^{}]*\}", text or ""))


def test_translations_keep_the_placeholders_of_the_source():
    """A translation that drops or renames {0} breaks .format() at run time in French only."""
    wrong = [
        f"{context}: {source!r} -> {translation!r}"
        for (context, source), translation in _messages(TS_FILE).items()
        if translation is not None and _placeholders(source) != _placeholders(translation)
    ]
    assert not wrong, "translations with other placeholders than their source:\n" + "\n".join(wrong)


@needs_pylupdate
def test_tr_helpers_get_their_run_time_context(tmp_path):
    """pylupdate5 alone files bare tr("…") under "@default" or the enclosing class; the update script must not."""
    (tmp_path / "plugin").mkdir()
    (tmp_path / "plugin" / "styles.py").write_text(
        "from qgis.PyQt.QtCore import QCoreApplication\n\n\n"
        "def tr(text):\n    return QCoreApplication.translate('CtxStyles', text)\n\n\n"
        "class Legend:\n    def label(self):\n        return tr('Not reached')\n\n\n"
        "def other():\n    return tr('Open band {0}').format(1)\n",
        encoding="utf-8",
    )
    (tmp_path / "plugin" / "user.py").write_text(
        "from .styles import tr\n\n\nclass Algo:\n    def tr(self, text):\n        return text\n\n"
        "    def name(self):\n        return self.tr('Own') + tr('Borrowed') + ' – ' + paper(self.tr)\n\n\n"
        "def paper(tr):\n    return tr('landscape')\n\n\n"
        "def helper(algorithm):\n    return algorithm.tr('Handed down')\n\n\n"
        "def outer(algorithm):\n    return helper(algorithm)\n\n\n"
        "class Atlas(Algo):\n    def name(self):\n        return paper(self.tr) + outer(self)\n",
        encoding="utf-8",
    )
    (tmp_path / "plugin" / "orphan.py").write_text("def f():\n    return tr('Lost')\n", encoding="utf-8")

    with pytest.raises(update_translations.TranslationSourceError, match="orphan.py:2"):
        update_translations.update_catalogue(tmp_path / "out.ts", root=tmp_path)

    (tmp_path / "plugin" / "orphan.py").write_text("def f(tr):\n    return tr('Lost')\n", encoding="utf-8")
    with pytest.raises(update_translations.TranslationSourceError, match=r"f\(\) gets tr from its caller"):
        update_translations.update_catalogue(tmp_path / "out.ts", root=tmp_path)

    (tmp_path / "plugin" / "orphan.py").unlink()
    messages = _messages(update_translations.update_catalogue(tmp_path / "out.ts", root=tmp_path))
    assert set(messages) == {
        ("CtxStyles", "Not reached"),
        ("CtxStyles", "Open band {0}"),
        ("CtxStyles", "Borrowed"),
        ("Algo", "Own"),
        ("Algo", "landscape"),
        ("Atlas", "landscape"),
        ("Atlas", "Handed down"),
    }


def _translatable_text_problem(node):
    """Why the text argument of a tr()/translate() call cannot be extracted, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return None
    if isinstance(node, ast.JoinedStr):
        return "an f-string (use tr('… {0}').format(x))"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return "formatted before translation (use tr('… {0}').format(x))"
    return f"not a string literal ({ast.unparse(node)})"


def _translation_calls(tree):
    """(call, text argument) for tr("…"), self.tr("…") and X.translate("Context", "…") outside tr() helpers."""
    helpers = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name == "tr" for n in ast.walk(f)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in helpers:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name == "tr" and node.args:
            yield node, node.args[0]
        elif name == "translate" and len(node.args) >= 2:
            yield node, node.args[1]


def test_translated_texts_are_literals_the_extractor_can_see():
    problems = []
    for relative in update_translations.source_files(REPO_ROOT):
        tree = ast.parse((REPO_ROOT / relative).read_text(encoding="utf-8"))
        for call, text in _translation_calls(tree):
            problem = _translatable_text_problem(text)
            if problem:
                problems.append(f"{relative}:{call.lineno}: {problem}")
    assert not problems, "translation calls whose text never reaches vigie_fr.ts:\n" + "\n".join(problems)


def _has_words(node):
    """True for a string literal or f-string that holds words a user reads."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{3}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    return False


USER_FACING_CALLS = {"QgsProcessingException": 0, "reportError": 0, "pushWarning": 0, "pushInfo": 0}


def _untranslated_user_strings(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name.startswith(("QgsProcessingParameter", "QgsProcessingOutput")):
            # (name, description, ...): the description is what the dialog shows.
            candidates = node.args[1:2] + [k.value for k in node.keywords if k.arg == "description"]
        elif name in USER_FACING_CALLS:
            candidates = node.args[:1]
        else:
            continue
        for candidate in candidates:
            if _has_words(candidate):
                yield node.lineno, name, ast.unparse(candidate)[:90]


def test_user_facing_messages_go_through_tr():
    """Parameter descriptions, errors and feedback messages of algorithms are translatable."""
    problems = []
    for relative in update_translations.source_files(REPO_ROOT):
        tree = ast.parse((REPO_ROOT / relative).read_text(encoding="utf-8"))
        problems += [f"{relative}:{line}: {name}({text})" for line, name, text in _untranslated_user_strings(tree)]
    assert not problems, "user-facing texts not wrapped in tr():\n" + "\n".join(problems)


def test_every_help_page_exists_in_french_and_english():
    english = {p.name for p in (HELP_FOLDER / "en").glob("*.md")}
    french = {p.name for p in (HELP_FOLDER / "fr").glob("*.md")}
    assert english == french, (
        f"help only in English: {sorted(english - french)}; only in French: {sorted(french - english)}"
    )
    same = [
        name for name in english if (HELP_FOLDER / "en" / name).read_text() == (HELP_FOLDER / "fr" / name).read_text()
    ]
    assert not same, f"French help identical to the English one: {sorted(same)}"


def test_every_algorithm_module_has_help():
    """Each algorithm (processing_algorithms/<module>.py with ALGORITHM_NAME) has resources/help/{en,fr}/<id>.md."""
    missing = []
    for module in sorted(Path(REPO_ROOT / "processing_algorithms").glob("[!_]*.py")):
        for match in re.finditer(r'^\s+ALGORITHM_NAME\s*=\s*"([a-z0-9_]+)"', module.read_text(encoding="utf-8"), re.M):
            missing += [
                f"{lang}/{match[1]}.md" for lang in ("en", "fr") if not (HELP_FOLDER / lang / f"{match[1]}.md").exists()
            ]
    assert not missing, "help pages missing under resources/help/: " + ", ".join(missing)


def test_printed_words_that_mirror_tr_strings_match_the_catalogue():
    """A report rewrites style classes and "licence not stated" in its own language from Python tables
    (a .qm may be missing): those tables must say what the catalogue says."""
    from vigie.plugin.core.publish.licences import UNSTATED_LICENCE
    from vigie.plugin.layouts.labels import STYLE_CLASSES

    messages = _messages(TS_FILE)
    styles = {source: text for (context, source), text in messages.items() if context == "VigieStyles"}
    differing = {(source, text) for source, text in styles.items() if text is not None and text != source}
    assert differing == set(STYLE_CLASSES)
    unstated = [text for (_, source), text in messages.items() if source == "{0}" + UNSTATED_LICENCE["en"]]
    assert unstated == ["{0}" + UNSTATED_LICENCE["fr"]]
