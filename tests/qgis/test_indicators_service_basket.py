"""vigie:servicebasket: each category's column against vigie:roadtraveltime on real data, areas, bad input."""

import numpy as np
import pytest
from feedbacks import recording_feedback

CELL_SUBSET = '"ind" >= 20'  # the inhabited cells with at least 20 people: a quick but real grid


def _plain(value):
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


@pytest.fixture
def sample(shared):
    folder = shared("data", "hautes-alpes")
    return {
        "NETWORK": str(folder / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
        "ORIGINS": str(folder / "population-filosofi2019-200m-gap-champsaur.gpkg") + "|subset=" + CELL_SUBSET,
        "SERVICES": str(folder / "health-facilities-finess-2020.geojson"),
        "COMMUNES": str(folder / "communes-2018-population.geojson"),
    }


def _run_basket(run_alg, sample, feedback=None, **extra):
    """vigie:servicebasket on the sample: FINESS facilities by facility_type, outputs in memory."""
    parameters = {key: sample[key] for key in ("NETWORK", "ORIGINS", "SERVICES")}
    parameters.update({"CATEGORY_FIELD": "facility_type", "OUTPUT": "memory:", "OUTPUT_AREAS": "memory:"})
    parameters.update(extra)
    return run_alg("vigie:servicebasket", parameters, feedback)


def _by_cell(layer, field):
    return {f["idcar_200m"]: _plain(f[field]) for f in layer.getFeatures()}


def test_each_category_equals_road_travel_time_on_its_points_alone(run_alg, sample):
    """The 25 real FINESS facilities in 6 categories (facility_type): every t_<category> column equals
    vigie:roadtraveltime run on that category's points alone, same graph and parameters."""
    from qgis.core import QgsVectorLayer

    # BASKET 4: every category present.
    result = _run_basket(run_alg, sample, BASKET=4, AREAS=sample["COMMUNES"], AREA_FIELD="code")
    basket = result["OUTPUT"]
    time_fields = [f.name() for f in basket.fields() if f.name().startswith("t_")]
    assert len(time_fields) == 6
    services = QgsVectorLayer(sample["SERVICES"], "s", "ogr")
    categories = sorted({f["facility_type"] for f in services.getFeatures()})
    for category in categories:
        subset = QgsVectorLayer(sample["SERVICES"], "s", "ogr")
        subset.setSubsetString(f"\"facility_type\" = '{category}'")
        alone = run_alg(
            "vigie:roadtraveltime",
            {"NETWORK": sample["NETWORK"], "ORIGINS": sample["ORIGINS"], "DESTINATIONS": subset, "OUTPUT": "memory:"},
        )["OUTPUT"]
        expected = _by_cell(alone, "time_min")
        got = _by_cell(basket, f"t_{category}")
        assert set(got) == set(expected) and len(got) > 300
        cells = sorted(expected)
        assert np.array([got[c] for c in cells], dtype=float) == pytest.approx(
            np.array([expected[c] for c in cells], dtype=float), abs=1e-6, nan_ok=True
        )

    # The basket mean is the mean of the six columns, far its comparison with 7 minutes.
    for feature in [f for f in basket.getFeatures() if _plain(f["far"]) is not None][:50]:
        values = [feature[name] for name in time_fields]
        assert feature["basket_mean_min"] == pytest.approx(sum(values) / 6)
        assert feature["basket_max_min"] == pytest.approx(max(values))
        assert feature["far"] == int(sum(values) / 6 > 7)
    assert basket.metadata().title() == "Service basket"

    areas = {f["area_id"]: f for f in result["OUTPUT_AREAS"].getFeatures()}
    total = areas.pop("TOTAL")
    cells = list(basket.getFeatures())
    people = sum(f["ind"] for f in cells)
    assert total["pop_total"] == pytest.approx(people, rel=1e-6)
    known = [f for f in cells if _plain(f["far"]) is not None]  # cells on a road cut off from some category
    assert 0 < len(cells) - len(known) < 20
    known_people = sum(f["ind"] for f in known)
    far_people = sum(f["ind"] for f in known if f["far"] == 1)
    assert total["share_far"] == pytest.approx(100 * far_people / known_people, rel=1e-6)
    assert total["pop_unknown"] == pytest.approx(people - known_people, rel=1e-6)
    mean = sum(f["ind"] * f["basket_mean_min"] for f in known) / known_people
    assert total["mean_basket_mean_min"] == pytest.approx(mean, rel=1e-6)
    assert sum(f["pop_total"] for f in areas.values()) == pytest.approx(people, rel=1e-6)
    assert "05061" in areas  # Gap
    assert _plain(total["absent_categories"]) in (None, "")


def test_insee_basket_reports_absent_categories(run_alg, sample):
    """FINESS points carry no BPE code: mapped by an explicit list, the absent ones are reported, not averaged."""
    feedback = recording_feedback()
    categories = "Centre Hospitalier (C.H.),Maternité,Centre de Lutte Contre Cancer"
    result = _run_basket(run_alg, sample, feedback, CATEGORIES=categories)
    names = [f.name() for f in result["OUTPUT"].fields()]
    assert "t_Centre Hospitalier (C.H.)" in names and "t_Maternité" not in names
    assert any("Maternité" in message for message in feedback.warnings)
    first = next(result["OUTPUT"].getFeatures())
    pair = [first["t_Centre Hospitalier (C.H.)"], first["t_Centre de Lutte Contre Cancer"]]
    assert first["basket_mean_min"] == pytest.approx(sum(pair) / 2)
    total = next(result["OUTPUT_AREAS"].getFeatures())
    assert total["area_id"] == "TOTAL" and total["absent_categories"] == "Maternité"


def test_no_service_of_the_basket_is_a_clear_error(run_alg, sample):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="CATEGORY_FIELD"):
        _run_basket(run_alg, sample, BASKET=0)  # INSEE's basket: BPE codes, none in FINESS


def test_bpe_range_basket_with_insee_range_table_on_paper(run_alg, tmp_path):
    """A 20 km road at 60 km/h; a GP (D265) at km 0, a pharmacy (D307) at km 20, a hairdresser (not in the
    range) at km 10; people at km 0, 10, 20. INSEE's range table (given as CSV) puts D265 and D307 in the
    local range: t_D265 = 0, 10, 20 min, t_D307 = 20, 10, 0, mean 10 everywhere, far (> 7) everywhere."""
    from indicators_layers import points_on_road, speed_field_network, straight_road
    from qgis.core import QgsProcessingException

    table = tmp_path / "gammes.csv"
    table.write_text("TYPEQU;GAMME\nD265;Gamme de proximité\nD307;Gamme de proximité\n", encoding="utf-8")
    services = points_on_road([0, 20, 10], "&field=typequ:string", [["D265"], ["D307"], ["A501"]])
    people = points_on_road([0, 10, 20], "&field=ind:double", [[10], [20], [30]])
    parameters = dict(speed_field_network(straight_road()))
    parameters.update(
        {"ORIGINS": people, "SERVICES": services, "BASKET": 1, "BPE_EDITION": "2023", "OUTPUT": "memory:"}
    )
    with pytest.raises(QgsProcessingException, match="RANGE_TABLE"):
        run_alg("vigie:servicebasket", parameters)
    result = run_alg("vigie:servicebasket", {**parameters, "RANGE_TABLE": str(table), "OUTPUT_AREAS": "memory:"})
    rows = list(result["OUTPUT"].getFeatures())
    assert [f["t_D265"] for f in rows] == pytest.approx([0, 10, 20], abs=0.01)
    assert [f["t_D307"] for f in rows] == pytest.approx([20, 10, 0], abs=0.01)
    assert [f["basket_mean_min"] for f in rows] == pytest.approx([10, 10, 10], abs=0.01)
    assert [f["far"] for f in rows] == [1, 1, 1] and [f["n_within_7"] for f in rows] == [1, 0, 1]
    total = next(result["OUTPUT_AREAS"].getFeatures())
    assert total["pop_total"] == 60 and total["share_far"] == pytest.approx(100.0)
    assert total["mean_t_D265"] == pytest.approx((0 * 10 + 10 * 20 + 20 * 30) / 60, abs=0.01)
    assert total["med_t_D265"] == pytest.approx(10, abs=0.01)  # 30 of 60 people within 10 min: lower median


def test_bpe_range_basket_from_insee_workbook_times_the_nearest_of_a_group_on_paper(run_alg, tmp_path):
    """INSEE's workbook as downloaded (2025 layout, .xlsx) puts the nursery (C107), primary (C108) and
    elementary (C109) schools in one group AR01 of the local range, counted as one service. On the 20 km road
    at 60 km/h: a nursery school at km 0, an elementary school at km 20, a GP (D265) and a bakery (B207) at
    km 10; people at km 0, 10, 20. t_AR01 = 0, 10, 0 min (the nearest school of either kind), t_D265 = 10, 0, 10;
    the mean is over the three services of the range present (B207 too: 10, 0, 10)."""
    from indicators_layers import points_on_road, speed_field_network, straight_road
    from range_workbooks import LAYOUT_2025, write_workbook

    workbook = write_workbook(tmp_path / "BPE_gammes_equipements_2025.xlsx", {"Gammes 2025": LAYOUT_2025})
    services = points_on_road([0, 20, 10, 10], "&field=typequ:string", [["C107"], ["C109"], ["D265"], ["B207"]])
    people = points_on_road([0, 10, 20], "&field=ind:double", [[10], [20], [30]])
    parameters = dict(speed_field_network(straight_road()))
    parameters.update(
        {
            "ORIGINS": people,
            "SERVICES": services,
            "BASKET": 1,
            "BPE_EDITION": "2025",
            "RANGE_TABLE": str(workbook),
            "OUTPUT": "memory:",
        }
    )
    rows = list(run_alg("vigie:servicebasket", parameters)["OUTPUT"].getFeatures())
    assert [f["t_AR01"] for f in rows] == pytest.approx([0, 10, 0], abs=0.01)
    assert [f["t_D265"] for f in rows] == pytest.approx([10, 0, 10], abs=0.01)
    assert [f["t_B207"] for f in rows] == pytest.approx([10, 0, 10], abs=0.01)
    assert [f["basket_mean_min"] for f in rows] == pytest.approx([20 / 3, 10 / 3, 20 / 3], abs=0.01)


def test_insee_basket_reads_the_codes_of_the_bpe_edition_on_paper(run_alg):
    """A 20 km road at 60 km/h; a GP under its 2023+ code D265 at km 0, a GP under its 2014-2021 code D201 at
    km 20, a bakery B207 at km 10; people at km 0, 10, 20. With BPE_EDITION 2024 the basket reads the revised
    codes only: t_medecin = 0, 10, 20 min (D201 is no code of 2024), t_boulangerie = 10, 0, 10; the driving
    school, unmapped for 2024, is named in a warning. Without an edition both codes count: t_medecin = 0, 10, 0."""
    from indicators_layers import points_on_road, speed_field_network, straight_road
    from qgis.core import QgsProcessingException

    def run(**extra):
        services = points_on_road([0, 20, 10], "&field=typequ:string", [["D265"], ["D201"], ["B207"]])
        people = points_on_road([0, 10, 20], "&field=ind:double", [[10], [20], [30]])
        parameters = dict(speed_field_network(straight_road()))
        parameters.update({"ORIGINS": people, "SERVICES": services, "BASKET": 0, "OUTPUT": "memory:"}, **extra)
        feedback = recording_feedback()
        layer = run_alg("vigie:servicebasket", parameters, feedback)["OUTPUT"]
        rows = list(layer.getFeatures())
        return sorted((f["t_medecin"], f["t_boulangerie"]) for f in rows), feedback.warnings

    times, messages = run(BPE_EDITION="2024")
    # (the few hundredths of a minute are the walk from each point onto the road)
    assert times == [pytest.approx(pair, abs=0.05) for pair in [(0, 10), (10, 0), (20, 10)]]
    unmapped = [message for message in messages if "no BPE code of this edition" in message]
    assert len(unmapped) == 1 and "ecole_conduite" in unmapped[0] and "21 other services" in unmapped[0]
    times, messages = run()
    assert times == [pytest.approx(pair, abs=0.05) for pair in [(0, 10), (0, 10), (10, 0)]]
    assert not any("no BPE code of this edition" in message for message in messages)
    with pytest.raises(QgsProcessingException, match="BPE_EDITION: 'BPE24' is not a BPE edition"):
        run(BPE_EDITION="BPE24")
