"""Build an index, or add a shard to one, so that a crash never leaves a corrupt index behind.

A new index is written under a temporary sibling directory and renamed into place at the end;
an added shard is written under a temporary name inside the index and becomes visible only
when the manifest that lists it replaces the old one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clearance.documents import Document
from clearance.index.errors import IndexBusyError, IndexFormatError
from clearance.index.manifest import (
    MANIFEST,
    channels_from,
    new_manifest,
    now,
    read_manifest,
    recount,
)
from clearance.index.shard_writer import MAX_SHARD_TOKENS, ShardWriter
from clearance.index.store import STORE, DocumentStore
from clearance.io.atomic import fsync_dir, write_json_atomic
from clearance.text.tokens import CODE, WORDS, Channel

SHARDS = "shards"
LOCK = ".lock"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    shard_bytes: int = 1 << 30  # start a new shard past this much text
    batch_chars: int = 1 << 22  # documents are tokenized this many characters at a time
    channels: tuple[Channel, ...] = (WORDS, CODE)


class EmptyCorpusError(ValueError):
    """Nothing to index: every input was empty or every record was rejected."""


Rejector = Callable[[Document, str], None]
BatchCallback = Callable[[int], None]


def build_index(
    documents: Iterable[Document],
    out: str | Path,
    *,
    force: bool = False,
    options: BuildOptions = BuildOptions(),
    on_batch: BatchCallback | None = None,
) -> dict[str, Any]:
    """Index ``documents`` into the new directory ``out`` (replaced only if ``force``)."""
    out = Path(out)
    if out.exists() and not force:
        raise FileExistsError(f"{out}: already exists (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(out)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        manifest = new_manifest(options.channels)
        (tmp / SHARDS).mkdir()
        manifest["shards"] = _write_shards(documents, tmp / SHARDS, options, None, on_batch)
        if not manifest["shards"]:
            raise EmptyCorpusError("no documents to index")
        recount(manifest)
        write_json_atomic(tmp / MANIFEST, manifest)
        _swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def add_documents(
    directory: str | Path,
    documents: Iterable[Document],
    *,
    reject: Rejector | None = None,
    options: BuildOptions | None = None,
    on_batch: BatchCallback | None = None,
) -> dict[str, Any]:
    """Append the documents as new shard(s); ids already in the index go to ``reject``."""
    directory = Path(directory)
    with _locked(directory):
        manifest = read_manifest(directory)
        channels = channels_from(manifest["normalizer"], directory)
        options = BuildOptions(
            shard_bytes=(options or BuildOptions()).shard_bytes,
            batch_chars=(options or BuildOptions()).batch_chars,
            channels=channels,
        )
        shards_dir = directory / SHARDS
        for leftover in shards_dir.glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        listed = {s["name"] for s in manifest["shards"]}
        stores = [DocumentStore(shards_dir / name / STORE) for name in sorted(listed)]
        try:
            fresh = _without_known_ids(documents, stores, reject)
            staging = shards_dir / f".tmp-{uuid.uuid4().hex[:8]}"
            staging.mkdir()
            try:
                first = _next_shard_number(shards_dir)
                entries = _write_shards(fresh, staging, options, first, on_batch)
                if not entries:
                    raise EmptyCorpusError("no new documents to add")
                for entry in entries:
                    os.replace(staging / entry["name"], shards_dir / entry["name"])
                fsync_dir(shards_dir)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        finally:
            for store in stores:
                store.close()
        manifest["shards"] += entries
        manifest["updated"] = now()
        recount(manifest)
        write_json_atomic(directory / MANIFEST, manifest)
        return manifest


def _write_shards(
    documents: Iterable[Document],
    into: Path,
    options: BuildOptions,
    first_number: int | None,
    on_batch: BatchCallback | None,
) -> list[dict[str, Any]]:
    number = first_number if first_number is not None else 0
    entries: list[dict[str, Any]] = []
    writer: ShardWriter | None = None
    try:
        for batch in _batches(documents, options.batch_chars):
            if writer is None:
                writer = ShardWriter(into / f"shard-{number:05d}", options.channels)
            writer.add_batch(batch)
            if on_batch:
                on_batch(len(batch))
            if writer.bytes >= options.shard_bytes or writer.tokens >= MAX_SHARD_TOKENS:
                entries.append(writer.finish())
                writer, number = None, number + 1
        if writer is not None:
            entries.append(writer.finish())
            writer = None
    finally:
        if writer is not None:
            writer.abort()
    return entries


def _batches(documents: Iterable[Document], batch_chars: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for doc in documents:
        batch.append(doc)
        size += len(doc.text)
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _without_known_ids(
    documents: Iterable[Document], stores: list[DocumentStore], reject: Rejector | None
) -> Iterator[Document]:
    for batch in _batches(documents, 1 << 20):
        known: set[str] = set()
        for store in stores:
            known |= set(store.nums_of([d.id for d in batch]))
        for doc in batch:
            if doc.id in known:
                if reject:
                    reject(doc, f"duplicate id '{doc.id}': already in the index")
                continue
            yield doc


def _next_shard_number(shards_dir: Path) -> int:
    numbers = [int(p.name.split("-")[1]) for p in shards_dir.glob("shard-*") if p.name.split("-")[1].isdigit()]
    return max(numbers, default=-1) + 1


def _swap_into_place(tmp: Path, out: Path) -> None:
    fsync_dir(tmp)
    if out.exists():
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)
    fsync_dir(out.parent)


def _remove_stale_builds(out: Path) -> None:
    """Remove temporary directories left by builds whose process no longer exists."""
    for stale in out.parent.glob(f".{out.name}.building-*"):
        pid = stale.name.split("-")[1] if "-" in stale.name else ""
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    if not (directory / MANIFEST).exists():
        read_manifest(directory)  # raises the precise error
    handle = open(directory / LOCK, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusyError(f"{directory}: another process is writing to this index") from exc
        yield
    finally:
        handle.close()


__all__ = ["BuildOptions", "EmptyCorpusError", "IndexFormatError", "add_documents", "build_index"]
