"""The inputs' recorded state: what a resumed run compares to refuse changed inputs."""

from __future__ import annotations

import os
from pathlib import Path

from clearance.curate.config import InputSpec
from clearance.curate.pipeline.input_state import changed_inputs, input_state


def _config(*paths: Path) -> list[InputSpec]:
    return [InputSpec(path=p) for p in paths]


def test_a_directory_is_compared_by_its_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("one")
    (docs / ".hidden").write_text("skipped by the readers, so by the comparison")
    before = input_state(_config(docs))
    assert before == [{"path": str(docs), "files": 1, "bytes": 3, "newest_mtime_ns": (docs / "a.txt").stat().st_mtime_ns}]
    (docs / ".hidden").write_text("changed")
    assert changed_inputs(before, input_state(_config(docs))) == []
    (docs / "sub").mkdir()
    (docs / "sub" / "b.txt").write_text("two")
    (changed,) = changed_inputs(before, input_state(_config(docs)))
    assert changed.startswith(f"{docs} (bytes 3 -> 6, files 1 -> 2, newest_mtime_ns")


def test_a_file_rewritten_to_the_same_size_is_a_change(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "a"}\n')
    before = input_state(_config(path))
    path.write_text('{"text": "b"}\n')
    os.utime(path, ns=(before[0]["mtime_ns"] + 10**9, before[0]["mtime_ns"] + 10**9))
    (changed,) = changed_inputs(before, input_state(_config(path)))
    assert "mtime_ns" in changed and "bytes" not in changed


def test_a_named_pipe_cannot_be_compared_and_other_inputs_can(tmp_path: Path) -> None:
    pipe, other = tmp_path / "feed.jsonl", tmp_path / "other.jsonl"
    os.mkfifo(pipe)
    other.write_text("x")
    before = input_state(_config(pipe, other))
    assert before[0] == {"path": str(pipe), "kind": "stream"}
    pipe.unlink()
    pipe.write_text("now a file")
    assert changed_inputs(before, input_state(_config(pipe, other))) == []
    assert changed_inputs(before, input_state(_config(other))) == ["the list of inputs"]
