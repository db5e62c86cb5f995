"""64-bit hashing of tokens and token n-grams, vectorized with wrapping uint64 arithmetic.

The hashes must be identical in every process and on every machine (an index is built in one
process and queried in another), so Python's salted ``hash`` is never used.
"""

from __future__ import annotations

import numpy as np

_U64 = np.uint64
_BASE = _U64(0x100000001B3)  # FNV-style odd multiplier for the per-character polynomial
_LENGTH_SALT = _U64(0x9E3779B97F4A7C15)
#: One odd constant per n-gram position (enough for any n-gram size used here).
_NGRAM_MULTIPLIERS = np.array(
    [
        0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F,
        0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3, 0x1D8E4E27C47D124F,
        0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9,
        0x2545F4914F6CDD1D, 0x9FB21C651E98DF25, 0xB492B66FBE98F273, 0x9AE16A3B2F90404F,
        0xCBF29CE484222325, 0x87C37B91114253D5, 0x4CF5AD432745937F, 0x52DCE729DA3ED8AF,
    ],
    dtype=np.uint64,
)
MAX_NGRAM = len(_NGRAM_MULTIPLIERS)

_powers = np.ones(1, dtype=np.uint64)


def _base_powers(n: int) -> np.ndarray:
    """BASE**i mod 2**64 for i < n, cached and grown on demand."""
    global _powers
    if len(_powers) < n:
        size = max(n, 2 * len(_powers), 64)
        _powers = np.cumprod(np.full(size, _BASE, dtype=np.uint64))
        _powers = np.concatenate([np.ones(1, dtype=np.uint64), _powers[:-1]])
    return _powers[:n]


def mix64(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finalizer: spreads every input bit over every output bit."""
    z = values.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        z ^= z >> _U64(30)
        z *= _U64(0xBF58476D1CE4E5B9)
        z ^= z >> _U64(27)
        z *= _U64(0x94D049BB133111EB)
        z ^= z >> _U64(31)
    return z


def segment_hashes(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hash each segment ``values[starts[i] : starts[i] + lengths[i]]`` (segments in order, disjoint).

    ``values`` holds only the characters that belong to tokens, so the segments tile it.
    """
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64)
    offsets = np.arange(len(values), dtype=np.int64) - np.repeat(starts, lengths)
    with np.errstate(over="ignore"):
        weighted = values.astype(np.uint64) * _base_powers(int(lengths.max()))[offsets]
        summed = np.add.reduceat(weighted, starts)
        return mix64(summed + lengths.astype(np.uint64) * _LENGTH_SALT)


def ngram_hashes(token_hashes: np.ndarray, n: int) -> np.ndarray:
    """Hash of every run of ``n`` consecutive tokens; entry i covers tokens i .. i+n-1."""
    count = len(token_hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            acc += token_hashes[j : j + count] * _NGRAM_MULTIPLIERS[j]
    return mix64(acc)


def string_hash(folded: str) -> int:
    """The token hash of one already-folded token, as ``segment_hashes`` would compute it."""
    values = np.array([ord(c) for c in folded], dtype=np.uint64)
    return int(segment_hashes(values, np.zeros(1, dtype=np.int64), np.array([len(values)]))[0])


def winnow(hashes: np.ndarray, window: int, valid: np.ndarray | None = None) -> np.ndarray:
    """Indices chosen by winnowing (Schleimer et al. 2003): the minimum of every window.

    Any run of ``window`` consecutive valid hashes shared by two texts contributes the same
    chosen index in both, which is what guarantees that long shared spans are found.
    ``valid`` marks hashes that may be chosen (n-grams that do not straddle two documents).
    """
    h = hashes if valid is None else np.where(valid, hashes, np.uint64(np.iinfo(np.uint64).max))
    if len(h) <= window:
        chosen = np.array([int(np.argmin(h))], dtype=np.int64) if len(h) else np.zeros(0, np.int64)
    else:
        views = np.lib.stride_tricks.sliding_window_view(h, window)
        chosen = views.argmin(axis=1) + np.arange(len(views))  # non-decreasing
        chosen = chosen[np.concatenate(([True], chosen[1:] != chosen[:-1]))]
    if valid is not None and len(chosen):
        chosen = chosen[valid[chosen]]
    return chosen.astype(np.int64)
