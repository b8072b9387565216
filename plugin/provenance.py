"""Layer metadata for every Vigie output: method, parameters, sources and licences, date, version.

Sources are kept as attribution lines in the metadata ``rights``: layouts read them back
to print the sources line, so an output carries its licences wherever it goes.
"""

import re
from datetime import datetime, timezone
from urllib.parse import urlparse

from qgis.core import QgsLayerMetadata
from qgis.PyQt.QtCore import QCoreApplication

from .__about__ import __version__
from .core.sources.territory_kit import MANIFEST
from .kit_geopackage import read_rows
from .qgis_bridge import ogr_file_and_layer

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


# Field names that identify a data set without doubt (its own schema, not a file name), and the line
# to print for it. A layer is matched when it has every field of one of the sets.
IDENTIFYING_FIELDS = (
    ({"osm_id"}, "osm"),
    ({"osm_way_id"}, "osm"),
    ({"cleabs", "nature"}, "bdtopo"),
    ({"vitesse_moyenne_vl", "sens_de_circulation"}, "bdtopo"),
    ({"insee_com", "nom_m"}, "adminexpress"),
    ({"insee_com", "siren_epci"}, "adminexpress"),
    ({"idcar_200m"}, "filosofi"),
    ({"idcar_1km"}, "filosofi"),
    ({"typequ", "depcom"}, "bpe"),
    ({"typequ", "dep"}, "bpe"),
    # Eurostat GISCO healthcare services (from FINESS for France): its own column names.
    ({"hospital_name", "geo_qual", "cap_beds", "public_private", "pub_date"}, "finess"),
)


def tr(text):
    return QCoreApplication.translate("VigieProvenance", text)


def kit_manifest_attributions(source) -> list:
    """The line of a territory kit's layer (``kit.gpkg|layername=X``) from the kit's own ``manifest``
    table: ``<edition> (<licence>)``; empty for any other source."""
    path, layer_name = ogr_file_and_layer(source)
    if not layer_name or path.suffix.lower() != ".gpkg":
        return []
    try:
        row = next((row for row in read_rows(path, MANIFEST) if row.get("layer") == layer_name), {})
    except RuntimeError:  # not a readable GeoPackage: no kit
        return []
    edition, licence = row.get("edition") or "", row.get("licence") or ""
    line = f"{edition} ({licence})" if edition and licence else edition or licence
    return [line] if line else []


def identified_attributions(layer) -> list:
    """Attribution lines of a layer from its metadata, else from fields that name their data set.

    Empty when neither says where the data comes from: a file name never does (an OSM extract of
    hospitals is not FINESS because its file is called hospitals).
    """
    rights = [r for r in layer.metadata().rights() if r]
    if rights:
        return rights
    from_kit = kit_manifest_attributions(layer.source())
    if from_kit:
        return from_kit
    fields = {f.name().lower() for f in layer.fields()} if hasattr(layer, "fields") else set()
    lines = []
    for needed, key in IDENTIFYING_FIELDS:
        if needed <= fields:
            line = ATTRIBUTIONS[key]
            if key == "filosofi":  # the data set is known from its fields; its edition only from the name
                line = _with_edition(line, "INSEE Filosofi", "filosofi", layer.source().lower())
            lines.append(line)
    return unique(lines)


def unstated_attribution(name) -> str:
    """The line printed for a layer whose source is unknown: its name, and that its licence is not stated."""
    return tr("{0} — licence not stated").format(name)


def layer_attributions(layer, feedback=None) -> list:
    """Attribution lines of a layer (see identified_attributions); when nothing identifies its source,
    the layer's name with "licence not stated", and a warning asking the user to state it."""
    lines = identified_attributions(layer)
    if lines:
        return lines
    if feedback is not None:
        feedback.pushWarning(
            tr(
                "The source and licence of the layer {0} are not known (no metadata, no field naming its data set): "
                'the map prints "{1}". State them in the layer\'s metadata (Layer Properties ▸ Metadata ▸ '
                "Access ▸ Rights) or in the SOURCES parameter of the layouts."
            ).format(layer.name(), unstated_attribution(layer.name()))
        )
    return [unstated_attribution(layer.name())]


# Publishers whose feeds carry a known licence, by the web site the feed itself names.
_GTFS_PUBLISHER_SITES = (("sncf.com", "gtfs_sncf"), ("sncf.fr", "gtfs_sncf"), ("ter-sncf.com", "gtfs_sncf"))


def gtfs_attribution(publishers, feed_name, feedback=None) -> str:
    """The line crediting a GTFS feed, from the publishers it names (``gtfs_reader.feed_publishers``):
    a known publisher when every one of them is it, else the feed with "licence not stated" and a warning."""
    keys = set()
    for _, url in publishers:
        host = urlparse(url if "//" in url else f"//{url}").hostname or ""
        keys.add(next((key for site, key in _GTFS_PUBLISHER_SITES if host == site or host.endswith("." + site)), None))
    if publishers and len(keys) == 1 and None not in keys:
        return ATTRIBUTIONS[keys.pop()]
    names = ", ".join(name for name, _ in publishers if name and name != "-")
    label = tr("GTFS feed {0}").format(f"{feed_name} ({names})" if names else feed_name)
    if feedback is not None:
        feedback.pushWarning(
            tr(
                'The licence of the GTFS feed {0} is not known: the map prints "{1}". '
                "Give its licence in the SOURCES parameter of the layouts."
            ).format(feed_name, unstated_attribution(label))
        )
    return unstated_attribution(label)


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


def metadata_identifier(algorithm_id, when) -> str:
    """``vigie:<algorithm>:<date>`` whether the algorithm is named by its id (``vigie:coverage``) or its name."""
    name = algorithm_id.split(":", 1)[1] if algorithm_id.startswith("vigie:") else algorithm_id
    return f"vigie:{name}:{when.isoformat(timespec='seconds')}"


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
    metadata.setIdentifier(metadata_identifier(algorithm_id, now))
    return metadata
