"""Every coefficient against worked examples whose figures are printed in the literature."""

import numpy as np
import pytest

from afpak_coder.analysis import agreement as A

# Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
# Communication, University of Pennsylvania, section C: 4 observers × 12 units, values 1–5, with
# missing values. Published: nominal .743, ordinal .815, interval .849, ratio .797.
# Gwet (2014, Handbook of Inter-Rater Reliability, 4th ed.) uses the same data; the irrCAC package
# documentation (Gwet, "Calculating chance-corrected agreement coefficients", dataset
# cac.raw4raters) prints: percent agreement .8181818, AC1 .77544, Fleiss' kappa .76117,
# Brennan–Prediger .77273.
N = None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
SCALE = [1, 2, 3, 4, 5]


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                               ("ratio", 0.797)])
def test_alpha_krippendorff_2011(level, published):
    result = A.krippendorff_alpha(KRIPPENDORFF_2011, level)
    assert round(result.value, 3) == published
    assert result.units == 11  # unit 12 has a single value and cannot be paired
    assert result.pairable == 40


def test_gwet_coefficients_on_krippendorff_2011_data():
    assert A.percent_agreement(KRIPPENDORFF_2011).value == pytest.approx(0.8181818, abs=1e-7)
    ac1 = A.gwet_ac1(KRIPPENDORFF_2011, SCALE)
    assert round(ac1.value, 5) == 0.77544
    assert round(ac1.expected, 7) == 0.1903212  # Gwet's chance agreement, printed as pe
    fleiss = A.fleiss_kappa(A.category_counts(KRIPPENDORFF_2011, SCALE))
    assert round(fleiss.value, 5) == 0.76117
    assert round(fleiss.expected, 7) == 0.2387153
    assert round(A.brennan_prediger(KRIPPENDORFF_2011, SCALE).value, 5) == 0.77273


# Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard reliability measure for
# coding data. Communication Methods and Measures 1(1), 77–89: 5 observers × 40 units, ordinal
# scale 0–3, many values missing. Published: ordinal alpha = .7598; their bootstrap draws
# "a random sample of 239 pairs of judgments" per resample (the pairable pairs in these data).
HAYES_KRIPPENDORFF_2007 = [list(row) for row in zip(*[
    (1, 1, 2, N, 2), (1, 1, 0, 1, N), (2, 3, 3, 3, N), (N, 0, 0, N, 0), (0, 0, 0, N, 0), (0, 0, 0, N, 0),
    (1, 0, 2, N, 1), (1, N, 2, 0, N), (2, 2, 2, N, 2), (2, 1, 1, 1, N), (N, 1, 0, 0, N), (0, 0, 0, 0, N),
    (1, 2, 2, 2, N), (3, 3, 2, 2, 3), (1, 1, 1, N, 1), (1, 1, 1, N, 1), (2, 1, 2, N, 2), (1, 2, 3, 3, N),
    (1, 1, 0, 1, N), (0, 0, 0, N, 0), (0, 0, 1, 1, N), (0, 0, N, 0, 0), (2, 3, 3, 3, N), (0, 0, 0, 0, N),
    (1, 2, N, 2, 2), (0, 1, 1, 1, N), (0, 0, 0, 1, 0), (1, 2, 1, 2, N), (1, 1, 2, 2, N), (1, 1, 2, N, 2),
    (1, 1, 0, N, 0), (2, 1, 2, 1, N), (2, 2, N, 2, 2), (3, 2, 2, 2, N), (2, 2, 2, N, 2), (2, 2, 3, N, 2),
    (2, 2, 2, N, 2), (2, 2, N, 1, 2), (2, 2, 2, 2, N), (1, 1, 1, N, 1),
])]


def test_alpha_hayes_krippendorff_2007():
    assert round(A.krippendorff_alpha(HAYES_KRIPPENDORFF_2007, "ordinal").value, 4) == 0.7598


def test_bootstrap_draws_as_many_pairs_as_hayes_krippendorff_2007():
    interval = A.bootstrap_alpha(HAYES_KRIPPENDORFF_2007, "ordinal", draws=2000, seed=7)
    assert interval.pairs == 239
    assert interval.low < 0.7598 < interval.high


# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin
# 76(5), 378–382, Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality
# disorder, schizophrenia, neurosis, other). Published: kappa = .430.
FLEISS_1971 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0], [2, 0, 4, 0, 0],
    [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6], [1, 0, 0, 5, 0], [1, 1, 0, 4, 0],
    [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1], [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0],
    [0, 2, 0, 4, 0], [1, 0, 2, 0, 3], [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0],
    [1, 0, 0, 4, 1], [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
]


def test_fleiss_1971():
    result = A.fleiss_kappa(FLEISS_1971)
    assert round(result.value, 3) == 0.430
    assert result.units == 30


def test_first_fifteen_fleiss_patients_as_gwet_prints_them():
    # irrCAC documentation, dataset distrib.6raters (Fleiss's first 15 patients): Fleiss' kappa
    # .4139265, AC1 .4448007, Brennan–Prediger .4388889, percent agreement .5511111.
    counts = np.asarray(FLEISS_1971[:15])
    assert A.fleiss_kappa(counts).value == pytest.approx(0.4139265, abs=1e-7)
    assert A.ac1_from_counts(counts).value == pytest.approx(0.4448007, abs=1e-7)
    assert A.bp_from_counts(counts).value == pytest.approx(0.4388889, abs=1e-7)
    assert A.percent_from_counts(counts).value == pytest.approx(0.5511111, abs=1e-7)


def _expand(table):
    """Two coders' values from a contingency table (rows: first coder, columns: second)."""
    first, second = [], []
    for row, counts in enumerate(table):
        for column, count in enumerate(counts):
            first += [row] * count
            second += [column] * count
    return first, second


# Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
# Measurement 20(1), 37–46, the example on p. 45 (200 units, 3 categories; counts = proportions
# × 200). Published: p_o = .70, p_c = .41, kappa = .492.
COHEN_1960 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


def test_cohen_1960():
    first, second = _expand(COHEN_1960)
    kappa = A.cohen_kappa(first, second)
    assert kappa.observed == pytest.approx(0.70)
    assert kappa.expected == pytest.approx(0.41)
    assert round(kappa.value, 3) == 0.492
    assert kappa.units == 200


# Gwet, K. L. (2014). Handbook of Inter-Rater Reliability, 4th ed.: two abstractors classify 100
# pregnancies (ectopic, AIU, NIU). As printed in the irrCAC documentation (cont3x3abstractors):
# Cohen's kappa .7964094, Scott's pi .7962397, AC1 .8493305, Brennan–Prediger .835, percent
# agreement .89, alpha .7972585; with quadratic weights, Cohen's kappa .8921569.
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]


def test_gwet_2014_two_abstractors():
    first, second = _expand(ABSTRACTORS)
    categories = [0, 1, 2]
    assert A.cohen_kappa(first, second, categories).value == pytest.approx(0.7964094, abs=1e-7)
    assert A.scott_pi(first, second, categories).value == pytest.approx(0.7962397, abs=1e-7)
    assert A.gwet_ac1([first, second], categories).value == pytest.approx(0.8493305, abs=1e-7)
    assert A.brennan_prediger([first, second], categories).value == pytest.approx(0.835, abs=1e-12)
    assert A.percent_agreement([first, second]).value == pytest.approx(0.89)
    assert A.krippendorff_alpha([first, second]).value == pytest.approx(0.7972585, abs=1e-7)
    weighted = A.cohen_kappa(first, second, categories, weights="quadratic")
    assert weighted.value == pytest.approx(0.8921569, abs=1e-7)


# Brennan, R. L. & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and alternatives.
# Educational and Psychological Measurement 41(3), 687–699, first example (proportions × 100):
# p_o = .60, kappa = .27, and with chance agreement 1/3 for three categories, .40.
BRENNAN_PREDIGER_1981 = [[50, 0, 0], [10, 10, 10], [20, 0, 0]]


def test_brennan_prediger_1981():
    first, second = _expand(BRENNAN_PREDIGER_1981)
    assert round(A.cohen_kappa(first, second).value, 2) == 0.27
    bp = A.brennan_prediger([first, second], [0, 1, 2])
    assert bp.observed == pytest.approx(0.60)
    assert round(bp.value, 2) == 0.40
    assert A.brennan_prediger([first, second], 3).value == pytest.approx(bp.value)


def test_linear_weighted_kappa_by_hand():
    # No printed example at hand for linear weights, so derived by hand. Two coders, scale 0–2:
    #   (0,0) ×2, (1,1) ×1, (2,2) ×1, (0,1) ×1, (0,2) ×1   (n = 6)
    # Disagreement weights |i-j|/2: 0 on the diagonal, .5 one step apart, 1 two steps apart.
    # Observed weighted disagreement: (.5·1 + 1·1)/6 = .25.
    # Marginals: first coder 4/6, 1/6, 1/6; second 2/6, 2/6, 2/6.
    # Expected: Σ w_ij r_i c_j = (4/6)(2/6)(.5 + 1) + (1/6)(2/6)(.5 + .5) + (1/6)(2/6)(1 + .5)
    #         = (4·1.5 + 1 + 1.5)·2/36 = 8.5/18 = .47222...
    # Weighted kappa = 1 - .25/.47222 = 1 - 9/17 = 8/17 = .470588...
    first = [0, 0, 1, 2, 0, 0]
    second = [0, 0, 1, 2, 1, 2]
    assert A.cohen_kappa(first, second, [0, 1, 2], "linear").value == pytest.approx(8 / 17)


def test_fleiss_kappa_equals_scotts_pi_for_two_coders_only_with_complete_data():
    # By hand: agreement 4/6; pooled shares a 4/12, b 5/12, c 3/12, chance (16 + 25 + 9)/144;
    # pi = (4/6 - 50/144) / (1 - 50/144) = .4894, and Fleiss' kappa on complete data is the same.
    first, second = ["a", "b", "a", "c", "b", "a"], ["a", "b", "b", "c", "b", "c"]
    assert A.scott_pi(first, second).value == pytest.approx((4 / 6 - 50 / 144) / (1 - 50 / 144))
    assert A.fleiss_kappa(A.category_counts([first, second])).value == pytest.approx(A.scott_pi(first, second).value)
    # Units only the first coder coded add to Fleiss' category shares but not to Scott's pi:
    # pi stays .4894 (the units both coded), kappa moves.
    first_more, second_more = first + ["a", "a"], second + [None, None]
    pi = A.scott_pi(first_more, second_more).value
    assert pi == pytest.approx(A.scott_pi(first, second).value)
    assert A.fleiss_kappa(A.category_counts([first_more, second_more])).value != pytest.approx(pi, abs=1e-3)
