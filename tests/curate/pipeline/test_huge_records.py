"""A single record bigger than the limit is skipped without being held whole: a JSONL line is read
on in bounded chunks and dropped, a Parquet text is measured from Arrow's offsets before any
Python string is made, a lone file is judged by its size. Memory is measured with tracemalloc."""

from __future__ import annotations

import gzip
import json
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from clearance.curate import load_config, run_curate
from clearance.curate.sources import SourceSpec, open_source
from clearance.documents import Document
from clearance.io import InputError, read_corpus
from tests.curate.pipeline.conftest import manifest, write_config

MB = 1 << 20
HEAD = b'{"id": "huge", "text": "'
TAIL = b'"}'


def _huge_jsonl(path: Path, size: int) -> int:
    """A JSONL file whose line 2 is ``size`` bytes long, sparse (a hole of NULs: costs no disk);
    returns the length of that line."""
    with open(path, "wb") as handle:
        handle.write(b'{"id": "a", "text": "the first small record"}\n')
        handle.write(HEAD)
        handle.seek(size - len(HEAD) - len(TAIL), 1)
        handle.write(TAIL + b"\n")
        handle.write(b'{"id": "b", "text": "the record after it"}\n')
    return size


def _peak(fn: Callable[[], Any]) -> tuple[Any, int]:
    """fn's result and the most memory Python allocated while it ran."""
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_huge_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    line = _huge_jsonl(tmp_path / "huge.jsonl", 70 * MB)
    items, peak = _peak(lambda: list(open_source(SourceSpec(tmp_path / "huge.jsonl", max_bytes=MB))))
    assert [item.id for item in items if isinstance(item, Document)] == ["a", "b"]
    (skipped,) = [item for item in items if isinstance(item, InputError)]
    assert skipped.line == 2 and skipped.reason == f"line is {line} bytes, over the {MB}-byte limit; skipped"
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB for a {line / MB:.0f} MB line"


def test_huge_line_in_a_gzip_file_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    _huge_jsonl(tmp_path / "plain.jsonl", 20 * MB)
    packed = tmp_path / "huge.jsonl.gz"
    with open(tmp_path / "plain.jsonl", "rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
        shutil.copyfileobj(src, dst, MB)
    (tmp_path / "plain.jsonl").unlink()
    items, peak = _peak(lambda: list(open_source(SourceSpec(packed, max_bytes=MB))))
    assert [item.id for item in items if isinstance(item, Document)] == ["a", "b"]
    assert [item.line for item in items if isinstance(item, InputError)] == [2]
    assert peak < 8 * MB


def test_a_zstd_bomb_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    """300 MB of one byte compresses to about 10 KB: one decompressor call on it would return it all."""
    packed = tmp_path / "bomb.jsonl.zst"
    with zstandard.ZstdCompressor(level=3).stream_writer(open(packed, "wb")) as dst:
        dst.write(b'{"id": "a", "text": "the first small record"}\n' + HEAD)
        for _ in range(300):
            dst.write(b"a" * MB)
        dst.write(TAIL + b'\n{"id": "b", "text": "the record after it"}\n')
    assert packed.stat().st_size < 100_000
    items, peak = _peak(lambda: list(open_source(SourceSpec(packed, max_bytes=MB))))
    assert [item.id for item in items if isinstance(item, Document)] == ["a", "b"]
    assert [item.line for item in items if isinstance(item, InputError)] == [2]
    assert peak < 24 * MB


def test_line_limit_boundary_and_default_off(tmp_path: Path) -> None:
    record = {"id": "x", "text": "y" * 100}
    exact = json.dumps(record).encode()
    path = tmp_path / "edge.jsonl"
    path.write_bytes(exact + b"\r\n" + json.dumps({"id": "z", "text": "y" * 101}).encode() + b"\n")
    limit = len(exact)
    bad: list[InputError] = []
    ids = [doc.id for doc in read_corpus([path], on_bad_record=bad.append, max_record_bytes=limit)]
    assert ids == ["x"]  # a line of exactly the limit is read, its CRLF not counted
    reason = f"line is {limit + 1} bytes, over the {limit}-byte limit; skipped"
    assert [(e.line, e.reason) for e in bad] == [(2, reason)]
    assert [doc.id for doc in read_corpus([path])] == ["x", "z"]  # no limit unless asked: the index reads all


def test_long_parquet_text_is_skipped_before_it_becomes_a_string(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    texts = ["small one", "z" * (8 * MB), "small two", "small three", "q" * (2 * MB)]
    pq.write_table(pa.table({"id": ["a", "big", "b", "c", "big2"], "text": texts,
                             "title": ["A", "Big", "B", "C", "Big 2"]}), path)
    del texts
    items, peak = _peak(lambda: list(open_source(SourceSpec(path, max_bytes=MB))))
    docs = [item for item in items if isinstance(item, Document)]
    assert [(doc.id, doc.text, doc.title) for doc in docs] == [("a", "small one", "A"), ("b", "small two", "B"),
                                                               ("c", "small three", "C")]
    skipped = [item for item in items if isinstance(item, InputError)]
    assert [(error.line, error.reason) for error in skipped] == [
        (2, f"text is {8 * MB} bytes, over the {MB}-byte limit; skipped"),
        (5, f"text is {2 * MB} bytes, over the {MB}-byte limit; skipped")]
    assert skipped[0].location.endswith("t.parquet: row 2")
    assert peak < 2 * MB  # the long texts stayed in Arrow's buffers: no Python string was made of them


def test_long_text_in_a_saved_hugging_face_dataset_is_skipped_before_it_becomes_a_string(tmp_path: Path) -> None:
    directory = tmp_path / "ds"
    directory.mkdir()
    table = pa.table({"text": ["small one", "z" * (8 * MB), "small two"], "id": ["a", "big", "b"]})
    with pa.OSFile(str(directory / "data-00000-of-00001.arrow"), "wb") as sink, \
            pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    del table
    (directory / "state.json").write_text('{"_data_files": [{"filename": "data-00000-of-00001.arrow"}], '
                                          '"_split": "train"}')
    (directory / "dataset_info.json").write_text("{}")
    items, peak = _peak(lambda: list(open_source(SourceSpec(directory, format="hf", max_bytes=MB))))
    assert [item.id for item in items if isinstance(item, Document)] == ["a", "b"]
    (skipped,) = [item for item in items if isinstance(item, InputError)]
    assert (skipped.line, skipped.reason) == (2, f"train/1: text is {8 * MB} bytes, over the {MB}-byte limit; skipped")
    assert peak < 2 * MB  # the long text stayed in the memory-mapped Arrow file


def test_lone_file_over_the_limit_is_judged_by_its_size(tmp_path: Path) -> None:
    with open(tmp_path / "big.txt", "wb") as handle:  # sparse 1 GB: reading it would take seconds
        handle.truncate(1 << 30)
    items, peak = _peak(lambda: list(open_source(SourceSpec(tmp_path / "big.txt", max_bytes=MB))))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "1073741824 bytes, over the 1048576-byte limit" in items[0].reason
    assert peak < 8 * MB


def test_pipeline_records_the_huge_line_and_keeps_the_rest(tmp_path: Path) -> None:
    line = _huge_jsonl(tmp_path / "huge.jsonl", 70 * MB)
    config = write_config(tmp_path / "c.toml", """
[run]
output = "out"
max_document_bytes = 1048576
workers = 1
[[input]]
path = "huge.jsonl"
license = "MIT"
[optout]
enabled = false
""")
    summary = run_curate(load_config(config))
    rows = manifest(tmp_path / "out")
    assert summary.documents == 3 and summary.kept == 2
    (skipped,) = [row for row in rows.values() if row["drop_code"] == "too-large"]
    assert skipped["id"] == f"{tmp_path / 'huge.jsonl'}:2" and skipped["bytes"] == line
    assert skipped["reasons"] == [f"{skipped['id']}: line is {line} bytes, over the 1048576-byte limit; skipped"]
