"""The index of reference license texts: word 3-gram sets of every SPDX license text (and of a few texts
SPDX does not list, under ``LicenseRef-`` ids), arranged so
that one document is compared with all ~680 references in a few numpy calls.

Words become integer ids from the references' vocabulary (0 for a word no reference uses, so a
shingle holding one never matches), and a 3-gram is the exact integer ``a*V*V + b*V + c``: no hashing,
no collisions. ``postings`` holds every (shingle, reference) pair sorted by shingle; a document's
shingles are looked up with ``searchsorted`` and counted per reference with ``bincount``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import zstandard

from clearance.licenses.detect.normalize import license_words
from clearance.licenses.detect.scancode_data import scancode_payload

SHINGLE = 3
DATA = "spdx-texts.json.zst"
#: Texts SPDX does not list, with clearance's ``LicenseRef-`` ids (data/README.md).
UNLISTED_DATA = "unlisted-texts.json"
#: Where the GNU licenses and Apache-2.0 end their terms; many copies stop there, without the appendix.
END_OF_TERMS = "END OF TERMS AND CONDITIONS"
EMBEDDED_GPL = "\nGNU GENERAL PUBLIC LICENSE\n"
#: How many leading shingles of each reference count as its opening (title and first words): where
#: one of them starts inside a file, a bundled license text may start.
OPENING = 8
#: ... when at least this share of the references that hold it hold it there.
OPENING_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class ReferenceIndex:
    ids: tuple[str, ...]  # SPDX id of each reference (an id may have two: with and without an appendix)
    names: tuple[str, ...]
    vocabulary: dict[str, int]
    shingles: tuple[np.ndarray, ...]  # sorted unique shingles of each reference
    sizes: np.ndarray  # len(shingles[i])
    posting_shingles: np.ndarray  # every (shingle, reference) pair, sorted by shingle
    posting_refs: np.ndarray
    exact: dict[bytes, int]  # digest of a reference's normalized words -> reference
    version: str
    openings: np.ndarray  # sorted unique shingles among the first ``OPENING`` of every reference


    def encode(self, words: list[str]) -> np.ndarray:
        """Word ids; 0 for words no reference has."""
        get = self.vocabulary.get
        return np.fromiter((get(w, 0) for w in words), dtype=np.int64, count=len(words))

    def ordered_shingles(self, ids: np.ndarray) -> np.ndarray:
        """The 3-gram starting at each word, in text order; -1 where it holds an unknown word."""
        if len(ids) < SHINGLE:
            return np.empty(0, dtype=np.int64)
        v = len(self.vocabulary) + 1
        a, b, c = ids[:-2], ids[1:-1], ids[2:]
        return np.where((a > 0) & (b > 0) & (c > 0), (a * v + b) * v + c, -1)

    def shingles_of(self, ids: np.ndarray) -> np.ndarray:
        """Sorted unique 3-grams of a word-id sequence, those holding an unknown word left out."""
        ordered = self.ordered_shingles(ids)
        return np.unique(ordered[ordered >= 0])

    def overlap(self, doc_shingles: np.ndarray) -> np.ndarray:
        """For every reference, how many of ``doc_shingles`` (sorted, unique) it has."""
        lo = np.searchsorted(self.posting_shingles, doc_shingles, "left")
        hi = np.searchsorted(self.posting_shingles, doc_shingles, "right")
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            return np.zeros(len(self.ids), dtype=np.int64)
        ends = np.cumsum(counts)
        positions = np.arange(total) - np.repeat(ends - counts, counts) + np.repeat(lo, counts)
        return np.bincount(self.posting_refs[positions], minlength=len(self.ids))


def _distinctive_openings(openings: list[np.ndarray], shingles: tuple[np.ndarray, ...]) -> np.ndarray:
    """The opening shingles that open most of the references holding them: "redistribution and use"
    starts the BSD texts, while "this software is provided" (their disclaimer) is mostly found inside
    texts and would cut a license in two."""
    opening, at_start = np.unique(np.concatenate(openings), return_counts=True)
    every, anywhere = np.unique(np.concatenate(shingles), return_counts=True)
    return opening[at_start >= OPENING_SHARE * anywhere[np.searchsorted(every, opening)]]


def digest(words: list[str]) -> bytes:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()


@cache
def _payload() -> dict:
    """The SPDX texts, then the texts SPDX does not list (``UNLISTED_DATA``): a text SPDX does not have
    but that resembles one it has (Khronos's "Materials" license and MIT-Khronos-old) must be a
    reference of its own, or the look-alike is named for it."""
    data = resources.files("clearance.licenses.detect").joinpath("data")
    payload = json.loads(zstandard.ZstdDecompressor().decompress(data.joinpath(DATA).read_bytes()))
    unlisted = json.loads(data.joinpath(UNLISTED_DATA).read_text(encoding="utf-8"))
    return {**payload, "licenses": payload["licenses"] + unlisted["licenses"]}


def reference_text(spdx: str) -> str | None:
    """The reference text of a license id (any case), or None when none is shipped."""
    wanted = spdx.lower()
    for lic in _payload()["licenses"]:
        if lic["id"].lower() == wanted or wanted in (other.lower() for other in lic["same_text"]):
            return lic["text"]
    return None


@cache
def reference_index() -> ReferenceIndex:
    """Built once per process from the shipped SPDX texts (about a second)."""
    payload = _payload()
    return build_index(payload["licenses"], payload["version"])


@cache
def wider_index() -> ReferenceIndex:
    """The SPDX texts and ScanCode's texts of licenses SPDX does not list (``SCANCODE_DATA``), in one
    index: the second tier, built (about two seconds) only when a process meets a text the SPDX
    texts do not account for."""
    payload = _payload()
    return build_index(payload["licenses"] + scancode_payload()["licenses"], payload["version"])


def build_index(references: list[dict], version: str) -> ReferenceIndex:
    """The index of ``references`` (dicts with ``id``, ``name`` and ``text``)."""
    licenses = []
    for lic in references:
        licenses.append(lic)
        end = lic["text"].find(END_OF_TERMS)
        if end > 0 and len(lic["text"]) - end > 200:  # also without the "How to apply" appendix
            licenses.append({**lic, "text": lic["text"][: end + len(END_OF_TERMS)]})
        embedded = lic["text"].find(EMBEDDED_GPL, 1000)
        if embedded > 0:  # SPDX's LGPL-3.0 text carries the GPL-3.0 after it; LGPL files do not
            licenses.append({**lic, "text": lic["text"][:embedded]})
    texts = [license_words(lic["text"], template=True) for lic in licenses]
    vocabulary: dict[str, int] = {}
    for words in texts:
        for w in words:
            if w not in vocabulary:
                vocabulary[w] = len(vocabulary) + 1
    index = ReferenceIndex(tuple(lic["id"] for lic in licenses), tuple(lic["name"] for lic in licenses),
                           vocabulary, (), np.empty(0), np.empty(0), np.empty(0), {}, version,
                           np.empty(0))
    encoded = [index.encode(words) for words in texts]
    shingles = tuple(index.shingles_of(ids) for ids in encoded)
    firsts = [index.ordered_shingles(ids) for ids in encoded]
    openings = _distinctive_openings([np.unique(first[:OPENING]) for first in firsts], shingles)
    sizes = np.array([len(s) for s in shingles], dtype=np.int64)
    flat = np.concatenate(shingles)
    refs = np.repeat(np.arange(len(shingles), dtype=np.int32), sizes)
    order = np.argsort(flat, kind="stable")
    exact = {digest(words): i for i, words in enumerate(texts)}
    return ReferenceIndex(index.ids, index.names, vocabulary, shingles, sizes, flat[order], refs[order], exact,
                          version, openings)
