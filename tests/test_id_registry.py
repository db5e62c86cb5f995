"""Duplicate ids are found exactly in bounded memory: past its in-memory cap the registry moves to a
SQLite file, and readers and the curate read stage report duplicates the same either way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearance.io import id_registry, read_corpus
from clearance.io.id_registry import IdRegistry


def test_new_ids_are_none_and_repeats_give_the_first_place(tmp_path: Path) -> None:
    with IdRegistry(memory_ids=3, folder=tmp_path, batch=2) as ids:
        assert [ids.first_seen(f"d{i}", f"f:{i}") for i in range(10)] == [None] * 10
        assert ids.on_disk
        assert ids._memory == {} and len(ids._pending) < 2  # bounded: the cap, then a batch at most
        # in memory before the spill, on disk after it, and still pending: all found, with the first place
        assert ids.first_seen("d0", "g:1") == "f:0"
        assert ids.first_seen("d5", "g:2") == "f:5"
        assert ids.first_seen("d9", "g:3") == "f:9"
        assert ids.first_seen("d10", "g:4") is None
        files = list(tmp_path.glob("clearance-ids-*.sqlite"))
        assert len(files) == 1
    assert not files[0].exists()  # closing deletes the file


def test_a_small_registry_never_touches_disk(tmp_path: Path) -> None:
    ids = IdRegistry(memory_ids=100, folder=tmp_path)
    assert ids.first_seen("a") is None and ids.first_seen("a") == "" and not ids.on_disk
    assert list(tmp_path.iterdir()) == []


def test_a_dropped_registry_deletes_its_file(tmp_path: Path) -> None:
    ids = IdRegistry(memory_ids=1, folder=tmp_path, batch=1)
    ids.first_seen("a")
    ids.first_seen("b")
    (path,) = tmp_path.glob("*.sqlite")
    del ids
    assert not path.exists()


def test_read_corpus_reports_duplicates_past_the_memory_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(id_registry, "MEMORY_IDS", 5)
    monkeypatch.setattr(id_registry, "BATCH", 4)
    path = tmp_path / "c.jsonl"
    rows = [{"id": f"d{i}", "text": "t"} for i in range(40)] + [{"id": "d3", "text": "again"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    stream = read_corpus([path])
    docs = list(stream)
    assert len(docs) == 40
    assert [str(e) for e in stream.errors] == [f"{path}:41: duplicate id 'd3' (first seen at {path}:4)"]
