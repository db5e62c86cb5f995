"""Deciding: from signed shards to one decision per document.

1. Documents duplicating the reference set (if any) are dropped first, pointing into it.
2. Among the rest, documents with equal exact hashes are joined; one of each such group takes
   part in LSH (its copies have identical signatures), so big buckets of exact copies cost nothing.
3. Candidate pairs from LSH bands are verified and joined by union-find into clusters.
4. The keep rule (``keep.py``) picks the kept copy of each cluster and what each other one duplicates.

Memory: the small per-document columns (tokens, exact hash, rank, attribution: 30 bytes a
document), the union-find parents (8), one band column at a time (8 plus its sort order), the
candidate pairs, and one decision at a time as they are yielded; signatures stay on disk.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from clearance.curate.dedup.config import DEFAULT_CONFIG, DedupConfig
from clearance.curate.dedup.decisions import DedupDecision, DedupStats
from clearance.curate.dedup.keep import keep_rule
from clearance.curate.dedup.lsh import candidate_pairs, verify
from clearance.curate.dedup.records import RecordError
from clearance.curate.dedup.reference import ReferenceIndex
from clearance.curate.dedup.store import Shard, ShardSet
from clearance.curate.dedup.unionfind import UnionFind


def open_shards(shards: Sequence[str | Path | Shard], config: DedupConfig) -> ShardSet:
    return ShardSet([s if isinstance(s, Shard) else Shard(s, config) for s in shards])


def check_unique_ids(corpus: ShardSet) -> None:
    """A repeated id would make ``duplicate_of`` ambiguous: refuse it, naming both positions."""
    hashes = corpus.concat("id_hash").astype(np.uint64)
    order = np.argsort(hashes, kind="stable")
    same = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
    for i in same.tolist():
        first, second = int(order[i]), int(order[i + 1])
        a, b = corpus.ids(np.array([first, second]))
        if a == b:
            raise RecordError(max(first, second), b, f"repeats the id of record {min(first, second)}")


def _exact_groups(rows: np.ndarray, exact: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first row of each exact group, member rows, their group's first row) for rows with equal hashes."""
    order = np.lexsort((rows, exact[rows, 1], exact[rows, 0]))
    ordered = rows[order]
    same = np.all(exact[ordered[1:]] == exact[ordered[:-1]], axis=1)
    starts = np.concatenate(([True], ~same))
    head = np.maximum.accumulate(np.where(starts, np.arange(len(ordered)), 0))
    members = np.flatnonzero(~starts)
    return ordered[starts], ordered[members], ordered[head[members]]


def decide(shards: Sequence[str | Path | Shard], config: DedupConfig = DEFAULT_CONFIG, *,
           reference: ReferenceIndex | None = None, within_corpus: bool = True,
           stats: DedupStats | None = None) -> Iterator[DedupDecision]:
    """One decision per document of ``shards`` (in their order, then row order).

    ``within_corpus=False`` only checks against ``reference`` (decontamination). ``stats``, if
    given, is filled in. Shards must be signed with ``config``'s signing settings.
    """
    start = time.perf_counter()
    stats = stats if stats is not None else DedupStats()
    corpus = open_shards(shards, config)
    n = corpus.documents
    stats.documents = n
    if n == 0:
        return
    check_unique_ids(corpus)
    tokens = corpus.concat("tokens")
    exact = corpus.concat("exact")
    checked = tokens > 0
    stats.unchecked = int(n - checked.sum())
    duplicate_of = np.full(n, -1, dtype=np.int64)
    is_exact = np.zeros(n, dtype=bool)
    similarity = np.zeros(n)
    from_reference = np.zeros(n, dtype=bool)
    active = np.flatnonzero(checked)

    if reference is not None:
        found, exactly, sim = reference.match(corpus, active, config)
        hit = found >= 0
        duplicate_of[active[hit]] = found[hit]
        is_exact[active[hit]] = exactly[hit]
        similarity[active[hit]] = sim[hit]
        from_reference[active[hit]] = True
        stats.reference_duplicates = int(hit.sum())
        active = active[~hit]

    if within_corpus and len(active) > 1:
        shingles = (corpus.shingle_set, corpus.shingle_set) if config.keep_shingles else None

        def similar(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return verify(a, b, config.threshold, corpus.signatures, shingle_sets=shingles)

        union = UnionFind(n)
        heads, copies, copy_heads = _exact_groups(active, exact)
        union.union(copy_heads, copies)
        bands = (corpus.concat_rows(f"band_{b:03d}", heads) for b in range(config.bands))
        a, b = candidate_pairs(bands, heads)
        sim = similar(a, b)
        ok = sim >= 0
        union.union(a[ok], b[ok])
        stats.candidate_pairs, stats.verified_pairs = len(a), int(ok.sum())

        roots = union.find(active)
        _, inverse, counts = np.unique(roots, return_inverse=True, return_counts=True)
        clustered = counts[inverse] > 1
        stats.clusters = int((counts > 1).sum())
        result = keep_rule(active[clustered], roots[clustered], corpus.concat("rank"),
                           corpus.concat("attribution"), exact, similar)
        duplicate_of[result.rows] = result.kept
        is_exact[result.rows] = result.exact
        similarity[result.rows] = result.similarity
        stats.exact_duplicates = int(result.exact.sum())
        stats.near_duplicates = int(len(result.rows) - result.exact.sum())

    stats.deciding_seconds += time.perf_counter() - start
    yield from _decisions(corpus, reference, checked, duplicate_of, is_exact, similarity, from_reference)


def _decisions(corpus: ShardSet, reference: ReferenceIndex | None, checked: np.ndarray, duplicate_of: np.ndarray,
               is_exact: np.ndarray, similarity: np.ndarray, from_reference: np.ndarray) -> Iterator[DedupDecision]:
    dropped = duplicate_of >= 0
    names: dict[tuple[bool, int], str] = {}
    for flag in (False, True):
        targets = np.unique(duplicate_of[dropped & (from_reference == flag)])
        if len(targets):
            source = reference.ids(targets) if flag and reference is not None else corpus.ids(targets)
            names.update(((flag, t), name) for t, name in zip(targets.tolist(), source))
    for row, doc_id in enumerate(corpus.all_ids()):
        if not dropped[row]:
            yield DedupDecision(doc_id, True, checked=bool(checked[row]))
            continue
        ref = bool(from_reference[row])
        yield DedupDecision(
            doc_id, False, names[(ref, int(duplicate_of[row]))], "exact" if is_exact[row] else "near",
            round(float(similarity[row]), 6), "reference" if ref else "corpus",
        )
