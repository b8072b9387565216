"""Words of the printed report (French by default, English available) and the method in plain words.

Plain Python: the report's content can be checked without rendering. Printed words live here,
like labels.py, so the report comes out in the right language even where no .qm is compiled.
"""

import re

from ..core.publish.licences import is_unstated, unstated_in
from .labels import format_count, printed_language

WORDS = {
    "fr": {
        "report": "Diagnostic d'accès aux services",
        "made_by": "Réalisé par {0}",
        "made_on": "Édition du {0}",
        "made_with": "Produit avec Vigie {0}, extension QGIS",
        "key_figures": "Chiffres clés",
        "headline": "{share} des habitants ({count}) sont à {minutes} minutes ou moins.",
        "unreached": "{count} habitants n'atteignent aucun service dans le temps maximal.",
        "map": "Carte",
        "communes": "Résultats par commune",
        "communes_note": (
            "Communes triées de la moins bien desservie à la mieux desservie (part des habitants à "
            "{minutes} min ou moins). Surlignées : moins de {limit} % des habitants à {minutes} min ou moins."
        ),
        "communes_absent": "{0} communes sans habitant dans le carroyage ne figurent pas dans le tableau.",
        "communes_absent_one": "1 commune sans habitant dans le carroyage ne figure pas dans le tableau.",
        "commune": "Commune",
        "code": "Code",
        "inhabitants": "Habitants",
        "within": "≤ {0} min",
        "median": "Médiane",
        "method": "Méthode",
        "sources": "Sources et licences",
        "licence": "licence : {0}",
        "licence_unknown": "licence à vérifier auprès du producteur",
        "confidentiality": (
            "Secret statistique : les effectifs des carreaux de 200 m de moins de 11 ménages ne sont pas "
            "publiés carreau par carreau (pratique de l'INSEE) ; ils sont comptés dans les totaux par commune."
        ),
        "page": "Page {0} / {1}",
        "minutes": "min",
    },
    "en": {
        "report": "Access to services — diagnostic",
        "made_by": "Made by {0}",
        "made_on": "Edition of {0}",
        "made_with": "Made with Vigie {0}, QGIS plugin",
        "key_figures": "Key figures",
        "headline": "{share} of the inhabitants ({count}) live {minutes} minutes or less away.",
        "unreached": "{count} inhabitants reach no service within the maximum time.",
        "map": "Map",
        "communes": "Results per commune",
        "communes_note": (
            "Communes sorted from the least to the best served (share of inhabitants within {minutes} min). "
            "Highlighted: under {limit} % of the inhabitants within {minutes} min."
        ),
        "communes_absent": "{0} communes without inhabitants in the grid are not listed.",
        "communes_absent_one": "1 commune without inhabitants in the grid is not listed.",
        "commune": "Commune",
        "code": "Code",
        "inhabitants": "Inhabitants",
        "within": "≤ {0} min",
        "median": "Median",
        "method": "Method",
        "sources": "Sources and licences",
        "licence": "licence: {0}",
        "licence_unknown": "licence to check with the producer",
        "confidentiality": (
            "Statistical confidentiality: counts of 200 m cells with fewer than 11 households are not "
            "published cell by cell (INSEE practice); they are counted in the totals per commune."
        ),
        "page": "Page {0} of {1}",
        "minutes": "min",
    },
}

# The method of each Vigie algorithm in plain words; {name} placeholders come from its recorded parameters.
METHODS = {
    "vigie:roadtraveltime": {
        "fr": (
            "Temps en voiture. Pour chaque lieu habité (carreau de 200 m de l'INSEE), Vigie cherche le "
            "trajet le plus rapide par la route jusqu'au service le plus proche, avec la vitesse de chaque "
            "type de route et les sens uniques (réseau {network})."
        ),
        "en": (
            "Drive time. For every inhabited place (INSEE 200 m cell), Vigie finds the quickest road route "
            "to the nearest service, with the speed of each kind of road and one-way streets (network "
            "{network})."
        ),
    },
    "vigie:transittraveltime": {
        "fr": (
            "Temps en transports en commun. Vigie lit les horaires (GTFS), ajoute la marche jusqu'aux arrêts "
            "et retient, pour chaque lieu habité, le temps médian sur les départs de la fenêtre choisie."
        ),
        "en": (
            "Public-transport time. Vigie reads the timetables (GTFS), adds the walk to and from stops and "
            "keeps, for every inhabited place, the median time over the departures of the chosen window."
        ),
    },
    "vigie:coverage": {
        "fr": (
            "Couverture. Les habitants de chaque carreau sont rattachés à leur commune (au prorata de la "
            "surface quand un carreau est à cheval sur deux communes), puis comptés selon leur temps d'accès : "
            "{THRESHOLDS} minutes."
        ),
        "en": (
            "Coverage. The inhabitants of each cell are assigned to their commune (in proportion to the area "
            "when a cell straddles two communes), then counted by access time: {THRESHOLDS} minutes."
        ),
    },
    "vigie:accessibility2sfca": {
        "fr": (
            "Accessibilité (2SFCA, proche de l'APL). L'offre de chaque service est rapportée à la population "
            "qui peut l'atteindre, puis sommée pour chaque lieu habité sur les services à sa portée."
        ),
        "en": (
            "Accessibility (2SFCA, APL-like). Each service's capacity is divided by the population that can "
            "reach it, then summed for every inhabited place over the services within reach."
        ),
    },
}
# Sentences added when a parameter is set (not empty, not zero): (method, parameter) -> words.
CONDITIONAL = {
    ("vigie:roadtraveltime", "max_time_min"): {
        "fr": " Un service à plus de {max_time_min} minutes est compté comme non atteint.",
        "en": " A service more than {max_time_min} minutes away counts as not reached.",
    },
}
GENERIC_METHOD = {"fr": "{method} (paramètres : {parameters}).", "en": "{method} (parameters: {parameters})."}


def word(key, language):
    return WORDS[printed_language(language)][key]


def source_line(line, licence, language):
    """ "• line — licence: …" of the sources page; a line that already says its licence is not stated
    says it once, in the report's language."""
    if licence:
        return f"• {line} — " + word("licence", language).format(licence)
    if is_unstated(line):
        return f"• {unstated_in(line, language)}"
    return f"• {line} — " + word("licence_unknown", language)


class _Missing(dict):
    def __missing__(self, key):
        return "?"


def _readable(value):
    """'60.0' -> '60', '10,20,30' -> '10, 20, 30'."""
    text = str(value)
    text = re.sub(r"(\d+)\.0\b", r"\1", text)
    return text.replace(",", ", ")


def _is_set(value):
    try:
        return float(value) != 0
    except (TypeError, ValueError):
        return bool(value)


def method_paragraphs(provenances, language):
    """One plain-language paragraph per distinct method, in the order the layers give them.

    ``provenances`` are (method id, parameters dict) pairs read from the layers' metadata.
    """
    lang = printed_language(language)
    seen, paragraphs = set(), []
    for method, parameters in provenances:
        if not method or method in seen:
            continue
        seen.add(method)
        values = _Missing({key: _readable(value) for key, value in parameters.items()})
        template = METHODS.get(method, {}).get(lang)
        if template is None:
            listed = ", ".join(f"{k} = {v}" for k, v in parameters.items()) or "–"
            paragraphs.append(GENERIC_METHOD[lang].format(method=method, parameters=listed))
        else:
            text = template.format_map(values)
            for (conditional_method, parameter), sentences in CONDITIONAL.items():
                if conditional_method == method and _is_set(parameters.get(parameter)):
                    text += sentences[lang].format_map(values)
            paragraphs.append(text)
    return paragraphs


def headline_lines(total_row, thresholds, language):
    """Sentences of the key-figures page from the whole-territory row of a coverage table."""
    total = float(total_row.get("pop_total") or 0.0)
    lines = []
    for minutes, field in thresholds:
        count = float(total_row.get(field) or 0.0)
        share = count / total if total else 0.0
        share_text = f"{round(100 * share)}\u00a0%" if printed_language(language) == "fr" else f"{round(100 * share)}%"
        lines.append(
            word("headline", language).format(
                share=share_text, count=format_count(count, language), minutes=f"{minutes:g}"
            )
        )
    unreached = total_row.get("pop_unreached")
    if unreached:
        lines.append(word("unreached", language).format(count=format_count(unreached, language)))
    return lines


def commune_rows(rows, thresholds, sort_field, name_field, code_field, language, limit):
    """(table rows, highlighted flags, count left out) of the communes, least served first.

    Rows without inhabitants (and the TOTAL row) are left out. Shares are percentages.
    """
    kept, left_out = [], 0
    for row in rows:
        if row.get("is_total") == 1:
            continue
        population = row.get("pop_total") or 0.0
        if population <= 0:
            left_out += 1
            continue
        kept.append(row)
    kept.sort(key=lambda r: ((r.get(sort_field) if r.get(sort_field) is not None else -1.0), str(r.get(name_field))))
    decimal = "," if printed_language(language) == "fr" else "."
    table, highlighted = [], []
    for row in kept:
        cells = [
            str(row.get(name_field) or ""),
            str(row.get(code_field) or ""),
            format_count(row["pop_total"], language),
        ]
        for _, field in thresholds:
            share_field = "share_le_" + field.removeprefix("pop_le_")
            value = row.get(share_field)
            cells.append("–" if value is None else f"{value:.0f}\u00a0%" if decimal == "," else f"{value:.0f}%")
        median = row.get("median_time_min")
        cells.append("–" if median is None else f"{median:.1f}".replace(".", decimal) + " min")
        table.append(cells)
        share = row.get(sort_field)
        highlighted.append(share is not None and share < limit)
    return table, highlighted, left_out
