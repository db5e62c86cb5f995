"""The license-aware keep rule: the most permissive copy stays, then the best attributed, then the earliest."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from clearance.curate.dedup import (
    DedupConfig,
    DedupRecord,
    RecordError,
    attribution_score,
    deduplicate,
    license_rank,
)
from clearance.curate.dedup.keep import keep_rule
from clearance.licenses import Category

TEXT = ("The miller counted the stones along the northern road while the lanterns burned in every narrow "
        "window and the travellers argued about the price of salt, bread, iron and wool until winter came.")
OTHER = ("A completely unrelated paragraph about harbours, ships and the tides, with its own vocabulary of "
         "anchors, ropes, gulls and weather that shares no run of five words with the story of the miller.")


def _by_id(records, config: DedupConfig | None = None):
    return {d.id: d for d in deduplicate(records, config or DedupConfig())}


def test_most_permissive_copy_is_kept_wherever_it_is() -> None:
    out = _by_id([
        ("proprietary-copy", TEXT, "proprietary"),
        ("unknown-copy", TEXT.upper(), None),
        ("permissive-copy", TEXT.replace(",", ""), "permissive"),
        ("copyleft-copy", TEXT, "strong-copyleft"),
        ("other", OTHER, "proprietary"),
    ])
    assert out["permissive-copy"].keep and out["other"].keep
    for dropped in ("proprietary-copy", "unknown-copy", "copyleft-copy"):
        d = out[dropped]
        assert not d.keep
        assert (d.duplicate_of, d.kind, d.similarity, d.against) == ("permissive-copy", "exact", 1.0, "corpus")
        assert d.reason == "exact duplicate of document permissive-copy"


def test_category_order_follows_the_license_model() -> None:
    order = ["public-domain", "permissive", "weak-copyleft", "strong-copyleft", "non-commercial",
             "no-derivatives", "proprietary", "unknown"]
    assert [license_rank(c) for c in order] == list(range(8))
    assert license_rank(None) == license_rank("unknown") == 7
    assert license_rank(Category.PERMISSIVE) == 1
    assert license_rank(" Weak-Copyleft ") == 2
    assert license_rank(42) == 42
    # Every pair of adjacent categories: the more permissive one wins.
    for better, worse in itertools.pairwise(order):
        out = _by_id([("worse", TEXT, worse), ("better", TEXT, better)])
        assert out["better"].keep and out["worse"].duplicate_of == "better"


def test_integer_ranks_are_used_as_given() -> None:
    out = _by_id([("r5", TEXT, 5), ("r2", TEXT, 2), ("r9", TEXT, 9)])
    assert out["r2"].keep and out["r5"].duplicate_of == "r2" and out["r9"].duplicate_of == "r2"


def test_attribution_breaks_ties_between_equally_licensed_copies() -> None:
    out = _by_id([
        ("bare", TEXT, "permissive", None),
        ("titled", TEXT, "permissive", {"title": "The road"}),
        ("best", TEXT, "permissive", {"author": "A. Miller", "title": "The road", "url": "https://x.org/road",
                                      "license_evidence": "LICENSE file"}),
        ("scored", TEXT, "permissive", 3),
        ("worse-license", TEXT, "weak-copyleft", 99),
    ])
    assert out["best"].keep
    assert all(out[i].duplicate_of == "best" for i in ("bare", "titled", "scored", "worse-license"))


def test_input_order_breaks_remaining_ties() -> None:
    out = _by_id([("first", TEXT, "permissive", 1), ("second", TEXT, "permissive", 1),
                  ("third", TEXT, "permissive", 1)])
    assert out["first"].keep
    assert out["second"].duplicate_of == "first" and out["third"].duplicate_of == "first"


def test_attribution_score_counts_present_fields() -> None:
    class Meta:
        author = "someone"
        title = ""
        url = None
        evidence = "header"

    assert attribution_score(None) == 0
    assert attribution_score(3) == 3
    assert attribution_score({"author": "a", "title": " ", "url": "u"}) == 2
    assert attribution_score({"evidence": "SPDX header"}) == 1
    assert attribution_score(Meta()) == 2
    with pytest.raises(ValueError):
        attribution_score(-1)
    with pytest.raises(TypeError):
        attribution_score(True)


def _words(lo: int, hi: int) -> str:
    return " ".join(f"word{i}" for i in range(lo, hi))


def test_near_duplicates_name_the_kept_copy_and_their_similarity() -> None:
    config = DedupConfig(threshold=0.7, verify="exact")
    out = _by_id([("a", _words(0, 200), "unknown"), ("b", _words(10, 210), "public-domain"),
                  ("far", _words(500, 700), "public-domain")], config)
    assert out["b"].keep and out["far"].keep
    assert out["a"].duplicate_of == "b" and out["a"].kind == "near"
    assert out["a"].similarity == pytest.approx(186 / 206, abs=1e-6)  # 196 shingles each, 186 shared
    assert "near duplicate of document b (Jaccard 0.903)" == out["a"].reason


def test_a_chain_of_near_duplicates_keeps_each_copy_that_duplicates_no_kept_one() -> None:
    # J(a, b) = J(b, c) = 176/216 = 0.815 but J(a, c) = 156/236 = 0.661: one cluster, two kept copies.
    config = DedupConfig(threshold=0.75, verify="exact")
    a, b, c = _words(0, 200), _words(20, 220), _words(40, 240)
    out = _by_id([("a", a, "public-domain"), ("b", b, "permissive"), ("c", c, "weak-copyleft")], config)
    assert out["a"].keep and out["c"].keep
    assert out["b"].duplicate_of == "a"
    # With the middle copy the most permissive, it absorbs both ends.
    out = _by_id([("a", a, "permissive"), ("b", b, "public-domain"), ("c", c, "permissive")], config)
    assert out["b"].keep and out["a"].duplicate_of == "b" and out["c"].duplicate_of == "b"


def test_keep_rule_on_arrays() -> None:
    rows = np.array([0, 1, 2, 3, 4])
    cluster = np.array([0, 0, 0, 3, 3])
    rank = np.array([3, 1, 1, 0, 0])
    attribution = np.array([0, 0, 2, 0, 1])
    exact = np.array([[1, 1], [1, 1], [2, 2], [3, 3], [4, 4]], dtype=np.uint64)
    sims = {(0, 2): 0.9, (1, 2): 0.85, (3, 4): 0.5}

    def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.array([sims.get((min(x, y), max(x, y)), 0.0) for x, y in zip(a.tolist(), b.tolist())])
        return np.where(out >= 0.8, out, -1.0)

    result = keep_rule(rows, cluster, rank, attribution, exact, similarity)
    got = {int(r): (int(k), bool(e), float(s)) for r, k, e, s in
           zip(result.rows, result.kept, result.exact, result.similarity)}
    # Row 2 is kept (rank 1, attribution 2); 1 near-duplicates it; 0 too. Rows 3 and 4 are not similar.
    assert got == {1: (2, False, 0.85), 0: (2, False, 0.9)}


@pytest.mark.parametrize("record, message", [
    ("just a string", "expected a tuple"),
    (("only-id",), "expected a tuple"),
    (("", "text"), "id must be a non-empty string"),
    ((7, "text"), "id must be a non-empty string"),
    (("id", b"bytes"), "text must be a string"),
    (("id", "text", "beerware"), "unknown license category"),
    (("id", "text", -3), "license rank must be"),
    (("id", "text", 1.5), "license must be an int rank"),
    (("id", "text", None, -1), "attribution score must be"),
])
def test_bad_records_are_named_by_position_and_id(record: object, message: str) -> None:
    with pytest.raises(RecordError, match=message) as error:
        list(deduplicate([("fine", TEXT), record]))
    assert error.value.position == 1
    assert "dedup record 1" in str(error.value)


def test_dedup_record_named_tuple_is_accepted() -> None:
    out = _by_id([DedupRecord("x", TEXT, "proprietary"), DedupRecord("y", TEXT, Category.PUBLIC_DOMAIN, 4)])
    assert out["y"].keep and out["x"].duplicate_of == "y"
