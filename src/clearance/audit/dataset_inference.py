"""Dataset inference (Maini et al. 2024, "LLM dataset inference: did you train on my dataset?").

Single-document membership tests are weak on large models (AUC near 0.5 where members and
non-members come from one distribution); a whole SET of documents can still be tested: if the model
was trained on the suspect set, its documents look, on many weak signals at once, more familiar than
documents of the same kind the model cannot have seen (a held-out "unseen" set, e.g. written after
the model's cutoff, or kept private).

Procedure (one test, one p-value):
1. per document, a vector of membership scores: the membership-inference attacks of ``audit mia``
   (loss, zlib, Min-K%, Min-K%++ from one forward pass; lowercase, reference and neighbourhood
   when run), each a weak signal;
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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
from scipy import stats as sps

from clearance.audit.attacks import DEFAULT_MIN_K, SINGLE_PASS, single_pass_scores
from clearance.audit.features import TokenScores
from clearance.audit.stats import auc


def features_from_scores(scores: Sequence[TokenScores], texts: Sequence[str],
                         k: float = DEFAULT_MIN_K) -> tuple[np.ndarray, list[int]]:
    """The single-pass membership scores (``attacks.SINGLE_PASS``) of each document with a scored token,
    as rows, and which documents those are. For library use; the CLI reads the richer MIA table."""
    rows, kept = [], []
    for i, (s, text) in enumerate(zip(scores, texts)):
        if s.n_tokens:
            values = single_pass_scores(s, text, k)
            rows.append([values[name] for name in SINGLE_PASS])
            kept.append(i)
    return (np.array(rows, dtype=np.float64) if rows else np.zeros((0, len(SINGLE_PASS)))), kept


def features_from_table(table: pa.Table, suspect_set: str, unseen_set: str) -> tuple[np.ndarray, np.ndarray, list[str], int]:
    """Suspect and unseen feature matrices from a membership-inference score table (``mia.SCHEMA``):
    every ``score_*`` column that was computed; documents without every score (no scored token) are left
    out and counted."""
    names = [c for c in table.column_names if c.startswith("score_")]
    matrix = np.column_stack([
        np.array([np.nan if v is None else v for v in table.column(c).to_pylist()], dtype=np.float64) for c in names
    ]) if names and table.num_rows else np.zeros((table.num_rows, len(names)))
    computed = ~np.all(np.isnan(matrix), axis=0) if matrix.size else np.zeros(len(names), dtype=bool)
    matrix = matrix[:, computed]
    names = [n.removeprefix("score_") for n, keep in zip(names, computed) if keep]
    complete = np.all(np.isfinite(matrix), axis=1)
    sets = np.array(table.column("set").to_pylist(), dtype=object)
    return (matrix[complete & (sets == suspect_set)], matrix[complete & (sets == unseen_set)], names,
            int((~complete).sum()))


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
