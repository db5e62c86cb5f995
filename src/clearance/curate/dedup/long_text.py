"""Documents too long to tokenize at once, signed piece by piece in bounded memory.

A text longer than ``LONG_CHARS`` is cut at whitespace into pieces (``clearance.text``'s own
cut points, so it gets the words ``tokenize`` gives it), and each piece is tokenized, hashed and
min-hashed on its own, carrying the last ``shingle_size - 1`` words into the next piece so the
shingles across a cut are counted once. MinHash merges by an elementwise minimum, and the exact
hash is BLAKE2b fed piece by piece, so the results equal those of signing the text whole, while
memory stays that of one piece (a few hundred MB for the 4 M-character pieces) plus the
document's shingle list for exact verification, which is kept only up to ``MAX_KEPT_SHINGLES``
(a longer document is verified by its signature estimate instead).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator

import numpy as np

from clearance.curate.dedup.config import DedupConfig
from clearance.curate.dedup.minhash import EMPTY, fallback_values, signatures
from clearance.curate.dedup.shingles import seed_salt
from clearance.text.hashing import mix64, ngram_hashes
from clearance.text.tokens import WORDS, code_points, cut_points, tokenize_points

#: Texts longer than this many characters are signed piece by piece.
LONG_CHARS = 1 << 22
#: Shingles kept for exact verification per document (16 MB); a longer document has none kept.
MAX_KEPT_SHINGLES = 1 << 22


def _pieces(text: str) -> Iterator[np.ndarray]:
    """Word hashes of each piece of ``text``."""
    cuts = cut_points(text)
    for a, b in itertools.pairwise(cuts):
        yield tokenize_points(code_points(text[a:b]), WORDS).hashes


def _shingles(text: str, k: int, salt: np.uint64) -> Iterator[np.ndarray]:
    """Seeded shingle hashes of each piece, shingles across cuts included once."""
    carry = np.zeros(0, dtype=np.uint64)
    for hashes in _pieces(text):
        joined = np.concatenate((carry, hashes))
        grams = ngram_hashes(joined, k)
        carry = joined[len(joined) - (k - 1) :] if k > 1 else carry
        with np.errstate(over="ignore"):
            yield mix64(grams ^ salt)


def sign_long_text(text: str, config: DedupConfig) -> tuple[int, tuple[int, int], np.ndarray, np.ndarray | None]:
    """(word count, exact hash, signature [num_perm] uint32, shingles) of one long text.

    The shingles (uint32) are None unless the config keeps them and there are at most
    MAX_KEPT_SHINGLES of them."""
    digest = hashlib.blake2b(digest_size=16)
    words = 0
    head: list[np.ndarray] = []  # the first words, in case there are fewer than one shingle
    for hashes in _pieces(text):
        digest.update(hashes.tobytes())
        words += len(hashes)
        if words < config.shingle_size:
            head.append(hashes)
    raw = digest.digest()
    exact = (int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little"))
    salt = seed_salt(config.seed)
    k = config.num_perm
    if words < config.shingle_size:  # a long run of punctuation and spaces with a few words
        hashes = np.concatenate(head) if head else np.zeros(0, dtype=np.uint64)
        values = ngram_hashes(hashes, len(hashes)) if len(hashes) else hashes
        with np.errstate(over="ignore"):
            values = mix64(values ^ salt)
        sig = signatures(values, np.zeros(len(values), dtype=np.int64), 1, k, salt)[0]
        return words, exact, sig, values.astype(np.uint32) if config.keep_shingles else None
    sig = np.full(k, EMPTY, dtype=np.uint32)
    kept: list[np.ndarray] = []
    count = 0
    for values in _shingles(text, config.shingle_size, salt):
        piece = signatures(values, np.zeros(len(values), dtype=np.int64), 1, k, salt, fill_empty=False)[0]
        np.minimum(sig, piece, out=sig)
        count += len(values)
        if config.keep_shingles and count <= MAX_KEPT_SHINGLES:
            kept.append(values.astype(np.uint32))
    empty = np.flatnonzero(sig == EMPTY)
    if len(empty):  # practically never with millions of shingles, but then exactly as for short texts
        fill = np.full(len(empty), EMPTY, dtype=np.uint32)
        for values in _shingles(text, config.shingle_size, salt):
            np.minimum(fill, fallback_values(values, empty, k, salt), out=fill)
        sig[empty] = fill
    if not config.keep_shingles or count > MAX_KEPT_SHINGLES:
        return words, exact, sig, None
    return words, exact, sig, np.concatenate(kept)
