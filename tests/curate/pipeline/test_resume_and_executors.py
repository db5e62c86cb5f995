"""Resumable runs: a failed shard does not lose the others; a rerun redoes only what is unfinished.
The process pool and Ray give the same manifest as the in-process executor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from clearance.curate import load_config, run_curate
from clearance.curate.config import ConfigError
from clearance.curate.executors import TasksFailed
from clearance.curate.pipeline.layout import RunLayout
from clearance.curate.pipeline.run import prepare
from tests.curate.pipeline.conftest import kept_data, manifest


def _comparable(run_dir: Path) -> list[dict]:
    return pq.read_table(run_dir / "manifest.parquet").drop(["shard"]).to_pylist()


def test_failed_shard_keeps_the_others_and_rerun_resumes(corpus: Path, tmp_path: Path) -> None:
    reference = run_curate(load_config(corpus).replace(output=tmp_path / "clean"))
    config = load_config(corpus).replace(workers=2)
    out = config.output
    # Inject a failure: a directory where shard 1's mapped Parquet file must be renamed to.
    prepare(config, RunLayout(out), force=False)
    blocker = out / "work" / "mapped" / "shard-00001.parquet"
    (blocker / "in-the-way").mkdir(parents=True)
    with pytest.raises(TasksFailed) as failed:
        run_curate(config)
    assert [f.key for f in failed.value.failures] == [("map", 1)]
    assert (out / "work" / "mapped" / "shard-00000.done").exists()
    assert (out / "work" / "mapped" / "shard-00002.done").exists()
    assert not (out / "work" / "mapped" / "shard-00001.done").exists()
    assert not (out / "manifest.parquet").exists()
    done_before = (out / "work" / "mapped" / "shard-00000.done").stat().st_mtime_ns

    shutil.rmtree(blocker)
    summary = run_curate(config)
    assert summary.shards_resumed == 2  # shards 0 and 2 were not redone
    assert (out / "work" / "mapped" / "shard-00000.done").stat().st_mtime_ns == done_before
    assert _comparable(out) == _comparable(reference.output)
    assert kept_data(out) == kept_data(reference.output)


def test_interrupted_read_resumes_from_written_shards(corpus: Path) -> None:
    config = load_config(corpus)
    first = run_curate(config)
    # Simulate a crash after the read: drop the later markers, keep the input shards.
    work = config.output / "work"
    for marker in [*work.glob("mapped/*.done"), *work.glob("final/*.done"), work / "dedup.done"]:
        marker.unlink()
    (config.output / "manifest.parquet").unlink()
    again = run_curate(config)
    assert again.shards_resumed == 0 and again.documents == first.documents
    assert manifest(config.output) == manifest(first.output)


def test_other_settings_in_the_same_directory_are_refused(corpus: Path) -> None:
    config = load_config(corpus)
    run_curate(config)
    changed = config.replace(shard_size=2)
    with pytest.raises(ConfigError, match="other settings.*shard_size"):
        run_curate(changed)
    assert run_curate(changed, force=True).shards == 5
    # executor and workers may change between a run and its resumption
    assert run_curate(changed.replace(workers=2)).shards_resumed == 5


def test_ray_executor_matches_local(corpus: Path, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    local = run_curate(load_config(corpus).replace(output=tmp_path / "local"))
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        on_ray = run_curate(load_config(corpus).replace(executor="ray", output=tmp_path / "ray"))
    finally:
        ray.shutdown()
    assert _comparable(on_ray.output) == _comparable(local.output)
    assert kept_data(on_ray.output) == kept_data(local.output)


def test_a_directory_that_is_not_a_run_is_refused_untouched(corpus: Path) -> None:
    config = load_config(corpus)
    config.output.mkdir()
    (config.output / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not a curate run"):
        run_curate(config)
    assert [p.name for p in config.output.iterdir()] == ["notes.txt"]  # not even a lock file was made


def test_rerun_removes_what_killed_writers_left(corpus: Path) -> None:
    config = load_config(corpus)
    first = run_curate(config)
    layout = RunLayout(config.output)
    stale = [config.output / "data" / ".part-00000.parquet.tmp-4242",
             config.output / "work" / "mapped" / ".shard-00001.parquet.tmp-4242",
             config.output / "work" / "signatures" / ".shard-00002.tmp-0badc0de",
             config.output / ".manifest.parquet.tmp-4242"]
    for path in stale:
        if "signatures" in path.parts:
            path.mkdir()
            (path / "half-written").write_bytes(b"x")
        else:
            path.write_bytes(b"half-written")
    assert layout.stale_temporaries() == sorted(stale)
    again = run_curate(config)
    assert layout.stale_temporaries() == [] and not any(p.exists() for p in stale)
    assert again.shards_resumed == first.shards and manifest(config.output) == manifest(first.output)


def test_a_run_is_not_resumed_on_changed_inputs(corpus: Path) -> None:
    config = load_config(corpus)
    first = run_curate(config)
    assert run_curate(config).shards_resumed == first.shards  # same inputs: resumed
    source = Path(config.inputs[0].path)
    with open(source, "ab") as handle:
        handle.write(b'{"id": "late", "text": "a record appended after the run started", "license": "MIT"}\n')
    with pytest.raises(ConfigError, match=r"other inputs \(changed since: .*bytes"):
        run_curate(config)
    assert "late" in manifest(run_curate(config, force=True).output)
