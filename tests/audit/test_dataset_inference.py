"""Dataset inference: finds a trained-on set, and holds its false-positive rate on null splits."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from clearance.audit.attacks import SINGLE_PASS
from clearance.audit.dataset_inference import MIN_DOCUMENTS, features_from_scores, infer
from clearance.audit.features import score_texts

from .tiny_corpus import TinyModel


@pytest.fixture(scope="module")
def features(tiny_model: TinyModel, tiny_lm) -> tuple[np.ndarray, np.ndarray]:
    members, kept_m = features_from_scores(score_texts(tiny_lm, tiny_model.members), tiny_model.members)
    nonmembers, kept_n = features_from_scores(score_texts(tiny_lm, tiny_model.nonmembers), tiny_model.nonmembers)
    assert len(kept_m) == len(tiny_model.members) and len(kept_n) == len(tiny_model.nonmembers)
    return members, nonmembers


def test_features_are_named_and_finite(features: tuple[np.ndarray, np.ndarray]) -> None:
    members, nonmembers = features
    assert members.shape[1] == nonmembers.shape[1] == len(SINGLE_PASS)
    assert np.all(np.isfinite(members)) and np.all(np.isfinite(nonmembers))
    # oriented so that higher means more familiar: members beat non-members on every score
    assert np.all(members.mean(axis=0) > nonmembers.mean(axis=0))


def test_members_against_unseen_give_a_small_p_value(features: tuple[np.ndarray, np.ndarray]) -> None:
    members, nonmembers = features
    result = infer(members, nonmembers, list(SINGLE_PASS), seed=0)
    assert result.p_value < 1e-6 and result.significant and result.test_auc > 0.9
    assert result.n_train == (100, 100) and result.n_test == (100, 100)
    # also with small sets (20 documents each): the power a rights holder with one book would have
    rng = np.random.default_rng(1)
    small = infer(members[rng.permutation(len(members))[:20]], nonmembers[rng.permutation(len(nonmembers))[:20]],
                  seed=1)
    assert small.p_value < 0.01


def test_null_splits_of_unseen_documents_hold_the_false_positive_rate(features: tuple[np.ndarray, np.ndarray]) -> None:
    """Suspect and unseen sets both drawn from non-members, 20 random splits: at alpha = 0.05 about one
    rejection is expected; more than 4 has probability 0.3% under Binomial(20, 0.05)."""
    _, nonmembers = features
    rejections = 0
    for seed in range(20):
        order = np.random.default_rng(100 + seed).permutation(len(nonmembers))
        half = len(order) // 2
        rejections += infer(nonmembers[order[:half]], nonmembers[order[half:]], seed=seed).p_value < 0.05
    assert rejections <= 4
    assert sps.binom.sf(4, 20, 0.05) < 0.005


def test_p_values_are_uniform_under_the_null_on_synthetic_features() -> None:
    """With exchangeable sets the p-value must be uniform: 150 null tests, the rejection rate at 0.05
    within its binomial 99.9% band and no pile-up at small p (Kolmogorov-Smirnov against uniform)."""
    rng = np.random.default_rng(7)
    p = np.array([infer(rng.normal(size=(30, 6)), rng.normal(size=(30, 6)), seed=i).p_value for i in range(150)])
    low, high = sps.binom.ppf([0.0005, 0.9995], 150, 0.05)
    assert low <= np.count_nonzero(p < 0.05) <= high
    assert sps.kstest(p, "uniform").pvalue > 0.001
    shifted = infer(rng.normal(size=(30, 6)) + 0.8, rng.normal(size=(30, 6)), seed=0)
    assert shifted.p_value < 0.01


def test_bad_feature_inputs_are_refused() -> None:
    good = np.zeros((MIN_DOCUMENTS, 3))
    with pytest.raises(ValueError, match="at least"):
        infer(np.zeros((MIN_DOCUMENTS - 1, 3)), good)
    with pytest.raises(ValueError, match="same columns"):
        infer(good, np.zeros((MIN_DOCUMENTS, 4)))
    bad = good.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        infer(bad, good)
    constant = infer(good, good)  # no signal at all: no evidence, not a crash
    assert constant.p_value == 1.0
