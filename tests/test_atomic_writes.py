"""Atomic writes: the old file or the whole new one, never half; ``durable`` ones reach the disk
before the rename (file) and after it (directory), which is what a completion marker relies on."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pytest

from clearance.curate.pipeline.parquet_io import read_rows, write_rows
from clearance.io import atomic
from clearance.io.atomic import replacing, write_json_atomic


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What ``os.fsync`` was called on, in order: 'file:NAME' or 'dir:NAME'."""
    calls: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        calls.append(f"{'dir' if path.is_dir() else 'file'}:{path.name}")
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", record)
    return calls


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to name synced descriptors")
def test_durable_writes_sync_the_file_then_the_directory(tmp_path: Path, synced: list[str]) -> None:
    with replacing(tmp_path / "plain.txt") as tmp:
        tmp.write_text("x")
    assert synced == []  # not asked for
    with replacing(tmp_path / "kept.txt", durable=True) as tmp:
        tmp.write_text("x")
    assert synced == [f"file:.kept.txt.tmp-{os.getpid()}", f"dir:{tmp_path.name}"]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to name synced descriptors")
def test_shards_and_markers_are_durable(tmp_path: Path, synced: list[str]) -> None:
    shard = tmp_path / "work" / "shard-00000.parquet"
    write_rows(shard, [{"id": "a"}, {"id": "b"}], pa.schema([("id", pa.string())]))
    write_json_atomic(tmp_path / "work" / "shard-00000.done", {"rows": 2})
    assert [r["id"] for r in read_rows(shard)] == ["a", "b"]
    assert synced == [f"file:.shard-00000.parquet.tmp-{os.getpid()}", "dir:work",
                      f"file:.shard-00000.done.tmp-{os.getpid()}", "dir:work"]
