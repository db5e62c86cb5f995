"""Resumable runs: per-document results written to Parquet parts as the run goes.

A run directory holds ``run.json`` (the settings the results depend on) and ``parts/part-NNNNNN.parquet``.
Each part is written under a temporary name and renamed into place, so a part either exists whole or
not at all: a run killed at any moment loses at most the part being written. A rerun with the same
settings reads the finished parts, skips the documents they hold, and scores only the rest; a rerun
with different settings is refused (its results could not be mixed with the old ones).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from clearance.io.atomic import replacing, write_bytes_atomic

PART_NAME = re.compile(r"part-(\d{6})\.parquet")
SETTINGS_FILE = "run.json"


class RunMismatchError(ValueError):
    """The output directory holds a run made with other settings."""

    def __init__(self, directory: Path, differences: list[str]) -> None:
        super().__init__(directory, differences)
        self.directory = directory
        self.differences = differences

    def __str__(self) -> str:
        return (f"{self.directory}: holds a run with other settings ({'; '.join(self.differences)}); "
                "use another --out, or --fresh to discard it")


class PartStore:
    """Parquet parts of one run, keyed by a string column that names each finished document."""

    def __init__(self, directory: Path, schema: pa.Schema, settings: Mapping[str, Any], *, key: str = "key",
                 fresh: bool = False) -> None:
        if key not in schema.names:
            raise ValueError(f"schema has no key column {key!r}")
        self.directory = directory
        self.parts_dir = directory / "parts"
        self.schema = schema
        self.key = key
        self.settings = json.loads(json.dumps(dict(settings)))  # normalized as it will be read back
        self.set_aside: list[Path] = []
        self._open(fresh)

    def _open(self, fresh: bool) -> None:
        settings_path = self.directory / SETTINGS_FILE
        if fresh:
            for part in self._parts():
                part.unlink()
            settings_path.unlink(missing_ok=True)
        if settings_path.is_file():
            stored = json.loads(settings_path.read_text(encoding="utf-8"))
            differences = [f"{name}: {stored.get(name)!r} then, {value!r} now"
                           for name, value in self.settings.items() if stored.get(name) != value]
            differences += [f"{name}: {stored[name]!r} then, absent now" for name in stored if name not in self.settings]
            if differences:
                raise RunMismatchError(self.directory, differences)
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(settings_path, json.dumps(self.settings, indent=2, sort_keys=True).encode())

    def _parts(self) -> list[Path]:
        if not self.parts_dir.is_dir():
            return []
        return sorted(p for p in self.parts_dir.iterdir() if PART_NAME.fullmatch(p.name))

    def done_keys(self) -> set[str]:
        """Keys of every document a finished part holds.

        Leftovers of a killed run (temporary part files) are removed. A part that cannot be read (a disk
        fault: parts are renamed into place whole) is renamed ``*.corrupt``, kept for inspection, listed in
        ``set_aside``, and its documents are scored again.
        """
        for leftover in self.parts_dir.glob(".part-*.tmp-*"):
            leftover.unlink(missing_ok=True)
        done: set[str] = set()
        for part in self._parts():
            try:
                done.update(pq.read_table(part, columns=[self.key]).column(self.key).to_pylist())
            except (pa.ArrowInvalid, OSError):
                aside = part.with_name(part.name + ".corrupt")
                os.replace(part, aside)
                self.set_aside.append(aside)
        return done

    def write(self, rows: Iterable[Mapping[str, Any]]) -> Path | None:
        """One new part holding ``rows``, renamed into place when complete."""
        table = pa.Table.from_pylist(list(rows), schema=self.schema)
        if table.num_rows == 0:
            return None
        parts = self._parts()
        number = int(PART_NAME.fullmatch(parts[-1].name).group(1)) + 1 if parts else 0
        path = self.parts_dir / f"part-{number:06d}.parquet"
        with replacing(path) as tmp:
            pq.write_table(table, tmp)
        return path

    def table(self) -> pa.Table:
        """All finished rows, the first copy of each key (a part can only repeat one if written twice)."""
        tables = [pq.read_table(part, schema=self.schema) for part in self._parts()]
        if not tables:
            return self.schema.empty_table()
        table = pa.concat_tables(tables)
        keys = table.column(self.key).to_pylist()
        seen: set[str] = set()
        keep = [i for i, k in enumerate(keys) if not (k in seen or seen.add(k))]
        return table.take(keep) if len(keep) < table.num_rows else table


def write_parquet(table: pa.Table, path: Path) -> None:
    """A whole table under a temporary name, renamed into place."""
    with replacing(path) as tmp:
        pq.write_table(table, tmp)
