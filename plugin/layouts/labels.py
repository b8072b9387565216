"""Words printed on Vigie maps, in French or English, and locale-aware dates and numbers.

Printed words live here rather than in Qt ``.ts`` files: a map must come out in the right
language even where the plugin translation is not compiled (qgis_process, CI). Messages
shown to the user go through ``tr()`` as usual.
"""

import re
from datetime import date

PRINTED = {
    "en": {
        "legend": "Legend",
        "sources": "Sources",
        "key_figures": "Key figures",
        "travel_time": "Travel time",
        "population": "Population",
        "share": "Share",
        "total": "Total",
        "within": "≤ {0} min",
        "made_with": "Map made on {0} with Vigie",
        "made_by": "Map: {0}, {1}, made with Vigie",
        "projection": "Projection: {0} ({1})",
        "north": "N",
    },
    "fr": {
        "legend": "Légende",
        "sources": "Sources",
        "key_figures": "Chiffres clés",
        "travel_time": "Temps de trajet",
        "population": "Population",
        "share": "Part",
        "total": "Total",
        "within": "≤ {0} min",
        "made_with": "Carte réalisée le {0} avec Vigie",
        "made_by": "Carte : {0}, {1}, réalisée avec Vigie",
        "projection": "Projection : {0} ({1})",
        "north": "N",
    },
}

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


def printed_language(language: str) -> str:
    """The language maps are printed in: French for "fr", English for anything else."""
    return "fr" if (language or "").lower().startswith("fr") else "en"


def printed(key: str, language: str) -> str:
    return PRINTED[printed_language(language)][key]


# Class labels of the Vigie styles (plugin/styles.py) that differ between English and French, as
# (English, French) templates; they must match i18n/vigie_fr.ts. A layer keeps the labels of the QGIS
# that styled it: a legend printed in the other language rewrites them with printed_class_label.
STYLE_CLASSES = (
    ("{0} min and more", "{0} min et plus"),
    ("Not reached", "Non atteint"),
    ("No population", "Aucune population"),
    ("None in reach", "Aucune offre à portée"),
    ("{0} and more", "{0} et plus"),
    ("{0} min or more faster", "{0} min ou plus de gain"),
    ("{0} min or more slower", "{0} min ou plus de perte"),
    ("About the same (± {0} min)", "À peu près pareil (± {0} min)"),
    ("{0}–{1} min faster", "{0}–{1} min de gain"),
    ("{0}–{1} min slower", "{0}–{1} min de perte"),
    ("No service any more", "Plus aucun service"),
    ("Newly served", "Nouvellement desservi"),
    ("No value", "Sans valeur"),
)


def _template_pattern(template):
    return re.compile("(.+?)".join(re.escape(part) for part in re.split(r"\{\d\}", template)))


_CLASS_PATTERNS = [(pair, [_template_pattern(template) for template in pair]) for pair in STYLE_CLASSES]


def printed_class_label(label: str, language: str) -> str:
    """A Vigie style's class label in the printed language ("Not reached" -> "Non atteint"); others unchanged."""
    target = 1 if printed_language(language) == "fr" else 0
    for pair, patterns in _CLASS_PATTERNS:
        for pattern in patterns:
            match = pattern.fullmatch(label or "")
            if match:
                return pair[target].format(*match.groups())
    return label


def format_date(day: date, language: str) -> str:
    """Long date as written in the language: "29 novembre 2026" or "29 November 2026"."""
    lang = printed_language(language)
    number = "1er" if (lang == "fr" and day.day == 1) else str(day.day)
    return f"{number} {_MONTHS[lang][day.month - 1]} {day.year}"


def format_count(value, language: str) -> str:
    """Whole number with thousands grouped: "53 931" in French (no-break space), "53,931" in English."""
    if value is None:
        return "–"
    grouped = f"{round(float(value)):,}"
    return grouped.replace(",", "\u00a0") if printed_language(language) == "fr" else grouped


def format_share(fraction, language: str) -> str:
    """A fraction 0–1 as a whole percentage: "78 %" in French, "78%" in English."""
    if fraction is None:
        return "–"
    percent = round(100.0 * float(fraction))
    return f"{percent}\u00a0%" if printed_language(language) == "fr" else f"{percent}%"
