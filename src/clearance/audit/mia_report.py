"""The membership-inference report: one table of attacks beside the model-free baseline, ROC curves."""

from __future__ import annotations

from collections.abc import Sequence

from clearance.audit.baseline import SHIFT_THRESHOLD
from clearance.audit.mia import MiaResult
from clearance.audit.report import Figure, Report, Section, Table, fmt_ci, roc_figure
from clearance.audit.stats import REPORTED_FPRS, Summary, estimable

COLUMNS = ["attack", "AUC [95% CI]", *[f"TPR @ {100 * f:g}% FPR [95% CI]" for f in REPORTED_FPRS], "extra passes"]


def _tpr_cell(summary: Summary | None, fpr: float, cite: bool) -> str:
    if summary is None:
        return "n/a"
    if not estimable(summary.n_nonmembers, fpr):
        return f"not estimable (< {round(1 / fpr):,} non-members)" if cite else "not estimable"
    return fmt_ci(summary.tpr[fpr], summary.tpr_ci[fpr])


def attack_rows(result: MiaResult, *, cite: bool = True) -> list[list[str]]:
    """One row per attack plus the baseline row: shared by the reports and the terminal table."""
    rows = []
    for attack in result.attacks:
        summary = attack.summary
        rows.append([f"{attack.title} ({attack.source})" if cite else attack.title, fmt_ci(summary.auc, summary.auc_ci) if summary else "n/a",
                     *[_tpr_cell(summary, f, cite) for f in REPORTED_FPRS], attack.extra_pass or "shared pass"])
    if result.baseline is not None:
        b = result.baseline
        flag = " (SHIFTED)" if b.shifted else ""
        rows.append([f"Baseline: bag of words, no model{flag}", fmt_ci(b.auc, b.auc_ci),
                     *["-" for _ in REPORTED_FPRS], "no model"])
    return rows


def build_report(result: MiaResult, *, model: str, reference: str | None, neighbour_source: str | None,
                 members_source: Sequence[str], nonmembers_source: Sequence[str]) -> Report:
    cfg = result.config
    facts = [
        ("model", model),
        ("members", f"{result.n_members:,} documents from {', '.join(members_source)}"),
        ("non-members", f"{result.n_nonmembers:,} documents from {', '.join(nonmembers_source)}"),
        ("scored", f"the first {cfg.max_tokens:,} tokens of each document"),
        ("orientation", "a higher score means more likely a member"),
    ]
    if reference:
        facts.append(("reference model", reference))
    if neighbour_source:
        facts.append(("neighbours", (f"{cfg.neighbours} per document, {neighbour_source}, "
                                    f"{100 * cfg.neighbour_fraction:g}% of words replaced")))
    results = Section("Results", tables=[Table(COLUMNS, attack_rows(result),
                                               ["left", "right", *(["right"] * len(REPORTED_FPRS)), "left"])])
    results.paragraphs.append(
        f"Intervals are percentile bootstraps ({cfg.n_boot:,} resamples of members and non-members "
        "separately). TPR at a false-positive rate f is reported only with at least 1/f non-members.")
    curves = [(f"{a.title} ({a.summary.auc:.3f})", *a.roc) for a in result.attacks
              if a.roc is not None and a.summary is not None]
    if curves:
        results.figures.append(Figure("roc.png", roc_figure(curves, title="Membership inference ROC"),
                                      "ROC curves of every attack, linear and log-log axes"))
    validity = Section("Validity gate")
    if result.baseline is None:
        validity.paragraphs.append("Too few documents to run the model-free baseline.")
    else:
        b = result.baseline
        verdict = ("The split is distribution-shifted: the attack numbers are NOT evidence of membership."
                   if b.shifted else "The split passes: words alone do not tell members from non-members.")
        validity.paragraphs += [
            (f"A bag-of-words classifier (TF-IDF of word unigrams and bigrams plus length, logistic regression, "
            f"{b.folds}-fold cross-validated) separates members from non-members with AUC "
            f"{fmt_ci(b.auc, b.auc_ci)}, without looking at the model. Above {SHIFT_THRESHOLD} the split is "
            f"treated as shifted. {verdict}"),
        ]
        if b.shifted and (b.member_terms or b.nonmember_terms):
            validity.paragraphs.append(f"Words that give members away: {', '.join(b.member_terms) or '-'}. "
                                       f"Words that give non-members away: {', '.join(b.nonmember_terms) or '-'}.")
    method = Section("Method", paragraphs=[
        ("All single-pass scores (loss, zlib, Min-K%, Min-K%++) come from one forward pass of the model per "
        "document; lowercase, reference and neighbourhood scores need the extra passes listed. Formulas: "
        "docs/audit.md, 'Formula spec'."),
    ], tables=[Table(["score", "formula (higher = member)"], [[a.name, a.formula] for a in result.attacks])])
    data = {**result.to_json(), "model": model, "reference": reference, "neighbour_source": neighbour_source,
            "members_source": list(members_source), "nonmembers_source": list(nonmembers_source)}
    return Report(title="Membership inference audit", facts=facts, warnings=list(result.warnings),
                  sections=[results, validity, method], data=data)
