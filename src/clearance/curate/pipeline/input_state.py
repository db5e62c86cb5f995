"""What the inputs looked like when a run started, so that resuming it on changed inputs is refused.

A resumed run reuses the shards it had read; if an input file was edited, appended to or replaced
in between, the output would silently mix two versions of the corpus. Each input is recorded by
size and modification time (a file), or by its number of files, total size and newest
modification time (a directory, hidden entries skipped as the readers skip them): a stat per file,
no reading. A named pipe is read as it comes and cannot be compared: it is recorded as a stream.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

from clearance.curate.config import InputSpec


def _directory_state(root: Path) -> dict[str, int]:
    files = size = newest = 0
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue  # unreadable now: the read reports it
            files += 1
            size += stat.st_size
            newest = max(newest, stat.st_mtime_ns)
    return {"files": files, "bytes": size, "newest_mtime_ns": newest}


def input_state(inputs: Sequence[InputSpec]) -> list[dict[str, Any]]:
    """One entry per ``[[input]]``, in order."""
    states: list[dict[str, Any]] = []
    for spec in inputs:
        path = Path(spec.path)
        entry: dict[str, Any] = {"path": str(path)}
        try:
            stat = path.stat()
            if S_ISDIR(stat.st_mode):
                entry.update(_directory_state(path))
            elif S_ISREG(stat.st_mode):
                entry.update({"bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns})
            else:
                entry["kind"] = "stream"  # a named pipe or device: read as it comes, nothing to compare
        except OSError as exc:
            entry["error"] = exc.strerror or str(exc)
        states.append(entry)
    return states


def changed_inputs(before: list[dict[str, Any]], now: list[dict[str, Any]]) -> list[str]:
    """Each input whose state differs, as "PATH (what changed)"."""
    if [e["path"] for e in before] != [e["path"] for e in now]:
        return ["the list of inputs"]
    changes = []
    for old, new in zip(before, now, strict=True):
        if old.get("kind") == "stream":
            continue
        differ = [f"{key} {old.get(key)} -> {new.get(key)}" for key in sorted(set(old) | set(new))
                  if key != "path" and old.get(key) != new.get(key)]
        if differ:
            changes.append(f"{old['path']} ({', '.join(differ)})")
    return changes
