"""Statistics an auditor can stand behind: AUC, TPR at low FPR, and their confidence intervals.

Orientation everywhere: a HIGHER score means MORE likely a member (memorized, trained on). Positives are
the scores of members, negatives those of non-members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

from clearance.proportions import wilson_interval

ArrayLike = Sequence[float] | np.ndarray


def _clean(scores: ArrayLike, name: str) -> np.ndarray:
    values = np.asarray(scores, dtype=np.float64).ravel()
    if values.size == 0:
        raise ValueError(f"{name}: no scores")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name}: scores must be finite (got NaN or inf)")
    return values


def auc(positives: ArrayLike, negatives: ArrayLike) -> float:
    """Area under the ROC curve as the Mann-Whitney U statistic over n_pos * n_neg (ties count 1/2).

    Computed from mid-ranks, so it is exact (no curve integration) and O(n log n).
    """
    pos = _clean(positives, "positives")
    neg = _clean(negatives, "negatives")
    ranks = sps.rankdata(np.concatenate([pos, neg]))  # average ranks: ties count 1/2
    u = ranks[: pos.size].sum() - pos.size * (pos.size + 1) / 2.0
    return float(u / (pos.size * neg.size))


def _auc_batch(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """AUC of each row of ``pos`` (B x n_pos) against the matching row of ``neg`` (B x n_neg)."""
    both = np.concatenate([pos, neg], axis=1)
    ranks = sps.rankdata(both, axis=1)
    n_pos, n_neg = pos.shape[1], neg.shape[1]
    u = ranks[:, :n_pos].sum(axis=1) - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


def _resample(rng: np.random.Generator, values: np.ndarray, n_boot: int) -> np.ndarray:
    return values[rng.integers(0, values.size, size=(n_boot, values.size))]


def auc_ci(positives: ArrayLike, negatives: ArrayLike, *, n_boot: int = 1000, level: float = 0.95,
           seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval, resampling members and non-members separately (stratified),
    because the two sets are drawn independently of each other."""
    pos = _clean(positives, "positives")
    neg = _clean(negatives, "negatives")
    rng = np.random.default_rng(seed)
    values = _auc_batch(_resample(rng, pos, n_boot), _resample(rng, neg, n_boot))
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha])
    return float(low), float(high)


def estimable(n_negatives: int, fpr: float) -> bool:
    """A TPR at FPR f needs at least 1/f negatives; with fewer, the threshold is a guess."""
    return n_negatives * fpr >= 1.0 - 1e-9


def _tpr_at(pos_sorted_desc: np.ndarray, neg: np.ndarray, fpr: float) -> float:
    """Largest TPR whose threshold lets through at most ``fpr`` of the negatives (strict: score > t)."""
    allowed = int(np.floor(fpr * neg.size + 1e-9))  # negatives we may flag
    neg_desc = np.sort(neg)[::-1]
    # Flag everything strictly above the (allowed+1)-th highest negative: at most `allowed` negatives pass.
    threshold = neg_desc[allowed] if allowed < neg.size else -np.inf
    return float(np.count_nonzero(pos_sorted_desc > threshold) / pos_sorted_desc.size)


def tpr_at_fpr(positives: ArrayLike, negatives: ArrayLike, fpr: float) -> float | None:
    """True-positive rate at a false-positive rate no higher than ``fpr``; None when not estimable."""
    pos = _clean(positives, "positives")
    neg = _clean(negatives, "negatives")
    if not 0.0 < fpr < 1.0:
        raise ValueError(f"fpr must be in (0, 1), not {fpr}")
    if not estimable(neg.size, fpr):
        return None
    return _tpr_at(np.sort(pos)[::-1], neg, fpr)


def tpr_at_fpr_ci(positives: ArrayLike, negatives: ArrayLike, fpr: float, *, n_boot: int = 1000,
                  level: float = 0.95, seed: int = 0) -> tuple[float, float] | None:
    """Stratified percentile bootstrap interval of :func:`tpr_at_fpr`; None when not estimable."""
    pos = _clean(positives, "positives")
    neg = _clean(negatives, "negatives")
    if not estimable(neg.size, fpr):
        return None
    rng = np.random.default_rng(seed)
    pos_boot = _resample(rng, pos, n_boot)
    neg_boot = _resample(rng, neg, n_boot)
    allowed = int(np.floor(fpr * neg.size + 1e-9))
    neg_desc = -np.sort(-neg_boot, axis=1)
    thresholds = neg_desc[:, allowed] if allowed < neg.size else np.full(n_boot, -np.inf)
    values = np.count_nonzero(pos_boot > thresholds[:, None], axis=1) / pos.size
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha])
    return float(low), float(high)


def rate_ci(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion: sound near 0 and 1, where extraction rates live."""
    return wilson_interval(successes, n, level)


def roc_curve(positives: ArrayLike, negatives: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """(fpr, tpr) at every distinct threshold, from (0, 0) to (1, 1), for plotting."""
    pos = _clean(positives, "positives")
    neg = _clean(negatives, "negatives")
    scores = np.concatenate([pos, neg])
    labels = np.concatenate([np.ones(pos.size), np.zeros(neg.size)])
    order = np.argsort(-scores, kind="mergesort")
    scores, labels = scores[order], labels[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(scores)), scores.size - 1]
    tps = np.cumsum(labels)[last_of_tie]
    fps = (last_of_tie + 1) - tps
    return np.r_[0.0, fps / neg.size], np.r_[0.0, tps / pos.size]


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the report says about one score: AUC and TPR at low FPR, each with an interval."""

    auc: float
    auc_ci: tuple[float, float]
    tpr: dict[float, float | None]
    tpr_ci: dict[float, tuple[float, float] | None]
    n_members: int
    n_nonmembers: int

    def to_json(self) -> dict:
        return {
            "auc": self.auc,
            "auc_ci": list(self.auc_ci),
            "tpr_at_fpr": {
                f"{fpr:g}": {"tpr": self.tpr[fpr], "ci": None if self.tpr_ci[fpr] is None else list(self.tpr_ci[fpr]),
                             "estimable": self.tpr[fpr] is not None}
                for fpr in self.tpr
            },
            "n_members": self.n_members,
            "n_nonmembers": self.n_nonmembers,
        }


#: The false-positive rates the reports quote: 1% and 0.1% (Carlini et al. 2022, "from first principles").
REPORTED_FPRS = (0.01, 0.001)


def summarize(positives: ArrayLike, negatives: ArrayLike, *, fprs: Sequence[float] = REPORTED_FPRS,
              n_boot: int = 1000, level: float = 0.95, seed: int = 0) -> Summary:
    """AUC and TPR at each FPR with bootstrap intervals, in one call."""
    pos = _clean(positives, "positives")
    neg = _clean(negatives, "negatives")
    return Summary(
        auc=auc(pos, neg),
        auc_ci=auc_ci(pos, neg, n_boot=n_boot, level=level, seed=seed),
        tpr={f: tpr_at_fpr(pos, neg, f) for f in fprs},
        tpr_ci={f: tpr_at_fpr_ci(pos, neg, f, n_boot=n_boot, level=level, seed=seed) for f in fprs},
        n_members=int(pos.size),
        n_nonmembers=int(neg.size),
    )
