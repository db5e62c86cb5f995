"""Grade dedup outcomes against exact Jaccard similarity on a sample of pairs.

Every method reports, per document, the id of the document it keeps in its place (itself when
kept). Two documents are *predicted duplicates* when they end with the same kept document.
A pair is a *true duplicate* when the exact Jaccard similarity of its word 5-gram sets (the
grader's own normalizer, ``corpus.words_of``) is at least the threshold.

Two recalls: *pair recall* counts true pairs mapped to the same kept document (the classic
clustering measure); *resolved* counts true pairs of which at most one document survives, which
is what dedup is for (a keep rule that splits a chain A ~ B ~ C may drop B as a duplicate of C
and keep A: the pair A-B is resolved, though A and B name different kept documents).
*Drop precision* is the share of dropped documents whose named kept document is a true duplicate.

The sample: every pair within a planted family (a base and its variants), a seeded set of
random pairs, and every pair that any graded method predicted. So precision is exact (every
predicted pair is graded) and recall counts every true pair that the plants or any method found.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping

from benchmarks.dedup.corpus import Corpus, Truth

Pair = tuple[int, int]
#: Bins of true similarity for the detection curve.
BINS = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001)


def predicted_pairs(corpus: Corpus, kept_as: Mapping[str, str]) -> set[Pair]:
    """Pairs of documents (by index) that a method mapped to the same kept document."""
    index = {d.id: i for i, d in enumerate(corpus.docs)}
    groups: dict[str, list[int]] = defaultdict(list)
    for doc_id, kept in kept_as.items():
        groups[kept].append(index[doc_id])
    pairs: set[Pair] = set()
    for members in groups.values():
        members.sort()
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


def drop_edges(corpus: Corpus, kept_as: Mapping[str, str]) -> list[Pair]:
    index = {d.id: i for i, d in enumerate(corpus.docs)}
    return [(index[d], index[k]) for d, k in kept_as.items() if d != k]


def sample_pairs(truth: Truth, predicted: Iterable[set[Pair]], random_pairs: int) -> dict[Pair, float]:
    pairs: set[Pair] = {(min(a, b), max(a, b)) for a, b in truth.family_pairs()}
    pairs.update(truth.random_pairs(random_pairs))
    for found in predicted:
        pairs.update(found)
    return {p: truth.similarity(*p) for p in sorted(pairs)}


def grade(corpus: Corpus, truth: Truth, kept_as: Mapping[str, str], sample: Mapping[Pair, float],
          threshold: float) -> dict:
    """Pair precision and recall, drop precision, and the detection rate per similarity bin."""
    predicted = predicted_pairs(corpus, kept_as)
    true = {p for p, s in sample.items() if s >= threshold}
    hit = predicted & true
    index = {d.id: i for i, d in enumerate(corpus.docs)}
    survivors = {index[d] for d, k in kept_as.items() if d == k}
    resolved = sum(1 for a, b in true if not (a in survivors and b in survivors))
    edges = drop_edges(corpus, kept_as)
    edge_sims = [truth.similarity(a, b) for a, b in edges]
    curve = []
    for lo, hi in itertools.pairwise(BINS):
        in_bin = [p for p, s in sample.items() if lo <= s < hi]
        if in_bin:
            found = sum(1 for p in in_bin if p in predicted)
            curve.append({"from": lo, "to": min(hi, 1.0), "pairs": len(in_bin), "detected": found / len(in_bin)})
    return {
        "documents": len(kept_as),
        "dropped": len(edges),
        "predicted_pairs": len(predicted),
        "true_pairs": len(true),
        "precision": len(hit) / len(predicted) if predicted else 1.0,
        "recall": len(hit) / len(true) if true else 1.0,
        "resolved": resolved / len(true) if true else 1.0,
        "drop_precision": sum(s >= threshold for s in edge_sims) / len(edges) if edges else 1.0,
        "drops_below_threshold_minus_0.1": sum(s < threshold - 0.1 for s in edge_sims),
        "curve": curve,
    }
