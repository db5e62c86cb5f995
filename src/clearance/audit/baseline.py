"""The validity gate: can members be told from non-members WITHOUT the model?

A membership-inference number means something only if members and non-members come from the same
distribution. Benchmarks built from "text before the cutoff" against "text after it" do not (Duan et al.
2024; Das et al. 2024): dates, topics and style give the split away, and any attack rides on that. So
beside every attack we train a model-free classifier on the texts alone: a bag of words (TF-IDF of word
unigrams and bigrams) plus document length, logistic regression, scored out of fold by stratified
k-fold cross-validation. If its AUC beats ``SHIFT_THRESHOLD`` the split is distribution-shifted, and the
attack AUCs are not evidence of membership.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from clearance.audit import stats

#: Above this cross-validated AUC the report warns that the split is shifted.
SHIFT_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """Out-of-fold AUC of the model-free classifier, and the terms that give the split away."""

    auc: float
    auc_ci: tuple[float, float]
    folds: int
    threshold: float
    member_terms: list[str] = field(default_factory=list)  # features that most say "member"
    nonmember_terms: list[str] = field(default_factory=list)

    @property
    def shifted(self) -> bool:
        return self.auc > self.threshold

    def to_json(self) -> dict:
        return {"method": "bag-of-words logistic regression (TF-IDF word 1-2 grams + length), out-of-fold",
                "auc": self.auc, "auc_ci": list(self.auc_ci), "folds": self.folds, "threshold": self.threshold,
                "shifted": self.shifted, "member_terms": self.member_terms,
                "nonmember_terms": self.nonmember_terms}


def _length_features(texts: Sequence[str]) -> np.ndarray:
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    words = np.array([len(t.split()) for t in texts], dtype=np.float64)
    return np.column_stack([np.log1p(chars), np.log1p(words)])


def _length_names(transformer: object, names: object) -> list[str]:
    return ["log_chars", "log_words"]


def _pipeline(seed: int):  # -> sklearn Pipeline
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, FunctionTransformer, Pipeline
    from sklearn.preprocessing import StandardScaler

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50_000, sublinear_tf=True,
                            token_pattern=r"(?u)\b\w+\b")
    length = Pipeline([("count", FunctionTransformer(_length_features, feature_names_out=_length_names)),
                       ("scale", StandardScaler())])
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    return Pipeline([("features", FeatureUnion([("words", words), ("length", length)])), ("model", model)])


def bag_of_words_baseline(members: Sequence[str], nonmembers: Sequence[str], *, folds: int = 5, seed: int = 0,
                          n_boot: int = 1000, threshold: float = SHIFT_THRESHOLD) -> BaselineResult | None:
    """Cross-validated AUC of telling members from non-members by their words alone.

    None when either side has fewer than 2 documents (no fold could hold both classes). The interval
    is a bootstrap over the out-of-fold scores, which leaves out the variance of refitting per fold.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    k = min(folds, len(members), len(nonmembers))
    if k < 2:
        return None
    texts = list(members) + list(nonmembers)
    labels = np.r_[np.ones(len(members), dtype=int), np.zeros(len(nonmembers), dtype=int)]
    pipeline = _pipeline(seed)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    try:
        scores = cross_val_predict(pipeline, texts, labels, cv=splitter, method="decision_function")
    except ValueError:  # no word in two documents of a fold (min_df): nothing to learn from words
        return BaselineResult(0.5, (0.5, 0.5), k, threshold)
    pos, neg = scores[: len(members)], scores[len(members):]
    member_terms, nonmember_terms = _telling_terms(_pipeline(seed), texts, labels)
    return BaselineResult(auc=stats.auc(pos, neg), auc_ci=stats.auc_ci(pos, neg, n_boot=n_boot, seed=seed),
                          folds=k, threshold=threshold, member_terms=member_terms, nonmember_terms=nonmember_terms)


def _telling_terms(pipeline, texts: list[str], labels: np.ndarray, top: int = 8) -> tuple[list[str], list[str]]:
    """The features with the largest weights each way, from a fit on all documents (for the report)."""
    try:
        pipeline.fit(texts, labels)
    except ValueError:
        return [], []
    features = pipeline.named_steps["features"]
    names = [str(n).split("__", 1)[-1] for n in features.get_feature_names_out()]
    weights = pipeline.named_steps["model"].coef_[0]
    order = np.argsort(weights)
    member = [names[i] for i in order[::-1][:top] if weights[i] > 0]
    nonmember = [names[i] for i in order[:top] if weights[i] < 0]
    return member, nonmember
