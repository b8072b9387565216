"""INSEE-style workbooks (.xlsx) written for the tests: no copy of INSEE's file in the repository.

The layouts are those of INSEE's ``BPE_gammes_equipements_<année>.xlsx`` as read by public scripts (see
plugin/core/reference/data/SOURCES.md): 2025 — title rows, then ``TYPEQU_REGROUPEMENT``,
``LIBELLE_TYPEQU_REGROUPEMENT``, ``TYPEQU``, ``LIBELLE_TYPEQU``, ``GAMME``; 2024 — a sheet "Gammes 2024", four
title rows, ``code équipement``, ``regroupement_1…3``, ``gamme``.
"""

import zipfile
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def write_workbook(path, sheets, shared_strings=True):
    """A minimal .xlsx: {sheet name: rows}; empty cells are left out (sparse rows, as Excel writes them)."""
    shared, index = [], {}
    sheet_parts = []
    for rows in sheets.values():
        xml_rows = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                if value in ("", None):
                    continue
                ref = f"{_column(c)}{r}"
                if shared_strings:
                    if value not in index:
                        index[value] = len(shared)
                        shared.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[value]}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        sheet_parts.append(f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, start=1)
        )
        book.writestr(
            "xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><sheets>{entries}</sheets></workbook>'
        )
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relations}'
            "</Relationships>",
        )
        for i, part in enumerate(sheet_parts, start=1):
            book.writestr(f"xl/worksheets/sheet{i}.xml", part)
        if shared_strings:
            items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
            book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}">{items}</sst>')
    return path


LAYOUT_2025 = [
    ["Gammes d'équipements 2025"],
    ["Base permanente des équipements 2025"],
    [],
    ["Regroupement", "Libellé du regroupement", "Type", "Libellé du type", "Gamme", "Sous-domaine"],
    ["TYPEQU_REGROUPEMENT", "LIBELLE_TYPEQU_REGROUPEMENT", "TYPEQU", "LIBELLE_TYPEQU", "GAMME", "LIBELLE_SDOM"],
    ["", "", "B207", "BOULANGERIE-PÂTISSERIE", "Gamme de proximité", "Commerces alimentaires"],
    ["AR01", "ÉCOLE MATERNELLE, PRIMAIRE OU ÉLÉMENTAIRE", "C107", "ÉCOLE MATERNELLE", "Gamme de proximité", ""],
    ["AR01", "ÉCOLE MATERNELLE, PRIMAIRE OU ÉLÉMENTAIRE", "C108", "ÉCOLE PRIMAIRE", "Gamme de proximité", ""],
    ["AR01", "ÉCOLE MATERNELLE, PRIMAIRE OU ÉLÉMENTAIRE", "C109", "ÉCOLE ÉLÉMENTAIRE", "Gamme de proximité", ""],
    ["", "", "D265", "MÉDECIN GÉNÉRALISTE", "Gamme de proximité", "Santé"],
    ["", "", "C201", "COLLÈGE", "Gamme intermédiaire", "Enseignement"],
    ["", "", "D106", "URGENCES", "Gamme supérieure", "Santé"],
    ["", "", "A128", "FRANCE SERVICES", "Hors gamme", ""],
    [],
    ["Source : Insee, Base permanente des équipements 2025."],
]
