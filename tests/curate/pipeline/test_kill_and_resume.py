"""A run killed with SIGKILL (driver, forkserver and workers at once) and run again ends with
exactly the outputs of a run never interrupted.

The kill points are deterministic: the run reads its corpus, or its dedup reference, from a named
pipe the test writes, so the test knows how far the run can have got when it kills it, whatever
the machine's load. Three kills in a row: while the corpus is read (as soon as the first input
shard is on disk; then once some shards are mapped), and in the dedup phase (every shard mapped,
the reference half read). The last run must resume the mapped shards, leave no temporary file,
and write the same manifest, NOTICE, data card and kept data as a clean run of the same config.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from clearance.curate import load_config, run_curate
from clearance.curate.config import ConfigError
from tests.curate.pipeline.conftest import kept_data, write_config

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="named pipes, process groups and /proc")

DOCS = 2000
SHARD = 50
SHARDS = DOCS // SHARD
LICENSES = ("MIT", "CC-BY-4.0", None, "CC-BY-NC-4.0", "Apache-2.0")
CLI = [sys.executable, "-c", "from clearance.cli.main import main; main()", "curate"]
TIMEOUT = 120  # seconds for any one wait; only reached when something is broken


def _text(i: int) -> str:
    seed = i - 1 if i % 10 == 1 else i  # every tenth document repeats the one before it
    text = " ".join(f"w{seed}x{j}" for j in range(30)) + "."
    return text + (f" Write to person{seed}@example.com." if seed % 7 == 0 else "")


def _corpus() -> list[bytes]:
    lines = []
    for i in range(DOCS):
        record = {"id": f"d{i:05d}", "text": _text(i), "title": f"Document {i}"}
        if LICENSES[i % len(LICENSES)]:
            record["license"] = LICENSES[i % len(LICENSES)]
        lines.append(json.dumps(record).encode() + b"\n")
    return lines


def _reference() -> list[bytes]:
    """Another dataset that has every 20th corpus document: those are dropped as its duplicates."""
    return [json.dumps({"id": f"r{i}", "text": _text(i)}).encode() + b"\n" for i in range(0, DOCS, 20)]


def _start(config: Path, log: Path) -> subprocess.Popen[bytes]:
    """``clearance curate CONFIG`` in its own process group, so one killpg reaches its workers."""
    env = {k: v for k, v in os.environ.items() if k != "CLEARANCE_PROGRESS"} | {"HF_HUB_OFFLINE": "1"}
    with open(log, "wb") as sink:
        return subprocess.Popen([*CLI, str(config)], cwd=config.parent, env=env, stdout=sink,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _ended(proc: subprocess.Popen[bytes], log: Path, waiting_for: str) -> str:
    return f"the run ended (exit {proc.returncode}) before {waiting_for}:\n{log.read_text(errors='replace')}"


def _wait_until(condition: Callable[[], bool], proc: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if proc.poll() is not None:
            pytest.fail(_ended(proc, log, what))
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the whole group, then wait until none of its processes lives (zombies aside)."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + TIMEOUT
    while _live_members(proc.pid):
        assert time.monotonic() < deadline, f"processes of group {proc.pid} survived SIGKILL"
        time.sleep(0.01)


def _live_members(group: int) -> list[int]:
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(pgrp) == group and state not in ("Z", "X"):
            live.append(int(stat.parent.name))
    return live


class _Feeder:
    """Writes ``data`` into a named pipe the run reads, from a thread (a pipe holds 64 KiB; the run
    reads at its own pace), and keeps it open until ``close``: the run never sees the input end."""

    def __init__(self, fifo: Path, proc: subprocess.Popen[bytes], log: Path, data: bytes) -> None:
        self.fd = self._open(fifo, proc, log)
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._write, args=(data,), daemon=True)
        self._thread.start()

    @staticmethod
    def _open(fifo: Path, proc: subprocess.Popen[bytes], log: Path) -> int:
        """Open the write end once the run has opened the read end: this returning is the signal
        that the run got there."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
            else:
                os.set_blocking(fd, True)
                return fd
            if proc.poll() is not None:
                pytest.fail(_ended(proc, log, f"opening {fifo.name}"))
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for the run to open {fifo.name}")
            time.sleep(0.005)

    def _write(self, data: bytes) -> None:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view):]
            self._release.wait()
        except BrokenPipeError:
            pass  # the reader was killed
        finally:
            os.close(self.fd)

    def close(self) -> None:
        self._release.set()
        self._thread.join(TIMEOUT)


def _run_to_end(config: Path, *options: str) -> dict[str, Any]:
    """``clearance curate CONFIG --json``, to its end; its summary."""
    env = os.environ | {"HF_HUB_OFFLINE": "1"}
    result = subprocess.run([*CLI, str(config), "--json", *options], cwd=config.parent, env=env,
                            capture_output=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return json.loads(result.stdout)


def _as_file(path: Path, lines: list[bytes]) -> None:
    """Replace the pipe with a regular file holding the whole input."""
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(b"".join(lines))
    os.replace(tmp, path)


def _outputs(out: Path) -> dict[str, object]:
    return {"manifest": pq.read_table(out / "manifest.parquet").to_pylist(),
            "NOTICE": (out / "NOTICE").read_text(encoding="utf-8"),
            "DATACARD.md": (out / "DATACARD.md").read_text(encoding="utf-8"),
            "data": kept_data(out)}


def test_run_killed_three_times_resumes_to_the_clean_result(tmp_path: Path) -> None:
    config = write_config(tmp_path / "curate.toml", f"""
[run]
output = "out"
shard_size = {SHARD}
workers = 2

[[input]]
path = "corpus.jsonl"

[license]
profile = "permissive-only"

[optout]
enabled = false

[dedup]
reference = "reference.jsonl"
""")
    corpus, reference = tmp_path / "corpus.jsonl", tmp_path / "reference.jsonl"
    os.mkfifo(corpus)
    os.mkfifo(reference)
    lines = _corpus()
    work = tmp_path / "out" / "work"

    def mapped() -> list[Path]:
        return sorted(work.glob("mapped/*.done"))

    # 1. Killed while reading, as soon as the first input shard is on disk (3 shards' lines fed).
    proc = _start(config, tmp_path / "run1.log")
    feeder = _Feeder(corpus, proc, tmp_path / "run1.log", b"".join(lines[:3 * SHARD]))
    _wait_until((work / "input" / "shard-00000.parquet").exists, proc, tmp_path / "run1.log", "the first input shard")
    _kill(proc)
    feeder.close()
    assert not (work / "read.done").exists()

    # 2. Killed while reading, once 3 shards are mapped (20 of the 40 shards' lines fed).
    proc = _start(config, tmp_path / "run2.log")
    feeder = _Feeder(corpus, proc, tmp_path / "run2.log", b"".join(lines[:20 * SHARD]))
    _wait_until(lambda: len(mapped()) >= 3, proc, tmp_path / "run2.log", "3 mapped shards")
    with pytest.raises(ConfigError, match="in use by another clearance curate run"):
        run_curate(load_config(config))  # a second run on the directory is refused while this one lives
    _kill(proc)
    feeder.close()
    done_in_run2 = {marker: marker.stat().st_mtime_ns for marker in mapped()}
    assert 3 <= len(done_in_run2) <= 20 and not (work / "read.done").exists()

    # 3. Killed in the dedup phase: the corpus is whole now, and the run waits on the reference pipe.
    _as_file(corpus, lines)
    proc = _start(config, tmp_path / "run3.log")
    refs = _reference()
    feeder = _Feeder(reference, proc, tmp_path / "run3.log", b"".join(refs[: len(refs) // 2]))
    assert len(mapped()) == SHARDS and (work / "read.done").exists()  # dedup starts after every shard
    assert {m: m.stat().st_mtime_ns for m in done_in_run2} == done_in_run2  # run 2's shards were not redone
    _kill(proc)
    feeder.close()
    assert not list(work.glob("final/*.done")) and not (work / "dedup.done").exists()

    # 4. The rerun finishes, resuming every mapped shard.
    _as_file(reference, refs)
    summary = _run_to_end(config)
    assert summary["shards"] == SHARDS and summary["shards_resumed"] == SHARDS
    assert summary["documents"] == DOCS
    left = [p for p in (tmp_path / "out").rglob("*") if ".tmp-" in p.name or ".old-" in p.name]
    assert not left, f"temporary files left: {left}"

    # 5. Same outputs as a clean run of the same config.
    clean = _run_to_end(config, "--output", str(tmp_path / "clean" / "out"))
    assert clean["shards_resumed"] == 0
    assert summary["drop_codes"] == clean["drop_codes"] and summary["drop_codes"]["duplicate"] > 0
    resumed, fresh = _outputs(tmp_path / "out"), _outputs(tmp_path / "clean" / "out")
    for name in resumed:
        assert resumed[name] == fresh[name], f"{name} differs from a clean run's"
