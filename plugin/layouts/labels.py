"""Words printed on Vigie maps, in French or English, and locale-aware dates and numbers.

Printed words live here rather than in Qt ``.ts`` files: a map must come out in the right
language even where the plugin translation is not compiled (qgis_process, CI). Messages
shown to the user go through ``tr()`` as usual.
"""

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
