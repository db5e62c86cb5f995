"""The API the curate pipeline calls: ``find_pii``, ``redact``, ``PiiScanner``; overlaps, kinds,
placeholders, offsets in non-ASCII text, bad input, chunked scanning of huge documents, and
patterns that could backtrack badly."""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from clearance.curate.pii import (
    PRECEDENCE,
    PiiKind,
    PiiScanner,
    PiiSpan,
    RedactionResult,
    apply_redaction,
    find_pii,
    redact,
    redaction_pieces,
)

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the labeled-set generator lives in benchmarks/
    sys.path.insert(0, str(ROOT))

SAMPLE = (
    "Hi, I'm Ana (ana.silva@gmail.com, +351 912 604 871). Pay to PT50 0002 0123 1234 5678 9015 4 "
    "or card 4111 1111 1111 1111. Server 52.94.236.248 logs; token ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5.\n"
)


def test_find_returns_typed_spans_in_order_with_offsets_into_the_text() -> None:
    spans = find_pii(SAMPLE)
    assert [s.kind for s in spans] == ["EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "IP_ADDRESS", "SECRET"]
    for s in spans:
        assert isinstance(s, PiiSpan)
        assert SAMPLE[s.start : s.end] == s.text
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_redact_uses_typed_placeholders_and_counts() -> None:
    result = redact(SAMPLE)
    assert isinstance(result, RedactionResult)
    assert result.text == (
        "Hi, I'm Ana ([EMAIL], [PHONE]). Pay to [IBAN] or card [CREDIT_CARD]. Server [IP_ADDRESS] logs; "
        "token [SECRET].\n"
    )
    assert result.counts == {"CREDIT_CARD": 1, "EMAIL": 1, "IBAN": 1, "IP_ADDRESS": 1, "PHONE": 1, "SECRET": 1}
    assert [s.text for s in result.spans] == [s.text for s in find_pii(SAMPLE)]


def test_kinds_select_what_is_found_and_redacted() -> None:
    assert {s.kind for s in find_pii(SAMPLE, kinds=["email", PiiKind.SECRET])} == {"EMAIL", "SECRET"}
    result = redact(SAMPLE, kinds="PHONE")
    assert result.counts == {"PHONE": 1} and "ana.silva@gmail.com" in result.text
    with pytest.raises(ValueError, match="unknown PII kind.*NAME"):
        find_pii(SAMPLE, kinds=["EMAIL", "NAME"])
    with pytest.raises(TypeError):
        find_pii(SAMPLE, kinds=3)


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [("<{KIND}>", "<EMAIL>"), ("{{{kind}}}", "{email}"), ("", ""), ("[{KIND}:{subtype}]", "[PHONE:international]")],
)
def test_placeholder_formats(placeholder: str, expected: str) -> None:
    text = "mail ana@gmail.com" if "PHONE" not in expected else "call +44 20 7946 0958"
    assert redact(text, placeholder=placeholder).text.split(" ", 1)[1] == expected


@pytest.mark.parametrize("bad", ["[{NAME}]", "[{0}]", "[{KIND"])
def test_bad_placeholder_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="bad placeholder"):
        redact("ana@gmail.com", placeholder=bad)


def test_overlaps_resolve_by_documented_precedence() -> None:
    assert PRECEDENCE[0] == PiiKind.SECRET and PRECEDENCE[-1] == PiiKind.PHONE
    # The password of a URL is a secret; its "e-mail" tail (pw@host.com) is not reported too.
    spans = find_pii("postgres://bob:Xk9mP2qL7vR4@db.acme.com/x")
    assert [(s.kind, s.text) for s in spans] == [("SECRET", "bob:Xk9mP2qL7vR4")]
    # A format-specific secret label beats the generic one on the same span.
    assert [s.subtype for s in find_pii("GITHUB_TOKEN=ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5")] == ["github_token"]
    # An embedded IPv4 inside an IPv6 address: one span, the longer.
    assert [s.text for s in find_pii("peer ::ffff:52.94.236.248 up")] == ["::ffff:52.94.236.248"]


def test_to_dict_forms_are_json_and_keep_pii_out_of_the_manifest() -> None:
    result = redact(SAMPLE)
    summary = result.to_dict(include_text=False)
    assert "text" not in summary and all("text" not in s for s in summary["spans"])  # type: ignore[union-attr]
    json.dumps(result.to_dict())
    assert find_pii(SAMPLE)[0].to_dict()["kind"] == "EMAIL"


def test_redaction_pieces_stream_the_same_text() -> None:
    spans = find_pii(SAMPLE)
    pieces = list(redaction_pieces(SAMPLE, spans, "<{kind}>"))
    assert "".join(pieces) == redact(SAMPLE, placeholder="<{kind}>").text
    assert pieces.count("<email>") == 1 and all(pieces)
    assert list(redaction_pieces("", [])) == [""]
    assert "".join(redaction_pieces("ana@gmail.com", find_pii("ana@gmail.com"))) == "[EMAIL]"


def test_apply_redaction_checks_its_spans() -> None:
    spans = find_pii(SAMPLE)
    with pytest.raises(ValueError, match="sorted, disjoint"):
        apply_redaction(SAMPLE, list(reversed(spans)))


@pytest.mark.parametrize("bad", [None, b"ana@gmail.com", 42, ["ana@gmail.com"]])
def test_non_str_input_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expects str"):
        find_pii(bad)  # type: ignore[arg-type]


def test_empty_and_clean_text() -> None:
    assert find_pii("") == []
    assert redact("").text == ""
    clean = "The committee met on 2024-03-01 at 10:00 and approved version 2.3.1 of the plan.\n" * 50
    assert find_pii(clean) == [] and redact(clean).text == clean


def test_offsets_are_str_offsets_in_non_ascii_text() -> None:
    text = "Привет 👋🏽, пишите: иван@почта.рф или ivan.petrov@mail.ru, 电话 +7 495 739-28-16。"
    spans = find_pii(text)
    assert [(s.kind, s.text) for s in spans] == [
        ("EMAIL", "иван@почта.рф"),
        ("EMAIL", "ivan.petrov@mail.ru"),
        ("PHONE", "+7 495 739-28-16"),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_lone_surrogates_do_not_crash_and_offsets_hold() -> None:
    text = "bad \ud800 bytes \udfff then ana@gmail.com \udc80 and 4111 1111 1111 1111 \ud83d"
    spans = find_pii(text)
    assert [s.text for s in spans] == ["ana@gmail.com", "4111 1111 1111 1111"]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert "\ud800" in redact(text).text


def _labeled_text(n_docs: int) -> str:
    from benchmarks.pii.labeled import generate

    return "\n".join(d.text for d in generate(n_docs, 3))


def test_chunked_scan_equals_whole_text_scan() -> None:
    text = _labeled_text(120)
    whole = PiiScanner(chunk_size=10 * len(text)).find(text)
    assert len(whole) > 150
    for chunk in (1000, 4099, 65536):
        assert PiiScanner(chunk_size=chunk).find(text) == whole


def test_large_document_bounded_memory_and_linear_time() -> None:
    """A 24 MB document is scanned in chunks: extra memory stays a few chunks (not the text
    size) and time grows linearly with size (a 100 MB one works the same way, just longer)."""
    block = _labeled_text(40)
    per_block = len(find_pii(block))
    small = block * 40  # ~3 MB
    large = small * 8  # ~24 MB
    scanner = PiiScanner()
    t0 = time.perf_counter()
    n_small = len(scanner.find(small))
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_large = len(scanner.find(large))
    t_large = time.perf_counter() - t0
    assert n_small == per_block * 40 and n_large == per_block * 320
    assert t_large < 16 * t_small + 1.0  # 8x the size: linear, with room for a busy machine

    text = small + " " * (1 << 20)
    tracemalloc.start()
    try:
        scanner.find(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    spans_bytes = n_small * 400  # the returned spans and their texts
    assert peak < 8 * scanner.chunk_size + spans_bytes, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize(
    "pathological",
    [
        "1 " * 500_000,
        "1-2." * 250_000,
        "0" * 1_000_000,
        "+1 " * 300_000,
        "a@" * 500_000,
        "a" * 1_000_000,
        ":" * 1_000_000,
        "1:" * 500_000,
        "=" * 1_000_000,
        "key=" * 250_000,
        ("a." * 60 + "@") * 8_000,
        "-----BEGIN PRIVATE KEY-----\n" * 30_000,
        "AA00 " * 200_000,
        "(0" * 500_000,
    ],
    ids=lambda s: repr(s[:12]),
)
def test_pathological_inputs_stay_linear(pathological: str) -> None:
    t0 = time.perf_counter()
    find_pii(pathological)
    redact(pathological)
    assert time.perf_counter() - t0 < 20.0
