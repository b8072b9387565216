"""Provenance of a batch output, stored inside its GeoPackage where QGIS reads layer metadata.

The same content as the algorithms' metadata (method, version, date, parameters, sources and
licences), written without QGIS: a ``gpkg_metadata`` row in QGIS's metadata XML (the row QGIS itself
writes when it saves a layer's metadata), referenced from the layer's table. Sources come from the
kit's ``manifest`` (edition and licence of each layer used).
"""

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

QGIS_METADATA_URI = "http://mrcc.com/qgis.dtd"
USED_LAYERS = ("population", "roads", "services")


def kit_sources(kit_path) -> list:
    """One line per kit layer used: ``layer: edition — licence``, from the kit's manifest (none without one)."""
    try:
        with sqlite3.connect(f"file:{kit_path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT layer, edition, licence FROM manifest").fetchall()
    except sqlite3.Error:
        return []
    return [f"{layer}: {edition or '?'} — {licence or '?'}" for layer, edition, licence in rows if layer in USED_LAYERS]


def metadata_xml(title, abstract_lines, identifier, rights, version) -> str:
    root = ElementTree.Element("qgis", version=f"Vigie {version}")
    ElementTree.SubElement(root, "identifier").text = identifier
    ElementTree.SubElement(root, "title").text = title
    ElementTree.SubElement(root, "abstract").text = "\n".join(abstract_lines)
    keywords = ElementTree.SubElement(root, "keywords", vocabulary="vigie")
    for word in ("vigie", "vigie:servicebasket", "batch"):
        ElementTree.SubElement(keywords, "keyword").text = word
    for line in rights:
        ElementTree.SubElement(root, "rights").text = line
        ElementTree.SubElement(root, "license").text = line
    body = ElementTree.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC '{QGIS_METADATA_URI}' 'SYSTEM'>\n{body}\n"


def write_metadata(gpkg_path, layer_name, kit_path, parameters: dict, version: str):
    """Store the provenance of ``layer_name`` in ``gpkg_path`` (a GeoPackage GDAL has just written).

    ``version``: Vigie's, read by the client (a worker may run the core from a zip, without metadata.txt).
    """
    now = datetime.now(timezone.utc)
    sources = kit_sources(kit_path)
    lines = [
        "Time by road from each inhabited cell to the nearest service of each category of the basket, "
        "the basket mean and the number of categories reached within each threshold (the method of "
        "vigie:servicebasket).",
        "",
        f"Method: vigie.plugin.core.batch (vigie:servicebasket, Vigie {version})",
        f"Date: {now.isoformat(timespec='seconds')}",
        f"Kit: {Path(kit_path).resolve()}",
        "Parameters:",
        *[f"  {key} = {value}" for key, value in parameters.items()],
        "Sources:",
        *[f"  {line}" for line in sources],
    ]
    xml = metadata_xml(
        "Service basket (Vigie batch)",
        lines,
        f"vigie:servicebasket:{now.isoformat(timespec='seconds')}",
        sources,
        version,
    )
    with sqlite3.connect(gpkg_path) as db:
        _create_metadata_tables(db)
        cursor = db.execute(
            "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES (?, ?, ?, ?)",
            ("dataset", QGIS_METADATA_URI, "text/xml", xml),
        )
        db.execute(
            "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, timestamp, md_file_id) "
            "VALUES ('table', ?, ?, ?)",
            (layer_name, now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z", cursor.lastrowid),
        )


def _create_metadata_tables(db):
    """The GeoPackage metadata extension's two tables (OGC 12-128r18, 2.4), registered as an extension."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, "
        "md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, "
        "mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '')"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, "
        "column_name TEXT, row_id_value INTEGER, "
        "timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, "
        "md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id), "
        "CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id))"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
        "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
        "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))"
    )
    for table in ("gpkg_metadata", "gpkg_metadata_reference"):
        db.execute(
            "INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
            "VALUES (?, NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', "
            "'read-write')",
            (table,),
        )
