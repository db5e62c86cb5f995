"""The dedup API end to end: edge cases, determinism, shards, resumption, and what it writes."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from clearance.curate.dedup import (
    DedupConfig,
    Deduplicator,
    DedupStats,
    RecordError,
    ShardFormatError,
    decide,
    deduplicate,
    sign_shard,
)
from clearance.curate.dedup.store import Shard, columns


def _corpus(seed: int, n: int = 120) -> list[tuple[str, str, str, dict]]:
    """Random documents, a third of them edited copies of others (some exact, some near)."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(2000)]
    cats = ["public-domain", "permissive", "strong-copyleft", "proprietary", "unknown"]
    docs = []
    for i in range(n):
        if i and rng.random() < 0.35:
            words = docs[rng.randrange(len(docs))][1].split()
            for _ in range(rng.choice([0, 0, 2, 5, 30])):
                words[rng.randrange(len(words))] = rng.choice(vocab)
        else:
            words = [rng.choice(vocab) for _ in range(rng.randint(3, 300))]
        docs.append((f"d{i:04d}", " ".join(words), rng.choice(cats), {"author": "a"} if rng.random() < 0.5 else {}))
    return docs


def test_empty_input_gives_no_decisions() -> None:
    stats = DedupStats()
    assert list(deduplicate([], stats=stats)) == []
    assert stats.documents == 0 and stats.dropped == 0


def test_documents_without_words_are_left_alone() -> None:
    out = list(deduplicate([("a", ""), ("b", "  \n\t "), ("c", "!!! ..."), ("d", "")]))
    assert [(d.id, d.keep, d.checked) for d in out] == [("a", True, False), ("b", True, False),
                                                       ("c", True, False), ("d", True, False)]


def test_documents_shorter_than_a_shingle() -> None:
    out = {d.id: d for d in deduplicate([
        ("hi", "Hello there"), ("hi-again", "hello, THERE!"), ("where", "Hello where"), ("one", "x"),
        ("one-again", "X."), ("long", "hello there " * 20),
    ])}
    assert out["hi"].keep and out["where"].keep and out["one"].keep and out["long"].keep
    assert (out["hi-again"].duplicate_of, out["hi-again"].kind) == ("hi", "exact")
    assert (out["one-again"].duplicate_of, out["one-again"].kind) == ("one", "exact")


def test_one_decision_per_record_in_input_order() -> None:
    docs = _corpus(1)
    out = list(deduplicate(docs))
    assert [d.id for d in out] == [d[0] for d in docs]
    kept = {d.id for d in out if d.keep}
    for d in out:
        if not d.keep:
            assert d.duplicate_of in kept  # never points at a dropped copy
            assert d.kind in ("exact", "near") and d.against == "corpus"
            assert d.similarity == 1.0 if d.kind == "exact" else 0.8 <= d.similarity < 1.0


def test_decisions_are_deterministic_across_runs_workers_and_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _corpus(2, 300)
    first = list(deduplicate(docs))
    assert sum(not d.keep for d in first) > 40
    assert list(deduplicate(docs)) == first
    assert list(deduplicate(iter(docs), workers=2)) == first
    from clearance.curate.dedup import signer

    monkeypatch.setattr(signer, "BATCH_DOCUMENTS", 7)
    assert list(deduplicate(docs)) == first


def test_repeated_ids_are_refused() -> None:
    with pytest.raises(RecordError, match="repeats the id of record 0") as error:
        list(deduplicate([("same", "one text here"), ("other", "b"), ("same", "another text")]))
    assert error.value.position == 2 and error.value.doc_id == "same"


def test_deduplicator_accepts_several_adds_and_decides_once(tmp_path: Path) -> None:
    docs = _corpus(3)
    with Deduplicator(work_dir=tmp_path / "work") as dedup:
        assert dedup.add(docs[:50]) == 50
        assert dedup.add(iter(docs[50:])) == len(docs) - 50
        out = list(dedup.decisions())
        with pytest.raises(RuntimeError):
            dedup.add(docs)
        with pytest.raises(RuntimeError):
            list(dedup.decisions())
    assert out == list(deduplicate(docs))
    assert dedup.stats.documents == len(docs) and dedup.stats.dropped == sum(not d.keep for d in out)


def test_temporary_work_directory_is_removed() -> None:
    dedup = Deduplicator()
    work = dedup.work_dir
    dedup.add([("a", "some words")])
    list(dedup.decisions())
    dedup.close()
    assert not work.exists()


def test_signing_several_shards_then_deciding_equals_one_run(tmp_path: Path) -> None:
    docs = _corpus(4, 200)
    config = DedupConfig()
    shards = [sign_shard(docs[:70], tmp_path / "s0", config), sign_shard(docs[70:], tmp_path / "s1", config)]
    assert list(decide(shards, config)) == list(deduplicate(docs, config))


def test_a_finished_shard_is_reused_and_a_foreign_one_refused(tmp_path: Path) -> None:
    docs = _corpus(5, 30)
    fast = DedupConfig(verify="signature")
    path = sign_shard(docs, tmp_path / "s", fast)

    def must_not_be_read():
        raise AssertionError("the finished shard should have been reused")
        yield

    assert sign_shard(must_not_be_read(), path, fast) == path
    with pytest.raises(ShardFormatError, match="shingle_size"):
        sign_shard(docs, path, DedupConfig(shingle_size=3))
    with pytest.raises(ShardFormatError, match="signed with other settings"):
        list(decide([path], DedupConfig(num_perm=64, bands=8, rows=8)))
    with pytest.raises(ShardFormatError, match="shingles"):
        list(decide([path], DedupConfig(verify="exact")))
    sign_shard(docs[:5], path, DedupConfig(shingle_size=3), force=True)
    assert Shard(path, DedupConfig(shingle_size=3)).documents == 5


def test_an_interrupted_shard_leaves_nothing_behind(tmp_path: Path) -> None:
    def records():
        yield ("a", "some text")
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        sign_shard(records(), tmp_path / "s")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ShardFormatError, match="no manifest.json"):
        Shard(tmp_path / "missing", DedupConfig())


def test_a_truncated_column_is_reported(tmp_path: Path) -> None:
    path = sign_shard(_corpus(6, 20), tmp_path / "s")
    with open(path / "signatures.bin", "r+b") as handle:
        handle.truncate(100)
    with pytest.raises(ShardFormatError, match="signatures.bin: 100 bytes"):
        list(decide([path]))


@pytest.mark.parametrize("verify", ["signature", "exact"])
def test_disk_per_document_is_what_the_docs_say(tmp_path: Path, verify: str) -> None:
    docs = _corpus(7, 64)
    config = DedupConfig(verify=verify)  # type: ignore[arg-type]
    path = sign_shard(docs, tmp_path / "s", config)
    sizes = {c.name: (path / c.filename).stat().st_size for c in columns(config)}
    assert sizes.pop("ids") == sum(len(d[0]) for d in docs)
    if verify == "exact":  # 4 bytes per shingle, and a shingle count per document
        shingles = sum(max(len(d[1].split()) - 4, 1) for d in docs)
        assert sizes.pop("shingles") == 4 * shingles
        assert sizes.pop("shingle_count") == 4 * len(docs)
    assert sum(sizes.values()) == len(docs) * config.signature_bytes_per_document()
    assert config.signature_bytes_per_document() == 4 * 128 + 8 * 20 + 42


def test_exact_verification_reports_exact_jaccard() -> None:
    words = [f"t{i}" for i in range(400)]
    edited = list(words)
    for i in range(0, 400, 40):
        edited[i] = f"x{i}"
    config = DedupConfig(verify="exact", threshold=0.5)
    out = {d.id: d for d in deduplicate([("a", " ".join(words)), ("b", " ".join(edited))], config)}

    def grams(ws):
        return {tuple(ws[i : i + 5]) for i in range(len(ws) - 4)}

    truth = len(grams(words) & grams(edited)) / len(grams(words) | grams(edited))
    assert out["b"].duplicate_of == "a" and out["b"].similarity == pytest.approx(truth, abs=1e-6)


def test_a_large_document_and_its_near_copy(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    words = [f"v{i}" for i in rng.integers(0, 50_000, size=60_000)]  # ~400 KB: tokenized on its own
    copy = list(words)
    for i in rng.integers(0, len(copy), size=300):
        copy[i] = "changed"
    out = list(deduplicate([("big", " ".join(words)), ("small", "a few words"), ("big-copy", " ".join(copy))]))
    assert out[2].duplicate_of == "big" and out[2].kind == "near" and out[2].similarity > 0.9


def test_a_shard_of_another_format_version_is_refused(tmp_path: Path) -> None:
    import json

    path = sign_shard(_corpus(8, 5), tmp_path / "s")
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["format_version"] = 99
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ShardFormatError, match="format version 99"):
        list(decide([path]))
