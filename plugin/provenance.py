"""Layer metadata for every Vigie output: method, parameters, sources and licences, date, version.

Sources are kept as attribution lines in the metadata ``rights``: layouts read them back
to print the sources line, so an output carries its licences wherever it goes.
"""

import re
from datetime import datetime, timezone

from qgis.core import QgsLayerMetadata

from .__about__ import __version__

# Attribution lines as they must be printed (see ../shared/data/README.md and API notes).
ATTRIBUTIONS = {
    "osm": "© OpenStreetMap contributors (ODbL)",
    "bdtopo": "IGN BD TOPO (Licence Ouverte)",
    "adminexpress": "IGN ADMIN EXPRESS (Licence Ouverte)",
    "filosofi": "INSEE Filosofi (Licence Ouverte)",
    "bpe": "INSEE BPE (Licence Ouverte)",
    "sirene": "INSEE Sirene (Licence Ouverte)",
    "caf": "CAF data.caf.fr (Licence Ouverte)",
    "geoapi": "geo.api.gouv.fr, IGN ADMIN EXPRESS (Licence Ouverte)",
    "gtfs_sncf": "SNCF (ODbL)",
    "transport_data_gouv": "transport.data.gouv.fr (licence of each feed)",
    "finess": "FINESS via Eurostat GISCO",
    "geocoder": "Base Adresse Nationale via Géoplateforme (Licence Ouverte)",
}


def layer_attributions(layer) -> list:
    """Attribution lines of a layer: its Vigie metadata first, else guessed from its fields and name."""
    rights = [r for r in layer.metadata().rights() if r]
    if rights:
        return rights
    fields = {f.name().lower() for f in layer.fields()} if hasattr(layer, "fields") else set()
    source = layer.source().lower()
    guessed = []
    if {"fclass", "osm_id"} & fields or "highway" in fields or "osm" in source:
        guessed.append(ATTRIBUTIONS["osm"])
    if {"vitesse_moyenne_vl", "sens_de_circulation"} & fields or "bdtopo" in source:
        guessed.append(ATTRIBUTIONS["bdtopo"])
    if {"idcar_200m", "idcar_1km"} & fields or "filosofi" in source:
        guessed.append(_with_edition(ATTRIBUTIONS["filosofi"], "INSEE Filosofi", "filosofi", source))
    if "typequ" in fields or "bpe" in source:
        guessed.append(ATTRIBUTIONS["bpe"])
    if "finess" in source or "hospital" in source or "health" in source:
        guessed.append(ATTRIBUTIONS["finess"])
    if "admin" in source or ("code" in fields and "nom" in fields):
        guessed.append(ATTRIBUTIONS["adminexpress"])
    return guessed


def _with_edition(attribution, name, keyword, source):
    """'INSEE Filosofi 2019 (…)' when the file name tells the edition (e.g. …-filosofi2019-200m…)."""
    edition = re.search(rf"{keyword}[_-]?((?:19|20)\d\d)", source)
    return attribution.replace(name, f"{name} {edition.group(1)}", 1) if edition else attribution


def unique(lines):
    seen, out = set(), []
    for line in lines:
        if line and line not in seen:
            seen.add(line)
            out.append(line)
    return out


def build_metadata(title, abstract, algorithm_id, parameters, attributions, keywords=()):
    """QgsLayerMetadata for an output: what it is, how it was made, from what, under which licences."""
    metadata = QgsLayerMetadata()
    metadata.setTitle(title)
    now = datetime.now(timezone.utc).astimezone()
    lines = [
        abstract,
        "",
        f"Method: {algorithm_id} (Vigie {__version__})",
        f"Date: {now.isoformat(timespec='seconds')}",
    ]
    lines += ["Parameters:"] + [f"  {key} = {value}" for key, value in parameters.items()]
    lines += ["Sources:"] + [f"  {line}" for line in unique(attributions)]
    metadata.setAbstract("\n".join(lines))
    metadata.setRights(unique(attributions))
    metadata.setLicenses(unique(attributions))
    metadata.setKeywords({"vigie": ["vigie", algorithm_id, *keywords]})
    metadata.setIdentifier(f"vigie:{algorithm_id}:{now.isoformat(timespec='seconds')}")
    return metadata
