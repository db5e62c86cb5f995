"""Grade an index's matches against the planted ground truth.

- A planted passage is *found* when the matches that overlap it and cite its source document
  (or another document holding the very same passage: boilerplate is shared) cover at least
  half of its span in the output. Coverage is reported too. A looser *detected* rate counts
  any match whose cited document really holds what it matched (near-duplicate boilerplate:
  the copy was flagged, but attributed to a document that differs from the source).
- A match is *correct* when the cited document really holds the matched text at the cited
  offsets: the two spans agree in at least 80% of their word tokens. A renamed or heavily
  altered copy may agree less; it is still correct when the ground truth vouches for it: the
  match lies on a plant and cites the plant's own source span at the corresponding place, or
  cites another copy of the plant's source code (80% of the cited words are in the planted
  passage's source) with code that agrees up to a consistent renaming. No structural similarity alone is accepted away from plants: prose
  or a list of names is "the same code with other names" as any other list. Matches away
  from every plant are false positives unless they pass the 80% check (an accidental copy).
- The cited license is *right* when the cited document holds the whole planted passage and
  the match reports that document's license. Boilerplate (license headers, generated man
  pages, encoding tables) is shared by documents under different licenses; when the cited
  holder is not the planted document, its license is still the license of a document the
  text was copied from, so this is counted separately (``cited_other_holder``) and the strict
  rate (the planted document's license) is reported too.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any

from clearance.documents import Document
from clearance.matches import Match

from benchmarks.detection.plant import Output, Plant, is_code
from benchmarks.detection.textnorm import code_tokens, fold, is_identifier, normalize, words

AGREEMENT = 0.80  # share of tokens two spans must share to be "the same text"
CONSISTENCY = 0.80  # identifier renaming must be this close to a bijection
SAME_PLACE = 0.80  # share of a match's spans that must lie on the plant's spans
LOW_LITERAL = 0.30  # below this word agreement a wrong match has next to nothing in common
FOUND_COVERAGE = 0.50

TARGETS = {
    "verbatim": 0.99,
    "case_spacing": 0.97,
    "punctuation": 0.95,
    "replaced_words": 0.90,
    "renamed_identifiers": 0.85,
    "precision": 0.98,
    "license": 0.99,
}


# --------------------------------------------------------------------------- same text?


def agreement(a: list[str], b: list[str]) -> float:
    """Matched tokens (longest common blocks, in order) over the longer sequence."""
    if not a or not b:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / max(len(a), len(b))


def containment(a: list[str], b: list[str]) -> float:
    """Share of ``a``'s tokens found, in order, in ``b``."""
    if not a or not b:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(a)


def code_agreement(a_text: str, b_text: str) -> float:
    """Token agreement with identifiers abstracted, times 0 if the renaming is inconsistent."""
    a, b = code_tokens(a_text), code_tokens(b_text)
    shape_a = ["\0id" if is_identifier(t) else t for t in a]
    shape_b = ["\0id" if is_identifier(t) else t for t in b]
    if not shape_a or not shape_b:
        return 0.0
    matcher = SequenceMatcher(None, shape_a, shape_b, autojunk=False)
    pairs: list[tuple[str, str]] = []
    matched = 0
    for block in matcher.get_matching_blocks():
        matched += block.size
        for i in range(block.size):
            x, y = a[block.a + i], b[block.b + i]
            if is_identifier(x):
                pairs.append((x.lower(), y.lower()))
    score = matched / max(len(a), len(b))
    return score if _consistency(pairs) >= CONSISTENCY else 0.0


def _consistency(pairs: list[tuple[str, str]]) -> float:
    """Share of identifier occurrences agreeing with one renaming, the worse of both ways."""
    if not pairs:
        return 1.0

    def one_way(items: list[tuple[str, str]]) -> float:
        best: dict[str, Counter[str]] = defaultdict(Counter)
        for src, dst in items:
            best[src][dst] += 1
        return sum(c.most_common(1)[0][1] for c in best.values()) / len(items)

    return min(one_way(pairs), one_way([(b, a) for a, b in pairs]))


def word_agreement(match: Match, output: str, doc: Document) -> float:
    """Word-token agreement of the matched text and the cited document span."""
    return agreement(words(output[match.start : match.end]), words(doc.text[match.doc_start : match.doc_end]))


def valid_offsets(match: Match, doc: Document | None) -> bool:
    return doc is not None and 0 <= match.doc_start < match.doc_end <= len(doc.text)


def on_plant_source(match: Match, plant: Plant) -> bool:
    """The match cites the plant's own source, at the place corresponding to its output span."""
    if match.doc_id != plant.doc_id:
        return False
    out_len, doc_len = max(1, match.end - match.start), max(1, match.doc_end - match.doc_start)
    out_in = min(match.end, plant.end) - max(match.start, plant.start)
    doc_in = min(match.doc_end, plant.doc_end) - max(match.doc_start, plant.doc_start)
    if out_in < SAME_PLACE * out_len or doc_in < SAME_PLACE * doc_len:
        return False
    out_at = (match.start - plant.start) / max(1, plant.end - plant.start)
    doc_at = (match.doc_start - plant.doc_start) / max(1, plant.doc_end - plant.doc_start)
    return abs(out_at - doc_at) <= 1 - SAME_PLACE


# --------------------------------------------------------------------------- plants


@dataclass(slots=True)
class PlantResult:
    output_id: str
    plant: Plant
    found: bool
    coverage: float
    detected: bool  # covered >= 50% by correct matches, whichever document they cite
    cited: str | None  # the document of the best qualifying match
    license: str | None  # the license that match reported
    cited_holds_passage: bool  # the cited document contains the whole planted passage
    cited_license: str | None  # the cited document's own license (ground truth)
    kinds: list[str] = field(default_factory=list)
    overlapping: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cited_other_holder(self) -> bool:
        return self.found and self.cited != self.plant.doc_id

    @property
    def license_right(self) -> bool:
        """The reported license is that of a document holding the whole passage."""
        return self.found and self.cited_holds_passage and self.license == self.cited_license

    @property
    def license_strict(self) -> bool:
        """The reported license is the planted document's."""
        return self.found and self.license == self.plant.license


class Grader:
    """Grades outputs one at a time; keeps the per-document normalized text it needs."""

    def __init__(self, documents: dict[str, Document]) -> None:
        self.documents = documents
        self._normalized: dict[str, str] = {}

    def holds_passage(self, doc_id: str, original: str) -> bool:
        """Does ``doc_id`` contain ``original`` (up to case, spacing and punctuation)?"""
        doc = self.documents.get(doc_id)
        if doc is None:
            return False
        if doc_id not in self._normalized:
            self._normalized[doc_id] = f" {normalize(doc.text)} "
        return f" {normalize(original)} " in self._normalized[doc_id]

    def correct(self, m: Match, output: Output) -> tuple[bool, float]:
        """Does the cited document really hold the matched text at the cited offsets?"""
        doc = self.documents.get(m.doc_id)
        if not valid_offsets(m, doc):
            return False, 0.0
        score = round(word_agreement(m, output.text, doc), 4)
        if score >= AGREEMENT:
            return True, score
        for plant in output.plants:
            if not (m.start < plant.end and plant.start < m.end):
                continue
            if on_plant_source(m, plant):
                return True, score
            if is_code(doc) and self._holds_plant_source(m, doc, plant):
                copied, source = output.text[m.start : m.end], doc.text[m.doc_start : m.doc_end]
                if code_agreement(copied, source) >= AGREEMENT:
                    return True, score
        return False, score

    def _holds_plant_source(self, m: Match, doc: Document, plant: Plant) -> bool:
        """The cited span is (80% of its words) code of the plant's source passage: another
        copy of the code the output renamed, so a renamed match to it is right."""
        if self.holds_passage(m.doc_id, plant.original):
            return True
        return containment(words(doc.text[m.doc_start : m.doc_end]), words(plant.original)) >= AGREEMENT

    def plant(self, output: Output, plant: Plant, matches: list[Match]) -> PlantResult:
        overlapping = [m for m in matches if m.start < plant.end and plant.start < m.end]
        qualifying = [m for m in overlapping if self._cites_source(m, plant)]
        coverage = _covered(plant, qualifying) / max(1, plant.end - plant.start)
        best = max(qualifying, key=lambda m: min(m.end, plant.end) - max(m.start, plant.start), default=None)
        cited = self.documents.get(best.doc_id) if best else None
        correct = [m for m in overlapping if self.correct(m, output)[0]]
        detected = _covered(plant, correct) / max(1, plant.end - plant.start) >= FOUND_COVERAGE
        return PlantResult(
            output_id=output.id, plant=plant, found=coverage >= FOUND_COVERAGE, coverage=round(coverage, 4),
            detected=detected or coverage >= FOUND_COVERAGE,
            cited=best.doc_id if best else None, license=best.license if best else None,
            cited_holds_passage=bool(best and self._cites_source(best, plant)),
            cited_license=cited.license if cited else None,
            kinds=sorted({m.kind for m in qualifying}),
            overlapping=[_brief(m) for m in overlapping],
        )

    def _cites_source(self, m: Match, plant: Plant) -> bool:
        """The match cites the planted document, or names it among the holders of the same
        span, or cites a document that holds the whole planted passage too."""
        if m.doc_id == plant.doc_id or plant.doc_id in m.also_in:
            return True
        return self.holds_passage(m.doc_id, plant.original)


def _covered(plant: Plant, matches: list[Match]) -> int:
    spans = sorted((max(m.start, plant.start), min(m.end, plant.end)) for m in matches)
    total, reach = 0, plant.start
    for a, b in spans:
        a = max(a, reach)
        if b > a:
            total += b - a
            reach = b
    return total


def _brief(m: Match) -> dict[str, Any]:
    return {"start": m.start, "end": m.end, "doc_id": m.doc_id, "doc_start": m.doc_start,
            "doc_end": m.doc_end, "kind": m.kind, "score": m.score, "license": m.license}


# --------------------------------------------------------------------------- matches


@dataclass(slots=True)
class MatchResult:
    output_id: str
    match: dict[str, Any]
    correct: bool
    agreement: float
    on_plant: bool
    license_matches_document: bool
    negative_output: bool
    cause: str = ""  # for wrong matches: the likely reason (see ``likely_cause``)


def likely_cause(m: Match, output: str, doc: Document | None) -> str:
    """Why a match fails the check, as far as its shape tells (for the report, not the score)."""
    if doc is None:
        return "unknown document"
    copied, source = words(output[m.start : m.end]), words(doc.text[m.doc_start : m.doc_end])
    if max(len(copied), len(source)) > 1.25 * max(1, min(len(copied), len(source))):
        return "cited span much longer than the copy (merged alignments)"
    if agreement(copied, source) < LOW_LITERAL:
        return "little literal overlap (structure-only match)"
    return "partial agreement (fuzzy chain below 80%)"


def grade_matches(grader: Grader, output: Output, matches: list[Match]) -> list[MatchResult]:
    results = []
    for m in matches:
        doc = grader.documents.get(m.doc_id)
        ok, score = grader.correct(m, output)
        on_plant = any(m.start < p.end and p.start < m.end for p in output.plants)
        results.append(MatchResult(
            output.id, _brief(m), ok, score, on_plant,
            doc is not None and m.license == doc.license, not output.plants,
            "" if ok else likely_cause(m, output.text, doc),
        ))
    return results


# --------------------------------------------------------------------------- summary


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def summarize(plants: list[PlantResult], matches: list[MatchResult], outputs: list[Output]) -> dict[str, Any]:
    """Recall per alteration (and per prose/code), precision, license and negative outputs."""
    recall: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[PlantResult]] = defaultdict(list)
    for r in plants:
        groups[r.plant.alteration].append(r)
        groups[f"{r.plant.kind}/{r.plant.alteration}"].append(r)
    for name, rows in sorted(groups.items()):
        found = sum(r.found for r in rows)
        recall[name] = {
            "plants": len(rows), "found": found, "recall": _rate(found, len(rows)),
            "detected": _rate(sum(r.detected for r in rows), len(rows)),
            "mean_coverage": round(statistics.fmean(r.coverage for r in rows), 4),
            "target": TARGETS.get(name),
        }
    found = [r for r in plants if r.found]
    by_source: dict[str, list[PlantResult]] = defaultdict(list)
    for r in plants:
        by_source[source_of(r.plant.doc_id)].append(r)
    correct = sum(m.correct for m in matches)
    negatives = [o for o in outputs if not o.plants]
    flagged = {m.output_id for m in matches if m.negative_output}
    wrong_on_negative = {m.output_id for m in matches if m.negative_output and not m.correct}
    return {
        "recall": recall,
        "recall_by_source": {
            name: {"plants": len(rows), "recall": _rate(sum(r.found for r in rows), len(rows))}
            for name, rows in sorted(by_source.items())
        },
        "precision": {
            "matches": len(matches), "correct": correct, "precision": _rate(correct, len(matches)),
            "on_plants": sum(m.on_plant for m in matches),
            "off_plants_true_copies": sum(m.correct and not m.on_plant for m in matches),
            "false": len(matches) - correct, "target": TARGETS["precision"],
            "false_by_cause": dict(Counter(m.cause for m in matches if not m.correct).most_common()),
            "false_by_kind": dict(Counter(m.match["kind"] for m in matches if not m.correct).most_common()),
        },
        "license": {
            "found_plants": len(found), "right": sum(r.license_right for r in found),
            "rate": _rate(sum(r.license_right for r in found), len(found)),
            "strict_rate": _rate(sum(r.license_strict for r in found), len(found)),
            "cited_other_holder": sum(r.cited_other_holder for r in found),
            "cited_other_holder_other_license": sum(r.cited_other_holder and not r.license_strict for r in found),
            "cited_partial_holder": sum(not r.cited_holds_passage for r in found),
            "match_license_equals_cited_document": _rate(sum(m.license_matches_document for m in matches), len(matches)),
            "target": TARGETS["license"],
        },
        "negative_outputs": {
            "outputs": len(negatives), "with_any_match": len(flagged),
            "with_false_match": len(wrong_on_negative),
            "false_positive_rate": _rate(len(wrong_on_negative), len(negatives)),
            "any_match_rate": _rate(len(flagged), len(negatives)),
        },
    }


def source_of(doc_id: str) -> str:
    """The corpus source of a document id (``man/man1/ls.1.txt`` -> ``man``)."""
    return doc_id.split("/", 1)[0].rstrip("0123456789")


def false_examples(matches: list[MatchResult], per_cause: int = 4) -> list[dict[str, Any]]:
    """A few wrong matches of each likely cause, for the report."""
    taken: Counter[str] = Counter()
    out = []
    for m in matches:
        if not m.correct and taken[m.cause] < per_cause:
            taken[m.cause] += 1
            out.append({"output_id": m.output_id, "agreement": m.agreement, "on_plant": m.on_plant,
                        "cause": m.cause, **m.match})
    return out


def misses(plants: list[PlantResult], limit: int = 12) -> list[dict[str, Any]]:
    """Examples of missed plants (spread over alterations) for the report."""
    by_alteration: dict[str, list[PlantResult]] = defaultdict(list)
    for r in plants:
        if not r.found:
            by_alteration[r.plant.alteration].append(r)
    picked: list[PlantResult] = []
    while len(picked) < limit and any(by_alteration.values()):
        for rows in by_alteration.values():
            if rows and len(picked) < limit:
                picked.append(rows.pop(0))
    out = []
    for r in picked:
        row = asdict(r.plant)
        row.update(output_id=r.output_id, coverage=r.coverage, overlapping=r.overlapping,
                   folded_equal=fold(r.plant.original) == fold(r.plant.planted))
        out.append(row)
    return out
