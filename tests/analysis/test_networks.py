"""Network weights and normalisations against hand-computed examples (definitions: DNA manual,
"Methods for Network Construction"; restated in docs/networks.md).

The example, on the stance scale −2 … +2 (span 4), actors A, B, C and themes T1, T2:

    A on T1 at +2, twice;  A on T2 at −1
    B on T1 at +1;         B on T2 at −1
    C on T1 at −2;         C on T2 without a stance

so X[A] = {(T1,+2): 2, (T2,−1): 1}, X[B] = {(T1,+1): 1, (T2,−1): 1}, X[C] = {(T1,−2): 1}
plus C's claim on T2 in the "no stance" level (which only ``ignore`` uses).
Activities over the stance levels: n_A = 3, n_B = 2, n_C = 1; with the no-stance level n_C = 2.
"""

import numpy as np
import pytest

from afpak_coder.analysis.networks import claim_array, onemode, twomode
from afpak_coder.core.errors import ValidationError

SCALE = np.array([-2, -1, 0, 1, 2])
A, B, C = 0, 1, 2
T1, T2 = 0, 1
LEVEL = {value: index for index, value in enumerate(SCALE)}
CLAIMS = [(A, T1, 2), (A, T1, 2), (A, T2, -1), (B, T1, 1), (B, T2, -1), (C, T1, -2), (C, T2, None)]


@pytest.fixture
def array():
    rows = [c[0] for c in CLAIMS]
    columns = [c[1] for c in CLAIMS]
    levels = [-1 if c[2] is None else LEVEL[c[2]] for c in CLAIMS]
    return claim_array(rows, columns, levels, 3, 2, SCALE)


def check(actual, expected):
    assert np.allclose(actual, np.array(expected, dtype=float)), actual
    assert np.allclose(actual, actual.T) if actual.shape[0] == actual.shape[1] else True


def test_congruence_weights_each_pair_by_one_minus_distance_over_span(array):
    # A–B: T1 2·1·(1 − |2−1|/4) = 1.5, T2 1·1·(1 − 0) = 1 → 2.5
    # A–C: T1 2·1·(1 − 4/4) = 0;  B–C: T1 1·1·(1 − 3/4) = 0.25
    check(onemode(array, "congruence", span=4), [[0, 2.5, 0], [2.5, 0, 0.25], [0, 0.25, 0]])


def test_conflict_weights_each_pair_by_distance_over_span(array):
    # A–B: T1 2·1·1/4 = 0.5;  A–C: T1 2·1·4/4 = 2;  B–C: T1 1·1·3/4 = 0.75
    check(onemode(array, "conflict", span=4), [[0, 0.5, 2], [0.5, 0, 0.75], [2, 0.75, 0]])


def test_subtract_is_congruence_minus_conflict(array):
    check(onemode(array, "subtract", span=4), [[0, 2.0, -2.0], [2.0, 0, -0.5], [-2.0, -0.5, 0]])


def test_ignore_is_the_co_occurrence_product_counting_claims_without_stance(array):
    # counts: A (T1 2, T2 1), B (1, 1), C (1, 1) → A–B 2+1 = 3, A–C 2+1 = 3, B–C 1+1 = 2
    check(onemode(array, "ignore"), [[0, 3, 3], [3, 0, 2], [3, 2, 0]])


def test_average_normalisation_divides_by_the_mean_activity(array):
    # congruence / ((n_i + n_i′)/2): A–B 2.5/2.5 = 1; B–C 0.25/1.5 = 1/6
    check(onemode(array, "congruence", "average", span=4), [[0, 1, 0], [1, 0, 1 / 6], [0, 1 / 6, 0]])
    # conflict: A–B 0.5/2.5 = 0.2; A–C 2/2 = 1; B–C 0.75/1.5 = 0.5
    check(onemode(array, "conflict", "average", span=4), [[0, 0.2, 1], [0.2, 0, 0.5], [1, 0.5, 0]])
    # ignore counts the no-stance claim: n_C = 2 → A–B 3/2.5, A–C 3/2.5, B–C 2/2
    check(onemode(array, "ignore", "average"), [[0, 1.2, 1.2], [1.2, 0, 1], [1.2, 1, 0]])


def test_cosine_normalisation_divides_by_the_product_of_activities(array):
    # DNA's cosine denominator: √((Σx_i)²)·√((Σx_i′)²) = n_i · n_i′
    # congruence: A–B 2.5/6 = 5/12; B–C 0.25/2 = 1/8; subtract: A–C −2/3, B–C −0.5/2
    check(onemode(array, "congruence", "cosine", span=4), [[0, 5 / 12, 0], [5 / 12, 0, 1 / 8], [0, 1 / 8, 0]])
    check(onemode(array, "subtract", "cosine", span=4),
          [[0, 2 / 6, -2 / 3], [2 / 6, 0, -0.25], [-2 / 3, -0.25, 0]])
    check(onemode(array, "ignore", "cosine"), [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])


def test_jaccard_normalisation_counts_cells_of_one_only_and_joint_cells(array):
    # cells (j, k): A {(T1,+2):2, (T2,−1):1}, B {(T1,+1):1, (T2,−1):1}, C {(T1,−2):1}
    # A–B: A alone 2, B alone 1, joint 1·1 = 1 → 4;  A–C: 3 + 1 + 0 = 4;  B–C: 2 + 1 + 0 = 3
    # congruence: 2.5/4, 0/4, 0.25/3;  conflict: 0.5/4, 2/4, 0.75/3
    check(onemode(array, "congruence", "jaccard", span=4),
          [[0, 0.625, 0], [0.625, 0, 1 / 12], [0, 1 / 12, 0]])
    check(onemode(array, "conflict", "jaccard", span=4),
          [[0, 0.125, 0.5], [0.125, 0, 0.25], [0.5, 0.25, 0]])
    # ignore also has C's (T2, no stance) cell: A–C 3 + 2 + 0 = 5 → 3/5; B–C 2 + 2 + 0 = 4 → 2/4
    # A–B as above → 3/4
    check(onemode(array, "ignore", "jaccard"), [[0, 0.75, 0.6], [0.75, 0, 0.5], [0.6, 0.5, 0]])


def test_theme_network_through_shared_actors(array):
    themes = array.transposed()
    # T1–T2 through A: 2·1·(1 − |2 − (−1)|/4) = 0.5; through B: 1·1·(1 − 2/4) = 0.5; C has no stance on T2
    check(onemode(themes, "congruence", span=4), [[0, 1.0], [1.0, 0]])
    check(onemode(themes, "conflict", span=4), [[0, 2.0], [2.0, 0]])  # 2·0.75 + 1·0.5
    check(onemode(themes, "ignore"), [[0, 4], [4, 0]])  # 2·1 + 1·1 + 1·1
    # average: n_T1 = 4, n_T2 = 2 (stance claims) → 1/3
    check(onemode(themes, "congruence", "average", span=4), [[0, 1 / 3], [1 / 3, 0]])


def test_two_mode_weights(array):
    check(twomode(array, "ignore"), [[2, 1], [1, 1], [1, 1]])
    check(twomode(array, "subtract"), [[4, -1], [1, -1], [-2, 0]])  # Σ_k k·x_ijk
    # 1 only positive, 2 only negative, 3 both; C on T2 has no stance → 0
    check(twomode(array, "combine"), [[1, 2], [1, 2], [2, 0]])


def test_two_mode_normalisations(array):
    # activity: each actor's row divided by its claims (3+… with ignore: A 3, B 2, C 2)
    check(twomode(array, "ignore", "activity"), [[2 / 3, 1 / 3], [0.5, 0.5], [0.5, 0.5]])
    # prominence: each theme's column divided by its claims (T1 4, T2 3)
    check(twomode(array, "ignore", "prominence"), [[0.5, 1 / 3], [0.25, 1 / 3], [0.25, 1 / 3]])
    # subtract counts claims with a stance: A 3, B 2, C 1; T1 4, T2 2
    check(twomode(array, "subtract", "activity"), [[4 / 3, -1 / 3], [0.5, -0.5], [-2, 0]])
    check(twomode(array, "subtract", "prominence"), [[1, -0.5], [0.25, -0.5], [-0.5, 0]])


def test_a_neutral_claim_is_neither_positive_nor_negative_in_combine():
    array = claim_array([0, 0, 1], [0, 0, 0], [LEVEL[0], LEVEL[2], LEVEL[0]], 2, 1, SCALE)
    check(twomode(array, "combine"), [[1], [0]])


def test_nodes_without_claims_get_zero_not_nan(array):
    empty = claim_array([A], [T1], [LEVEL[2]], 3, 2, SCALE)
    for normalise in ("average", "jaccard", "cosine"):
        result = onemode(empty, "congruence", normalise, span=4)
        assert np.isfinite(result).all() and not result.any()
    assert np.isfinite(twomode(empty, "ignore", "prominence")).all()


def test_bad_options_are_refused(array):
    with pytest.raises(ValidationError, match="one-mode weight 'combine'"):
        onemode(array, "combine")
    with pytest.raises(ValidationError, match="cannot be normalised"):
        twomode(array, "combine", "activity")
    with pytest.raises(ValidationError, match="stance scale"):
        onemode(array, "congruence", span=None)
