"""From texts to what dedup compares: a normalized-text hash and a set of word shingles per document.

"The same text" means what it means everywhere in clearance: the ``WORDS`` channel of
``clearance.text`` (case folded, accents dropped, every run of punctuation, whitespace and line
breaks ignored, each CJK character a word of its own). Two texts with the same word sequence
get the same exact hash; a shingle is the 64-bit hash of ``shingle_size`` consecutive words.

Texts are tokenized many at a time (joined by a line break, which no token spans), because per
call overheads dominate numpy work on 5 KB documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from clearance.text.hashing import mix64, ngram_hashes
from clearance.text.tokens import WORDS, code_points, tokenize, tokenize_points

#: Documents are tokenized together until this many characters (kept cache-sized: about 2x faster
#: than one call per document, and than one call per large batch).
GROUP_CHARS = 1 << 17


@dataclass(slots=True)
class BatchShingles:
    """Shingles of a batch of documents, in document order."""

    tokens: np.ndarray  # int32 [n]: word count per document (0: nothing to compare)
    exact: np.ndarray  # uint64 [n, 2]: 128-bit hash of the normalized word sequence
    values: np.ndarray  # uint64 [m]: seeded shingle hashes, grouped by document
    doc: np.ndarray  # int64 [m]: the document (0 .. n-1) of each shingle


def exact_hash(word_hashes: np.ndarray) -> tuple[int, int]:
    """128 bits of BLAKE2b over the word hashes: collisions are negligible for any corpus size."""
    digest = hashlib.blake2b(word_hashes.tobytes(), digest_size=16).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")


def seed_salt(seed: int) -> np.uint64:
    return mix64(np.array([seed ^ 0x5EED5EED5EED5EED], dtype=np.uint64))[0]


def _groups(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Consecutive index ranges of at most GROUP_CHARS characters (a longer text alone)."""
    out: list[tuple[int, int]] = []
    start, size = 0, 0
    for i, text in enumerate(texts):
        if size and size + len(text) > GROUP_CHARS:
            out.append((start, i))
            start, size = i, 0
        size += len(text) + 1
    if start < len(texts):
        out.append((start, len(texts)))
    return out


def _words(texts: Sequence[str], lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Word hashes of texts[lo:hi] and each word's document (relative to lo)."""
    if hi - lo == 1:
        hashes = tokenize(texts[lo], WORDS).hashes
        return hashes, np.zeros(len(hashes), dtype=np.int64)
    joined = "\n".join(texts[lo:hi])
    lengths = np.fromiter((len(t) + 1 for t in texts[lo:hi]), dtype=np.int64, count=hi - lo)
    starts = np.cumsum(lengths) - lengths
    stream = tokenize_points(code_points(joined), WORDS)
    return stream.hashes, np.searchsorted(starts, stream.starts, side="right") - 1


def shingle_batch(texts: Sequence[str], shingle_size: int, seed: int) -> BatchShingles:
    """Exact hashes and seeded shingles of ``texts``.

    A document with fewer words than ``shingle_size`` (but at least one) gets a single shingle
    made of all its words, so short texts still have a signature.
    """
    n = len(texts)
    tokens = np.zeros(n, dtype=np.int32)
    exact = np.zeros((n, 2), dtype=np.uint64)
    values: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    k = shingle_size
    short = False
    for lo, hi in _groups(texts):
        hashes, doc = _words(texts, lo, hi)
        counts = np.bincount(doc, minlength=hi - lo)
        tokens[lo:hi] = counts
        ends = np.cumsum(counts)
        for i, (a, b) in enumerate(zip((ends - counts).tolist(), ends.tolist())):
            if b > a:
                exact[lo + i] = exact_hash(hashes[a:b])
        grams = ngram_hashes(hashes, k)
        if len(grams):
            inside = doc[: len(grams)] == doc[k - 1 :]
            values.append(grams[inside])
            owners.append(doc[: len(grams)][inside] + lo)
        for i in np.flatnonzero((counts > 0) & (counts < k)).tolist():
            short = True
            a = int(ends[i] - counts[i])
            values.append(ngram_hashes(hashes[a : int(ends[i])], int(counts[i])))
            owners.append(np.array([lo + i], dtype=np.int64))
    if values:
        value = np.concatenate(values)
        owner = np.concatenate(owners)
        if short:  # their one shingle each was appended after the group's others
            order = np.argsort(owner, kind="stable")
            value, owner = value[order], owner[order]
    else:
        value, owner = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        value = mix64(value ^ seed_salt(seed))
    return BatchShingles(tokens, exact, value, owner)


def shingle_lists(batch: BatchShingles) -> tuple[np.ndarray, np.ndarray]:
    """Each document's shingles in text order, 32 bits each: (counts [n] int32, values uint32).

    Kept for exact verification. Made into sets (sorted, distinct) only for the few documents
    that are verified, since sorting every document's shingles would cost as much as signing.
    32 bits per shingle halve the disk; two distinct shingles of a pair of documents with m
    shingles each share 32 bits with probability about m^2 / 2^32, which moves their Jaccard
    similarity by about 1e-4 at m = 1,000 and 5e-5 at m = 200,000.
    """
    counts = np.bincount(batch.doc, minlength=len(batch.tokens)).astype(np.int32)
    return counts, batch.values.astype(np.uint32)  # the low 32 bits
