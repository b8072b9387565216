"""Package metadata in DCAT-AP form (JSON-LD), generated from the layers' provenance.

DCAT-AP 2.1.1 (SEMIC, https://semiceu.github.io/DCAT-AP/releases/2.1.1/) classes and
properties: a ``dcat:Dataset`` with its mandatory ``dct:title`` and ``dct:description``, the
recommended ``dcat:contactPoint``, ``dcat:distribution``, ``dcat:keyword``, ``dct:publisher``,
``dct:spatial``, ``dct:temporal``, ``dcat:theme`` and the optional ``dct:source``,
``dct:provenance``, ``prov:wasGeneratedBy``, ``dct:issued``, ``dct:language``; each
``dcat:Distribution`` with its mandatory ``dcat:accessURL`` and ``dct:license``, ``dct:format``.
"""

import re

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vigie": "https://github.com/vigie-sig/vigie/ns#",
}
DCAT_AP = "http://data.europa.eu/r5r/"
# EU vocabularies: data theme "Regions and cities", language French, file types.
THEME_REGIONS = "http://publications.europa.eu/resource/authority/data-theme/REGI"
LANGUAGE_FR = "http://publications.europa.eu/resource/authority/language/FRA"
FILE_TYPES = {
    "gpkg": ("http://publications.europa.eu/resource/authority/file-type/GPKG", "application/geopackage+sqlite3"),
    "csv": ("http://publications.europa.eu/resource/authority/file-type/CSV", "text/csv"),
    "geojson": ("http://publications.europa.eu/resource/authority/file-type/GEOJSON", "application/geo+json"),
    "umap": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
    "json": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
    "md": ("http://publications.europa.eu/resource/authority/file-type/TXT", "text/markdown"),
}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _licence(licence):
    return {
        "@id": licence.url,
        "@type": "dct:LicenseDocument",
        "dct:title": licence.name,
        "dct:identifier": licence.identifier,
    }


def temporal_coverage(sources, dates):
    """(start, end) ISO dates: from the editions named in the sources (years) to the latest run date."""
    years = sorted({int(y) for line in sources for y in _YEAR.findall(line)})
    run_days = sorted(d[:10] for d in dates if d)
    start = f"{years[0]}-01-01" if years else (run_days[0] if run_days else None)
    end = run_days[-1] if run_days else (f"{years[-1]}-12-31" if years else None)
    return start, end


def distribution(path_name, title, description, licence, byte_size=None):
    extension = path_name.rsplit(".", 1)[-1].lower()
    file_type, media_type = FILE_TYPES.get(extension, FILE_TYPES["json"])
    item = {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dct:description": description,
        "dcat:accessURL": {"@id": path_name},
        "dcat:downloadURL": {"@id": path_name},
        "dct:format": {"@id": file_type},
        "dcat:mediaType": media_type,
        "dct:license": _licence(licence),
    }
    if byte_size is not None:
        item["dcat:byteSize"] = {"@value": str(int(byte_size)), "@type": "xsd:decimal"}
    return item


def dataset(
    title,
    description,
    publisher,
    contact,
    licence,
    licence_note,
    areas,
    sources,
    methods,
    distributions,
    issued,
    keywords=(),
    identifier="",
    confidentiality="",
):
    """The DCAT-AP dataset (dict) of a published package.

    ``areas`` are (INSEE code, name) of the territory; ``sources`` (attribution line, Licence or
    None); ``methods`` dicts with ``layer``, ``method``, ``version``, ``date``, ``parameters``.
    """
    start, end = temporal_coverage([line for line, _ in sources], [m.get("date", "") for m in methods])
    record = {
        "@context": CONTEXT,
        "@type": "dcat:Dataset",
        "dct:conformsTo": {"@id": DCAT_AP},
        "dct:identifier": identifier or title,
        "dct:title": {"@language": "fr", "@value": title},
        "dct:description": {"@language": "fr", "@value": description},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": publisher},
        "dct:license": _licence(licence),
        "dct:rights": licence_note,
        "dct:issued": {"@value": issued, "@type": "xsd:date"},
        "dct:language": {"@id": LANGUAGE_FR},
        "dcat:theme": {"@id": THEME_REGIONS},
        "dcat:keyword": sorted(set(keywords)),
        "dct:spatial": [
            {
                "@type": "dct:Location",
                "dct:identifier": code,
                "skos:prefLabel": name or code,
                "skos:inScheme": "INSEE, Code officiel géographique",
            }
            for code, name in areas
        ],
        "dct:source": [
            {"@type": "dcat:Dataset", "dct:title": line, **({"dct:license": _licence(lic)} if lic else {})}
            for line, lic in sources
        ],
        "prov:wasGeneratedBy": [
            {
                "@type": "prov:Activity",
                "dct:title": m["layer"],
                "prov:used": m["method"],
                "vigie:version": m.get("version", ""),
                "prov:endedAtTime": m.get("date", ""),
                "vigie:parameters": dict(m.get("parameters", {})),
            }
            for m in methods
        ],
        "dcat:distribution": list(distributions),
    }
    if contact:
        point = record["dcat:contactPoint"]
        if "@" in contact and not contact.startswith("http"):
            point["vcard:hasEmail"] = {"@id": contact if contact.startswith("mailto:") else f"mailto:{contact}"}
        elif contact.startswith(("http://", "https://")):
            point["vcard:hasURL"] = {"@id": contact}
        else:
            point["vcard:note"] = contact
    if start and end:
        record["dct:temporal"] = {"@type": "dct:PeriodOfTime", "dcat:startDate": start, "dcat:endDate": end}
    if confidentiality:
        record["dct:accessRights"] = confidentiality
    return record
