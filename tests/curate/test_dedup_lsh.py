"""Candidate pairs from LSH buckets, and union-find against a plain reference implementation."""

from __future__ import annotations

import numpy as np

from clearance.curate.dedup import lsh
from clearance.curate.dedup.lsh import bucket_pairs, candidate_pairs, exact_jaccard, verify
from clearance.curate.dedup.unionfind import UnionFind


def _pairs(a: np.ndarray, b: np.ndarray) -> set[tuple[int, int]]:
    return {(min(x, y), max(x, y)) for x, y in zip(a.tolist(), b.tolist())}


def test_small_buckets_give_all_their_pairs() -> None:
    keys = np.array([5, 9, 5, 7, 5, 9], dtype=np.uint64)
    rows = np.array([10, 11, 12, 13, 14, 15])
    assert _pairs(*bucket_pairs(keys, rows)) == {(10, 12), (10, 14), (12, 14), (11, 15)}


def test_large_buckets_give_a_star_around_their_earliest_row(monkeypatch) -> None:
    monkeypatch.setattr(lsh, "ALL_PAIRS_UP_TO", 3)
    keys = np.array([1, 1, 1, 1, 1, 2, 2, 3], dtype=np.uint64)
    rows = np.array([9, 4, 7, 5, 8, 1, 2, 3])
    assert _pairs(*bucket_pairs(keys, rows)) == {(4, 5), (4, 7), (4, 8), (4, 9), (1, 2)}


def test_candidate_pairs_are_distinct_over_bands() -> None:
    rows = np.array([0, 1, 2, 3])
    bands = [np.array([1, 1, 2, 3], dtype=np.uint64), np.array([4, 4, 4, 5], dtype=np.uint64),
             np.array([6, 7, 8, 9], dtype=np.uint64)] * 3
    a, b = candidate_pairs(iter(bands), rows)
    assert list(zip(a.tolist(), b.tolist())) == [(0, 1), (0, 2), (1, 2)]
    a, b = candidate_pairs(iter([]), rows)
    assert len(a) == 0


def test_exact_jaccard_of_sorted_sets() -> None:
    assert exact_jaccard(np.array([1, 2, 3]), np.array([2, 3, 4])) == 0.5
    assert exact_jaccard(np.array([], dtype=np.uint32), np.array([], dtype=np.uint32)) == 1.0
    assert exact_jaccard(np.array([1]), np.array([2])) == 0.0


def test_verify_marks_pairs_below_the_threshold() -> None:
    sig = np.array([[1, 2, 3, 4], [1, 2, 3, 9], [1, 8, 8, 8]], dtype=np.uint32)
    got = verify(np.array([0, 0]), np.array([1, 2]), 0.7, lambda r: sig[r])
    assert got.tolist() == [0.75, -1.0]
    sets = {0: np.array([1, 2, 3, 4, 5]), 1: np.array([1, 2, 3, 4, 6]), 2: np.array([1])}
    exact = verify(np.array([0, 0]), np.array([1, 2]), 0.6, lambda r: sig[r],
                   shingle_sets=(sets.__getitem__, sets.__getitem__))
    assert exact.tolist() == [4 / 6, -1.0]


def _plain_find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        x = parent[x]
    return x


def test_union_find_matches_a_plain_implementation() -> None:
    rng = np.random.default_rng(0)
    for trial in range(20):
        n = int(rng.integers(1, 300))
        m = int(rng.integers(0, 2 * n))
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        uf = UnionFind(n)
        half = m // 2
        uf.union(a[:half], b[:half])
        uf.union(a[half:], b[half:])
        roots = uf.roots()
        parent = list(range(n))
        for x, y in zip(a.tolist(), b.tolist()):
            rx, ry = _plain_find(parent, x), _plain_find(parent, y)
            parent[max(rx, ry)] = min(rx, ry)
        assert roots.tolist() == [_plain_find(parent, x) for x in range(n)]  # roots are the smallest member
        assert (uf.find(np.arange(n)) == roots).all()
