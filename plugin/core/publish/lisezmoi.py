"""LISEZMOI.md: the French reading guide of a published package, every file and every field explained.

Generated from the same values as metadata.json, so the two never disagree.
"""

import re

from .licences import is_unstated, unstated_in

# What each field written by Vigie means, in French. Patterns with <T> are per threshold.
FIELD_MEANINGS = (
    (r"time_min", "temps de trajet vers le service le plus proche, en minutes (vide : aucun service atteint)"),
    (r"best_time_min", "meilleur temps sur la fenêtre de départs, en minutes"),
    (r"share_reaching", "part des départs de la fenêtre qui atteignent un service"),
    (r"dest_id", "identifiant du service le plus proche atteint"),
    (r"dist_m|distance_m", "distance parcourue sur le réseau, en mètres"),
    (r"ind", "nombre d'habitants du carreau (INSEE Filosofi ; vide pour un carreau de moins de 11 ménages)"),
    (r"ind_(\d+)_(\d+)", "habitants âgés de {0} à {1} ans (vide sous le seuil de 11 ménages)"),
    (r"ind_(\d+)p", "habitants de {0} ans ou plus (vide sous le seuil de 11 ménages)"),
    (r"ind_inc", "habitants dont l'âge est inconnu (vide sous le seuil de 11 ménages)"),
    (r"men(_.+)?", "nombre de ménages du carreau ou d'un de leurs sous-groupes (vide sous le seuil de 11 ménages)"),
    (r"imputed|i_est_200|i_est_cr", "1 : carreau de moins de 11 ménages, valeurs approchées par l'INSEE"),
    (r"idcar_200m", "identifiant INSPIRE du carreau de 200 m (coin sud-ouest en EPSG:3035)"),
    (r"idcar_1km", "identifiant INSPIRE du carreau de 1 km contenant le carreau"),
    (r"x_sw_3035|x", "abscisse du coin sud-ouest du carreau (EPSG:3035, mètres)"),
    (r"y_sw_3035|y", "ordonnée du coin sud-ouest du carreau (EPSG:3035, mètres)"),
    (r"code|insee|codgeo|code_insee", "code INSEE de la commune (texte : les zéros de tête comptent)"),
    (r"nom|name|libelle", "nom de la zone"),
    (r"population", "population légale de la commune"),
    (r"area_id", "code de la zone agrégée (TOTAL pour l'ensemble du territoire)"),
    (r"is_total", "1 sur la ligne de l'ensemble du territoire, 0 sinon"),
    (r"pop_total", "habitants de la zone (somme des carreaux, y compris ceux de moins de 11 ménages)"),
    (r"pop_le_(.+)", "habitants à {0} minutes ou moins du service"),
    (r"share_le_(.+)", "part des habitants à {0} minutes ou moins du service, en %"),
    (r"pop_unreached", "habitants sans service atteint dans le temps maximal"),
    (r"mean_time_min", "temps moyen pondéré par la population, en minutes"),
    (r"median_time_min", "temps médian pondéré par la population, en minutes"),
    (r"access_index", "indice d'accessibilité 2SFCA (offre accessible par habitant)"),
    (r"band_max", "borne haute de la bande de temps, en minutes"),
)


def field_meaning(name: str) -> str:
    for pattern, meaning in FIELD_MEANINGS:
        match = re.fullmatch(pattern, name, re.IGNORECASE)
        if match:
            groups = [g.replace("_", ",") if g else "" for g in match.groups()]
            return meaning.format(*groups)
    return "champ repris de la couche source"


def _table(rows):
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _source_line(line, licence):
    """ "- line — licence : …"; a line that already says its licence is not stated is not told so twice."""
    if licence:
        return f"- {line} — licence : {licence}"
    if is_unstated(line):
        return f"- {unstated_in(line, 'fr')} : à vérifier auprès du producteur"
    return f"- {line} — licence : à vérifier auprès du producteur"


def lisezmoi(package):
    """The LISEZMOI.md text of ``package``, a dict with the keys written by vigie:publish.

    Keys: title, description, organisation, contact, issued, licence (Licence), licence_reason,
    areas [(code, name)], sources [(line, licence name)], layers [dict(name, stem, title, summary,
    method, version, date, parameters, fields [names], geometry, rows, csv)], files [(name, what)],
    confidentiality (text), version.
    """
    out = [f"# {package['title']}", ""]
    if package.get("description"):
        out += [package["description"], ""]
    out += [
        f"- **Producteur** : {package['organisation']}",
        f"- **Contact** : {package.get('contact') or 'non renseigné'}",
        f"- **Date de publication** : {package['issued']}",
        f"- **Licence** : [{package['licence'].name_fr}]({package['licence'].url})",
        f"- **Produit avec** : Vigie {package['version']} (extension QGIS)",
        "",
    ]
    if package.get("licence_reason"):
        out += [package["licence_reason"], ""]
    areas = package.get("areas") or []
    if areas:
        out += [
            "## Territoire",
            "",
            f"{len(areas)} zone(s), par code INSEE : "
            + ", ".join(f"{name} ({code})" if name else code for code, name in areas)
            + ".",
            "",
        ]
    out += ["## Contenu du paquet", ""]
    out += [_table([["Fichier", "Contenu"], *package["files"]]), ""]
    out += [
        "Les fichiers CSV existent en deux variantes : `<nom>.csv` à la française (séparateur `;`, "
        "virgule décimale, UTF-8 avec BOM pour les tableurs) et `<nom>_international.csv` "
        "(séparateur `,`, point décimal, UTF-8). Les codes (communes, carreaux) sont du texte : "
        "lisez-les comme tels pour garder les zéros de tête (`dtype=str` avec pandas). Les nombres sont "
        "écrits en entier (ni séparateur de milliers ni notation scientifique) ; pandas les relit "
        'à l\'identique avec `float_precision="round_trip"`.',
        "",
        "Les GeoJSON et `carte.umap` sont en WGS84 (longitude, latitude), coordonnées arrondies "
        "au mètre environ (5 décimales), polygones orientés selon la règle de la main droite "
        "(RFC 7946). Pour la carte citoyenne : dans uMap, *Importer des données* ▸ format "
        "*umap*, choisir `carte.umap`.",
        "",
    ]
    out += ["## Couches et champs", ""]
    for layer in package["layers"]:
        out += [f"### {layer['title']} (`{layer['stem']}`)", ""]
        if layer.get("summary"):
            out += [layer["summary"], ""]
        geometry = layer.get("geometry") or "table sans géométrie"
        out += [f"{layer['rows']} entités ; géométrie : {geometry}.", ""]
        if layer.get("method"):
            params = ", ".join(f"{k} = {v}" for k, v in layer.get("parameters", {}).items())
            out += [
                f"Méthode : `{layer['method']}` (Vigie {layer.get('version') or '?'}), calculée le "
                f"{layer.get('date') or '?'}" + (f" ; paramètres : {params}." if params else "."),
                "",
            ]
        out += [_table([["Champ", "Signification"], *[[f"`{name}`", field_meaning(name)] for name in layer["fields"]]])]
        out += [""]
    if package.get("confidentiality"):
        out += ["## Secret statistique", "", package["confidentiality"], ""]
    out += ["## Sources et licences", ""]
    out += [_source_line(line, licence) for line, licence in package["sources"]]
    out += [
        "",
        "## Métadonnées",
        "",
        "`metadata.json` décrit le paquet au format DCAT-AP 2.1.1 (JSON-LD) : titre, description, "
        "producteur, contact, licence, couverture spatiale (codes INSEE) et temporelle, sources avec "
        "leurs licences, méthode avec la version de Vigie et ses paramètres, et un élément "
        "`dcat:distribution` par fichier. Il se moissonne par un portail (data.gouv.fr, CKAN…).",
        "",
    ]
    return "\n".join(out)
