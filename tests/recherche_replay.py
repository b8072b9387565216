"""A recherche-entreprises /search replay for a legal unit with more than 100 matching establishments.

Built on the real answer's shape (../shared/fixtures/recherche_entreprises_search.json, read by the
tests) and the service's OpenAPI: ``matching_etablissements`` filtered by the query's place and cut
at ``limite_matching_etablissements`` (at most 100), ``nombre_etablissements_ouverts`` per unit.
"""

import json

LA_POSTE = "356000000"
# A large network over the Gap EPCI: 90 post offices in Gap, 25 in Pelleautier, 15 in Rambaud (130 in all).
NETWORK = {"05061": 90, "05100": 25, "05113": 15}


def network_unit(real, per_commune, open_count=None):
    """A La Poste-like unit built on the real /search result shape, with one establishment per (commune, i)."""
    template = real["results"][0]
    establishment = template["matching_etablissements"][0]
    matching = []
    for commune, count in per_commune.items():
        for i in range(count):
            matching.append(
                {
                    **establishment,
                    "siret": f"{LA_POSTE}{len(matching):05d}",
                    "activite_principale": "53.10Z",
                    "commune": commune,
                    "epci": "200067452",
                    "est_siege": False,
                    "latitude": f"{44.5 + i / 1000:.6f}",
                    "longitude": f"{6.0 + i / 1000:.6f}",
                }
            )
    total = sum(per_commune.values())
    return {
        **template,
        "siren": LA_POSTE,
        "nom_complet": "LA POSTE",
        "activite_principale": "53.10Z",
        "nombre_etablissements": total + 40,
        "nombre_etablissements_ouverts": total if open_count is None else open_count,
        "matching_etablissements": matching,
    }


def search_handler(unit, small_units=()):
    """A /search endpoint filtering establishments by place and capping each unit at limite_matching_etablissements."""
    from werkzeug import Response

    def handle(request):
        assert request.headers.get("Accept") == "application/json"
        args = request.args
        limit = int(args["limite_matching_etablissements"])
        assert limit <= 100 and args["activite_principale"] == "53.10Z" and args["etat_administratif"] == "A"
        if "code_commune" in args:
            communes = set(args["code_commune"].split(","))
            wanted = lambda e: e["commune"] in communes  # noqa: E731
        elif "epci" in args:
            wanted = lambda e: e["epci"] in args["epci"].split(",")  # noqa: E731
        else:
            wanted = lambda e: e["commune"].startswith(tuple(args["departement"].split(",")))  # noqa: E731
        results = []
        for candidate in (unit, *small_units):
            matching = [e for e in candidate["matching_etablissements"] if wanted(e)]
            if matching:
                results.append({**candidate, "matching_etablissements": matching[:limit]})
        body = {"results": results, "total_results": len(results), "page": 1, "per_page": 25, "total_pages": 1}
        return Response(json.dumps(body), content_type="application/json")

    return handle
