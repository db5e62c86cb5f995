"""Long documents are signed piece by piece, with the same results as signing them whole."""

from __future__ import annotations

import numpy as np
import pytest

from clearance.curate.dedup import DedupConfig, deduplicate, long_text
from clearance.curate.dedup.signer import sign_texts
from clearance.text import tokens as tokens_module


def _texts() -> list[str]:
    rng = np.random.default_rng(11)
    words = [f"w{i}" for i in range(3000)]
    out = [" ".join(rng.choice(words, size=int(n))) + "." for n in (900, 2500, 4000)]
    out.append("Few words . . ." + " ." * 2000)  # long, but fewer words than one shingle
    out.append(" ".join(f"word{i} " + "." * 150 for i in range(40)))  # long, fewer shingles than bins
    out.append("")
    out.append("short text of six words here")
    return out


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens_module, "PIECE_CHARS", 1500)  # many pieces per long text


def test_piecewise_signing_equals_signing_whole(monkeypatch: pytest.MonkeyPatch, small_pieces) -> None:
    config = DedupConfig()
    texts = _texts()
    whole = sign_texts(texts, config)
    monkeypatch.setattr(long_text, "LONG_CHARS", 2000)
    assert sum(len(t) > 2000 for t in texts) == 5
    pieces = sign_texts(texts, config)
    assert (pieces.tokens == whole.tokens).all()
    assert (pieces.exact == whole.exact).all()
    assert (pieces.signatures == whole.signatures).all()
    assert (pieces.bands == whole.bands).all()
    assert (pieces.shingle_count == whole.shingle_count).all()
    assert (np.sort(pieces.shingles) == np.sort(whole.shingles)).all()


def test_long_near_copies_are_found(monkeypatch: pytest.MonkeyPatch, small_pieces) -> None:
    monkeypatch.setattr(long_text, "LONG_CHARS", 2000)
    text = _texts()[2]
    words = text.split()
    edited = " ".join(words[:100] + ["changed"] + words[101:])
    out = list(deduplicate([("a", text), ("b", edited)]))
    assert out[1].duplicate_of == "a" and out[1].kind == "near" and out[1].similarity > 0.98


def test_beyond_the_kept_shingles_the_estimate_decides(monkeypatch: pytest.MonkeyPatch, small_pieces) -> None:
    monkeypatch.setattr(long_text, "LONG_CHARS", 2000)
    monkeypatch.setattr(long_text, "MAX_KEPT_SHINGLES", 1000)
    text = _texts()[2]  # 4,000 words: its shingles are not kept
    signed = sign_texts([text, _texts()[0]], DedupConfig())
    assert signed.shingle_count.tolist() == [-1, 896]
    words = text.split()
    edited = " ".join(words[:50] + ["changed"] + words[51:])
    out = list(deduplicate([("a", text), ("b", edited)]))
    assert out[1].duplicate_of == "a"
    assert out[1].similarity * 128 == pytest.approx(round(out[1].similarity * 128))  # a signature estimate
