"""Reference data of the basket and the APL: read from data files, with their sources; age weights by hand."""

import pytest

from vigie.plugin.core.reference.basket import (
    access_preset,
    access_presets,
    age_class_weights,
    basket_from_codes,
    drees_age_band_weights,
    insee_basket,
    parse_age_class,
)

FILOSOFI_CLASSES = ["ind_0_3", "ind_4_5", "ind_6_10", "ind_11_17", "ind_18_24", "ind_25_39", "ind_40_54",
                    "ind_55_64", "ind_65_79", "ind_80p"]  # fmt: skip


def test_insee_basket_has_22_services_with_codes_and_source():
    basket = insee_basket()
    assert len(basket.categories) == 22 and basket.far_min == 7.0
    assert "1579" in basket.source
    codes = basket.category_of_code()
    assert codes["D201"] == ["medecin"] and codes["A104"] == ["police_gendarmerie"]
    assert all(len(ids) == 1 for ids in codes.values())  # no code in two categories


def test_drees_2022_band_weights_read_from_data():
    bands = drees_age_band_weights("2022")
    assert len(bands) == 19 and bands[0] == (0, 4, 0.93) and bands[-1] == (90, None, 2.39)
    with pytest.raises(KeyError, match="2022"):
        drees_age_band_weights("1990")


def test_filosofi_classes_map_onto_drees_bands_by_hand():
    """Each year of age counts once: 4-5 = (0.93 + 0.59)/2; 6-10 = (4 x 0.59 + 0.55)/5;
    11-17 = (4 x 0.55 + 3 x 0.59)/7; 25-39 = mean(0.78, 0.84, 0.88); 80+ stops at 94 = mean(1.72, 1.99, 2.39)."""
    weights = age_class_weights(FILOSOFI_CLASSES, "2022")
    assert weights["ind_0_3"] == pytest.approx(0.93)
    assert weights["ind_4_5"] == pytest.approx((0.93 + 0.59) / 2)
    assert weights["ind_6_10"] == pytest.approx((4 * 0.59 + 0.55) / 5)
    assert weights["ind_11_17"] == pytest.approx((4 * 0.55 + 3 * 0.59) / 7)
    assert weights["ind_18_24"] == pytest.approx((2 * 0.59 + 5 * 0.73) / 7)
    assert weights["ind_25_39"] == pytest.approx((0.78 + 0.84 + 0.88) / 3)
    assert weights["ind_55_64"] == pytest.approx((1.14 + 1.16) / 2)
    assert weights["ind_80p"] == pytest.approx((1.72 + 1.99 + 2.39) / 3)
    assert parse_age_class("ind_inc") is None and parse_age_class("ind") is None
    with pytest.raises(ValueError, match="ind_inc"):
        age_class_weights(["ind_inc"])


def test_presets_carry_thresholds_codes_and_sources():
    ids = [p.id for p in access_presets()]
    assert {"france_services_30", "emergency_30", "maternity_45", "gp_20"} <= set(ids)
    assert access_preset("maternity_45").thresholds_min == (45.0,)
    assert access_preset("emergency_30").codes["bpe"] == ["D106"]
    # General practitioners: D201 up to the 2022 BPE, D265 since INSEE's 2023 renumbering, as in the basket.
    assert access_preset("gp_20").codes["bpe"] == ["D201", "D265"]
    assert "D265" in access_preset("gp_20").services_en
    assert all(p.source for p in access_presets())
    with pytest.raises(KeyError):
        access_preset("nope")


def test_explicit_codes_make_one_category_each():
    assert basket_from_codes(["D201", " B203", "D201", ""]).category_ids == ["D201", "B203"]


def test_bpe_range_basket_from_insee_range_table(tmp_path):
    """Vigie's tables confirm no range yet: without INSEE's table the basket is refused, with it each code is
    a category labelled from the edition's type table."""
    from vigie.plugin.core.reference.basket import bpe_range_basket

    table = tmp_path / "gammes.csv"
    table.write_text("TYPEQU;GAMME\nD265;Gamme de proximité\nD307;proximité\nD107;Gamme supérieure\n", encoding="utf-8")
    basket = bpe_range_basket("proximite", "2023", table=str(table))
    assert basket.category_ids == ["D265", "D307"]
    assert basket.categories[0].label_fr == "Médecin généraliste" and "gammes.csv" in basket.source
    assert bpe_range_basket("superieure", "2023", table=str(table)).category_ids == ["D107"]
    with pytest.raises(LookupError):
        bpe_range_basket("proximite", "2017")


REVISED_EDITIONS = ["2023", "2024", "2025"]


@pytest.mark.parametrize("edition", REVISED_EDITIONS)
def test_a_revised_edition_basket_resolves_every_mapped_category_to_a_type_of_that_edition(edition):
    """From 2023 on, the basket reads the revised codes only: each mapped category finds its codes, labelled,
    in the edition's type table; the driving school (no 2023+ code sourced) is left out and named."""
    from vigie.plugin.core.reference.bpe_ranges import type_labels

    basket = insee_basket(edition)
    labels = type_labels(edition)
    assert basket.unmapped == ("ecole_conduite",) and len(basket.categories) == 21
    assert [code for c in basket.categories for code in c.typequ if code not in labels] == []
    codes = basket.category_of_code()
    assert codes["D265"] == ["medecin"] and codes["B207"] == ["boulangerie"] and codes["D279"] == ["kinesitherapeute"]
    assert codes["C108"] == ["ecole_elementaire"] and "D201" not in codes and "B203" not in codes
    assert all(len(ids) == 1 for ids in codes.values())
    assert edition in basket.source


def test_an_older_edition_basket_keeps_the_2014_2021_codes():
    basket = insee_basket("2021")
    codes = basket.category_of_code()
    assert len(basket.categories) == 22 and basket.unmapped == ()
    assert codes["D201"] == ["medecin"] and codes["A304"] == ["ecole_conduite"] and "D265" not in codes


def test_basket_without_edition_holds_both_nomenclatures_and_refuses_a_non_year():
    codes = insee_basket().category_of_code()
    assert codes["D201"] == codes["D265"] == ["medecin"] and codes["B203"] == codes["B207"] == ["boulangerie"]
    with pytest.raises(ValueError, match="not a BPE edition"):
        insee_basket("BPE24")
