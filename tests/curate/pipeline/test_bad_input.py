"""Bad input is recorded in the manifest with its reason, never a crash; an empty corpus is an error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from clearance.curate import EmptyCorpusError, load_config, run_curate
from clearance.io import id_registry
from tests.curate.pipeline.conftest import manifest, write_config, write_jsonl


def _config(tmp_path: Path, inputs: list[str], extra: str = "") -> Path:
    listed = "\n".join(f'[[input]]\npath = "{p}"\n' for p in inputs)
    return write_config(tmp_path / "c.toml", f"""
[run]
output = "out"
{extra}
{listed}
[license]
profile = "permissive-only"
unknown = "keep"
[optout]
enabled = false
""")


def test_bad_files_are_skipped_with_their_reason(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "good.txt").write_text("A readable document with several words in it.", encoding="utf-8")
    (files / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (files / "binary.dat").write_bytes(b"\x00\x01\x02binary")
    (files / "broken.html").write_text("<html><body><p>Half a page of words <b>never <i>closed and <div>more",
                                       encoding="utf-8")
    huge = files / "huge.txt"
    with open(huge, "wb") as handle:  # a 1 GB document, sparse: nothing is written and nothing is read
        handle.truncate(1 << 30)
    summary = run_curate(load_config(_config(tmp_path, ["files", "missing.jsonl"])))
    rows = manifest(tmp_path / "out")
    by_source = {Path(r["source"] or r["id"]).name: r for r in rows.values()}
    assert by_source["good.txt"]["decision"] == "keep"
    assert by_source["broken.html"]["decision"] == "keep"  # broken HTML still yields its text
    assert "undecodable" in by_source["latin1.txt"]["reasons"][0]
    assert "binary" in by_source["binary.dat"]["reasons"][0]
    assert by_source["huge.txt"]["drop_code"] == "too-large" and "1073741824 bytes" in by_source["huge.txt"]["reasons"][0]
    assert by_source["missing.jsonl"]["drop_code"] == "bad-input"
    assert "no such file" in by_source["missing.jsonl"]["reasons"][0]
    assert summary.documents == 6 and summary.kept == 2


def test_record_over_the_configured_limit_is_recorded_not_read(tmp_path: Path) -> None:
    big = {"id": "big", "text": "word " * 400, "license": "MIT", "title": "Big"}
    write_jsonl(tmp_path / "c.jsonl", [{"id": "small", "text": "short text here", "license": "MIT"}, big])
    run_curate(load_config(_config(tmp_path, ["c.jsonl"], "max_document_bytes = 1000")))
    rows = manifest(tmp_path / "out")
    assert rows["small"]["decision"] == "keep"
    # the line is skipped before it is parsed: the row is named by its place, and says its size
    line = len(json.dumps(big))
    (skipped,) = [row for row in rows.values() if row["drop_code"] == "too-large"]
    assert skipped["id"].endswith("c.jsonl:2") and skipped["bytes"] == line
    assert skipped["reasons"] == [f"{skipped['id']}: line is {line} bytes, over the 1000-byte limit; skipped"]


def test_empty_corpus_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(EmptyCorpusError, match="no documents to curate in .*empty.jsonl"):
        run_curate(load_config(_config(tmp_path, ["empty.jsonl"])))


def test_only_bad_records_is_an_empty_corpus_naming_the_first(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError, match=r"1 bad record\(s\); first: .*bad.jsonl:1"):
        run_curate(load_config(_config(tmp_path, ["bad.jsonl"])))


def test_abort_on_error_stops_at_the_first_bad_record(tmp_path: Path) -> None:
    from clearance.io import InputError

    write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "fine"}], extra_lines=("[1, 2]",))
    with pytest.raises(InputError, match="c.jsonl:2"):
        run_curate(load_config(_config(tmp_path, ["c.jsonl"], 'on_error = "abort"')))


@pytest.mark.skipif(os.name != "posix", reason="sparse files")
def test_sparse_file_is_not_read(tmp_path: Path) -> None:
    # reading 1 GB would take seconds; the skip is decided from the size alone
    import time

    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "ok.txt").write_text("some words", encoding="utf-8")
    with open(tmp_path / "f" / "big.txt", "wb") as handle:
        handle.truncate(1 << 30)
    start = time.perf_counter()
    run_curate(load_config(_config(tmp_path, ["f"])))
    assert time.perf_counter() - start < 20


def test_an_id_repeated_across_inputs_is_recorded_past_the_memory_cap(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The read stage's registry of ids spills to the run's work folder; the answer is the same."""
    monkeypatch.setattr(id_registry, "MEMORY_IDS", 3)
    monkeypatch.setattr(id_registry, "BATCH", 2)
    words = "a document with enough words to keep under the permissive profile"
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": f"d{i}", "text": f"{words} {i}", "license": "MIT"}
                                               for i in range(12)])
    second = write_jsonl(tmp_path / "b.jsonl", [{"id": "d4", "text": f"{words} again", "license": "MIT"},
                                                {"id": "e1", "text": f"{words} e", "license": "MIT"}])
    run_curate(load_config(_config(tmp_path, [str(first), str(second)])))
    rows = manifest(tmp_path / "out")
    duplicates = [r for r in rows.values() if any("duplicate id 'd4' across inputs" in x for x in r["reasons"])]
    assert [(r["id"], r["decision"]) for r in duplicates] == [(str(second), "drop")]
    assert rows["e1"]["decision"] == rows["d4"]["decision"] == "keep"
    assert rows["d4"]["source"] == str(first)
    assert not list((tmp_path / "out" / "work").glob("clearance-ids-*.sqlite"))  # deleted after the read
