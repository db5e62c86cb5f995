"""Very large documents are processed in pieces with the same result as in one go."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

import clearance.text.tokens as tokens
from clearance.documents import Document
from clearance.index import Index, build_index
from clearance.index.shard_writer import utf8_offsets
from conftest import random_text

ARRAYS = ("words.keys", "words.pos", "words.ck_byte", "words.ck_char", "words.doc_tokens",
          "code.keys", "code.pos", "code.ck_byte", "code.ck_char", "doc_bytes")


def corpus() -> list[Document]:
    rng = random.Random(11)
    long_text = " ".join(random_text(rng, 40) + " ünïcødé 東京 ✓" for _ in range(200))
    code = "\n".join(f"def f{i}(x):\n    return x * {i} + g(x)  # é" for i in range(400))
    return [Document(id="small.txt", text=random_text(rng, 50)), Document(id="long.txt", text=long_text),
            Document(id="big.py", text=code), Document(id="tail.txt", text=random_text(rng, 80))]


def test_pieces_give_identical_shards(tmp_path: Path, monkeypatch) -> None:
    docs = corpus()
    build_index(docs, tmp_path / "whole")
    monkeypatch.setattr(tokens, "PIECE_CHARS", 700)
    build_index(docs, tmp_path / "pieces")
    for name in ARRAYS:
        whole = np.load(tmp_path / "whole" / "shards" / "shard-00000" / f"{name}.npy")
        pieces = np.load(tmp_path / "pieces" / "shards" / "shard-00000" / f"{name}.npy")
        assert np.array_equal(whole, pieces), name
    index = Index(tmp_path / "pieces")
    long_text = docs[1].text
    for start in range(0, len(long_text) - 400, 997):  # queries across many piece cuts
        [m] = index.search("Quote: " + long_text[start : start + 400])
        assert m.doc_id == "long.txt" and m.kind == "exact"
        assert long_text[m.doc_start : m.doc_end] == m.text


def test_utf8_offsets_piecewise(monkeypatch) -> None:
    text = "aé東😀b" * 500
    chars = np.array([0, 1, 2, 3, 4, 5, 777, 1999, len(text)])
    expected = [len(text[:c].encode()) for c in chars]
    monkeypatch.setattr(tokens, "PIECE_CHARS", 37)
    assert utf8_offsets(text, chars).tolist() == expected
