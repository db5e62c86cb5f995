"""Simulated model outputs: the model's own words with 0 to 2 copied passages planted in them.

The filler comes from a Markov chain trained on prose this machine has but the index does not
(``Corpus.held_out``), seeded apart from the indexed generated documents, and every filler
sentence is checked to share no run of 8 words with any indexed document: a match on filler is
then a real false positive, not an unlucky test case. Copies are 25 to 90 words of prose or 8
to 30 lines of code, each with one alteration, and the ground truth keeps where each came from
(document and char span) and where it went (char span of the output).
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from clearance.documents import Document

from benchmarks.detection import alter
from benchmarks.detection.corpora import Corpus
from benchmarks.detection.markov import MarkovChain
from benchmarks.detection.textnorm import NGramSet, words

CODE_SUFFIXES = (".py", ".js", ".c")
FENCE_LANGUAGE = {".py": "python", ".js": "javascript", ".c": "c"}
BANNED_RUN = 8  # filler may share no run of this many words with an indexed document
MIN_WORDS, MAX_WORDS = 25, 90
MIN_LINES, MAX_LINES = 8, 30
_CODE_WEIGHTS = {"verbatim": 0.15, "case_spacing": 0.15, "punctuation": 0.15,
                 "replaced_words": 0.15, "renamed_identifiers": 0.40}


@dataclass(slots=True)
class Plant:
    """One planted copy: its source (document and span) and its place in the output."""

    doc_id: str
    doc_start: int
    doc_end: int
    start: int  # char span in the output
    end: int
    alteration: str
    license: str | None
    kind: str  # "prose" or "code"
    original: str
    planted: str


@dataclass(slots=True)
class Output:
    id: str
    text: str
    plants: list[Plant] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "plants": [asdict(p) for p in self.plants]}


@dataclass(frozen=True, slots=True)
class Passage:
    doc: Document
    start: int
    end: int
    names: tuple[tuple[int, int], ...] = ()  # renameable identifiers, relative to ``start``

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]


def is_code(doc: Document) -> bool:
    return doc.id.endswith(CODE_SUFFIXES)


# --------------------------------------------------------------------------- passages


def prose_passage(doc: Document, rng: random.Random) -> Passage | None:
    """25 to 90 consecutive words of ``doc`` that are mostly real words (not tables of flags)."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", doc.text)]
    n = rng.randint(MIN_WORDS, MAX_WORDS)
    if len(tokens) < n:
        return None
    for _ in range(10):
        first = rng.randrange(len(tokens) - n + 1)
        passage = Passage(doc, tokens[first][0], tokens[first + n - 1][1])
        real = [w for w in re.findall(r"[^\W\d_]{2,}", passage.text)]
        if len(real) >= 0.8 * MIN_WORDS and len(set(real)) >= 12:
            return passage
    return None


def code_passage(doc: Document, rng: random.Random, names: alter.CodeNames | None = None) -> Passage | None:
    """8 to 30 whole lines of code with at least 25 words.

    With ``names`` (for renaming), the lines must also be mostly code, not docstring or
    comment, and hold at least 3 distinct renameable names.
    """
    lines = doc.text.splitlines(keepends=True)
    n = rng.randint(MIN_LINES, MAX_LINES)
    if len(lines) < n:
        return None
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for _ in range(10):
        first = rng.randrange(len(lines) - n + 1)
        block = lines[first : first + n]
        if sum(1 for line in block if line.strip()) < MIN_LINES:
            continue
        passage = Passage(doc, offsets[first], offsets[first + n] - len(block[-1]) + len(block[-1].rstrip("\n")))
        if len(words(passage.text)) < MIN_WORDS:
            continue
        if names is None:
            return passage
        if names.code_share(passage.start, passage.end) < 0.5:
            continue
        spans = names.snippet_spans(passage.start, passage.end)
        if len({passage.text[a:b] for a, b in spans}) >= 3:
            return Passage(doc, passage.start, passage.end, tuple(spans))
    return None


# --------------------------------------------------------------------------- outputs


class OutputFactory:
    """Builds seeded outputs over one corpus: filler, plants, ground truth."""

    def __init__(self, corpus: Corpus, seed: int, code_share: float = 0.45) -> None:
        self.rng = random.Random(seed * 7919 + 17)
        self.chain = MarkovChain(corpus.held_out or [d.text for d in corpus.documents[:5]], order=2)
        self.banned = NGramSet([d.text for d in corpus.documents], BANNED_RUN)
        self.vocabulary = alter.build_vocabulary(corpus.held_out + [d.text for d in corpus.documents[:200]])
        self.prose_docs = [d for d in corpus.documents if not is_code(d)]
        self.code_docs = [d for d in corpus.documents if is_code(d)]
        self.code_share = code_share if self.code_docs else 0.0
        self.filler_rejected = 0
        self._names: dict[str, alter.CodeNames | None] = {}

    def outputs(self, count: int, negative_share: float = 0.2) -> list[Output]:
        return [self.output(f"out-{i:05d}", negative_share) for i in range(count)]

    def output(self, output_id: str, negative_share: float = 0.2) -> Output:
        rng = self.rng
        plants = 0 if rng.random() < negative_share else rng.choice((1, 1, 2))
        if plants == 0:
            return Output(output_id, self.filler(rng.randint(80, 400)))
        text = self.filler(rng.randint(15, 120))
        found: list[Plant] = []
        for _ in range(plants):
            text, plant = self._append_plant(text)
            found.append(plant)
            text += rng.choice((" ", "\n\n", "\n")) + self.filler(rng.randint(15, 150))
        return Output(output_id, text, found)

    def _append_plant(self, text: str) -> tuple[str, Plant]:
        rng = self.rng
        code = rng.random() < self.code_share
        while True:
            if code:
                alteration = rng.choices(list(_CODE_WEIGHTS), list(_CODE_WEIGHTS.values()))[0]
                doc = rng.choice(self.code_docs)
                if alteration == "renamed_identifiers":
                    names = self.code_names(doc)
                    passage = code_passage(doc, rng, names) if names else None
                else:
                    passage = code_passage(doc, rng)
            else:
                alteration = rng.choice(alter.PROSE_ALTERATIONS)
                doc = rng.choice(self.prose_docs)
                passage = prose_passage(doc, rng)
            if passage is not None:
                break
        planted = self.alter(passage, alteration, code)
        suffix = "." + doc.id.rsplit(".", 1)[-1]
        opening = f"\n\n```{FENCE_LANGUAGE.get(suffix, '')}\n" if code else rng.choice((" ", "\n\n", ' "'))
        text += opening
        start = len(text)
        text += planted
        text += "\n```\n" if code else ('"' if opening == ' "' else "")
        plant = Plant(doc.id, passage.start, passage.end, start, start + len(planted), alteration,
                      doc.license, "code" if code else "prose", passage.text, planted)
        return text, plant

    def code_names(self, doc: Document) -> alter.CodeNames | None:
        """The document's names, lexed once (None when its lexer cannot read it)."""
        if doc.id not in self._names:
            self._names[doc.id] = alter.code_names(doc.text, "." + doc.id.rsplit(".", 1)[-1])
        return self._names[doc.id]

    def alter(self, passage: Passage, alteration: str, code: bool) -> str:
        rng, text = self.rng, passage.text
        if alteration == "verbatim":
            return alter.verbatim(text, rng)
        if alteration == "case_spacing":
            return alter.case_spacing(text, rng, code)
        if alteration == "punctuation":
            return alter.punctuation(text, rng)
        if alteration == "replaced_words":
            return alter.replaced_words(text, rng, self.vocabulary)
        if alteration == "renamed_identifiers":
            return alter.renamed_identifiers(text, rng, list(passage.names))
        raise ValueError(f"unknown alteration {alteration!r}")

    def filler(self, target_words: int) -> str:
        """Markov sentences, each rejected if it (with the words before it) shares 8 words with the index."""
        sentences: list[str] = []
        tail: list[str] = []
        count = 0
        while count < target_words:
            sentence, tokens = self._clean_sentence(tail)
            sentences.append(sentence)
            tail = (tail + tokens)[-(BANNED_RUN - 1):]
            count += len(tokens) or 1
        return " ".join(sentences)

    def _clean_sentence(self, tail: list[str]) -> tuple[str, list[str]]:
        for _ in range(200):
            sentence = self.chain.sentence(self.rng)
            tokens = words(sentence)
            if not self.banned.hits(tail + tokens):
                return sentence, tokens
            self.filler_rejected += 1
        raise RuntimeError("could not generate filler free of indexed 8-word runs")
