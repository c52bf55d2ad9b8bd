"""Weighted Cohen's kappa, checked against arithmetic done by hand."""

import pytest

from synthesis.coding.agreement import weighted_kappa

# Four highlights on a 1-3 scale, scored by a person (A) and the AI (B); they differ once, by one step.
ADJACENT = [(1, 1), (2, 2), (3, 3), (1, 2)]
# The same, but the one disagreement spans the whole scale.
FAR = [(1, 1), (2, 2), (3, 3), (1, 3)]


def test_hand_computed_example_quadratic_and_linear():
    # kappa = 1 - sum(w * observed) / sum(w * expected), with unnormalised weights (they cancel out):
    # quadratic w(i, j) = (i - j)^2, linear w(i, j) = |i - j|. n = 4.
    # A's marginals (rows) for 1, 2, 3: [2, 1, 1]; B's (columns): [1, 2, 1]. Expected cell = row * column / n.
    # Quadratic. Observed: only (1, 2), weight 1 -> 1 / 4.
    #   Expected * n^2 = sum row_i * col_j * w_ij over i != j:
    #   i=1 (row 2): j=2 2*2*1 = 4, j=3 2*1*4 = 8 -> 12; i=2 (row 1): j=1 1*1*1 = 1, j=3 1*1*1 = 1 -> 2;
    #   i=3 (row 1): j=1 1*1*4 = 4, j=2 1*2*1 = 2 -> 6. Total 20, / 16 = 5/4.
    #   kappa = 1 - (1/4) / (5/4) = 1 - 1/5 = 0.8
    # Linear. Observed: 1 / 4. Expected * n^2: i=1: 2*2*1 + 2*1*2 = 8; i=2: 1 + 1 = 2; i=3: 1*1*2 + 1*2*1 = 4.
    #   Total 14, / 16 = 7/8. kappa = 1 - (1/4) / (7/8) = 1 - 2/7 = 5/7 = 0.714...
    assert weighted_kappa(ADJACENT, categories=range(1, 4)) == pytest.approx(0.8)
    assert weighted_kappa(ADJACENT, categories=range(1, 4), weights="linear") == pytest.approx(5 / 7)


def test_quadratic_forgives_near_misses_and_punishes_far_ones_more_than_linear():
    # FAR: rows [2, 1, 1], columns [1, 1, 2]. Quadratic: observed 4/4 = 1; expected * 16 = 18 + 3 + 5 = 26,
    # kappa = 1 - 16/26 = 5/13 = 0.385. Linear: observed 2/4; expected * 16 = 10 + 3 + 3 = 16, kappa = 1 - 1/2 = 0.5.
    near_quadratic = weighted_kappa(ADJACENT, categories=range(1, 4))
    near_linear = weighted_kappa(ADJACENT, categories=range(1, 4), weights="linear")
    far_quadratic = weighted_kappa(FAR, categories=range(1, 4))
    far_linear = weighted_kappa(FAR, categories=range(1, 4), weights="linear")
    assert far_quadratic == pytest.approx(5 / 13) and far_linear == pytest.approx(0.5)
    assert near_quadratic > near_linear
    assert far_quadratic < far_linear


def test_perfect_agreement_is_one_on_the_default_pain_scale():
    assert weighted_kappa([(1, 1), (3, 3), (5, 5), (4, 4)]) == 1.0
    assert weighted_kappa([(1, 1), (3, 3)], weights="linear") == 1.0


def test_systematic_disagreement_is_negative():
    assert weighted_kappa([(1, 5), (5, 1), (2, 4), (4, 2)]) < 0


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [(3, 4)],  # one pair: no agreement to measure
        [(3, 3), (3, 3), (3, 3)],  # no variance: chance alone agrees perfectly
    ],
)
def test_undefined_kappa_is_none(pairs):
    assert weighted_kappa(pairs) is None


def test_scores_off_the_scale_and_unknown_weights_are_refused():
    with pytest.raises(ValueError, match="off the scale"):
        weighted_kappa([(1, 1), (6, 2)])
    with pytest.raises(ValueError, match="weights"):
        weighted_kappa([(1, 1), (2, 2)], weights="cubic")
