"""vigie:servicescenario and its engine on the Gap–Champsaur sample: 2,368 cells, 25 FINESS hospitals."""

import subprocess

import numpy as np
import pytest
from feedbacks import recording_feedback
from whatif_data import load_territory


@pytest.fixture(scope="module")
def territory(qgis_app):
    from conftest import shared_path

    return load_territory(shared_path)


def _nearest(territory, services_xy):
    from vigie.plugin.core.routing import nearest_service_times

    return nearest_service_times(territory.network.graph, territory.cells_xy, services_xy)


def _scenario(territory, closed, opened_xy=None):
    from vigie.plugin.core.indicators.scenario import scenario_times

    return scenario_times(territory.network.graph, territory.cells_xy, territory.hospitals_xy, closed, opened_xy)


def _number(value):
    from qgis.PyQt.QtCore import QVariant

    return np.nan if value is None or (isinstance(value, QVariant) and value.isNull()) else float(value)


def _busiest_single_site(territory, catchment):
    """The hospital serving most cells among those with no other hospital at the same address."""
    from scipy.spatial.distance import cdist

    distance = cdist(territory.hospitals_xy, territory.hospitals_xy)
    np.fill_diagonal(distance, np.inf)
    alone = distance.min(axis=1) > 10.0
    return int(np.argmax(np.where(alone, catchment, -1)))


def _catchments(territory):
    today = _nearest(territory, territory.hospitals_xy)
    return today, np.bincount(today.dest_index[today.dest_index >= 0], minlength=len(territory.hospitals_xy))


def test_before_is_road_travel_time_and_after_is_a_fresh_search(territory):
    today, catchment = _catchments(territory)
    busiest = _busiest_single_site(territory, catchment)
    closed = np.zeros(len(territory.hospitals_xy), dtype=bool)
    closed[busiest] = True
    result = _scenario(territory, closed)
    np.testing.assert_allclose(result.time_before, today.time_s / 60.0, equal_nan=True)
    assert np.array_equal(result.dest_before, today.dest_index)

    remaining = np.nonzero(~closed)[0]
    fresh = _nearest(territory, territory.hospitals_xy[remaining])
    np.testing.assert_allclose(result.time_after, fresh.time_s / 60.0, rtol=1e-9, equal_nan=True)
    # Only the people of the closed hospital's catchment can be farther; nobody is nearer.
    moved = today.dest_index == busiest
    assert np.nanmin(result.delta_min) >= -1e-9
    np.testing.assert_array_equal(result.time_after[~moved], result.time_before[~moved])
    assert np.nanmax(result.delta_min[moved]) > 0
    assert not np.isin(result.dest_after, [busiest]).any()


def test_closing_a_service_whose_catchment_is_empty_changes_nothing(territory):
    from vigie.plugin.core.indicators.scenario import scenario_changes

    _, catchment = _catchments(territory)
    empty = catchment == 0
    assert empty.any() and not empty.all()
    result = _scenario(territory, empty)
    np.testing.assert_array_equal(result.time_after, result.time_before)
    np.testing.assert_array_equal(result.dest_after, result.dest_before)
    total = scenario_changes(territory.people, result, [10, 20, 30]).iloc[-1]
    assert total.pop_total == territory.people.sum()
    assert total.pop_out_20 == total.pop_in_20 == total.pop_dest_changed == total.pop_lost == 0
    assert total.mean_delta_min == 0


def test_closing_every_service_leaves_everyone_without_a_time(territory):
    from vigie.plugin.core.indicators.scenario import scenario_changes

    result = _scenario(territory, np.ones(len(territory.hospitals_xy), dtype=bool))
    assert np.isnan(result.time_after).all() and (result.dest_after == -1).all()
    assert np.isnan(result.delta_min).all()
    total = scenario_changes(territory.people, result, [10, 20, 30]).iloc[-1]
    reached_before = territory.people[np.isfinite(result.time_before)].sum()
    assert reached_before > 0
    assert total.pop_lost == pytest.approx(reached_before)
    assert np.isnan(total.mean_delta_min)


def test_opening_a_site_on_top_of_a_service_changes_nothing(territory):
    from vigie.plugin.core.indicators.scenario import scenario_changes

    _, catchment = _catchments(territory)
    busiest = int(np.argmax(catchment))
    result = _scenario(territory, np.zeros(len(territory.hospitals_xy), dtype=bool), territory.hospitals_xy[[busiest]])
    np.testing.assert_allclose(result.time_after, result.time_before, atol=1e-9)
    np.testing.assert_array_equal(result.dest_after, result.dest_before)
    total = scenario_changes(territory.people, result, [10, 20, 30]).iloc[-1]
    assert total.pop_dest_changed == 0 and total.pop_in_10 == 0


def test_opening_a_site_in_a_far_valley_brings_people_inward(territory):
    from vigie.plugin.core.indicators.scenario import scenario_changes

    today, _ = _catchments(territory)
    farthest = int(np.nanargmax(np.where(territory.people > 0, today.time_s, np.nan)))
    opened = territory.cells_xy[[farthest]]
    result = _scenario(territory, np.zeros(len(territory.hospitals_xy), dtype=bool), opened)
    new_site = len(territory.hospitals_xy)
    assert result.dest_after[farthest] == new_site
    served = result.dest_after == new_site
    assert np.all(result.delta_min[served] < 0)
    np.testing.assert_array_equal(result.time_after[~served], result.time_before[~served])
    total = scenario_changes(territory.people, result, [10, 20, 30]).iloc[-1]
    assert total.pop_dest_changed == pytest.approx(territory.people[served].sum())
    assert total.pop_out_10 == total.pop_out_20 == total.pop_out_30 == 0
    assert total.mean_delta_min < 0


def _layer(path, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(path, name, "ogr")
    assert layer.isValid()
    return layer


def _assert_diverging_change_style(layer):
    """The gain / loss map: PuOr classes of delta_min, then lost access in the darkest purple."""
    from vigie.plugin.styles import CHANGE_COLOURS, LOST_ACCESS_COLOUR

    assert layer.renderer().type() == "RuleRenderer"
    rules = layer.renderer().rootRule().children()
    colours = [rule.symbol().color().name() for rule in rules]
    assert colours[: len(CHANGE_COLOURS)] == list(CHANGE_COLOURS)
    assert colours[len(CHANGE_COLOURS)] == LOST_ACCESS_COLOUR
    assert rules[len(CHANGE_COLOURS)].filterExpression() == '"time_before" IS NOT NULL AND "time_after" IS NULL'
    # Gains (negative delta) come first, losses last: the legend reads from faster to slower.
    assert rules[0].filterExpression() == '"delta_min" < -10'
    assert rules[len(CHANGE_COLOURS) - 1].filterExpression() == '"delta_min" >= 10'


def test_algorithm_end_to_end_with_communes(run_alg, territory, tmp_path):
    from qgis.core import QgsProcessingFeedback

    hospitals = _layer(territory.paths["hospitals"], "hospitals")
    gap = [f.id() for f in hospitals.getFeatures() if f["city"] == "GAP"]
    assert gap
    feedback = QgsProcessingFeedback()
    result = run_alg(
        "vigie:servicescenario",
        {
            "NETWORK": territory.paths["network"],
            "ORIGINS": territory.paths["population"],
            "SERVICES": hospitals,
            "SERVICE_ID_FIELD": "id",
            "CLOSE": "\"city\" = 'GAP'",
            "THRESHOLDS": "10,20",
            "AREAS": territory.paths["communes"],
            "AREA_FIELD": "code",
            "OUTPUT": str(tmp_path / "scenario.gpkg"),
            "OUTPUT_AREAS": str(tmp_path / "scenario_communes.gpkg"),
        },
        feedback,
    )
    cells = _layer(result["OUTPUT"], "cells")
    assert cells.featureCount() == len(territory.cells_xy)
    rows = list(cells.getFeatures())
    delta = np.array([_number(f["delta_min"]) for f in rows])
    closed_ids = {str(f["id"]) for f in hospitals.getFeatures() if f["city"] == "GAP"}
    assert {f["dest_before"] for f in rows} & closed_ids
    assert not {f["dest_after"] for f in rows} & closed_ids
    assert np.nanmax(delta) > 5  # Gap's hospitals serve most of the grid
    assert "delta_min = after - before" in cells.metadata().abstract()
    _assert_diverging_change_style(cells)  # the GeoPackage carries the style as its default

    communes = _layer(result["OUTPUT_AREAS"], "communes")
    table = {f["area_id"]: f for f in communes.getFeatures()}
    total = table.pop("TOTAL")
    assert total["pop_total"] == pytest.approx(territory.people.sum())
    assert sum(f["pop_out_20"] for f in table.values()) == pytest.approx(total["pop_out_20"])
    assert total["pop_out_20"] > 0 and total["pop_in_20"] == 0
    assert table["05061"]["pop_total"] > 0  # Gap


def test_algorithm_reports_closing_every_service_and_makes_a_before_after_page(run_alg, territory, tmp_path):
    feedback = recording_feedback()
    messages = feedback.warnings

    result = run_alg(
        "vigie:servicescenario",
        {
            "NETWORK": territory.paths["network"],
            "ORIGINS": territory.paths["population"],
            "SERVICES": territory.paths["hospitals"],
            "CLOSE": "true",
            "OUTPUT": str(tmp_path / "all_closed.gpkg"),
            "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
        },
        feedback,
    )
    layer = _layer(result["OUTPUT"], "all_closed")
    assert np.isnan([_number(f["time_after"]) for f in layer.getFeatures()]).all()
    assert any("no origin reaches any service" in m for m in messages)
    total = next(result["OUTPUT_AREAS"].getFeatures())
    assert total["area_id"] == "TOTAL" and total["pop_lost"] > 0

    pdf = tmp_path / "before_after.pdf"
    run_alg(
        "vigie:maplayout",
        {
            "LAYERS": [result["OUTPUT"]],
            "TITLE": "Avant / après : fermeture de tous les hôpitaux",
            "OUTPUT_PDF": str(pdf),
        },
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Avant / après" in text


def test_algorithm_opens_a_new_site_from_a_layer(run_alg, territory):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    today, _ = _catchments(territory)
    farthest = int(np.nanargmax(np.where(territory.people > 0, today.time_s, np.nan)))
    x, y = territory.cells_xy[farthest]
    opened = QgsVectorLayer(f"Point?crs={territory.network.crs.authid()}", "opened", "memory")
    feature = QgsFeature(opened.fields())
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
    opened.dataProvider().addFeatures([feature])
    result = run_alg(
        "vigie:servicescenario",
        {
            "NETWORK": territory.paths["network"],
            "ORIGINS": territory.paths["population"],
            "SERVICES": territory.paths["hospitals"],
            "OPEN": opened,
            "THRESHOLDS": "10,20",
            "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
        },
    )
    _assert_diverging_change_style(result["OUTPUT"])
    served = [f for f in result["OUTPUT"].getFeatures() if f["dest_after"] == "new-1"]
    assert served and all(_number(f["delta_min"]) < 0 for f in served)
    total = next(result["OUTPUT_AREAS"].getFeatures())
    assert total["pop_in_20"] > 0 and total["pop_out_20"] == 0
    assert total["pop_dest_changed"] == pytest.approx(sum(f["ind"] for f in served))


def test_close_the_selected_services(run_alg, territory):
    hospitals = _layer(territory.paths["hospitals"], "hospitals")
    gap = [f.id() for f in hospitals.getFeatures() if f["city"] == "GAP"]
    hospitals.selectByIds(gap)
    by_selection = run_alg(
        "vigie:servicescenario",
        {
            "NETWORK": territory.paths["network"],
            "ORIGINS": territory.paths["population"],
            "SERVICES": hospitals,
            "CLOSE_SELECTED": True,
            "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
        },
    )["OUTPUT_AREAS"]
    by_expression = run_alg(
        "vigie:servicescenario",
        {
            "NETWORK": territory.paths["network"],
            "ORIGINS": territory.paths["population"],
            "SERVICES": territory.paths["hospitals"],
            "CLOSE": "\"city\" = 'GAP'",
            "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
        },
    )["OUTPUT_AREAS"]
    selected, expressed = next(by_selection.getFeatures()), next(by_expression.getFeatures())
    assert selected["pop_out_20"] > 0
    assert selected.attributes() == expressed.attributes()


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"CLOSE": '"city" = '}, "CLOSE"),
        ({"CLOSE": "\"town\" = 'GAP'"}, "CLOSE: the expression uses town"),
        ({"THRESHOLDS": "20,10"}, "THRESHOLDS"),
        ({"POPULATION_FIELD": "nope"}, "POPULATION_FIELD"),
    ],
)
def test_bad_input_names_the_parameter(run_alg, territory, parameters, message):
    from qgis.core import QgsProcessingException

    base = {
        "NETWORK": territory.paths["network"],
        "ORIGINS": territory.paths["population"],
        "SERVICES": territory.paths["hospitals"],
        "OUTPUT": "TEMPORARY_OUTPUT",
        "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
    }
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("vigie:servicescenario", {**base, **parameters})
