"""License compliance of model outputs: how often an output is strikingly similar to indexed code,
and whether the license the output states is the source's (the measure of LiCoEval, Xu et al. 2024,
which found 0.88% to 2.01% of outputs of 14 models strikingly similar to licensed code).

"Strikingly similar" here means a match the guard would act on under GitHub Copilot's threshold:
at least 150 characters and 65 tokens, configurable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clearance.index import Index, SearchOptions
from clearance.licenses import Category, parse_license
from clearance.proportions import wilson_interval

COPYLEFT = (Category.WEAK_COPYLEFT, Category.STRONG_COPYLEFT)


@dataclass(slots=True)
class OutputVerdict:
    id: Any
    similar: bool
    stated: str | None  # normalized stated license, or the raw text when it does not parse
    source_doc: str | None = None
    source_license: str | None = None
    source_category: str | None = None
    agreement: str | None = None  # "correct", "wrong" or "missing" for similar outputs
    characters: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "similar": self.similar, "stated": self.stated, "source_doc": self.source_doc,
                "source_license": self.source_license, "source_category": self.source_category,
                "agreement": self.agreement, "characters": self.characters}


@dataclass(slots=True)
class ComplianceReport:
    outputs: int = 0
    verdicts: list[OutputVerdict] = field(default_factory=list)

    @property
    def similar(self) -> list[OutputVerdict]:
        return [v for v in self.verdicts if v.similar]

    def by_category(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for v in self.similar:
            row = table.setdefault(v.source_category or "unknown", {"similar": 0, "correct": 0, "wrong": 0, "missing": 0})
            row["similar"] += 1
            row[v.agreement or "missing"] += 1
        return dict(sorted(table.items(), key=lambda kv: Category(kv[0]).rank))

    def summary(self) -> dict[str, Any]:
        similar = self.similar
        lo, hi = wilson_interval(len(similar), self.outputs) if self.outputs else (0.0, 1.0)
        correct = sum(v.agreement == "correct" for v in similar)
        copyleft = [v for v in similar if v.source_category in {c.value for c in COPYLEFT}]
        c_correct = sum(v.agreement == "correct" for v in copyleft)
        return {
            "outputs": self.outputs,
            "similar": len(similar),
            "similar_rate": len(similar) / self.outputs if self.outputs else 0.0,
            "similar_rate_ci95": [lo, hi],
            "license_correct": correct,
            "license_correct_rate": correct / len(similar) if similar else None,
            "copyleft": {"similar": len(copyleft), "license_correct": c_correct,
                         "license_correct_rate": c_correct / len(copyleft) if copyleft else None},
            "by_category": self.by_category(),
        }


def _agreement(stated: str | None, source: str | None) -> str:
    if stated is None or not stated.strip():
        return "missing"
    said, truth = parse_license(stated), parse_license(source)
    if said.spdx is None or truth.spdx is None:
        return "wrong"
    if said.spdx == truth.spdx:
        return "correct"
    offered = {tuple(sorted(t.spdx for t in clause)) for clause in truth.alternatives}
    return "correct" if any(tuple(sorted(t.spdx for t in c)) in offered for c in said.alternatives) else "wrong"


def evaluate_outputs(index: Index, outputs: Iterable[tuple[Any, str, str | None]], min_chars: int = 150,
                     min_tokens: int = 65) -> ComplianceReport:
    """``outputs`` yields (id, text, stated license or None)."""
    report = ComplianceReport()
    options = SearchOptions(min_chars=min_chars, min_tokens=min_tokens)
    for output_id, text, stated in outputs:
        report.outputs += 1
        matches = [m for m in index.search(text, options) if m.length >= min_chars and m.tokens >= min_tokens]
        stated_norm = parse_license(stated).spdx or stated if stated else None
        if not matches:
            report.verdicts.append(OutputVerdict(output_id, False, stated_norm))
            continue
        longest = max(matches, key=lambda m: (m.length, m.doc_id))
        source = parse_license(longest.license)
        report.verdicts.append(OutputVerdict(
            output_id, True, stated_norm, longest.doc_id, source.spdx or longest.license, source.category.value,
            _agreement(stated, longest.license), sum(m.length for m in matches)))
    return report


def render_markdown(report: ComplianceReport) -> str:
    s = report.summary()
    lo, hi = s["similar_rate_ci95"]
    lines = ["# License compliance of model outputs", "",
             f"- Outputs: {s['outputs']}",
             f"- Strikingly similar to indexed code: {s['similar']} ({s['similar_rate']:.2%}, 95% CI {lo:.2%}–{hi:.2%})"]
    rate = s["license_correct_rate"]
    lines.append(f"- Of those, stating the source's license: {s['license_correct']}"
                 + (f" ({rate:.1%})" if rate is not None else ""))
    c = s["copyleft"]
    crate = c["license_correct_rate"]
    lines.append(f"- Copyleft sources: {c['similar']} similar outputs, {c['license_correct']} with the right license"
                 + (f" ({crate:.1%})" if crate is not None else ""))
    lines += ["", "| source category | similar | correct | wrong | missing |", "|---|---|---|---|---|"]
    for category, row in s["by_category"].items():
        lines.append(f"| {category} | {row['similar']} | {row['correct']} | {row['wrong']} | {row['missing']} |")
    lines += ["", "| output | source document | source license | stated | agreement |", "|---|---|---|---|---|"]
    for v in report.similar:
        lines.append(f"| {v.id} | {v.source_doc} | {v.source_license} | {v.stated or '—'} | {v.agreement} |")
    return "\n".join(lines) + "\n"
