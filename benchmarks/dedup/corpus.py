"""A synthetic corpus with planted duplicates at controlled Jaccard similarities, and its ground truth.

Documents are about 5 KB of sentences over a Zipf-distributed vocabulary of made-up words, some
with shared boilerplate passages (realistic partial overlaps, i.e. hard negatives). A share of
them are *variants* of a base document: exact copies with other case, punctuation and line
breaks, or near copies edited (words substituted, deleted, inserted) until the Jaccard similarity
of their word 5-gram sets with the base reaches a target level drawn around the threshold.

The similarity that grades everything is computed here with its own normalizer (lowercase, runs
of letters and digits as words), never with ``clearance.text``, so a normalizer bug cannot grade
itself correct. Nothing is downloaded: the corpus is a function of its seed.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHINGLE = 5
#: Target similarities of near copies: dense around 0.8, the default threshold.
LEVELS = (0.5, 0.6, 0.7, 0.74, 0.77, 0.8, 0.83, 0.86, 0.9, 0.95)
CATEGORIES = ("public-domain", "permissive", "weak-copyleft", "strong-copyleft", "non-commercial",
              "no-derivatives", "proprietary", "unknown")
_WORD = re.compile(r"[^\W_]+")
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["th", "st", "qu", "an", "er", "in", "on"]


def words_of(text: str) -> list[str]:
    """The grader's normalizer: lowercase runs of letters and digits."""
    return _WORD.findall(text.lower())


def shingle_set(words: list[str], size: int = SHINGLE) -> set[tuple[str, ...]]:
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class Doc:
    id: str
    text: str
    license: str
    attribution: dict[str, str]
    family: int  # documents of one family are a base and its variants; -1: no variants
    target: float | None = None  # the similarity a variant was made for (None: a base or a loner)
    base: str | None = None  # the id of the document a variant was made from

    def record(self) -> tuple[str, str, str, dict[str, str]]:
        return (self.id, self.text, self.license, self.attribution)


@dataclass
class Corpus:
    docs: list[Doc]
    families: dict[int, list[int]] = field(default_factory=dict)  # family -> doc indexes

    def records(self) -> Iterator[tuple[str, str, str, dict[str, str]]]:
        return (d.record() for d in self.docs)

    def write_jsonl(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            out.writelines(json.dumps({"id": d.id, "text": d.text, "license": d.license, **d.attribution,
                                      "family": d.family, "target": d.target, "base": d.base}) + "\n" for d in self.docs)
        tmp.replace(path)

    @classmethod
    def read_jsonl(cls, path: Path) -> Corpus:
        docs = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                r = json.loads(line)
                attribution = {k: r[k] for k in ("author", "title", "url") if k in r}
                docs.append(Doc(r["id"], r["text"], r["license"], attribution, r["family"], r["target"], r["base"]))
        return cls(docs, _families(docs))


def _families(docs: list[Doc]) -> dict[int, list[int]]:
    families: dict[int, list[int]] = {}
    for i, d in enumerate(docs):
        if d.family >= 0:
            families.setdefault(d.family, []).append(i)
    return families


class _Vocabulary:
    def __init__(self, rng: random.Random, size: int) -> None:
        seen: set[str] = set()
        while len(seen) < size:
            seen.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 2, 3, 3, 4)))))
        self.words = sorted(seen)
        rng.shuffle(self.words)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(size)))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def render(words: list[str], rng: random.Random) -> str:
    """Words as prose: sentences, capitals, commas and paragraphs, chosen by ``rng``."""
    out: list[str] = []
    capital = True
    sentence = 0
    for i, word in enumerate(words):
        out.append(word.capitalize() if capital else word)
        capital = False
        sentence += 1
        if i == len(words) - 1:
            out.append(".\n")
        elif sentence > 6 and rng.random() < 0.15:
            out.append(".\n\n" if rng.random() < 0.2 else ". ")
            capital, sentence = True, 0
        else:
            out.append(", " if rng.random() < 0.06 else " ")
    return "".join(out)


def reformat(text: str, rng: random.Random) -> str:
    """The same words with other case, spacing, punctuation and line breaks (an exact duplicate)."""
    words = words_of(text)
    style = rng.choice(("upper", "lower", "title", "same"))
    if style == "upper":
        words = [w.upper() for w in words]
    elif style == "title":
        words = [w.capitalize() for w in words]
    text = render(words, rng)
    if style == "same":
        text = text.replace(" ", "  ").replace(".", " ;")
    return text


def edit_to(words: list[str], target: float, vocab: _Vocabulary, rng: random.Random) -> tuple[list[str], float]:
    """Words edited until their 5-gram Jaccard similarity with ``words`` is as close as possible to ``target``."""
    base = shingle_set(words)
    script = []  # a fixed edit script; the first k edits are applied for some k
    length = len(words)
    for _ in range(length):
        kind = rng.random()
        script.append(("sub" if kind < 0.5 else "del" if kind < 0.75 else "ins", rng.random(), vocab.draw(rng, 1)[0]))

    def apply(k: int) -> list[str]:
        out = list(words)
        for kind, where, word in script[:k]:
            i = int(where * len(out))
            if kind == "sub" and out:
                out[min(i, len(out) - 1)] = word
            elif kind == "del" and len(out) > SHINGLE:
                del out[min(i, len(out) - 1)]
            else:
                out.insert(i, word)
        return out

    lo, hi = 0, len(script)
    while lo < hi:  # the smallest k whose similarity is at most the target
        mid = (lo + hi) // 2
        if jaccard(base, shingle_set(apply(mid))) <= target:
            hi = mid
        else:
            lo = mid + 1
    best = min((k for k in (lo - 1, lo) if k >= 0), key=lambda k: abs(jaccard(base, shingle_set(apply(k))) - target))
    edited = apply(best)
    return edited, jaccard(base, shingle_set(edited))


def attribution(rng: random.Random, index: int) -> dict[str, str]:
    out = {}
    if rng.random() < 0.6:
        out["author"] = f"Author {index % 997}"
    if rng.random() < 0.6:
        out["title"] = f"Title {index}"
    if rng.random() < 0.5:
        out["url"] = f"https://example.org/{index}"
    return out


def make_corpus(documents: int, seed: int = 0, words: int = 690, variant_share: float = 0.3,
                exact_share: float = 0.2, boilerplate: int = 40) -> Corpus:
    """``documents`` documents of about ``words`` words (5 KB at the default), a ``variant_share``
    of them variants of others (``exact_share`` of the variants exact copies, the rest at LEVELS)."""
    rng = random.Random(seed)
    vocab = _Vocabulary(rng, 30_000)
    passages = [vocab.draw(rng, rng.randint(40, 160)) for _ in range(boilerplate)]
    n_variants = int(documents * variant_share)
    n_base = documents - n_variants
    docs: list[Doc] = []
    word_lists: list[list[str]] = []
    for i in range(n_base):
        body = vocab.draw(rng, words)
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            at = rng.randrange(len(body))
            body[at:at] = rng.choice(passages)
        body = body[: words + 50]
        word_lists.append(body)
        docs.append(Doc(f"doc-{i:07d}", render(body, rng), rng.choice(CATEGORIES), attribution(rng, i), -1))
    # Variants: a base gets one to three of them.
    bases = rng.sample(range(n_base), k=min(n_base, max(1, n_variants // 2)) if n_variants else 0)
    made = 0
    family_of: dict[int, int] = {}
    while made < n_variants and bases:
        b = bases[made % len(bases)]
        family = family_of.setdefault(b, len(family_of))
        docs[b].family = family
        vrng = random.Random(rng.random())
        if vrng.random() < exact_share:
            text, target = reformat(docs[b].text, vrng), 1.0
        else:
            target = vrng.choice(LEVELS)
            edited, _ = edit_to(word_lists[b], target, vocab, vrng)
            text = render(edited, vrng)
        i = n_base + made
        docs.append(Doc(f"doc-{i:07d}", text, vrng.choice(CATEGORIES), attribution(vrng, i), family, target,
                        docs[b].id))
        made += 1
    order = list(range(len(docs)))
    rng.shuffle(order)  # variants are not all at the end
    docs = [docs[i] for i in order]
    return Corpus(docs, _families(docs))


class Truth:
    """Exact Jaccard of document pairs under the grader's normalizer, cached per document."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index = {d.id: i for i, d in enumerate(corpus.docs)}
        self._sets: dict[int, frozenset] = {}

    def shingles(self, i: int) -> frozenset:
        if i not in self._sets:
            self._sets[i] = frozenset(hash(s) for s in shingle_set(words_of(self.corpus.docs[i].text)))
        return self._sets[i]

    def similarity(self, a: int, b: int) -> float:
        return jaccard(self.shingles(a), self.shingles(b))

    def family_pairs(self) -> list[tuple[int, int]]:
        pairs = []
        for members in self.corpus.families.values():
            pairs += [(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]
        return pairs

    def random_pairs(self, count: int, seed: int = 1) -> list[tuple[int, int]]:
        rng = random.Random(seed)
        n = len(self.corpus.docs)
        out = set()
        while len(out) < min(count, n * (n - 1) // 2):
            a, b = rng.randrange(n), rng.randrange(n)
            if a != b:
                out.add((min(a, b), max(a, b)))
        return sorted(out)
