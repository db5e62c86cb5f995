"""A seeded word-level Markov chain: prose that shares vocabulary and phrasing with real text.

Generated documents are hard negatives for the index (many documents with the same words,
short shared phrases), and generated filler stands in for a model's own words around a copy.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

_SENTENCE_END = (".", "!", "?", ":")


class MarkovChain:
    """Order-``order`` chain over whitespace-separated words (punctuation stays attached)."""

    def __init__(self, texts: Iterable[str], order: int = 2) -> None:
        self.order = order
        self.table: dict[tuple[str, ...], list[str]] = {}
        self.starts: list[tuple[str, ...]] = []
        for text in texts:
            self._train(text.split())
        if not self.table:
            raise ValueError("no text to train the Markov chain on")
        self._keys = list(self.table)

    def _train(self, words: list[str]) -> None:
        n = self.order
        for i in range(len(words) - n):
            key = tuple(words[i : i + n])
            self.table.setdefault(key, []).append(words[i + n])
            if i == 0 or words[i - 1].endswith(_SENTENCE_END):
                if key[0][:1].isupper():
                    self.starts.append(key)

    def words(self, rng: random.Random) -> Iterator[str]:
        """An endless stream of words; restarts at a sentence start on a dead end."""
        key = self._start(rng)
        yield from key
        while True:
            followers = self.table.get(key)
            if not followers:
                key = self._start(rng)
                yield from key
                continue
            word = rng.choice(followers)
            yield word
            key = (*key[1:], word)

    def _start(self, rng: random.Random) -> tuple[str, ...]:
        return rng.choice(self.starts) if self.starts else rng.choice(self._keys)

    def sentence(self, rng: random.Random, max_words: int = 40) -> str:
        """One sentence (or ``max_words`` words, closed with a period), starting afresh."""
        out: list[str] = []
        for word in self.words(rng):
            out.append(word)
            if word.endswith(_SENTENCE_END) and len(out) >= 4:
                break
            if len(out) >= max_words:
                out[-1] = out[-1].rstrip(",;") + "."
                break
        return " ".join(out)

    def document(self, rng: random.Random, words: int) -> str:
        """About ``words`` words of sentences, in paragraphs of 2 to 6 sentences."""
        paragraphs: list[str] = []
        count = 0
        while count < words:
            sentences = [self.sentence(rng) for _ in range(rng.randint(2, 6))]
            count += sum(len(s.split()) for s in sentences)
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs) + "\n"
