"""The evaluation's own idea of "the same words", independent of the index's tokenizer.

Ground truth is checked with this module, never with ``clearance.text``: if both used the
same normalizer, a bug in it would grade itself as correct.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

_WORD = re.compile(r"[^\W_]+")
_CODE_TOKEN = re.compile(r"[^\W\d][\w$]*|\d[\w.]*|[^\w\s]")
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)


def fold(text: str) -> str:
    """Lowercase and strip accents: what "case changed" should not change."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded word tokens: letters and digits; punctuation, underscores and spacing dropped."""
    return _WORD.findall(fold(text))


def normalize(text: str) -> str:
    """One string per text, equal for texts that differ only in case, spacing, punctuation."""
    return " ".join(words(text))


def code_tokens(text: str) -> list[str]:
    """Identifiers, numbers and single symbols of code, as written (spacing dropped)."""
    return _CODE_TOKEN.findall(text)


def is_identifier(token: str) -> bool:
    return token[:1].isalpha() or token[:1] in "_$"


class NGramSet:
    """Hashes of every run of ``n`` consecutive words of some texts, for membership tests.

    Used to keep the simulated model's own words free of any 8-word run of an indexed
    document, so that a match on filler really is a false positive.
    """

    def __init__(self, texts: list[str], n: int = 8) -> None:
        if n > len(_MULTIPLIERS):
            raise ValueError(f"n-grams up to {len(_MULTIPLIERS)} words")
        self.n = n
        parts = [self.hashes(words(t)) for t in texts]
        self.sorted = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)

    def hashes(self, tokens: list[str]) -> np.ndarray:
        count = len(tokens) - self.n + 1
        if count <= 0:
            return np.zeros(0, dtype=np.uint64)
        ids = np.array([hash(t) for t in tokens], dtype=np.int64).view(np.uint64)
        acc = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(self.n):
                acc += ids[j : j + count] * _MULTIPLIERS[j]
            acc ^= acc >> np.uint64(31)
        return acc

    def hits(self, tokens: list[str]) -> bool:
        """Does any n-gram of ``tokens`` occur in the texts?"""
        grams = self.hashes(tokens)
        if not len(grams) or not len(self.sorted):
            return False
        at = np.searchsorted(self.sorted, grams)
        at = np.minimum(at, len(self.sorted) - 1)
        return bool((self.sorted[at] == grams).any())
