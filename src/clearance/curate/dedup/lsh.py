"""LSH banding: candidate pairs from equal band keys, then verification of each candidate.

One band at a time is in memory (8 bytes per document plus its sort order), so finding
candidates over N documents needs about 16 N bytes at peak, whatever the number of bands.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from clearance.curate.dedup.minhash import estimate_jaccard

#: Buckets up to this size give all their pairs, larger ones a star (see bucket_pairs).
ALL_PAIRS_UP_TO = 16
#: Verification reads this many pairs' signatures at a time (2 x 8 MB at 128 permutations).
VERIFY_CHUNK = 1 << 14


def bucket_pairs(keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs from every bucket of equal keys.

    A bucket of up to ALL_PAIRS_UP_TO documents gives all its pairs: a near-duplicate pair that
    shares a bucket with a third, less similar document (a base and two of its variants) must
    still be compared directly. A larger bucket (templated pages, boilerplate) gives a star
    around its first row, the earliest in input order: m - 1 pairs instead of m(m - 1)/2.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(keys) < 2:
        return empty, empty
    order = np.lexsort((rows, keys))
    sorted_keys, sorted_rows = keys[order], rows[order]
    boundary = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1], [True])))
    starts, sizes = boundary[:-1], np.diff(boundary)
    left, right = [empty], [empty]
    for size in np.unique(sizes[(sizes > 1) & (sizes <= ALL_PAIRS_UP_TO)]).tolist():
        first = starts[sizes == size]
        i, j = np.triu_indices(size, 1)
        left.append((first[:, None] + i).ravel())
        right.append((first[:, None] + j).ravel())
    big = sizes > ALL_PAIRS_UP_TO
    if big.any():
        members = np.repeat(starts[big], sizes[big]) + _ranges(sizes[big])
        heads = np.repeat(starts[big], sizes[big])
        keep = members != heads
        left.append(heads[keep])
        right.append(members[keep])
    a, b = np.concatenate(left), np.concatenate(right)
    return sorted_rows[a], sorted_rows[b]


def _ranges(sizes: np.ndarray) -> np.ndarray:
    """0 .. size-1 for each size, concatenated."""
    return np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def candidate_pairs(band_columns: Iterable[np.ndarray], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (a < b) of ``rows`` that share a key in at least one band.

    ``band_columns`` yields each band's keys of ``rows``, aligned with them.
    """
    found: list[np.ndarray] = []
    for column in band_columns:
        a, b = bucket_pairs(np.asarray(column), rows)
        found.append(np.minimum(a, b) << 32 | np.maximum(a, b))
        # Merge as we go, so repeated pairs (a pair usually shares several bands) cost memory once.
        if len(found) > 4:
            found = [np.unique(np.concatenate(found))]
    packed = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return packed >> 32, packed & 0xFFFFFFFF


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted sets of distinct shingle hashes."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (len(a) + len(b) - common)


def verification_slack(num_perm: int) -> float:
    """How far below the threshold a signature estimate may fall and the pair still be checked
    exactly: four standard deviations of the estimate at the worst case J = 0.5."""
    return 4.0 * math.sqrt(0.25 / num_perm)


ShingleSet = Callable[[int], "np.ndarray | None"]


def verify(a: np.ndarray, b: np.ndarray, threshold: float, signatures: Callable[[np.ndarray], np.ndarray],
           other_signatures: Callable[[np.ndarray], np.ndarray] | None = None,
           shingle_sets: tuple[ShingleSet, ShingleSet] | None = None,
           ) -> np.ndarray:
    """Similarity of each pair (a[i], b[i]), or -1 where it falls below ``threshold``.

    Estimated from the signatures; with ``shingle_sets`` (exact verification), pairs whose
    estimate is within ``verification_slack`` of the threshold are computed exactly from their
    shingle sets and that value decides (the estimate decides for a document whose shingles were
    not kept). ``other_signatures`` reads b's rows from another corpus (a reference set).
    """
    other = other_signatures or signatures
    result = np.full(len(a), -1.0)
    if not len(a):
        return result
    # Read in order of a, so memory-mapped signatures are read mostly forwards.
    order = np.argsort(a, kind="stable")
    for lo in range(0, len(order), VERIFY_CHUNK):
        chunk = order[lo : lo + VERIFY_CHUNK]
        left_sig = signatures(a[chunk])
        estimate = estimate_jaccard(left_sig, other(b[chunk]))
        if shingle_sets is None:
            result[chunk] = np.where(estimate >= threshold, estimate, -1.0)
            continue
        near = estimate >= threshold - verification_slack(left_sig.shape[1])
        left, right = shingle_sets
        for i in np.flatnonzero(near).tolist():
            x, y = left(int(a[chunk[i]])), right(int(b[chunk[i]]))
            j = float(estimate[i]) if x is None or y is None else exact_jaccard(x, y)
            if j >= threshold:
                result[chunk[i]] = j
    return result
