"""The trap-detection report: per repeat count, do the inserted traps score above the controls?"""

from __future__ import annotations

from clearance.audit.report import Figure, Report, Section, Table, fmt_ci, fmt_num, roc_figure
from clearance.audit.stats import roc_curve
from clearance.audit.trap_manifest import TrapManifest
from clearance.audit.traps import Detection, GroupResult


def _label(group: GroupResult) -> str:
    return "all inserted traps" if group.repeats is None else f"{group.repeats} repeats"


def group_rows(result: Detection) -> list[list[str]]:
    groups = list(result.groups) + ([result.overall] if result.overall else [])
    return [[_label(g), str(g.n_traps), str(g.n_controls), fmt_ci(g.auc, g.auc_ci), f"{g.p_value:.3g}",
             "yes" if g.p_value < result.alpha else "no"] for g in groups]


def build_report(result: Detection, manifest: TrapManifest, *, manifest_path: str) -> Report:
    gen = manifest.generator
    facts = [
        ("model", result.model),
        ("manifest", manifest_path),
        ("traps", f"{len(manifest.traps):,}, inserted into {len(manifest.inserted_into):,} file(s)"),
        ("controls", f"{len(manifest.controls):,} never-published sequences from the same generator"),
        ("generator", f"{gen.get('kind', '?')}" + (f", target perplexity {gen['target_perplexity']:g}"
                                                   if gen.get("target_perplexity") else "")),
        ("score", "reference-model log perplexity ratio" if result.reference else "-loss (log perplexity, negated)"),
    ]
    if result.reference:
        facts.append(("reference model", result.reference))
    warnings = []
    if result.overall is None:
        warnings.append("no trap in the manifest was inserted (repeats 0): run `clearance traps insert` first, "
                        "or this is a dry run of the detector")
    if len(manifest.controls) < 20:
        warnings.append(f"only {len(manifest.controls)} controls: p-values cannot go far below "
                        "1 / C(traps + controls, traps), and the AUC intervals are wide")
    if result.overall is not None:
        summary = (f"Detected: the inserted traps score higher than the controls (AUC {fmt_num(result.overall.auc)}, "
                   f"p = {result.overall.p_value:.3g} < {result.alpha:g})." if result.detected else
                   f"Not detected at alpha {result.alpha:g} (AUC {fmt_num(result.overall.auc)}, "
                   f"p = {result.overall.p_value:.3g}): the model shows no sign of having seen the traps.")
    else:
        summary = "Nothing to test."
    results = Section("Results", paragraphs=[summary], tables=[Table(
        ["group", "traps", "controls", "AUC [95% CI]", "p (one-sided)", f"p < {result.alpha:g}"],
        group_rows(result), ["left", "right", "right", "right", "right", "center"])])
    controls = list(result.control_scores.values())
    curves = []
    for g in result.groups:
        traps = [result.trap_scores[t.id] for t in manifest.traps if t.repeats == g.repeats]
        fpr, tpr = roc_curve(traps, controls)
        curves.append((f"{_label(g)} ({g.auc:.3f})", fpr, tpr))
    if curves:
        results.figures.append(Figure("traps.png", roc_figure(curves, title="Traps vs controls"),
                                      "ROC of trap scores against control scores, per repeat count"))
    method = Section("Method", paragraphs=[
        ("Copyright traps (Meeus et al. 2024): synthetic sequences inserted into the published documents, "
         "with controls drawn from the same generator and never published. If the model trained on the "
         "documents, it finds the traps more familiar than the controls. The AUC of trap scores against control "
         "scores is the Mann-Whitney statistic; the p-value is its one-sided test (traps higher). Intervals are "
         "bootstrap percentiles."),
        ("Meeus et al. found 100-token traps repeated 1,000 times detectable in a 1.3B model (AUC 0.75) and 100 "
         "repeats not: the number of repeats and the traps' perplexity decide what can be detected."),
    ])
    data = {"kind": "trap-detection", "format": 1, "manifest": manifest_path, **result.to_json()}
    return Report(title="Copyright trap detection", facts=facts, warnings=warnings,
                  sections=[results, method], data=data)
