"""A whole curate run: read -> map shards (license, opt-out, policy, PII, signing) -> dedup ->
finish shards (data and manifest parts) -> manifest, NOTICE, data card.

Resumable: each phase and shard leaves a marker; a rerun with the same config skips what is done.
A shard task that fails does not stop the others; the run then stops with the failures named, and
the next run redoes only the unfinished shards.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from clearance.curate.config import ConfigError, CurateConfig
from clearance.curate.executors import TasksFailed, make_pool
from clearance.curate.outputs.datacard import render_datacard, write_datacard
from clearance.curate.outputs.manifest import merge_manifest
from clearance.curate.outputs.notice import write_notice
from clearance.curate.outputs.plots import draw_plots
from clearance.curate.outputs.tally import tally
from clearance.curate.pipeline.dedup_phase import dedup_phase
from clearance.curate.pipeline.finish_phase import finish_shard
from clearance.curate.pipeline.input_state import changed_inputs, input_state
from clearance.curate.pipeline.layout import RunLayout
from clearance.curate.pipeline.lock import LOCK_NAME, RunInUse, run_lock
from clearance.curate.pipeline.map_phase import map_shard
from clearance.curate.pipeline.progress import RunProgress
from clearance.curate.pipeline.read import read_inputs
from clearance.io.atomic import write_json_atomic

#: Settings that may change between a run and its resumption without changing any result.
_RESUMABLE_CHANGES = ("executor", "workers")


@dataclass(slots=True)
class CurateSummary:
    output: Path
    documents: int = 0
    kept: int = 0
    kept_bytes: int = 0
    input_bytes: int = 0
    decisions: dict[str, int] = field(default_factory=dict)
    drop_codes: dict[str, int] = field(default_factory=dict)
    shards: int = 0
    shards_resumed: int = 0
    seconds: float = 0.0
    dedup: dict[str, Any] | None = None
    files: list[str] = field(default_factory=list)

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["output"] = str(self.output)
        data["documents_per_second"] = round(self.documents_per_second, 1)
        return data


def _settings(config: CurateConfig) -> dict[str, Any]:
    data = config.to_json()
    for key in _RESUMABLE_CHANGES:
        data.pop(key, None)
    return data


def _refuse_foreign(config: CurateConfig, layout: RunLayout, force: bool) -> None:
    """A directory with files but no run.json is someone else's: never write into it unasked."""
    if force or layout.run_file.exists() or not layout.root.exists():
        return
    if any(entry.name != LOCK_NAME for entry in layout.root.iterdir()):
        raise ConfigError(config.path, None, "run.output",
                          f"{layout.root} exists and is not a curate run; choose an empty or new directory")


def _clear(root: Path) -> None:
    """Empty ``root`` for --force, keeping the lock file this run holds."""
    for entry in root.iterdir():
        if entry.name == LOCK_NAME:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def prepare(config: CurateConfig, layout: RunLayout, force: bool) -> None:
    """Start a new run, or resume one made with the same settings on the same inputs; another run's
    directory is refused."""
    _refuse_foreign(config, layout, force)
    resuming = False
    if layout.run_file.exists():
        record = orjson.loads(layout.run_file.read_bytes())
        previous = record.get("settings")
        if previous != _settings(config) and not force:
            changed = sorted(k for k in set(previous or {}) | set(_settings(config))
                             if (previous or {}).get(k) != _settings(config).get(k))
            raise ConfigError(config.path, None, "run.output",
                              f"{layout.root} holds a run made with other settings (changed: {', '.join(changed)}); "
                              "choose another output directory, or --force to start it over")
        resuming = not force
        recorded = record.get("inputs")  # runs made before inputs were recorded have none
        changed = changed_inputs(recorded, input_state(config.inputs)) if resuming and recorded is not None else []
        if changed:
            raise ConfigError(config.path, None, "input",
                              f"{layout.root} holds a run started on other inputs (changed since: "
                              f"{'; '.join(changed)}); its shards would mix two corpora: --force to start it over")
    if force and layout.root.exists():
        _clear(layout.root)
    layout.root.mkdir(parents=True, exist_ok=True)
    layout.make_dirs()
    if resuming:
        layout.remove_stale_temporaries()
    if not layout.run_file.exists():
        write_json_atomic(layout.run_file, {"status": "running", "settings": _settings(config),
                                            "inputs": input_state(config.inputs),
                                            "started": datetime.now(UTC).isoformat(timespec="seconds")})


def run_curate(config: CurateConfig, *, progress: bool = False, force: bool = False) -> CurateSummary:
    """Run (or resume) the pipeline the config describes; returns what it did.

    The run directory is locked for the run's length: a second run on it is a ConfigError."""
    layout = RunLayout(config.output)
    _refuse_foreign(config, layout, force)  # before the lock file is made in it
    try:
        with run_lock(layout.root):
            return _run(config, layout, progress, force)
    except RunInUse as exc:
        raise ConfigError(config.path, None, "run.output", f"{exc}; wait for it, or stop it") from None


def _run(config: CurateConfig, layout: RunLayout, progress: bool, force: bool) -> CurateSummary:
    start = time.perf_counter()
    prepare(config, layout, force)
    root = str(layout.root)
    summary = CurateSummary(layout.root)
    mapped: dict[int, dict[str, Any]] = {}
    finished: dict[int, dict[str, Any]] = {}

    with RunProgress(progress) as bars, make_pool(config.executor, config.workers) as pool:
        def done(key: tuple[str, int], result: dict[str, Any]) -> None:
            phase, index = key
            (mapped if phase == "map" else finished)[index] = result
            summary.shards_resumed += phase == "map" and bool(result.get("skipped"))
            bars.advance(phase)

        pool.on_done = done
        bars.start("read", None, "documents")
        bars.start("map", None, "shards")
        if layout.read_done.exists():
            shards = orjson.loads(layout.read_done.read_bytes())["shards"]
            bars.total("read", 0)
            for index in range(shards):
                pool.submit(("map", index), map_shard, config, root, index)
        else:
            try:
                stats = read_inputs(config, layout, lambda i: pool.submit(("map", i), map_shard, config, root, i),
                                    lambda n: bars.advance("read", n))
            except BaseException:
                pool.drain()  # keep the work of the shards already running
                raise
            shards = stats.shards
        bars.total("map", shards)
        pool.drain()
        if pool.failures:
            raise TasksFailed(pool.failures)

        dedup = None
        if config.dedup.enabled:
            bars.start("dedup", 1, "decide")
            dedup = dedup_phase(config, layout, [mapped[i]["signed"] for i in range(shards)])
            bars.advance("dedup")

        bars.start("finish", shards, "shards")
        for index in range(shards):
            pool.submit(("finish", index), finish_shard, config, root, index)
        pool.drain()
        if pool.failures:
            raise TasksFailed(pool.failures)

    parts = [layout.manifest_part(i) for i in range(shards)]
    summary.documents = merge_manifest(parts, layout.manifest)
    notice_works = write_notice(parts, layout.notice, layout.work / "notice", layout.root.name)
    counts = tally(parts)
    plots = draw_plots(counts, layout.plots)
    write_datacard(layout.datacard, render_datacard(counts, config, dedup, plots, layout.root))
    summary.kept, summary.kept_bytes, summary.input_bytes = counts.kept, counts.kept_bytes, counts.bytes
    summary.decisions, summary.drop_codes = dict(counts.decisions), dict(counts.drop_codes)
    summary.shards, summary.dedup = shards, dedup
    summary.seconds = time.perf_counter() - start
    summary.files = [str(p.relative_to(layout.root)) for p in
                     [layout.manifest, layout.notice, layout.datacard, *plots,
                      *sorted(layout.data.glob("part-*"))]]
    assert notice_works == counts.kept
    record = orjson.loads(layout.run_file.read_bytes())
    record.update(status="complete", finished=datetime.now(UTC).isoformat(timespec="seconds"),
                  summary=summary.to_json())
    write_json_atomic(layout.run_file, record)
    return summary
