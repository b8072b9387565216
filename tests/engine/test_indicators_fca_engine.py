"""2SFCA engine: cases computed on paper, decay functions, conservation, bad input."""

import numpy as np
import pytest

from vigie.plugin.core.indicators.fca import decay_weights, two_step_fca

# A 3-node road: node 0 —10 min— node 1 —10 min— node 2 (so 0 to 2 is 20 minutes).
# Supply A (10 beds) at node 0, supply B (5 beds) at node 2. Demand: 1,000 / 2,000 / 500 people.
CAPACITY = [10, 5]
DEMAND = [1000, 2000, 500]
TIMES = {(0, 0): 0, (0, 1): 10, (0, 2): 20, (1, 0): 20, (1, 1): 10, (1, 2): 0}


def _pairs():
    supply, demand, time = zip(*((s, d, t) for (s, d), t in TIMES.items()))
    return np.array(supply), np.array(demand), np.array(time, dtype=float)


def test_three_nodes_no_decay_catchment_15():
    """Catchment 15 min, W = 1: A reaches nodes 0 and 1, B reaches nodes 1 and 2.

    Step 1: R_A = 10 / (1000 + 2000) = 3.333 per 1,000; R_B = 5 / (2000 + 500) = 2.0 per 1,000.
    Step 2: node 0 -> R_A = 3.333; node 1 -> R_A + R_B = 5.333; node 2 -> R_B = 2.0.
    Check: 3.333*1 + 5.333*2 + 2.0*0.5 = 15 beds, all the capacity.
    """
    result = two_step_fca(CAPACITY, DEMAND, *_pairs(), catchment_min=15)
    assert result.ratio == pytest.approx([10 / 3, 2.0])
    assert result.access_index == pytest.approx([10 / 3, 10 / 3 + 2.0, 2.0])
    assert list(result.supply_in_reach) == [1, 2, 1]
    assert np.dot(result.access_index, DEMAND) / 1000 == pytest.approx(15)


def test_three_nodes_drees_steps_catchment_20():
    """Catchment 20 min, APL steps: W = 1 up to 10 min, 2/3 to 15, 1/3 to 20.

    Weighted demand A = 1000 + 2000 + 500/3 = 3166.67 -> R_A = 10/3166.67 = 3.1579 per 1,000;
    B = 500 + 2000 + 1000/3 = 2833.33 -> R_B = 5/2833.33 = 1.7647 per 1,000.
    node 0: 3.1579 + 1.7647/3 = 3.7461; node 1: 3.1579 + 1.7647 = 4.9226; node 2: 1.7647 + 3.1579/3 = 2.8173.
    """
    result = two_step_fca(CAPACITY, DEMAND, *_pairs(), catchment_min=20, decay="stepped")
    r_a, r_b = 10000 / (1000 + 2000 + 500 / 3), 5000 / (500 + 2000 + 1000 / 3)
    assert result.ratio == pytest.approx([r_a, r_b])
    assert result.access_index == pytest.approx([r_a + r_b / 3, r_a + r_b, r_b + r_a / 3])
    assert result.access_index == pytest.approx([3.7461, 4.9226, 2.8173], abs=1e-4)


def test_demand_out_of_reach_gets_zero_and_supply_without_demand_no_ratio():
    # Supply 0 reaches demand 0; supply 1 reaches nobody; demand 1 reaches no supply.
    result = two_step_fca([4, 3], [100, 50], [0, 1], [0, 1], [5, 45], catchment_min=30)
    assert list(result.access_index) == [40, 0]
    assert result.ratio[0] == 40 and np.isnan(result.ratio[1])
    assert list(result.supply_in_reach) == [1, 0]


def test_zero_capacity_and_zero_demand():
    result = two_step_fca([0, 2], [0, 100], [0, 0, 1], [0, 1, 1], [1, 1, 1], catchment_min=10)
    assert result.ratio[0] == 0 and result.ratio[1] == 20
    assert list(result.access_index) == [0, 20]
    empty = two_step_fca([5], [10], [], [], [], catchment_min=10)
    assert list(empty.access_index) == [0] and np.isnan(empty.ratio[0])


def test_duplicated_pairs_keep_the_shortest_time():
    result = two_step_fca([10], [1000], [0, 0], [0, 0], [25, 5], catchment_min=20, decay="linear")
    assert result.weighted_demand[0] == pytest.approx(1000 * 0.75)


def test_decay_functions():
    t = np.array([0, 5, 10, 10.01, 15, 15.01, 20, 20.01, np.nan])
    assert list(decay_weights(t, 20, "none")) == [1, 1, 1, 1, 1, 1, 1, 0, 0]
    assert decay_weights(t, 20, "stepped") == pytest.approx([1, 1, 1, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 0, 0])
    assert decay_weights([0, 10, 20], 20, "linear") == pytest.approx([1, 0.5, 0])
    gaussian = decay_weights([0, 10, 20, 30], 20, "gaussian")
    assert gaussian[0] == pytest.approx(1) and gaussian[2] == pytest.approx(0) and gaussian[3] == 0
    assert gaussian[1] == pytest.approx((np.exp(-0.125) - np.exp(-0.5)) / (1 - np.exp(-0.5)))
    with pytest.raises(ValueError, match="decay"):
        decay_weights([1], 20, "cubic")
    with pytest.raises(ValueError, match="catchment"):
        decay_weights([1], 0, "none")


@pytest.mark.parametrize("decay", ["none", "stepped", "gaussian", "linear"])
def test_capacity_is_conserved_on_random_pairs(decay):
    """Sum over demand of P_i * A_i / 1000 = capacity of the supply points that have demand in reach."""
    rng = np.random.default_rng(11)
    m, n = 12, 300
    capacity = rng.integers(0, 50, m).astype(float)
    demand = rng.gamma(2, 50, n)
    pairs = rng.random((m, n)) < 0.2
    supply_index, demand_index = np.nonzero(pairs)
    times = rng.random(len(supply_index)) * 40
    result = two_step_fca(capacity, demand, supply_index, demand_index, times, catchment_min=30, decay=decay)
    served = np.isfinite(result.ratio)
    assert np.dot(result.access_index, demand) / 1000 == pytest.approx(capacity[served].sum())
    assert (result.access_index >= 0).all()


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="capacities"):
        two_step_fca([-1], [1], [0], [0], [1], 10)
    with pytest.raises(ValueError, match="capacities"):
        two_step_fca([np.nan], [1], [0], [0], [1], 10)
    with pytest.raises(ValueError, match="demand"):
        two_step_fca([1], [-1], [0], [0], [1], 10)
    with pytest.raises(ValueError, match="supply point"):
        two_step_fca([1], [1], [2], [0], [1], 10)


def test_age_weighted_apl_on_a_3x3_case_by_hand():
    """DREES 2022 weights read from data: ind_0_3 weighs 0.93, ind_55_64 (1.14 + 1.16) / 2 = 1.15.

    Demand A: 100 aged 0-3 -> 93; B: 200 aged 55-64 -> 230; C: 100 + 100 -> 208.
    Capacities (consultations a year) S1 1000, S2 600, S3 300; times (min), DREES steps over 20 min:
      S1: A 5 (1), B 12 (2/3), C 25 (out)     -> 93 + 2/3 * 230 = 246.333, R1 = 1000 / 246.333
      S2: A 18 (1/3), B 8 (1), C 14 (2/3)     -> 31 + 230 + 2/3 * 208 = 399.667, R2 = 600 / 399.667
      S3: C 3 (1) (A, B 30: out)              -> 208, R3 = 300 / 208
    APL per person: A = R1 + R2/3 = 4.560; B = 2/3 R1 + R2 = 4.208; C = 2/3 R2 + R3 = 2.443 < 2.5: sous-dense.
    """
    from vigie.plugin.core.indicators.fca import age_weighted_demand
    from vigie.plugin.core.reference.basket import age_class_weights

    weights = age_class_weights(["ind_0_3", "ind_55_64"], "2022")
    demand = age_weighted_demand({"ind_0_3": [100, 0, 100], "ind_55_64": [0, 200, 100]}, weights)
    assert demand == pytest.approx([93.0, 230.0, 208.0])
    supply = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    people = [0, 1, 2, 0, 1, 2, 0, 1, 2]
    times = [5, 12, 25, 18, 8, 14, 30, 30, 3]
    result = two_step_fca([1000, 600, 300], demand, supply, people, times, 20, "stepped", per=1)
    r1, r2, r3 = 1000 / (93 + 2 / 3 * 230), 600 / (31 + 230 + 2 / 3 * 208), 300 / 208
    assert result.ratio == pytest.approx([r1, r2, r3])
    assert result.access_index == pytest.approx([r1 + r2 / 3, 2 / 3 * r1 + r2, 2 / 3 * r2 + r3])
    assert (result.access_index < 2.5).tolist() == [False, False, True]
    assert age_weighted_demand({"ind_0_3": [1.0]}, weights, unknown=[3.0]) == pytest.approx([3.93])
    with pytest.raises(ValueError, match="ind_80p"):
        age_weighted_demand({"ind_80p": [1.0]}, weights)
