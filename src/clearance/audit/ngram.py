"""A word n-gram language model (interpolated Kneser-Ney) to generate and score trap sequences
without a neural model.

Why Kneser-Ney: traps must read like plausible text of a chosen perplexity, so the model needs
smoothed probabilities for every word after every context (a raw count model gives zero to most
continuations and infinite perplexity). Interpolated Kneser-Ney with one absolute discount per order
is the standard choice for small references: the lower orders use continuation counts (in how many
distinct contexts a word appears), and the unigram level mixes in a uniform share so that every
vocabulary word has a probability.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

#: Words (with inner apostrophes), numbers, or single punctuation marks.
TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")
_NO_SPACE_BEFORE = set(".,;:!?)]}%'\u2019\u201d")
_NO_SPACE_AFTER = set("([{\u201c")


def words(text: str) -> list[str]:
    return TOKEN.findall(text)


def detokenize(tokens: Sequence[str]) -> str:
    """Join tokens the way prose is written: no space before closing punctuation or after opening."""
    out: list[str] = []
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and out[-1][-1] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(token)
    return "".join(out)


@dataclass(slots=True)
class _Level:
    """Counts of one order: for each context (a tuple of ids), the sorted next ids and their counts."""

    next_ids: dict[tuple[int, ...], np.ndarray]
    counts: dict[tuple[int, ...], np.ndarray]
    totals: dict[tuple[int, ...], float]


class NgramModel:
    """Fitted on a reference text; ``distribution`` gives P(next | context) over the whole vocabulary."""

    def __init__(self, vocabulary: list[str], levels: list[_Level], unigram: np.ndarray, discount: float) -> None:
        self.vocabulary = vocabulary
        self.index = {word: i for i, word in enumerate(vocabulary)}
        self.levels = levels  # levels[k] holds contexts of length k + 1 (bigram and up)
        self.unigram = unigram
        self.discount = discount

    @property
    def order(self) -> int:
        return len(self.levels) + 1

    @classmethod
    def fit(cls, texts: Iterable[str], order: int = 3, discount: float = 0.75) -> NgramModel:
        if order < 1:
            raise ValueError("order must be at least 1")
        if not 0 < discount < 1:
            raise ValueError("discount must be between 0 and 1")
        tokens = [token for text in texts for token in words(text)]
        if len(tokens) < order + 1:
            raise ValueError(f"the reference text is too short for an order-{order} model ({len(tokens)} words)")
        vocabulary = sorted(set(tokens))
        index = {word: i for i, word in enumerate(vocabulary)}
        ids = np.fromiter((index[t] for t in tokens), dtype=np.int64, count=len(tokens))
        grams = [np.lib.stride_tricks.sliding_window_view(ids, k) for k in range(1, order + 1)]
        # The highest order keeps raw counts; every lower order counts distinct left extensions.
        levels: list[_Level] = []
        for k in range(2, order + 1):
            if k == order:
                rows, counts = np.unique(grams[k - 1], axis=0, return_counts=True)
            else:
                extended = np.unique(grams[k], axis=0)[:, 1:]
                rows, counts = np.unique(extended, axis=0, return_counts=True)
            levels.append(_group(rows, counts))
        if order == 1:
            unigram_counts = np.bincount(ids, minlength=len(vocabulary)).astype(np.float64)
        else:
            pairs = np.unique(grams[1], axis=0)
            unigram_counts = np.bincount(pairs[:, 1], minlength=len(vocabulary)).astype(np.float64)
        total = unigram_counts.sum()
        seen = np.count_nonzero(unigram_counts)
        unigram = np.maximum(unigram_counts - discount, 0) / total + discount * seen / total / len(vocabulary)
        return cls(vocabulary, levels, unigram, discount)

    def encode(self, text: str) -> list[int]:
        """Ids of the text's words; a word outside the vocabulary is an error (traps come from it)."""
        out = []
        for token in words(text):
            if token not in self.index:
                raise KeyError(token)
            out.append(self.index[token])
        return out

    def decode(self, ids: Sequence[int]) -> str:
        return detokenize([self.vocabulary[i] for i in ids])

    def _seen_contexts(self, context: Sequence[int]) -> Iterator[tuple[np.ndarray, np.ndarray, float]]:
        """(next ids, their counts, total) of each suffix of the context seen in training, shortest
        first: the levels the interpolation walks up."""
        context = tuple(context)[-(self.order - 1):] if self.order > 1 else ()
        for k, level in enumerate(self.levels, start=1):
            if len(context) < k:
                return
            key = context[-k:]
            nxt = level.next_ids.get(key)
            if nxt is not None:
                yield nxt, level.counts[key], level.totals[key]

    def distribution(self, context: Sequence[int]) -> np.ndarray:
        """P(w | context) for every w, interpolating from the unigram level up to the longest context."""
        p = self.unigram.copy()
        for nxt, counts, total in self._seen_contexts(context):
            p *= self.discount * len(nxt) / total
            p[nxt] += np.maximum(counts - self.discount, 0) / total
        return p

    def probability(self, context: Sequence[int], word: int) -> float:
        """One entry of ``distribution`` without building the vector (scoring is per token)."""
        p = float(self.unigram[word])
        for nxt, counts, total in self._seen_contexts(context):
            at = int(np.searchsorted(nxt, word))
            hit = float(counts[at]) if at < len(nxt) and nxt[at] == word else 0.0
            p = p * self.discount * len(nxt) / total + max(hit - self.discount, 0.0) / total
        return p

    def logprobs(self, ids: Sequence[int], context: Sequence[int] = ()) -> np.ndarray:
        """Natural-log probability of each token given the ones before it (and an optional context)."""
        history = list(context)
        out = np.empty(len(ids), dtype=np.float64)
        for i, word in enumerate(ids):
            out[i] = np.log(self.probability(history, word))
            history.append(word)
        return out

    def perplexity(self, ids: Sequence[int], context: Sequence[int] = ()) -> float:
        return float(np.exp(-self.logprobs(ids, context).mean()))

    def sample(self, rng: np.random.Generator, length: int, temperature: float = 1.0,
               context: Sequence[int] = ()) -> list[int]:
        """``length`` ids drawn one by one from the distribution sharpened or flattened by temperature."""
        history = list(context)
        out: list[int] = []
        for _ in range(length):
            p = self.distribution(history)
            if temperature != 1.0:
                p = np.exp(np.log(p) / temperature)
            p /= p.sum()
            word = int(rng.choice(len(p), p=p))
            out.append(word)
            history.append(word)
        return out


def _group(rows: np.ndarray, counts: np.ndarray) -> _Level:
    """Rows are sorted lexicographically by np.unique, so each context's next ids are a sorted run."""
    contexts, last = rows[:, :-1], rows[:, -1]
    change = np.ones(len(rows), dtype=bool)
    change[1:] = np.any(contexts[1:] != contexts[:-1], axis=1)
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], len(rows))
    next_ids: dict[tuple[int, ...], np.ndarray] = {}
    grouped: dict[tuple[int, ...], np.ndarray] = {}
    totals: dict[tuple[int, ...], float] = {}
    for start, end in zip(starts.tolist(), ends.tolist()):
        key = tuple(contexts[start].tolist())
        next_ids[key] = last[start:end]
        grouped[key] = counts[start:end].astype(np.float64)
        totals[key] = float(grouped[key].sum())
    return _Level(next_ids, grouped, totals)
