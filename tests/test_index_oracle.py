"""The index against a brute-force oracle on random corpora with planted shared passages."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from clearance.documents import Document
from clearance.index import BuildOptions, SearchOptions
from clearance.text.tokens import WORDS, tokenize
from conftest import WORDS as VOCAB, build, random_text

MIN_TOKENS = WORDS.guaranteed_tokens  # spans this long are guaranteed to be found


def oracle(query: str, docs: list[Document], min_tokens: int) -> dict[tuple[int, int], int]:
    """Every maximal shared word-token run, as query char span -> number of documents holding it."""
    q = tokenize(query, WORDS)
    qh = list(q.hashes)
    runs: dict[tuple[int, int], set[int]] = {}
    for number, doc in enumerate(docs):
        dh = list(tokenize(doc.text, WORDS).hashes)
        for diag in range(-len(qh) + 1, len(dh)):
            i = max(0, -diag)
            length = 0
            while True:
                j = i + diag
                same = i < len(qh) and j < len(dh) and qh[i] == dh[j]
                if same:
                    length += 1
                else:
                    if length >= min_tokens:
                        runs.setdefault((i - length, i), set()).add(number)
                    length = 0
                if i >= len(qh) or j >= len(dh):
                    break
                i += 1
    holders = {span: set(docs_) for span, docs_ in runs.items()}
    for span in runs:  # a document holding a longer span holds this one too
        for other, docs_ in runs.items():
            if other != span and other[0] <= span[0] and other[1] >= span[1]:
                holders[span] |= docs_
    maximal = {
        span: len(holders[span])
        for span in runs
        if not any(o != span and o[0] <= span[0] and o[1] >= span[1] for o in runs)
    }
    return {(int(q.starts[a]), int(q.ends[b - 1])): n for (a, b), n in maximal.items()}


def make_case(rng: random.Random, n_docs: int) -> tuple[list[Document], list[str]]:
    vocabulary = VOCAB[: rng.randint(12, len(VOCAB))]
    docs = [Document(id=f"d{i}", text=random_text(rng, rng.randint(30, 250), vocabulary)) for i in range(n_docs)]
    for _ in range(n_docs // 2):  # documents that share passages, so counts exceed one
        src, dst = rng.sample(range(n_docs), 2)
        words = docs[src].text.split()
        a = rng.randint(0, max(0, len(words) - 15))
        passage = " ".join(words[a : a + rng.randint(10, 40)])
        docs[dst].text += " " + passage + " " + random_text(rng, 5, vocabulary)
    queries = []
    for _ in range(6):
        parts = [random_text(rng, rng.randint(3, 30), vocabulary)]
        for _ in range(rng.randint(0, 3)):
            words = rng.choice(docs).text.split()
            a = rng.randint(0, max(0, len(words) - 10))
            parts.append(" ".join(words[a : a + rng.randint(8, 60)]))
            parts.append(random_text(rng, rng.randint(1, 12), vocabulary))
        queries.append(" ".join(parts))
    return docs, queries


@pytest.mark.parametrize("seed", range(12))
def test_search_equals_brute_force(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    docs, queries = make_case(rng, rng.randint(3, 25))
    shard_bytes = rng.choice([1 << 30, 2000])  # one shard, or many small ones
    index = build(tmp_path, docs, options=BuildOptions(shard_bytes=shard_bytes, batch_chars=rng.choice([500, 1 << 20])))
    options = SearchOptions(min_chars=1, min_tokens=MIN_TOKENS, fuzzy=False, code=False)
    for query in queries:
        expected = oracle(query, docs, MIN_TOKENS)
        found = {(m.start, m.end): m.count for m in index.search(query, options)}
        assert found == expected, query
        for m in index.search(query, options):
            doc = next(d for d in docs if d.id == m.doc_id)
            assert tokenize(doc.text[m.doc_start : m.doc_end], WORDS).hashes.tolist() == \
                tokenize(query[m.start : m.end], WORDS).hashes.tolist()
    index.close()
