"""Membership-inference scores, one written definition each (docs/audit.md, "Formula spec").

Every score is oriented the same way: HIGHER = MORE likely a member. Losses are in nats per token
(mean negative log-likelihood, NLL); information contents (``nll_sum``) are in nats or bits as stated.

Single-pass scores read only the target model's one forward pass over the document (``TokenScores``):
loss, zlib, Min-K% Prob and Min-K%++. The others need an extra input or model and say so:
lowercase (the lowercased text, one more pass, skipped when lowercasing changes nothing), reference
(another model, one pass of it) and neighbourhood (N perturbed copies, N more passes).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from clearance.audit.features import TokenScores

#: Min-K% Prob and Min-K%++ average the lowest k of the per-token values (Shi et al. 2024: k = 20%).
DEFAULT_MIN_K = 0.2
#: A next-token distribution this peaked has no spread to normalize by: Min-K%++ floors sigma here.
SIGMA_FLOOR = 1e-6

LN2 = math.log(2.0)


@dataclass(frozen=True, slots=True)
class Attack:
    """One score's name in columns and reports, its title and what it costs beyond the shared pass."""

    name: str
    title: str
    source: str  # the paper that introduced it
    extra_pass: str  # "" for single-pass scores
    formula: str


ATTACKS: dict[str, Attack] = {a.name: a for a in (
    Attack("loss", "Loss", "Yeom et al. 2018", "", "-L(x), L = mean NLL per token"),
    Attack("zlib", "zlib ratio", "Carlini et al. 2021", "",
           "-NLL_bits(x) / zlib_bits(x), zlib_bits = 8 * len(zlib.compress(utf8(x), 9))"),
    Attack("lowercase", "Lowercase ratio", "Carlini et al. 2021", "+1 pass over lower(x)",
           "-NLL(x) / NLL(lower(x)), NLL = total nats"),
    Attack("reference", "Reference ratio", "Carlini et al. 2021", "+1 reference-model pass",
           "L_ref(x) - L(x), mean NLL per token under each model"),
    Attack("min_k", "Min-K% Prob", "Shi et al. 2024", "",
           "mean of the lowest k% of log p(x_t | x_<t)"),
    Attack("min_k_pp", "Min-K%++", "Zhang et al. 2024", "",
           "mean of the lowest k% of (log p(x_t | x_<t) - mu_t) / sigma_t"),
    Attack("neighbour", "Neighbourhood", "Mattern et al. 2023", "+N passes (neighbours)",
           "mean_i L(x~_i) - L(x)"),
)}

#: Scores read from the shared forward pass alone.
SINGLE_PASS = ("loss", "zlib", "min_k", "min_k_pp")


def zlib_bits(text: str) -> int:
    """Size of the text compressed by zlib at level 9, in bits: its information content to zlib."""
    return 8 * len(zlib.compress(text.encode("utf-8"), 9))


def _lowest_fraction_mean(values: np.ndarray, k: float) -> float:
    """Mean of the ``max(1, floor(k * n))`` smallest values (NaN for an empty array)."""
    if values.size == 0:
        return float("nan")
    count = max(1, int(k * values.size))
    return float(np.partition(values.astype(np.float64), count - 1)[:count].mean())


def loss_score(scores: TokenScores) -> float:
    return -scores.loss


def zlib_score(scores: TokenScores, text: str) -> float:
    """Model bits over zlib bits for the scored part of the text, negated: text the model finds much
    cheaper than zlib does (memorized, not merely repetitive) scores high."""
    if scores.n_tokens == 0:
        return float("nan")
    return -(scores.nll_sum / LN2) / zlib_bits(text[: scores.scored_chars])


def lowercase_score(scores: TokenScores, lowered: TokenScores) -> float:
    """Total NLL of the text over total NLL of its lowercased copy, negated: a member's exact casing
    is cheap for the model, the lowercased copy (never seen) is not."""
    if scores.n_tokens == 0 or lowered.n_tokens == 0 or lowered.nll_sum <= 0:
        return float("nan")
    return -scores.nll_sum / lowered.nll_sum


def reference_score(scores: TokenScores, reference: TokenScores) -> float:
    """Log-likelihood ratio per token against a reference model: how much better the target predicts
    the text than a model that never saw it (removes text that is easy for any model)."""
    return reference.loss - scores.loss


def min_k_score(scores: TokenScores, k: float = DEFAULT_MIN_K) -> float:
    return _lowest_fraction_mean(scores.logprobs, k)


def min_k_pp_score(scores: TokenScores, k: float = DEFAULT_MIN_K) -> float:
    """Each token's log-probability standardized by the mean and spread of log p over the vocabulary
    under the model's own next-token distribution, then the lowest k% averaged."""
    if scores.n_tokens == 0:
        return float("nan")
    z = (scores.logprobs.astype(np.float64) - scores.mu) / np.maximum(scores.sigma, SIGMA_FLOOR)
    return _lowest_fraction_mean(z, k)


def neighbour_score(scores: TokenScores, neighbour_losses: np.ndarray) -> float:
    """Mean loss of the perturbed neighbours minus the text's own loss: a member sits in a dip of the
    loss surface, so its neighbours score clearly worse than it does."""
    finite = neighbour_losses[np.isfinite(neighbour_losses)]
    if finite.size == 0 or scores.n_tokens == 0:
        return float("nan")
    return float(finite.mean()) - scores.loss


def single_pass_scores(scores: TokenScores, text: str, k: float = DEFAULT_MIN_K) -> dict[str, float]:
    """Every score that needs nothing beyond the shared forward pass."""
    return {
        "loss": loss_score(scores),
        "zlib": zlib_score(scores, text),
        "min_k": min_k_score(scores, k),
        "min_k_pp": min_k_pp_score(scores, k),
    }
