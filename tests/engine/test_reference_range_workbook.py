"""INSEE's table of BPE ranges read as published: the .xlsx workbooks of 2024 and 2025, and GDAL's.

The layouts are those of INSEE's ``BPE_gammes_equipements_<année>.xlsx`` as read by public scripts
(see plugin/core/reference/data/SOURCES.md): 2025 — title rows, then ``TYPEQU_REGROUPEMENT``,
``LIBELLE_TYPEQU_REGROUPEMENT``, ``TYPEQU``, ``LIBELLE_TYPEQU``, ``GAMME``; 2024 — a sheet "Gammes 2024",
four title rows, ``code équipement``, ``regroupement_1…3``, ``gamme``. The workbooks are written here
(no copy of INSEE's file in the repository) with shared strings, inline strings and sparse cells.
"""

import zipfile

import pytest
from range_workbooks import LAYOUT_2025, write_workbook

from vigie.plugin.core.reference import bpe_ranges
from vigie.plugin.core.reference.basket import bpe_range_basket

LAYOUT_2024 = [
    ["Les gammes d'équipements 2024"],
    ["Champ : France hors Mayotte"],
    [],
    [],
    ["code équipement", "libellé équipement", "regroupement_1", "regroupement_2", "regroupement_3", "gamme"],
    ["B207", "Boulangerie-pâtisserie", "", "", "", "Gamme de proximité"],
    ["AR03", "Bureau de poste, relais poste, agence postale", "A206", "A207", "A208", "Gamme de proximité"],
    ["D265", "Médecin généraliste", "", "", "", "Gamme de proximité"],
    ["C201", "Collège", "", "", "", "Gamme intermédiaire"],
    ["D106", "Urgences", "", "", "", "Gamme supérieure"],
]


@pytest.fixture
def workbook_2025(tmp_path):
    return write_workbook(tmp_path / "BPE_gammes_equipements_2025.xlsx", {"Gammes 2025": LAYOUT_2025})


def test_the_2025_workbook_gives_types_ranges_and_groups(workbook_2025):
    frame = bpe_ranges.read_range_table(workbook_2025)
    ranges = dict(zip(frame["typequ"], frame["range"]))
    assert ranges == {
        "B207": "proximite",
        "C107": "proximite",
        "C108": "proximite",
        "C109": "proximite",
        "D265": "proximite",
        "C201": "intermediaire",
        "D106": "superieure",
        "A128": "",
    }
    assert set(frame.loc[frame["typequ"].isin(["C107", "C108", "C109"]), "group"]) == {"AR01"}
    assert bpe_ranges.bpe_range_codes("2025", "proximite", table=workbook_2025) == [
        "B207",
        "C107",
        "C108",
        "C109",
        "D265",
    ]


def test_a_range_basket_times_the_nearest_of_each_group_as_insee_counts_them(workbook_2025):
    basket = bpe_range_basket("proximite", "2025", table=str(workbook_2025))
    assert basket.category_ids == ["B207", "AR01", "D265"]
    schools = basket.categories[1]
    assert schools.typequ == ("C107", "C108", "C109") and schools.label_fr.startswith("ÉCOLE MATERNELLE")
    # A single type keeps Vigie's label of the edition (INSEE's workbook writes them in capitals).
    assert basket.categories[2].label_fr == "Médecin généraliste"
    assert bpe_range_basket("superieure", "2025", table=str(workbook_2025)).category_ids == ["D106"]


def test_the_2024_workbook_with_inline_strings_and_group_lines(tmp_path):
    book = write_workbook(
        tmp_path / "BPE_gammes_equipements_2024.xlsx",
        {"Notes": [["Documentation"], ["Voir la page de l'Insee"]], "Gammes 2024": LAYOUT_2024},
        shared_strings=False,
    )
    frame = bpe_ranges.read_range_table(book)
    assert "AR03" not in set(frame["typequ"])  # a group's own code is not an equipment type
    post = frame[frame["group"] == "AR03"]
    assert sorted(post["typequ"]) == ["A206", "A207", "A208"] and set(post["range"]) == {"proximite"}
    basket = bpe_range_basket("proximite", "2024", table=str(book))
    assert basket.category_ids == ["AR03", "B207", "D265"]
    assert basket.categories[0].typequ == ("A206", "A207", "A208")


def test_a_workbook_written_by_gdal_is_read_too(tmp_path):
    ogr = pytest.importorskip("osgeo.ogr", reason="GDAL's Python bindings (python3-gdal) are not installed")
    path = tmp_path / "gammes_gdal.xlsx"
    source = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    layer = source.CreateLayer("Gammes", geom_type=ogr.wkbNone)
    for name in ("TYPEQU", "LIBELLE_TYPEQU", "GAMME"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for code, label, kind in [("D265", "Médecin", "Gamme de proximité"), ("D106", "Urgences", "Gamme supérieure")]:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature["TYPEQU"], feature["LIBELLE_TYPEQU"], feature["GAMME"] = code, label, kind
        layer.CreateFeature(feature)
    source = None  # noqa: F841 — closing writes the file
    assert bpe_ranges.type_ranges("2025", path)["D106"] == "superieure"
    assert bpe_ranges.bpe_range_codes("2025", "proximite", table=path) == ["D265"]


def test_a_saved_csv_with_insee_title_rows_is_read(tmp_path):
    table = tmp_path / "gammes.csv"
    lines = [";".join(row) for row in LAYOUT_2025]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bpe_ranges.bpe_range_codes("2025", "intermediaire", table=table) == ["C201"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 truncated", "not a valid zip archive"),
        (None, "needs a TYPEQU column"),
    ],
)
def test_an_unusable_workbook_is_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "gammes.xlsx"
    if content is None:
        write_workbook(path, {"Feuil1": [["Code", "Libellé"], ["D265", "Médecin"]]})
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        bpe_ranges.read_range_table(path)


def test_a_workbook_escaping_its_folder_or_inflating_is_refused(tmp_path):
    path = tmp_path / "gammes.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("../../xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValueError, match="escapes its folder"):
        bpe_ranges.read_range_table(path)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024**2))
    with pytest.raises(ValueError, match="inflates absurdly"):
        bpe_ranges.read_range_table(bomb)


def test_a_territory_kit_gives_the_table_its_services_were_chosen_with(tmp_path):
    """A kit's ``bpe_ranges`` table (written by vigie:fetchterritory) is read like INSEE's workbook, groups
    included; a GeoPackage without it is not taken for a table."""
    import sqlite3
    from contextlib import closing

    kit = tmp_path / "kit.gpkg"
    with closing(sqlite3.connect(kit)) as db:
        db.execute("CREATE TABLE bpe_ranges (typequ TEXT, bpe_range TEXT, type_group TEXT, label TEXT)")
        db.executemany(
            "INSERT INTO bpe_ranges VALUES (?, ?, ?, ?)",
            [
                ("C107", "proximite", "AR01", "École"),
                ("C109", "proximite", "AR01", "École"),
                ("D106", None, "D106", ""),
            ],
        )
        db.commit()
    assert bpe_ranges.kit_has_range_table(kit)
    basket = bpe_range_basket("proximite", "2025", table=str(kit))
    assert basket.category_ids == ["AR01"] and basket.categories[0].typequ == ("C107", "C109")
    other = tmp_path / "other.gpkg"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE roads (id INTEGER)")
    assert not bpe_ranges.kit_has_range_table(other) and not bpe_ranges.kit_has_range_table(tmp_path / "none.gpkg")


def test_a_workbook_declaring_entities_is_refused(tmp_path):
    """XML entity expansion (a "billion laughs" part) is refused before parsing: workbooks declare no DTD."""
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        laughs = '<!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><workbook>&b;</workbook>'
        book.writestr("xl/workbook.xml", laughs)
    with pytest.raises(ValueError, match="declares a DTD"):
        bpe_ranges.read_range_table(path)


def test_cells_far_to_the_right_are_left_out_of_the_rows(tmp_path):
    """A cell at column XFD (16,384) would make every row 16,384 cells long: cells beyond MAX_COLUMNS are
    dropped and the table still reads."""
    from vigie.plugin.core.sources.xlsx import MAX_COLUMNS, workbook_sheets

    path = tmp_path / "wide.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{main}"><sheets><sheet name="G"/></sheets></workbook>')
        cells = [
            '<c r="A1" t="inlineStr"><is><t>TYPEQU</t></is></c><c r="B1" t="inlineStr"><is><t>GAMME</t></is></c>',
            '<c r="A2" t="inlineStr"><is><t>D265</t></is></c><c r="B2" t="inlineStr"><is><t>proximité</t></is></c>'
            '<c r="XFD2" t="inlineStr"><is><t>far</t></is></c>',
        ]
        rows = "".join(f'<row r="{i}">{c}</row>' for i, c in enumerate(cells, start=1))
        sheet_xml = f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>'
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    sheet = workbook_sheets(path)["G"]
    assert sheet == [["TYPEQU", "GAMME"], ["D265", "proximité"]] and MAX_COLUMNS < 16384
    assert bpe_ranges.bpe_range_codes("2025", "proximite", table=path) == ["D265"]
