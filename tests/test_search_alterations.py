"""Copies altered the ways models and users alter them are still found, and short quotes are not."""

from __future__ import annotations

import random
import re

import pytest

from clearance.documents import Document
from clearance.index import Index, SearchOptions
from clearance.text.tokens import WORDS, tokenize
from conftest import build, random_text

ESSAY = (
    "The lighthouse keeper kept a ledger of every ship that passed the headland, noting the hour, "
    "the colour of its sails and the direction of the wind. In forty years he never missed a night, "
    "though the winters were long and the supply boat often failed to come. When the new electric "
    "lamp was installed, the ledger went on as before, because the keeper believed that a light "
    "without a witness was only half a light. His daughter, who later became a marine engineer, "
    "kept the ledgers in a cedar chest and read them aloud to her own children on stormy evenings, "
    "turning the names of forgotten schooners into a kind of lullaby."
)

CODE = '''import math


def haversine_distance(origin, destination, radius=6371.0):
    """Great-circle distance between two (latitude, longitude) points in kilometres."""
    lat1, lon1 = origin
    lat2, lon2 = destination
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta_phi = math.radians(lat2 - lat1)
    delta_lambda = math.radians(lon2 - lon1)
    a = math.sin(delta_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    return 2 * radius * math.atan2(math.sqrt(a), math.sqrt(1 - a))
'''


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    rng = random.Random(7)
    docs = [Document(id=f"noise{i}", text=random_text(rng, 200), license="CC0-1.0") for i in range(30)]
    docs.append(Document(id="essay.txt", text=ESSAY, license="CC-BY-4.0", title="The Ledger", author="A. Writer"))
    docs.append(Document(id="geo/distance.py", text=CODE, license="MIT", author="Geo Authors"))
    return build(tmp_path_factory.mktemp("alter"), docs)


def only(index: Index, text: str, **options) -> list:
    return index.search(text, SearchOptions(**options))


def assert_cites(text: str, matches: list, doc_id: str, passage: str, kind: str | None = None) -> None:
    hits = [m for m in matches if m.doc_id == doc_id]
    assert hits, f"no match citing {doc_id}: {matches}"
    m = max(hits, key=lambda m: m.length)
    start = text.index(passage)
    covered = max(0, min(m.end, start + len(passage)) - max(m.start, start))
    assert covered >= 0.85 * len(passage), (m.start, m.end, start, start + len(passage))
    assert text[m.start : m.end] == m.text
    if kind:
        assert m.kind == kind


def test_verbatim_copy_is_exact_with_both_offsets(index: Index) -> None:
    passage = ESSAY[95:420]
    text = "Here is a story I like. " + passage + " That is all."
    [m] = only(index, text)
    assert (m.doc_id, m.kind, m.license, m.title) == ("essay.txt", "exact", "CC-BY-4.0", "The Ledger")
    assert text[m.start : m.end] == ESSAY[m.doc_start : m.doc_end]
    assert m.count == 1 and m.score == 1.0


def test_case_and_spacing_changes_are_normalized(index: Index) -> None:
    passage = ESSAY[95:420]
    altered = re.sub(r" ", "  \n", passage.upper())
    text = "Quoted loudly: " + altered
    [m] = only(index, text)
    assert m.kind == "normalized" and m.doc_id == "essay.txt"
    assert_cites(text, [m], "essay.txt", altered)
    doc_piece = ESSAY[m.doc_start : m.doc_end]
    assert tokenize(doc_piece, WORDS).hashes.tolist() == tokenize(text[m.start : m.end], WORDS).hashes.tolist()


def test_punctuation_changes_are_normalized(index: Index) -> None:
    passage = ESSAY[95:420]
    altered = passage.replace(",", "").replace(".", ";").replace(" the ", " -the- ")
    text = "As written: \u201c" + altered + "\u201d"
    assert_cites(text, only(index, text), "essay.txt", altered, "normalized")


def test_replaced_words_merge_into_one_fuzzy_match(index: Index) -> None:
    words = ESSAY[95:520].split(" ")
    for i in range(5, len(words), 12):
        words[i] = "zzz" + words[i]
    altered = " ".join(words)
    text = "Paraphrase: " + altered + " End."
    matches = only(index, text)
    assert len([m for m in matches if m.doc_id == "essay.txt"]) == 1  # fragments merged
    assert_cites(text, matches, "essay.txt", altered, "fuzzy")
    assert 0.85 <= matches[0].score < 1.0


def test_renamed_identifiers_and_reformatting_are_found_in_code(index: Index) -> None:
    renamed = CODE.replace("haversine_distance", "dist").replace("origin", "p").replace("destination", "q")
    renamed = renamed.replace("delta_phi", "dp").replace("delta_lambda", "dl").replace("    ", "  ")
    text = "Here you go:\n```python\n" + renamed + "```\n"
    matches = only(index, text)
    assert_cites(text, matches, "geo/distance.py", renamed.split('"""')[2][:300], "code")
    assert matches[0].license == "MIT"


def test_inconsistent_renaming_is_not_a_code_match(index: Index) -> None:
    body = CODE.split('"""')[2]
    counter = iter(range(1000))
    scrambled = re.sub(r"\b(lat1|lon1|lat2|lon2|phi1|phi2|a|radius)\b", lambda _: f"v{next(counter)}", body)
    matches = [m for m in only(index, scrambled) if m.kind == "code"]
    assert matches == []


def test_short_quotes_are_not_reported_by_default(index: Index) -> None:
    short = " ".join(ESSAY.split()[10:24])  # 14 words
    assert only(index, "He said " + short + " and left.") == []
    assert only(index, "He said " + short + " and left.", min_chars=40, min_tokens=10)


def test_two_passages_of_one_work_are_two_matches(index: Index) -> None:
    a, b = ESSAY[0:200], ESSAY[420:640]
    text = a + "\n\nMeanwhile, something new and unrelated happened somewhere else entirely.\n\n" + b
    matches = only(index, text)
    assert [m.doc_id for m in matches] == ["essay.txt", "essay.txt"]
    assert matches[0].end <= matches[1].start


def test_original_text_has_no_matches(index: Index) -> None:
    original = ("Bright orchards lean over the canal while a cyclist repairs a chain, whistling a tune "
                "from a radio show that ended decades ago, and the bakery opens its shutters at dawn.")
    assert only(index, original * 3) == []
