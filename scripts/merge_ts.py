#!/usr/bin/env python3
"""Git merge driver for Qt .ts catalogues: the union of both sides' translations.

Two branches that each add strings to i18n/vigie_fr.ts conflict as text although their
messages never clash. This driver keeps every message of either side (keyed by context and
source), prefers a finished translation over an unfinished one, and writes contexts and
messages in a stable order; `make i18n-update` then drops what the code no longer uses.

Set up once per clone (the Makefile's setup target does it):
  git config merge.tsunion.driver "python3 scripts/merge_ts.py %O %A %B"
and .gitattributes has ``i18n/*.ts merge=tsunion``.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def _messages(path):
    """{(context, source): (translation element, other children)} in file order."""
    found = {}
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, FileNotFoundError):
        return found
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"))] = message
    return found


def _finished(message):
    translation = message.find("translation")
    if translation is None:
        return False
    return translation.get("type") not in ("unfinished", "vanished", "obsolete") and bool(
        "".join(translation.itertext()).strip()
    )


def merge(base_path, ours_path, theirs_path):
    base, ours, theirs = _messages(base_path), _messages(ours_path), _messages(theirs_path)
    merged = dict(ours)
    for key, message in theirs.items():
        if key not in merged or (_finished(message) and not _finished(merged[key])):
            merged[key] = message
        elif _finished(message) and key in base and ET.tostring(base[key]) == ET.tostring(merged[key]):
            merged[key] = message  # only their side changed this translation
    contexts = {}
    for (context, _source), message in merged.items():
        contexts.setdefault(context, []).append(message)
    blocks = []
    for name in sorted(contexts):
        context = ET.Element("context")
        ET.SubElement(context, "name").text = name
        context.extend(contexts[name])
        ET.indent(context, space="    ")  # pylupdate5's layout, so the next update is a small diff
        blocks.append(ET.tostring(context, encoding="unicode"))
    Path(ours_path).write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="fr_FR">\n'
        + "\n".join(blocks)
        + "\n</TS>\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(merge(*sys.argv[1:4]))
