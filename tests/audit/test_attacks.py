"""Each score against its written formula (docs/audit.md), on hand-made token statistics."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

from clearance.audit import attacks
from clearance.audit.features import TokenScores


def _scores(logprobs, mu=None, sigma=None, chars=None) -> TokenScores:
    lp = np.asarray(logprobs, dtype=np.float32)
    mu = np.zeros_like(lp) if mu is None else np.asarray(mu, dtype=np.float32)
    sigma = np.ones_like(lp) if sigma is None else np.asarray(sigma, dtype=np.float32)
    return TokenScores(np.arange(lp.size), lp, mu, sigma, 10_000 if chars is None else chars)


def test_loss_is_the_negated_mean_nll():
    assert attacks.loss_score(_scores([-1.0, -2.0, -3.0])) == pytest.approx(-2.0)


def test_zlib_is_model_bits_over_zlib_bits_of_the_scored_text():
    text = "The quick brown fox jumps over the lazy dog. " * 3
    s = _scores([-1.0, -3.0], chars=20)
    expected = -(4.0 / math.log(2)) / (8 * len(zlib.compress(text[:20].encode(), 9)))
    assert attacks.zlib_score(s, text) == pytest.approx(expected)
    # Text the model finds cheaper scores higher (more member-like).
    assert attacks.zlib_score(_scores([-0.1, -0.1], chars=20), text) > attacks.zlib_score(s, text)


def test_lowercase_is_total_nll_over_lowercased_total_nll():
    s, lower = _scores([-1.0, -1.0]), _scores([-2.0, -2.0, -2.0])
    assert attacks.lowercase_score(s, lower) == pytest.approx(-2.0 / 6.0)
    assert math.isnan(attacks.lowercase_score(s, _scores([])))


def test_reference_is_the_per_token_log_likelihood_ratio():
    target, reference = _scores([-1.0, -1.0]), _scores([-3.0, -2.0, -4.0])
    assert attacks.reference_score(target, reference) == pytest.approx(3.0 - 1.0)


def test_min_k_averages_the_lowest_fraction():
    lp = [-0.1, -5.0, -0.2, -4.0, -0.3, -0.4, -0.5, -0.6, -0.7, -0.8]
    assert attacks.min_k_score(_scores(lp), 0.2) == pytest.approx(-4.5)
    assert attacks.min_k_score(_scores(lp), 0.05) == pytest.approx(-5.0)  # at least one token
    assert attacks.min_k_score(_scores(lp), 1.0) == pytest.approx(np.mean(lp))
    assert math.isnan(attacks.min_k_score(_scores([]), 0.2))


def test_min_k_plus_plus_standardizes_by_the_next_token_distribution():
    lp = np.array([-1.0, -2.0, -3.0, -4.0, -5.0])
    mu = np.array([-2.0, -2.0, -1.0, -4.0, -2.0])
    sigma = np.array([1.0, 0.5, 2.0, 1.0, 0.0])  # the last is floored, not divided by zero
    z = (lp - mu) / np.maximum(sigma, attacks.SIGMA_FLOOR)
    expected = np.sort(z)[:2].mean()
    assert attacks.min_k_pp_score(_scores(lp, mu, sigma), 0.4) == pytest.approx(expected)


def test_neighbour_is_mean_neighbour_loss_minus_own_loss():
    s = _scores([-1.0, -1.0])
    assert attacks.neighbour_score(s, np.array([2.0, 4.0, np.nan])) == pytest.approx(2.0)
    assert math.isnan(attacks.neighbour_score(s, np.array([])))


def test_single_pass_scores_need_nothing_but_the_pass():
    names = set(attacks.single_pass_scores(_scores([-1.0, -2.0]), "ab"))
    assert names == set(attacks.SINGLE_PASS)
    assert all(attacks.ATTACKS[n].extra_pass == "" for n in attacks.SINGLE_PASS)
    assert all(attacks.ATTACKS[n].extra_pass for n in attacks.ATTACKS if n not in attacks.SINGLE_PASS)
