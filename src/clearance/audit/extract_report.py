"""The extraction report: rates with Wilson intervals, and every extracted passage beside its source."""

from __future__ import annotations

import math

from clearance.audit.extract import DocumentExtraction, ExtractionResult
from clearance.audit.report import Figure, Report, Section, Table, bar_figure, fmt_ci, fmt_num

#: Passages shown in full in the Markdown/HTML report; the JSON and Parquet outputs hold them all.
SHOWN_PASSAGES = 50

_MEASURES = {
    "exact": "greedy continuation equals the true suffix",
    "approximate": "greedy continuation within the edit-similarity threshold",
    "sampled": "at least one sample equals the true suffix",
}


def rate_rows(result: ExtractionResult) -> list[list[str]]:
    rows = []
    for name, rate in result.rates().items():
        value = fmt_ci(rate.rate, rate.ci) if rate.n else "n/a"
        rows.append([name, _MEASURES[name], f"{rate.successes:,} / {rate.n:,}", value])
    return rows


def _probability(doc: DocumentExtraction) -> str:
    return f"{math.exp(doc.suffix_logprob):.3g}"


def _passage(doc: DocumentExtraction) -> str:
    lines = [f"[{doc.doc_id}]", f"prefix:       {doc.prefix}", f"true suffix:  {doc.suffix}",
             f"model output: {doc.greedy}"]
    if doc.samples and doc.best_sample and doc.best_sample != doc.greedy:
        lines.append(f"best sample:  {doc.best_sample}")
    return "\n".join(lines)


def build_report(result: ExtractionResult, *, model: str, docs_source: str) -> Report:
    cfg = result.config
    tested, skipped = len(result.documents), len(result.skipped)
    facts = [
        ("model", model),
        ("documents", (f"{tested:,} tested from {docs_source}; {skipped:,} skipped (fewer than "
                      f"{cfg.prefix_tokens + cfg.suffix_tokens} tokens)")),
        ("prefix / suffix", f"{cfg.prefix_tokens} / {cfg.suffix_tokens} tokens, from each document's start"),
        ("approximate match", f"token edit similarity >= {cfg.approx_threshold:g}"),
    ]
    if cfg.samples:
        top_k = f", top-k {cfg.top_k}" if cfg.top_k else ""
        facts.append(("sampling", f"{cfg.samples} samples per prefix at temperature {cfg.temperature:g}{top_k}"))
    warnings = []
    if skipped:
        warnings.append(f"{skipped:,} document(s) shorter than prefix + suffix ({cfg.prefix_tokens + cfg.suffix_tokens}"
                        " tokens) could not be tested and are not counted in the rates")
    if not tested:
        warnings.append("no document was long enough to test: shorten --prefix-tokens or --suffix-tokens")
    results = Section("Extraction rates", tables=[Table(["measure", "definition", "extracted", "rate [95% CI]"],
                                                        rate_rows(result), ["left", "left", "right", "right"])])
    results.paragraphs.append("Intervals are Wilson score intervals for a proportion (sound at rates near 0 "
                              "and 1, where extraction rates lie).")
    rates = [(name, r) for name, r in result.rates().items() if r.n]
    if rates:
        results.figures.append(Figure("extraction.png", bar_figure(
            [name for name, _ in rates], [r.rate for _, r in rates], errors=[r.ci for _, r in rates],
            title="Extraction rates", ylabel="share of tested documents"), "Extraction rates with 95% Wilson intervals"))
    extracted = result.extracted
    passages = Section("Extracted passages")
    if not extracted:
        passages.paragraphs.append("No document was reproduced exactly or approximately.")
    else:
        passages.paragraphs.append(
            f"{len(extracted):,} document(s) reproduced, most similar first"
            + (f" (the first {SHOWN_PASSAGES} shown; report.json and extraction.parquet hold all)."
               if len(extracted) > SHOWN_PASSAGES else "."))
        rows = [[d.doc_id, "yes" if d.exact else "no", fmt_num(d.edit_similarity), str(d.longest_common),
                 _probability(d), f"{d.sampled_exact}/{d.samples}" if d.samples else "-"]
                for d in extracted[:SHOWN_PASSAGES]]
        passages.tables.append(Table(["document", "exact", "edit similarity", "longest run (tokens)",
                                      "p(suffix | prefix)", "exact samples"], rows,
                                     ["left", "center", "right", "right", "right", "right"]))
        passages.blocks += [_passage(d) for d in extracted[:SHOWN_PASSAGES]]
    method = Section("Method", paragraphs=[
        ("k-extractable memorization (Carlini et al. 2022): the model is given a document's first "
         f"{cfg.prefix_tokens} tokens (after its document-start token) and decodes {cfg.suffix_tokens} tokens "
         "greedily; the document counts as extracted when they equal its next tokens. Approximate matches "
         "(Ippolito et al. 2022) count near-copies: token edit similarity 1 - Levenshtein / length. The longest "
         "run is the longest common token substring of output and true suffix."),
        ("p(suffix | prefix) is the probability the model gives the true suffix (one forward pass); "
         "1 - (1 - p)^n is the chance that n samples at temperature 1 would produce it at least once."),
    ])
    sections = [results, passages, method]
    if skipped:
        shown = ", ".join(list(result.skipped)[:20]) + (" ..." if skipped > 20 else "")
        sections.insert(2, Section("Skipped documents", paragraphs=[f"{skipped:,} too short: {shown}"]))
    data = {"kind": "extraction", "format": 1, "docs_source": docs_source, **result.to_json(documents=False)}
    return Report(title="Extraction audit (k-extractable memorization)", facts=facts, warnings=warnings,
                  sections=sections, data=data)
