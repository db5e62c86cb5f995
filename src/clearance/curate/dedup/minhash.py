"""MinHash signatures by one-permutation hashing, LSH band keys, and Jaccard estimates.

Classic MinHash evaluates ``num_perm`` hash functions on every shingle. One-permutation hashing
(Li, Owen and Zhang, NIPS 2012) hashes each shingle once: the hash's high bits pick one of
``num_perm`` bins, its low 32 bits are the value, and each bin keeps its minimum. For a bin that
is non-empty in the union of two shingle sets, the two minima are equal exactly when the union's
minimum lies in the intersection, which happens with probability J (the Jaccard similarity).

A bin left empty by a document (short documents have few shingles) is filled with a classic
MinHash value over the whole set, from an independent hash for that bin. Then a bin where both
documents are empty also agrees with probability J, and a bin empty in only one of them (which
means the union's minimum there is in one set only) agrees with probability 2^-32. So every
position of the signature agrees with probability J, which is what LSH banding and the
estimate ``mean(sig_a == sig_b)`` rely on. (Shrivastava's densification, ICML 2017, solves the
same problem by copying other bins; this costs only ``shingles x empty bins`` hash evaluations.)

Work per document is linear in its shingles (not shingles x permutations), all in numpy.
"""

from __future__ import annotations

import numpy as np

from clearance.text.hashing import mix64

EMPTY = np.uint32(0xFFFFFFFF)
_LOW32 = np.uint64(0xFFFFFFFF)
_FALLBACK_SALT = np.uint64(0xA0761D6478BD642F)
_BAND_SALT = np.uint64(0xE7037ED1A0B428DB)


def _fallback_salts(num_perm: int, seed_salt: np.uint64) -> np.ndarray:
    with np.errstate(over="ignore"):
        return mix64(np.arange(num_perm, dtype=np.uint64) * _FALLBACK_SALT + seed_salt)


def signatures(values: np.ndarray, doc: np.ndarray, n_docs: int, num_perm: int, seed_salt: np.uint64,
               fill_empty: bool = True) -> np.ndarray:
    """uint32 [n_docs, num_perm] signatures of shingle hashes ``values`` owned by ``doc`` (sorted).

    A document without shingles keeps the EMPTY value in every position; so do empty bins when
    ``fill_empty`` is False (a piece of a long document, merged with the others before filling).
    """
    k = np.uint64(num_perm)
    sig = np.full(n_docs * num_perm, EMPTY, dtype=np.uint32)
    if len(values):
        bins = ((values >> np.uint64(32)) * k) >> np.uint64(32)
        np.minimum.at(sig, doc * num_perm + bins.astype(np.int64), (values & _LOW32).astype(np.uint32))
    sig = sig.reshape(n_docs, num_perm)
    if fill_empty:
        _fill_empty_bins(sig, values, doc, n_docs, num_perm, seed_salt)
    return sig


def fallback_values(values: np.ndarray, bins: np.ndarray, num_perm: int, seed_salt: np.uint64) -> np.ndarray:
    """For each of ``bins``, the minimum of its independent hash over ``values`` (EMPTY if none)."""
    if not len(values):
        return np.full(len(bins), EMPTY, dtype=np.uint32)
    salts = _fallback_salts(num_perm, seed_salt)[bins]
    return (mix64(values[:, None] ^ salts[None, :]) & _LOW32).astype(np.uint32).min(axis=0)


def _fill_empty_bins(sig: np.ndarray, values: np.ndarray, doc: np.ndarray, n_docs: int, num_perm: int,
                     seed_salt: np.uint64) -> None:
    counts = np.bincount(doc, minlength=n_docs)
    empty_doc, empty_bin = np.nonzero((sig == EMPTY) & (counts > 0)[:, None])
    if not len(empty_doc):
        return
    starts = np.cumsum(counts) - counts
    sizes = counts[empty_doc]
    # One run of the document's shingles per empty (document, bin) pair, hashed with the bin's salt.
    first = np.cumsum(sizes) - sizes
    index = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(first - starts[empty_doc], sizes)
    salts = np.repeat(_fallback_salts(num_perm, seed_salt)[empty_bin], sizes)
    hashed = (mix64(values[index] ^ salts) & _LOW32).astype(np.uint32)
    sig[empty_doc, empty_bin] = np.minimum.reduceat(hashed, first)


def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """uint64 [n, bands]: one hash of each band's ``rows`` values; equal bands give equal keys."""
    n = sig.shape[0]
    cut = sig[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    key = np.full((n, bands), _BAND_SALT, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = mix64(key ^ cut[:, :, r])
    return key


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Fraction of equal positions in matching rows of two signature arrays [m, num_perm]."""
    if len(a) == 0:
        return np.zeros(0, dtype=np.float64)
    return np.count_nonzero(a == b, axis=1) / a.shape[1]
