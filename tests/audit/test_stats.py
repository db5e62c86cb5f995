"""AUC, TPR at low FPR and their intervals against definitions, closed forms and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps
from sklearn.metrics import roc_auc_score

from clearance.audit import stats


def test_auc_equals_the_mann_whitney_u_statistic_with_ties():
    rng = np.random.default_rng(1)
    pos = rng.integers(0, 6, size=57).astype(float)  # many ties
    neg = rng.integers(0, 5, size=43).astype(float)
    u = sps.mannwhitneyu(pos, neg, alternative="two-sided").statistic
    assert stats.auc(pos, neg) == pytest.approx(u / (pos.size * neg.size), abs=1e-12)
    # And the pairwise definition: P(pos > neg) + P(pos == neg) / 2.
    pairwise = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert stats.auc(pos, neg) == pytest.approx(pairwise, abs=1e-12)
    labels = np.r_[np.ones(pos.size), np.zeros(neg.size)]
    assert stats.auc(pos, neg) == pytest.approx(roc_auc_score(labels, np.r_[pos, neg]), abs=1e-12)


@pytest.mark.parametrize("shift", [0.0, 0.5, 1.0, 2.0])
def test_auc_matches_the_closed_form_on_gaussian_scores(shift):
    """Scores N(d, 1) against N(0, 1): AUC = Phi(d / sqrt(2))."""
    rng = np.random.default_rng(7)
    pos = rng.normal(shift, 1.0, 20000)
    neg = rng.normal(0.0, 1.0, 20000)
    expected = sps.norm.cdf(shift / np.sqrt(2.0))
    assert stats.auc(pos, neg) == pytest.approx(expected, abs=0.01)


def test_auc_ci_covers_the_truth_and_shrinks_with_more_data():
    rng = np.random.default_rng(3)
    expected = sps.norm.cdf(1.0 / np.sqrt(2.0))
    small = stats.auc_ci(rng.normal(1, 1, 100), rng.normal(0, 1, 100), seed=1)
    large = stats.auc_ci(rng.normal(1, 1, 2000), rng.normal(0, 1, 2000), seed=1)
    assert small[0] < expected < small[1]
    assert large[0] < expected < large[1]
    assert large[1] - large[0] < small[1] - small[0]


def test_auc_ci_coverage_is_near_nominal():
    """Over repeated draws the 90% interval holds the true AUC about 90% of the time."""
    rng = np.random.default_rng(11)
    expected = sps.norm.cdf(0.8 / np.sqrt(2.0))
    hits = 0
    trials = 200
    for t in range(trials):
        low, high = stats.auc_ci(rng.normal(0.8, 1, 80), rng.normal(0, 1, 80), n_boot=400, level=0.9, seed=t)
        hits += low <= expected <= high
    assert 0.82 <= hits / trials <= 0.97


def test_tpr_at_fpr_counts_positives_above_the_allowed_negatives():
    neg = np.arange(100, dtype=float)  # 0..99; at 1% FPR one negative (99) may pass
    pos = np.array([99.5, 98.5, 50.0, 120.0])
    assert stats.tpr_at_fpr(pos, neg, 0.01) == pytest.approx(0.75)  # strictly above 98
    assert stats.tpr_at_fpr(pos, neg, 0.02) == pytest.approx(0.75)  # strictly above 97
    assert stats.tpr_at_fpr(pos, neg, 0.5) == pytest.approx(1.0)


def test_tpr_at_fpr_matches_the_roc_curve():
    rng = np.random.default_rng(5)
    pos, neg = rng.normal(1.5, 1, 500), rng.normal(0, 1, 1000)
    fpr, tpr = stats.roc_curve(pos, neg)
    for target in (0.01, 0.05, 0.2):
        best = tpr[fpr <= target + 1e-12].max()
        assert stats.tpr_at_fpr(pos, neg, target) == pytest.approx(best)


def test_tpr_at_low_fpr_is_not_estimable_with_too_few_negatives():
    rng = np.random.default_rng(2)
    pos, neg = rng.normal(1, 1, 50), rng.normal(0, 1, 99)
    assert stats.tpr_at_fpr(pos, neg, 0.01) is None
    assert stats.tpr_at_fpr_ci(pos, neg, 0.01) is None
    assert stats.tpr_at_fpr(pos, np.r_[neg, 0.0], 0.01) is not None
    summary = stats.summarize(pos, neg)
    assert summary.tpr[0.01] is None and summary.tpr[0.001] is None
    assert summary.to_json()["tpr_at_fpr"]["0.01"]["estimable"] is False


def test_tpr_interval_brackets_the_estimate():
    rng = np.random.default_rng(9)
    pos, neg = rng.normal(2, 1, 300), rng.normal(0, 1, 1000)
    point = stats.tpr_at_fpr(pos, neg, 0.01)
    low, high = stats.tpr_at_fpr_ci(pos, neg, 0.01, seed=4)
    assert low <= point <= high
    assert high - low < 0.3


def test_roc_curve_area_equals_auc():
    rng = np.random.default_rng(6)
    pos, neg = np.round(rng.normal(1, 1, 300), 1), np.round(rng.normal(0, 1, 200), 1)
    fpr, tpr = stats.roc_curve(pos, neg)
    assert fpr[0] == tpr[0] == 0.0 and fpr[-1] == tpr[-1] == 1.0
    assert np.trapezoid(tpr, fpr) == pytest.approx(stats.auc(pos, neg), abs=1e-12)


def test_wilson_interval():
    low, high = stats.rate_ci(0, 20)
    assert low == 0.0 and 0.1 < high < 0.2  # rule of three region: about 0.16
    low, high = stats.rate_ci(10, 20)
    assert low < 0.5 < high and high - low == pytest.approx(2 * (0.5 - low))
    assert stats.rate_ci(20, 20)[1] == 1.0
    with pytest.raises(ValueError):
        stats.rate_ci(3, 2)


def test_bad_scores_are_refused():
    with pytest.raises(ValueError, match="no scores"):
        stats.auc([], [1.0])
    with pytest.raises(ValueError, match="finite"):
        stats.auc([np.nan], [1.0])
