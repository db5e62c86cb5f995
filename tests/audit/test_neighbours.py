"""Neighbour generators: few words changed, the rest of the text intact, the same neighbours on a rerun."""

from __future__ import annotations

import re

import pytest

from clearance.audit.neighbours import WORD, MaskedLMNeighbours, WordSwapNeighbours

TEXT = "The Harbour master, O'Neill, counted 12 boats at dawn; nobody else was awake yet."


def _changed_words(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(WORD.findall(a), WORD.findall(b)))


def _skeleton(text: str) -> str:
    return WORD.sub("W", text)


def test_word_swap_changes_a_tenth_of_the_words_and_nothing_else():
    pool = [TEXT, "ships and harbours and ropes and gulls in the morning light"]
    gen = WordSwapNeighbours(pool, fraction=0.1, seed=3)
    (group,) = gen.neighbours([TEXT], 6)
    assert len(group) == 6 and len(set(group)) > 1
    n_words = len(WORD.findall(TEXT))
    for neighbour in group:
        assert _skeleton(neighbour) == _skeleton(TEXT)  # punctuation, digits, spacing untouched
        assert 1 <= _changed_words(TEXT, neighbour) <= round(0.1 * n_words)
        for old, new in zip(WORD.findall(TEXT), WORD.findall(neighbour)):
            assert old[0].isupper() == new[0].isupper()
            assert new.lower() in gen.words


def test_word_swap_is_deterministic_and_seeded():
    pool = [TEXT, "another text with other words entirely"]
    a = WordSwapNeighbours(pool, seed=1).neighbours([TEXT], 4)
    assert a == WordSwapNeighbours(list(reversed(pool)), seed=1).neighbours([TEXT], 4)
    assert a != WordSwapNeighbours(pool, seed=2).neighbours([TEXT], 4)


def test_texts_without_words_get_no_neighbours():
    gen = WordSwapNeighbours(["some words here"])
    assert gen.neighbours(["1234 ... 5678", ""], 3) == [[], []]


def test_masked_lm_neighbours_replace_whole_words_in_place(masked_lm, tiny_model):
    text = tiny_model.members[0]
    gen = MaskedLMNeighbours(masked_lm, fraction=0.1, seed=5)
    (group,) = gen.neighbours([text], 5)
    assert len(group) == 5
    vocabulary = set(tiny_model.vocabulary)
    n_words = len(WORD.findall(text))
    for neighbour in group:
        assert _skeleton(neighbour) == _skeleton(text)
        changed = _changed_words(text, neighbour)
        assert 1 <= changed <= round(0.1 * n_words)
        for old, new in zip(WORD.findall(text), WORD.findall(neighbour)):
            assert new.lower() in vocabulary
            assert old[0].isupper() == new[0].isupper()
    assert gen.neighbours([text], 5) == [group]


def test_masked_lm_directory_must_hold_a_masked_lm(tmp_path):
    from clearance.audit.model import ModelLoadError

    with pytest.raises(ModelLoadError, match="config.json"):
        MaskedLMNeighbours(tmp_path)


def test_word_regex_keeps_apostrophes_inside_words():
    assert re.findall(WORD, "don't stop O'Neill 42x") == ["don't", "stop", "O'Neill", "x"]
