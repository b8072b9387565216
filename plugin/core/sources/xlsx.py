"""The rows of an Excel workbook (.xlsx) as text, read with the standard library (no openpyxl in QGIS).

INSEE publishes some reference tables only as workbooks (the BPE "gammes d'équipements" of each
edition). A workbook is a zip of XML parts: it is opened with the one safe-zip module (no entry
escaping, no zip bomb) and each part is read within a size limit before it is parsed.
"""

import re
import xml.etree.ElementTree as ElementTree
from pathlib import PurePosixPath

from . import archive
from .errors import PayloadError

MAX_PART_BYTES = 64 * 1024**2  # INSEE's tables are a few hundred kB; a sheet this big is not one of them
# Cells beyond this column are left out: a reference table has a few dozen columns, and one cell at column
# XFD (16,384) in every row of a crafted sheet would otherwise make rows of 16,384 cells each.
MAX_COLUMNS = 1024
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_COLUMN = re.compile(r"^([A-Z]+)")


def _column_index(reference):
    """'A1' -> 0, 'AB7' -> 27 (cells of a row may be missing: their place comes from the reference)."""
    index = 0
    for letter in _CELL_COLUMN.match(reference).group(1):
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _parse(workbook, members, name):
    file_name = PurePosixPath(workbook.filename or "").name
    info = members.get(name)
    if info is None:
        raise PayloadError("member_missing", name=file_name, member=name)
    data = archive.read_member(workbook, info, MAX_PART_BYTES)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # Workbook parts never declare a DTD: refusing them rules out entity expansion (defusedxml's job,
        # which QGIS does not ship); the standard parser never fetches external entities.
        raise PayloadError("not_xlsx", name=file_name, detail="a part declares a DTD")
    try:
        return ElementTree.fromstring(data)  # nosec B314 - DTDs refused above
    except ElementTree.ParseError as error:
        raise PayloadError("not_xlsx", name=file_name, detail=str(error)) from error


def _text(element):
    """All the text of a shared or inline string (rich text is split into runs <r><t>)."""
    return "".join(node.text or "" for node in element.iter(f"{_MAIN}t"))


def _sheet_parts(workbook, members):
    """[(sheet name, part name)] in the workbook's order."""
    book = _parse(workbook, members, "xl/workbook.xml")
    targets = {}
    if "xl/_rels/workbook.xml.rels" in members:
        for relation in _parse(workbook, members, "xl/_rels/workbook.xml.rels").iter(f"{_PACKAGE_REL}Relationship"):
            target = relation.get("Target", "").lstrip("/")
            targets[relation.get("Id")] = target if target.startswith("xl/") else f"xl/{target}"
    sheets = []
    for position, sheet in enumerate(book.iter(f"{_MAIN}sheet"), start=1):
        part = targets.get(sheet.get(f"{_REL}id"), f"xl/worksheets/sheet{position}.xml")
        sheets.append((sheet.get("name", f"Sheet{position}"), part))
    return sheets


def _rows(sheet, shared):
    rows = []
    for row in sheet.iter(f"{_MAIN}row"):
        values = {}
        for position, cell in enumerate(row.iter(f"{_MAIN}c")):
            reference = cell.get("r")
            column = _column_index(reference) if reference else position
            if column >= MAX_COLUMNS:
                continue
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(f"{_MAIN}is")
                value = _text(inline) if inline is not None else ""
            else:
                raw = cell.findtext(f"{_MAIN}v") or ""
                value = shared[int(raw)] if kind == "s" and raw.isdigit() and int(raw) < len(shared) else raw
            values[column] = value
        rows.append([values.get(i, "") for i in range(max(values) + 1)] if values else [])
    return rows


def workbook_sheets(path):
    """{sheet name: rows} of every sheet of an .xlsx, each row a list of cell texts ('' for an empty cell).

    PayloadError (coded) when the file is not a readable workbook; UnsafeArchiveError (a PayloadError)
    when its zip is unsafe.
    """
    workbook, members = archive.open_zip_members(path)
    try:
        if "xl/workbook.xml" not in members:
            raise PayloadError("not_xlsx", name=PurePosixPath(str(path)).name, detail="no xl/workbook.xml")
        shared = []
        if "xl/sharedStrings.xml" in members:
            shared = [_text(item) for item in _parse(workbook, members, "xl/sharedStrings.xml").iter(f"{_MAIN}si")]
        return {name: _rows(_parse(workbook, members, part), shared) for name, part in _sheet_parts(workbook, members)}
    finally:
        workbook.close()
