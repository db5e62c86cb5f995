"""Dataset inference (Maini et al. 2024, "LLM dataset inference: did you train on my dataset?").

Single-document membership tests are weak on large models (AUC near 0.5 where members and
non-members come from one distribution); a whole SET of documents can still be tested: if the model
was trained on the suspect set, its documents look, on many weak signals at once, more familiar than
documents of the same kind the model cannot have seen (a held-out "unseen" set, e.g. written after
the model's cutoff, or kept private).

Procedure (one test, one p-value):
1. per document, a vector of membership features from one forward pass (``document_features``);
2. split the suspect set and the unseen set at random into halves A and B;
3. on half A, learn a combination of the features: logistic regression, suspect = 1, unseen = 0,
   on features standardized with half A's means and deviations;
4. score half B with the learned combination, and test with a one-sided Welch t-test whether the
   suspect documents of half B score higher than the unseen documents of half B.
Half B was not used to learn anything, so under the null hypothesis (suspect and unseen sets are
exchangeable: the model saw neither) its suspect and unseen scores have the same distribution and
the test holds its level (the tests check the false-positive rate on null splits). The test is valid
only if the two sets come from the same distribution apart from training: a shifted unseen set (other
topics, other years' vocabulary) is detected as "membership". The model-free baseline in the report
measures that shift.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats as sps

from clearance.audit.features import TokenScores
from clearance.audit.stats import auc

#: Fractions of lowest-scoring tokens averaged by Min-K% Prob and Min-K%++.
MIN_K = (0.05, 0.1, 0.2, 0.3, 0.5)


def _min_k(values: np.ndarray, k: float) -> float:
    n = max(1, int(np.ceil(k * values.size)))
    return float(np.partition(values, n - 1)[:n].mean(dtype=np.float64))


def feature_names() -> list[str]:
    names = ["neg_loss", "zlib_ratio", "max_nll"]
    names += [f"min_k_{int(k * 100)}" for k in MIN_K]
    names += [f"min_k_pp_{int(k * 100)}" for k in MIN_K]
    return names


def document_features(scores: TokenScores, text: str) -> np.ndarray:
    """Weak membership signals of one document, each oriented so that higher means more familiar:
    -loss, -(total NLL / zlib-compressed bytes of the text), -max token NLL, Min-K% Prob and Min-K%++
    at several k (the mean of the lowest k% of token log-probabilities, raw and standardized by the
    model's own next-token distribution). The logistic regression may still weigh any of them negatively.
    """
    lp = scores.logprobs.astype(np.float64)
    z = (lp - scores.mu) / np.maximum(scores.sigma.astype(np.float64), 1e-6)
    zlib_bytes = len(zlib.compress(text[: scores.scored_chars or len(text)].encode("utf-8"), 9))
    values = [-scores.loss, -scores.nll_sum / max(zlib_bytes, 1), float(lp.min())]
    values += [_min_k(lp, k) for k in MIN_K]
    values += [_min_k(z, k) for k in MIN_K]
    return np.array(values, dtype=np.float64)


def feature_matrix(scores: Sequence[TokenScores], texts: Sequence[str]) -> tuple[np.ndarray, list[int]]:
    """Rows of features for the documents with at least one scored token, and which documents those are."""
    rows, kept = [], []
    for i, (s, text) in enumerate(zip(scores, texts)):
        if s.n_tokens:
            rows.append(document_features(s, text))
            kept.append(i)
    width = len(feature_names())
    return (np.vstack(rows) if rows else np.zeros((0, width))), kept


@dataclass(slots=True)
class InferenceResult:
    p_value: float
    t_statistic: float
    alpha: float
    n_suspect: int
    n_unseen: int
    n_train: tuple[int, int]  # (suspect, unseen) documents the combination was learned on
    n_test: tuple[int, int]  # (suspect, unseen) documents the test was run on
    mean_suspect: float  # mean learned score of the held-out suspect documents
    mean_unseen: float
    test_auc: float  # AUC of held-out suspect against held-out unseen scores
    weights: dict[str, float]  # the learned combination (on standardized features)
    seed: int
    test_scores_suspect: list[float] = field(default_factory=list)
    test_scores_unseen: list[float] = field(default_factory=list)

    @property
    def significant(self) -> bool:
        return self.p_value < self.alpha

    def to_json(self) -> dict[str, Any]:
        return {
            "p_value": self.p_value, "t_statistic": self.t_statistic, "alpha": self.alpha,
            "significant": self.significant, "n_suspect": self.n_suspect, "n_unseen": self.n_unseen,
            "n_train": list(self.n_train), "n_test": list(self.n_test), "mean_suspect": self.mean_suspect,
            "mean_unseen": self.mean_unseen, "test_auc": self.test_auc, "weights": self.weights, "seed": self.seed,
            "test_scores_suspect": self.test_scores_suspect, "test_scores_unseen": self.test_scores_unseen,
        }


#: Fewest documents per set: each half needs two per group for a variance, and a few more to learn from.
MIN_DOCUMENTS = 8


def infer(suspect: np.ndarray, unseen: np.ndarray, names: Sequence[str] | None = None, *, seed: int = 0,
          alpha: float = 0.05, train_fraction: float = 0.5) -> InferenceResult:
    """Learn on one random part of each set, t-test on the rest (see module doc)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    suspect = np.asarray(suspect, dtype=np.float64)
    unseen = np.asarray(unseen, dtype=np.float64)
    if suspect.ndim != 2 or unseen.ndim != 2 or suspect.shape[1] != unseen.shape[1]:
        raise ValueError("suspect and unseen features must be matrices with the same columns")
    for label, matrix in (("suspect", suspect), ("unseen", unseen)):
        if matrix.shape[0] < MIN_DOCUMENTS:
            raise ValueError(f"the {label} set has {matrix.shape[0]} scorable documents; "
                             f"dataset inference needs at least {MIN_DOCUMENTS}")
        if not np.all(np.isfinite(matrix)):
            raise ValueError(f"the {label} features hold NaN or infinite values")
    if not 0.2 <= train_fraction <= 0.8:
        raise ValueError("train_fraction must be between 0.2 and 0.8")
    names = list(names) if names is not None else [f"f{i}" for i in range(suspect.shape[1])]
    rng = np.random.default_rng(seed)

    def split(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        order = rng.permutation(matrix.shape[0])
        cut = round(train_fraction * matrix.shape[0])
        return matrix[order[:cut]], matrix[order[cut:]]

    s_train, s_test = split(suspect)
    u_train, u_test = split(unseen)
    x_train = np.vstack([s_train, u_train])
    y_train = np.r_[np.ones(len(s_train)), np.zeros(len(u_train))]
    scaler = StandardScaler().fit(x_train)
    # Balanced class weights: unequal set sizes must not tilt the learned score toward either group.
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit(scaler.transform(x_train), y_train)
    score_s = model.decision_function(scaler.transform(s_test))
    score_u = model.decision_function(scaler.transform(u_test))
    test = sps.ttest_ind(score_s, score_u, equal_var=False, alternative="greater")
    t, p = float(test.statistic), float(test.pvalue)
    if not np.isfinite(p):  # both groups constant: no evidence either way
        t, p = 0.0, 1.0
    return InferenceResult(
        p_value=p, t_statistic=t, alpha=alpha, n_suspect=int(suspect.shape[0]), n_unseen=int(unseen.shape[0]),
        n_train=(len(s_train), len(u_train)), n_test=(len(s_test), len(u_test)),
        mean_suspect=float(score_s.mean()), mean_unseen=float(score_u.mean()), test_auc=auc(score_s, score_u),
        weights={n: float(w) for n, w in zip(names, model.coef_[0])}, seed=seed,
        test_scores_suspect=score_s.tolist(), test_scores_unseen=score_u.tolist(),
    )
