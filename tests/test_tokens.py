"""The normalizer: offsets slice the original text, and folding makes the promised changes invisible."""

from __future__ import annotations

import string

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.text.tokens import CODE, WORDS, tokenize

texts = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "M", "Cc")),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_offset_slices_real_text(text: str) -> None:
    for channel in (WORDS, CODE):
        stream = tokenize(text, channel)
        assert np.all(stream.starts < stream.ends)
        assert np.all(stream.starts[1:] >= stream.ends[:-1])  # in order, disjoint
        assert len(stream) == 0 or (stream.starts[0] >= 0 and stream.ends[-1] <= len(text))
        for start, end, value in zip(stream.starts, stream.ends, stream.hashes):
            piece = text[start:end]
            assert piece and not piece.isspace()
            again = tokenize(piece, channel)
            assert len(again) == 1 and again.hashes[0] == value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=string.ascii_letters + "éüçøå中", min_size=1, max_size=8), min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_case_spacing_and_punctuation_do_not_change_word_hashes(words: list[str], rnd) -> None:
    plain = " ".join(words)
    noisy = ""
    for word in words:
        cased = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in word)
        noisy += cased + rnd.choice([" ", "  ", "\n", ", ", " — ", "; ", "\t", "...", " \"", "' "])
    a, b = tokenize(plain, WORDS), tokenize(noisy, WORDS)
    assert list(a.hashes) == list(b.hashes)


def test_accents_fold_and_cjk_characters_are_tokens() -> None:
    assert list(tokenize("Café RÉSUMÉ", WORDS).hashes) == list(tokenize("cafe resume", WORDS).hashes)
    stream = tokenize("東京は雨", WORDS)
    assert len(stream) == 4


def test_code_channel_abstracts_identifiers_but_keeps_keywords_and_symbols() -> None:
    a = tokenize("def total(items):\n    return sum(items) + 1", CODE)
    b = tokenize("def   acc( xs ):  return sum(xs)+1", CODE)
    c = tokenize("class total(items):\n    return sum(items) + 1", CODE)
    assert list(a.hashes) == list(b.hashes)
    assert list(a.hashes) != list(c.hashes)
    assert a.names is not None and a.names[1] != 0 and a.names[0] == 0  # 'def' is a keyword


def test_astral_characters_keep_offsets() -> None:
    text = "emoji 😀 then 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 𠀀𠀁 done"
    stream = tokenize(text, WORDS)
    pieces = [text[s:e] for s, e in zip(stream.starts, stream.ends)]
    assert pieces[:2] == ["emoji", "then"]
    assert "done" in pieces and "𠀀" in pieces


def test_long_text_is_tokenized_piecewise_with_the_same_result(monkeypatch) -> None:
    import clearance.text.tokens as tokens

    text = " ".join(f"w{i % 97}x" for i in range(5000))
    whole = tokenize(text, WORDS)
    monkeypatch.setattr(tokens, "PIECE_CHARS", 1000)
    pieces = tokenize(text, WORDS)
    assert np.array_equal(whole.starts, pieces.starts)
    assert np.array_equal(whole.hashes, pieces.hashes)


def test_unicode_tables_cache_round_trips(tmp_path, monkeypatch) -> None:
    from clearance.text import unicode_tables as tables

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    tables.bmp_tables.cache_clear()
    fresh = tables.bmp_tables()
    assert tables._cache_path().exists()
    tables.bmp_tables.cache_clear()
    cached = tables.bmp_tables()
    assert np.array_equal(fresh[0], cached[0]) and np.array_equal(fresh[1], cached[1])
    tables._cache_path().write_bytes(b"corrupt")  # a damaged cache is recomputed, not trusted
    tables.bmp_tables.cache_clear()
    assert np.array_equal(tables.bmp_tables()[0], fresh[0])
    tables.bmp_tables.cache_clear()
