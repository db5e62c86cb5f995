"""Shards, `add`, takedown, atomic builds, and the manifest's version check."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from clearance.documents import Document
from clearance.index import BuildOptions, EmptyCorpusError, Index, IndexFormatError, add_documents, build_index
from clearance.index.takedown import TakedownList
from conftest import random_text


def corpus(rng: random.Random, n: int, prefix: str = "d") -> list[Document]:
    return [Document(id=f"{prefix}{i}", text=random_text(rng, 120), license="CC-BY-4.0") for i in range(n)]


def spans(index: Index, text: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.doc_id) for m in index.search(text)]


def test_many_shards_answer_like_one(tmp_path: Path, rng: random.Random) -> None:
    docs = corpus(rng, 40)
    build_index(docs, tmp_path / "one", force=True)
    build_index(docs, tmp_path / "many", force=True, options=BuildOptions(shard_bytes=3000, batch_chars=2000))
    one, many = Index(tmp_path / "one"), Index(tmp_path / "many")
    assert len(many.shards) > 5 and len(one.shards) == 1
    for doc in docs[::7]:
        query = "Preface. " + doc.text[50:400] + " and more words of our own"
        assert spans(one, query) == spans(many, query)
        assert spans(one, query)[0][2] == doc.id


def test_add_appends_a_shard_and_rejects_known_ids(tmp_path: Path, rng: random.Random) -> None:
    first, second = corpus(rng, 10, "a"), corpus(rng, 10, "b")
    build_index(first, tmp_path / "ix")
    rejected: list[str] = []
    manifest = add_documents(tmp_path / "ix", second + first[:2], reject=lambda d, why: rejected.append(d.id))
    assert rejected == ["a0", "a1"]
    assert manifest["counts"]["documents"] == 20 and manifest["counts"]["shards"] == 2
    index = Index(tmp_path / "ix")
    assert spans(index, second[3].text)[0][2] == "b3"
    assert spans(index, first[4].text)[0][2] == "a4"
    with pytest.raises(EmptyCorpusError):
        add_documents(tmp_path / "ix", first[:1], reject=lambda d, why: None)
    assert Index(tmp_path / "ix").documents == 20


def test_takedown_hides_a_document_everywhere_and_undo_restores_it(tmp_path: Path, rng: random.Random) -> None:
    docs = corpus(rng, 12)
    shared = docs[0].text[:300]
    docs += [Document(id=f"copy{i}", text=f"intro {i}. " + shared + " coda.") for i in range(3)]
    build_index(docs, tmp_path / "ix", options=BuildOptions(shard_bytes=2500, batch_chars=1000))
    query = "We read: " + shared
    before = Index(tmp_path / "ix").search(query)
    assert before[0].count == 4
    TakedownList(tmp_path / "ix").add(["d0", "copy1"], reason="rights holder request")
    for _ in range(2):  # and again after reopening: the list persists
        index = Index(tmp_path / "ix")
        after = index.search(query)
        cited = {m.doc_id for m in after} | {d for m in after for d in m.also_in}
        assert "d0" not in cited and "copy1" not in cited
        assert after[0].count == 2
        assert index.search(docs[0].text[300:]) == [] or all(m.doc_id != "d0" for m in index.search(docs[0].text))
    TakedownList(tmp_path / "ix").remove(["d0", "copy1"])
    assert Index(tmp_path / "ix").search(query)[0].count == 4


def test_open_index_sees_takedowns_on_refresh(tmp_path: Path, rng: random.Random) -> None:
    docs = corpus(rng, 5)
    build_index(docs, tmp_path / "ix")
    index = Index(tmp_path / "ix")
    assert index.search(docs[2].text)
    TakedownList(tmp_path / "ix").add(["d2"])
    assert index.refresh_takedowns() == 1
    assert index.search(docs[2].text) == []


class Boom(RuntimeError):
    pass


def exploding(docs: list[Document], after: int):
    for i, doc in enumerate(docs):
        if i == after:
            raise Boom("simulated crash")
        yield doc


def test_crashed_build_leaves_the_previous_index_intact(tmp_path: Path, rng: random.Random) -> None:
    old, new = corpus(rng, 10, "old"), corpus(rng, 30, "new")
    build_index(old, tmp_path / "ix")
    before = (tmp_path / "ix" / "manifest.json").read_text()
    with pytest.raises(Boom):
        build_index(exploding(new, 25), tmp_path / "ix", force=True, options=BuildOptions(shard_bytes=2000, batch_chars=1000))
    assert (tmp_path / "ix" / "manifest.json").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]  # no temporary directory left
    assert spans(Index(tmp_path / "ix"), old[1].text)[0][2] == "old1"


def test_crashed_build_of_a_new_index_leaves_nothing(tmp_path: Path, rng: random.Random) -> None:
    with pytest.raises(Boom):
        build_index(exploding(corpus(rng, 10), 5), tmp_path / "ix", options=BuildOptions(batch_chars=500))
    assert list(tmp_path.iterdir()) == []


def test_crashed_add_leaves_the_index_as_it_was(tmp_path: Path, rng: random.Random) -> None:
    build_index(corpus(rng, 5, "a"), tmp_path / "ix")
    before = (tmp_path / "ix" / "manifest.json").read_text()
    with pytest.raises(Boom):
        add_documents(tmp_path / "ix", exploding(corpus(rng, 20, "b"), 15), options=BuildOptions(shard_bytes=1500, batch_chars=500))
    assert (tmp_path / "ix" / "manifest.json").read_text() == before
    assert sorted(p.name for p in (tmp_path / "ix" / "shards").iterdir()) == ["shard-00000"]
    assert Index(tmp_path / "ix").documents == 5


def test_existing_output_is_not_replaced_without_force(tmp_path: Path, rng: random.Random) -> None:
    build_index(corpus(rng, 3), tmp_path / "ix")
    with pytest.raises(FileExistsError):
        build_index(corpus(rng, 3), tmp_path / "ix")


def test_empty_corpus_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(EmptyCorpusError):
        build_index([], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()


def test_unknown_format_version_is_a_clear_error(tmp_path: Path, rng: random.Random) -> None:
    build_index(corpus(rng, 3), tmp_path / "ix")
    path = tmp_path / "ix" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["format_version"] = 99
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="format version 99 is not supported"):
        Index(tmp_path / "ix")
    path.write_text("{not json")
    with pytest.raises(IndexFormatError, match="unreadable manifest"):
        Index(tmp_path / "ix")
    with pytest.raises(IndexFormatError, match="not a clearance index"):
        Index(tmp_path)


def test_manifest_records_counts_settings_and_checksums(tmp_path: Path, rng: random.Random) -> None:
    docs = corpus(rng, 8) + [Document(id="lib.py", text="def f(x):\n    return x + 1\n" * 20)]
    manifest = build_index(docs, tmp_path / "ix")
    assert manifest["counts"]["documents"] == 9
    assert manifest["counts"]["characters"] == sum(len(d.text) for d in docs)
    assert manifest["counts"]["tokens"]["code"] > 0
    assert set(manifest["normalizer"]["channels"]) == {"words", "code"}
    files = manifest["shards"][0]["files"]
    assert {"text.bin", "documents.sqlite", "words.keys.npy"} <= set(files)
    assert all(len(f["crc32"]) == 8 for f in files.values())


def test_document_lookup_returns_text_and_metadata(tmp_path: Path, rng: random.Random) -> None:
    docs = corpus(rng, 4)
    docs[1].title, docs[1].author, docs[1].url = "A Title", "An Author", "https://example.org/a"
    index = build(tmp_path, docs)
    row = index.document("d1")
    assert row["text"] == docs[1].text and row["title"] == "A Title" and row["license"] == "CC-BY-4.0"
    assert index.document("missing") is None


from conftest import build  # noqa: E402


def test_a_span_held_under_several_licenses_lists_them_all(tmp_path: Path, rng: random.Random) -> None:
    shared = random_text(rng, 80)
    docs = corpus(rng, 5) + [
        Document(id="mit.txt", text="A. " + shared, license="MIT"),
        Document(id="gpl.txt", text="B. " + shared, license="GPL-3.0-only"),
        Document(id="none.txt", text="C. " + shared),
    ]
    index = build(tmp_path, docs)
    [m] = index.search("Quoting: " + shared)
    assert m.count == 3 and m.licenses == ["GPL-3.0-only", "MIT", "unknown"]
    assert m.license in m.licenses
