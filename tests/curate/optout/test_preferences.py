"""IETF AI-preference expressions (Structured Field Dictionaries) and Cloudflare Content-Signal."""

import pytest

from clearance.curate.optout.preferences import (
    ParseError,
    content_signal_refuses_training,
    parse_dictionary,
    refuses_training,
    usage_preferences,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("train-ai=n", {"train-ai": False}),
        ("train-ai=y, search=n", {"train-ai": True, "search": False}),
        ("  train-genai=n ,search=y  ", {"train-genai": False, "search": True}),
        ('train-ai="n", search=?0, ai-use=1', {}),  # strings, booleans, integers are not preferences
        ("train-ai=no", {}),  # only the tokens y and n count
        ("train-ai", {}),  # bare key is boolean true: unknown
        ("train-ai=y, train-ai=n", {"train-ai": False}),  # last value wins
        ("train-ai=y, train-ai, search=n, search=\"n\"", {}),  # the vocabulary draft's own example
        ("train-ai;allow=n, train-ai=y", {"train-ai": True}),
        ("train-ai=n;reason=\"x\";v=1", {"train-ai": False}),  # parameters ignored
        ("future-thing=n, train-ai=y", {"future-thing": False, "train-ai": True}),
        ("ai-use=(y n), search=y", {"search": True}),  # inner list: not a token
        ("Train-AI=n", {}),  # upper-case key: the whole expression fails to parse
        ("train-ai=n,", {}),  # trailing comma: fails
        ("train-ai=n search=y", {}),  # missing comma: fails
        ("", {}),
    ],
)
def test_usage_preferences(text: str, expected: dict) -> None:
    assert usage_preferences(text) == expected


def test_parse_dictionary_rejects_garbage() -> None:
    with pytest.raises(ParseError):
        parse_dictionary("train-ai=@@")
    with pytest.raises(ParseError):
        parse_dictionary("ai-use=(y")
    assert parse_dictionary('a=:aGVsbG8=:, b=@1659578233, c=-1.5, d=tok/en:x') == {
        "a": None, "b": None, "c": None, "d": "tok/en:x"}


@pytest.mark.parametrize(
    ("prefs", "refused"),
    [
        ({"train-ai": False}, "train-ai=n"),
        ({"train-genai": False, "train-ai": True}, "train-genai=n"),
        ({"search": False, "ai-use": False}, None),  # neither is training
        ({"bots": False}, "bots=n"),  # legacy parent, consulted when training is unset
        ({"bots": False, "train-ai": True}, None),  # an explicit child overrides the parent
        ({"train-ai": True, "search": True}, None),
        ({}, None),
    ],
)
def test_refuses_training(prefs: dict, refused) -> None:
    assert refuses_training(prefs) == refused


def test_content_signal() -> None:
    assert content_signal_refuses_training("search=yes, ai-train=no") == "ai-train=no"
    assert content_signal_refuses_training("search=yes, AI-Train=NO") == "ai-train=no"
    assert content_signal_refuses_training("search=yes, ai-train=yes, ai-input=no") is None
    assert content_signal_refuses_training("ai-train=no,,") is None
