"""BPE reference tables per edition: editions, types, range names, INSEE's range table as override."""

import pytest

from vigie.plugin.core.reference import bpe_ranges


def test_editions_are_sorted_and_latest_is_the_last():
    editions = bpe_ranges.bpe_editions()
    assert editions == sorted(editions) and {"2023", "2024", "2025"} <= set(editions)
    assert bpe_ranges.latest_bpe_edition() == editions[-1]


def test_types_follow_the_2023_renumbering():
    old = bpe_ranges.type_labels("2017")
    new = bpe_ranges.type_labels("2025")
    assert "D201" in old and "D201" not in new and "D265" in new
    frame = bpe_ranges.bpe_types("2024")
    assert list(frame.columns) == ["typequ", "label", "range"]
    assert set(frame["range"]) <= {"", "proximite", "intermediaire", "superieure"}


def test_unknown_edition_and_range_are_refused():
    with pytest.raises(ValueError, match="not known"):
        bpe_ranges.bpe_types("1999")
    with pytest.raises(ValueError, match="not a BPE range"):
        bpe_ranges.bpe_range_codes("2025", "lointaine")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gamme de proximité", "proximite"),
        ("INTERMÉDIAIRE", "intermediaire"),
        ("gamme supérieure", "superieure"),
        ("Hors gamme", ""),
    ],
)
def test_range_names_are_normalised(text, expected):
    assert bpe_ranges.normalise_range(text) == expected


def test_unconfirmed_range_asks_for_insee_table_and_the_table_overrides(tmp_path):
    with pytest.raises(LookupError, match="INSEE's table"):
        bpe_ranges.bpe_range_codes("2025", "proximite")
    table = tmp_path / "gammes.csv"
    table.write_text(
        "TYPEQU;Libellé;Gamme\nD265;Médecin;Gamme de proximité\nD307;Pharmacie;Gamme de proximité\n"
        "D106;Urgences;Gamme supérieure\n",
        encoding="utf-8",
    )
    assert bpe_ranges.bpe_range_codes("2025", "proximite", table=table) == ["D265", "D307"]
    assert bpe_ranges.bpe_range_codes("2025", "superieure", table=table) == ["D106"]


def _insee_table(tmp_path, rows):
    table = tmp_path / "gammes.csv"
    table.write_text("TYPEQU;Libellé;Gamme\n" + "".join(f"{code};;{kind}\n" for code, kind in rows), encoding="utf-8")
    return table


def test_insee_table_gives_the_ranges_of_types_and_of_an_edition_vigie_does_not_ship(tmp_path):
    table = _insee_table(tmp_path, [("D265", "Gamme de proximité"), ("D106", "Gamme supérieure"), ("A203", "")])
    ranges = bpe_ranges.type_ranges("2025", table)
    assert ranges["D265"] == "proximite" and ranges["D106"] == "superieure" and ranges["A203"] == ""
    assert ranges["C107"] == "" and set(bpe_ranges.type_ranges("2025")) <= set(ranges)  # shipped types kept
    old = _insee_table(tmp_path, [("D201", "Gamme de proximité"), ("D301", "Gamme de proximité")])
    assert bpe_ranges.type_ranges("2021", old) == {"D201": "proximite", "D301": "proximite"}
    assert bpe_ranges.bpe_range_codes("2021", "proximite", table=old) == ["D201", "D301"]
    with pytest.raises(LookupError, match="no table of the BPE 2021 edition.*INSEE's table"):
        bpe_ranges.bpe_range_codes("2021", "proximite")
    with pytest.raises(LookupError, match="gammes.csv lists no equipment type of the 'intermediaire' range"):
        bpe_ranges.bpe_range_codes("2025", "intermediaire", table=table)


def test_revised_editions_ship_the_sourced_codes_with_their_labels_and_sources():
    sources_text = (bpe_ranges.DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for edition in ("2023", "2024", "2025"):
        labels = bpe_ranges.type_labels(edition)
        assert labels["B207"] == "Boulangerie-pâtisserie" and labels["D277"] == "Chirurgien-dentiste"
        assert labels["A104"] == "Gendarmerie" and labels["D302"] == "Laboratoire d'analyses"
        sources = bpe_ranges.type_sources(edition)
        assert set(sources) == set(labels) and all(sources.values())
        keys = {key.strip() for text in sources.values() for key in text.split(";")}
        assert [key for key in keys if f"**{key}**" not in sources_text] == []  # every key is explained
    assert bpe_ranges.type_sources("2017")["D201"] == ""


@pytest.mark.parametrize("edition", ["2017", "2023", "2024", "2025"])
def test_each_edition_ships_its_three_ranges_disjoint_and_non_empty_or_none(edition):
    frame = bpe_ranges.bpe_types(edition)
    assert not frame["typequ"].duplicated().any()  # one range per type, so the ranges cannot overlap
    shipped = {}
    for name in bpe_ranges.RANGES:
        try:
            shipped[name] = set(bpe_ranges.bpe_range_codes(edition, name))
        except LookupError:
            pass
    assert len(shipped) in (0, 3)
    assert all(shipped.values())
    names = list(shipped)
    assert all(not shipped[a] & shipped[b] for a in names for b in names if a < b)
