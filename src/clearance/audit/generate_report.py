"""The generate-and-filter report: the indexed works the model regenerated, and the top candidates."""

from __future__ import annotations

from clearance.audit.generate_filter import GenerateResult
from clearance.audit.report import Report, Section, Table, fmt_num
from clearance.audit.stats import rate_ci

#: Candidates shown in full in the Markdown/HTML report; report.json holds them all.
SHOWN_CANDIDATES = 30

_RANKINGS = {
    "zlib": "model bits over zlib bits (lowest first)",
    "perplexity": "perplexity under the model (lowest first)",
    "reference": "loss under the reference model minus loss under the audited model (largest first)",
}


def document_rows(result: GenerateResult) -> list[list[str]]:
    return [[d["doc_id"], d["title"] or "-", d["license"] or "unknown", f"{d['span'][0]:,}-{d['span'][1]:,}",
             f"{d['longest']:,}", str(d["candidates"]), str(d["best_rank"])] for d in result.documents()]


def build_report(result: GenerateResult, *, prompts_source: str | None) -> Report:
    cfg = result.config
    facts = [
        ("model", result.model),
        ("generations", f"{result.generations:,} of {cfg.tokens} tokens, temperature {cfg.temperature:g}"
                        + (f", top-k {cfg.top_k}" if cfg.top_k else "")
                        + (f", prompts from {prompts_source}" if prompts_source else ", from the document-start token")),
        ("ranking", _RANKINGS[cfg.rank_by]),
        ("candidates", f"top {len(result.candidates):,} after dropping {result.duplicates:,} near-duplicates"),
        ("index", result.index or "none (candidates not confirmed)"),
    ]
    if result.reference:
        facts.append(("reference model", result.reference))
    warnings = []
    sections = []
    if result.index:
        confirmed = len(result.confirmed)
        n = len(result.candidates)
        low, high = rate_ci(confirmed, n) if n else (float("nan"), float("nan"))
        found = Section("Regenerated works")
        found.paragraphs.append(
            f"{confirmed:,} of the top {n:,} candidates reproduce indexed text (precision {fmt_num(confirmed / n if n else None)}"
            f" [{fmt_num(low)}, {fmt_num(high)}], Wilson 95%); {len(result.documents()):,} indexed work(s) regenerated.")
        rows = document_rows(result)
        if rows:
            found.tables.append(Table(["document", "title", "license", "span (characters)", "longest (chars)",
                                       "candidates", "best rank"], rows,
                                      ["left", "left", "left", "right", "right", "right", "right"]))
        sections.append(found)
    else:
        warnings.append("no --index given: the candidates are ranked but not confirmed against any work")
    listing = Section("Top candidates")
    listing.tables.append(Table(
        ["rank", "score", "perplexity", "regenerates", "text (start)"],
        [[str(c.rank), fmt_num(c.score, 4), fmt_num(c.generation.to_json()["perplexity"], 2),
          ", ".join(sorted({r.doc_id for r in c.regenerated})) or "-", c.generation.text[:80].replace("\n", " ")]
         for c in result.candidates[:SHOWN_CANDIDATES]],
        ["right", "right", "right", "left", "left"]))
    listing.blocks += [f"[rank {c.rank}]\n{c.generation.text}" for c in result.candidates[:SHOWN_CANDIDATES]
                       if c.regenerated]
    sections.append(listing)
    sections.append(Section("Method", paragraphs=[
        ("Generate-and-filter (Carlini et al. 2021): sample many generations, rank them by a membership "
         "score, drop near-duplicates (token trigram overlap of half or more with a better-ranked one), and "
         "search the top candidates in a clearance index for spans copied from indexed works."),
    ]))
    data = {"kind": "generate-and-filter", "format": 1, "prompts_source": prompts_source, **result.to_json()}
    return Report(title="Generate-and-filter extraction", facts=facts, warnings=warnings, sections=sections, data=data)
