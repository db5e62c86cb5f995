"""The dataset-inference report: the p-value and what it rests on (split, learned weights, validity)."""

from __future__ import annotations

from clearance.audit.baseline import SHIFT_THRESHOLD
from clearance.audit.dataset_inference import InferenceResult
from clearance.audit.mia import MiaResult
from clearance.audit.report import Figure, Report, Section, Table, fmt_ci, fmt_num, roc_figure
from clearance.audit.stats import roc_curve


def verdict(result: InferenceResult) -> str:
    if result.significant:
        return (f"p = {result.p_value:.3g} < {result.alpha:g}: the model treats the suspect documents as more "
                "familiar than unseen documents of the same kind; evidence that the suspect set was trained on.")
    return (f"p = {result.p_value:.3g} >= {result.alpha:g}: no evidence that the suspect set was trained on "
            "(which is not evidence that it was not: small sets have little power).")


def build_report(result: InferenceResult, scores: MiaResult, *, model: str, suspect_source: str,
                 unseen_source: str, excluded: int, reference: str | None) -> Report:
    facts = [
        ("model", model),
        ("suspect set", f"{result.n_suspect:,} documents from {suspect_source}"),
        ("unseen set", f"{result.n_unseen:,} documents from {unseen_source}"),
        ("features", ", ".join(result.weights)),
        ("split", (f"learned on {result.n_train[0]:,} + {result.n_train[1]:,}, tested on "
                  f"{result.n_test[0]:,} + {result.n_test[1]:,} (seed {result.seed})")),
        ("p-value", f"{result.p_value:.3g} (one-sided Welch t-test, alpha {result.alpha:g})"),
    ]
    if reference:
        facts.append(("reference model", reference))
    warnings = []
    baseline = scores.baseline
    if baseline is not None and baseline.shifted:
        warnings.append(
            f"a model-free bag-of-words classifier tells the suspect set from the unseen set with AUC "
            f"{baseline.auc:.3f} (above {SHIFT_THRESHOLD}): the two sets differ in distribution, and dataset "
            "inference would detect that difference as familiarity. Use unseen documents of the same source, "
            "time and style.")
    if baseline is None:
        warnings.append("too few documents for the model-free baseline: the sets' comparability is unchecked")
    if excluded:
        warnings.append(f"{excluded} document(s) without every score (nothing scored) were left out")
    if min(result.n_test) < 50:
        warnings.append(f"only {min(result.n_test)} documents in the smaller test group: the test has little power "
                        "against a weak effect (Maini et al. used 500 or more per set)")
    test = Section("Test", paragraphs=[verdict(result)])
    test.tables.append(Table(["", "suspect (held out)", "unseen (held out)"], [
        ["documents", f"{result.n_test[0]:,}", f"{result.n_test[1]:,}"],
        ["mean learned score", fmt_num(result.mean_suspect), fmt_num(result.mean_unseen)],
    ], ["left", "right", "right"]))
    test.paragraphs.append(f"Welch t = {fmt_num(result.t_statistic)}; AUC of the held-out scores "
                           f"{fmt_num(result.test_auc)} (suspect against unseen).")
    fpr, tpr = roc_curve(result.test_scores_suspect, result.test_scores_unseen)
    test.figures.append(Figure("dataset_inference.png", roc_figure(
        [(f"learned score, held out ({result.test_auc:.3f})", fpr, tpr)], title="Held-out suspect vs unseen"),
        "ROC of the learned score on the held-out halves"))
    weights = Section("Learned combination", paragraphs=[
        ("Logistic regression weights on standardized features, learned on the first halves only (a positive "
        "weight: the feature is higher for suspect documents).")],
        tables=[Table(["feature", "weight"], [[n, fmt_num(w)] for n, w in result.weights.items()], ["left", "right"])])
    single = Section("Single attacks", paragraphs=[
        ("Each membership score alone, suspect against unseen over all documents (for comparison: dataset "
        "inference aggregates many weak signals over many documents).")])
    rows = [[a.title, fmt_ci(a.summary.auc, a.summary.auc_ci) if a.summary else "n/a"] for a in scores.attacks]
    if baseline is not None:
        rows.append([f"Baseline: bag of words, no model{' (SHIFTED)' if baseline.shifted else ''}",
                     fmt_ci(baseline.auc, baseline.auc_ci)])
    single.tables.append(Table(["score", "AUC [95% CI]"], rows, ["left", "right"]))
    method = Section("Method", paragraphs=[
        ("Dataset inference (Maini et al. 2024): each document's membership scores (the attacks of "
         "`clearance audit mia`) are features; both sets are split at random; a logistic regression learns on "
         "one part to tell suspect from unseen documents; on the other part a one-sided Welch t-test asks "
         "whether suspect documents score higher. The held-out part played no role in learning, so when the "
         "model saw neither set the test's false-positive rate is alpha. The unseen set must come from the same "
         "distribution as the suspect set (the bag-of-words baseline checks this)."),
    ])
    data = {"kind": "dataset-inference", "format": 1, "model": model, "reference": reference,
            "suspect_source": suspect_source, "unseen_source": unseen_source, "excluded": excluded,
            **result.to_json(), "attacks": {a.name: a.to_json() for a in scores.attacks},
            "baseline": baseline.to_json() if baseline else None}
    return Report(title="Dataset inference", facts=facts, warnings=warnings,
                  sections=[test, weights, single, method], data=data)
