"""Against another dataset: a reference index built, saved atomically, opened, and matched against."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from clearance.curate.dedup import (
    DedupConfig,
    DedupStats,
    ReferenceIndex,
    ShardFormatError,
    build_reference,
    deduplicate,
)


def _text(rng: random.Random, n: int = 150) -> str:
    return " ".join(f"r{rng.randrange(5000)}" for _ in range(n))


def _edit(rng: random.Random, text: str, changes: int) -> str:
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "edited"
    return " ".join(words)


@pytest.fixture
def reference_docs() -> list[tuple[str, str]]:
    rng = random.Random(7)
    return [(f"ref-{i}", _text(rng)) for i in range(40)] + [("ref-empty", "")]


@pytest.mark.parametrize("verify", ["signature", "exact"])
def test_documents_held_by_the_reference_point_into_it(tmp_path: Path, reference_docs, verify: str) -> None:
    config = DedupConfig(verify=verify)  # type: ignore[arg-type]
    ref = build_reference(reference_docs, tmp_path / "ref", config)
    assert ref.documents == 41
    rng = random.Random(8)
    fresh = _text(rng)
    corpus = [
        ("exact", reference_docs[3][1].upper()),  # exact copy of ref-3
        ("near", _edit(rng, reference_docs[5][1], 2)),  # near copy of ref-5
        ("new", fresh),
        ("new-copy", fresh + " "),  # a duplicate within the corpus only
        ("far", _edit(rng, reference_docs[6][1], 60)),  # too edited to count
        ("empty", ""),
    ]
    stats = DedupStats()
    out = {d.id: d for d in deduplicate(corpus, config, reference=ReferenceIndex(tmp_path / "ref", config),
                                        stats=stats)}
    assert (out["exact"].duplicate_of, out["exact"].kind, out["exact"].against) == ("ref-3", "exact", "reference")
    assert (out["near"].duplicate_of, out["near"].kind, out["near"].against) == ("ref-5", "near", "reference")
    assert out["near"].similarity >= 0.8
    assert out["near"].reason.startswith("near duplicate of reference document ref-5")
    assert out["new"].keep and out["far"].keep and out["empty"].keep and not out["empty"].checked
    assert (out["new-copy"].duplicate_of, out["new-copy"].against) == ("new", "corpus")
    assert stats.reference_duplicates == 2 and stats.exact_duplicates == 1
    assert ref.manifest["documents_with_words"] == 40


def test_reference_matches_come_before_the_keep_rule(tmp_path: Path, reference_docs) -> None:
    # Both copies duplicate the reference, so both go, whatever their licenses.
    ref = build_reference(reference_docs, tmp_path / "ref")
    text = reference_docs[0][1]
    out = list(deduplicate([("a", text, "public-domain"), ("b", text, "proprietary")], reference=ref))
    assert [(d.id, d.duplicate_of, d.against) for d in out] == [("a", "ref-0", "reference"),
                                                               ("b", "ref-0", "reference")]


def test_only_against_the_reference(tmp_path: Path, reference_docs) -> None:
    ref = build_reference(reference_docs, tmp_path / "ref")
    out = list(deduplicate([("x", "same text in two documents here"), ("y", "same text in two documents here"),
                            ("z", reference_docs[1][1])], reference=ref, within_corpus=False))
    assert [d.keep for d in out] == [True, True, False]


def test_the_most_similar_reference_document_is_named(tmp_path: Path) -> None:
    rng = random.Random(9)
    base = _text(rng, 300)
    refs = [("close", _edit(random.Random(1), base, 3)), ("closer", _edit(random.Random(2), base, 1))]
    ref = build_reference(refs, tmp_path / "ref", DedupConfig(verify="exact"))
    out = list(deduplicate([("q", base)], DedupConfig(verify="exact"), reference=ref))
    assert out[0].duplicate_of == "closer"


def test_an_existing_index_is_kept_unless_forced(tmp_path: Path, reference_docs) -> None:
    path = tmp_path / "ref"
    build_reference(reference_docs[:5], path)
    with pytest.raises(FileExistsError):
        build_reference(reference_docs, path)

    def failing():
        yield from reference_docs[:3]
        raise OSError("read error")

    with pytest.raises(OSError):
        build_reference(failing(), path, force=True)
    assert ReferenceIndex(path).documents == 5  # the old index survived the failed rebuild
    assert ReferenceIndex(build_reference(reference_docs, path, force=True).path).documents == 41
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ref"]  # no temporary leftovers


def test_an_index_opened_with_other_settings_or_broken_is_refused(tmp_path: Path, reference_docs) -> None:
    path = build_reference(reference_docs, tmp_path / "ref").path
    with pytest.raises(ShardFormatError, match="signed with other settings"):
        ReferenceIndex(path, DedupConfig(seed=3))
    with pytest.raises(ShardFormatError, match="signed with other settings"):
        list(deduplicate([("a", "b")], DedupConfig(seed=3), reference=ReferenceIndex(path)))
    with pytest.raises(ShardFormatError, match="not a finished dedup directory"):
        ReferenceIndex(tmp_path / "nothing")
    (path / "manifest.json").write_text('{"format": "something-else"}')
    with pytest.raises(ShardFormatError, match="not a clearance-dedup-reference manifest"):
        ReferenceIndex(path)


def test_an_empty_reference_matches_nothing(tmp_path: Path) -> None:
    ref = build_reference([], tmp_path / "ref")
    assert ref.documents == 0
    out = list(deduplicate([("a", "some words to match"), ("b", "some words to match")], reference=ref))
    assert [(d.keep, d.against) for d in out] == [(True, None), (False, "corpus")]


def test_exact_verification_needs_a_reference_built_with_shingles(tmp_path: Path, reference_docs) -> None:
    exact = DedupConfig(verify="exact")
    with_shingles = build_reference(reference_docs, tmp_path / "with", exact)
    without = build_reference(reference_docs, tmp_path / "without", DedupConfig(verify="signature"))
    near = _edit(random.Random(3), reference_docs[2][1], 2)
    # Opened with the default config, an index built for exact verification still serves it.
    out = list(deduplicate([("q", near)], exact, reference=ReferenceIndex(with_shingles.path)))
    assert out[0].duplicate_of == "ref-2" and out[0].similarity >= 0.8
    def must_not_be_signed():
        raise AssertionError("the mismatch should be refused before signing")
        yield

    with pytest.raises(ShardFormatError, match="build it with verify='exact'"):
        list(deduplicate(must_not_be_signed(), exact, reference=without))


def test_the_threshold_of_the_run_applies_not_the_build(tmp_path: Path, reference_docs) -> None:
    ref = build_reference(reference_docs, tmp_path / "ref", DedupConfig(verify="exact", threshold=0.99))
    near = _edit(random.Random(4), reference_docs[4][1], 3)
    strict = list(deduplicate([("q", near)], DedupConfig(verify="exact", threshold=0.99), reference=ref))
    lenient = list(deduplicate([("q", near)], DedupConfig(verify="exact", threshold=0.7), reference=ref))
    assert strict[0].keep and lenient[0].duplicate_of == "ref-4"
