"""``read_corpus``: one stream of Documents over any mix of JSONL, Parquet, directories and files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from clearance.documents import Document
from clearance.io.directory import DirectoryListing, list_directory, read_directory, read_single_file
from clearance.io.errors import ErrorPolicy, InputError, Position, format_location
from clearance.io.fields import FieldMap, RecordMapper
from clearance.io.id_registry import IdRegistry
from clearance.io.jsonl import is_jsonl, read_jsonl
from clearance.io.parquet import is_parquet, read_parquet

#: How many errors a stream keeps for the final report; the count goes on past it.
MAX_KEPT_ERRORS = 1000

InputKind = Literal["directory", "jsonl", "parquet", "file"]


@dataclass(slots=True)
class _Input:
    """One path to read, classified and sized before anything is yielded."""

    path: Path
    display: str  # the path as the user gave it, for sources and messages
    kind: InputKind
    size: int
    listing: DirectoryListing | None = None


def _plan(given: str | Path) -> _Input:
    """Classify a path; a missing one is an error whatever the policy, since nothing can be skipped."""
    display = os.fspath(given)
    path = Path(given)
    try:
        is_dir = path.is_dir()
        size = 0 if is_dir else path.stat().st_size
    except OSError as exc:
        raise InputError(display, None, exc.strerror or "cannot access") from exc
    if is_dir:
        listing = list_directory(path)
        return _Input(path, display, "directory", listing.size, listing)
    if is_jsonl(path):
        return _Input(path, display, "jsonl", size)
    if is_parquet(path):
        return _Input(path, display, "parquet", size)
    return _Input(path, display, "file", size)


def _skipped(error: InputError) -> Iterator[Document | InputError]:
    yield error


def _read(
    source: _Input, mapper: RecordMapper, pos: Position, max_record_bytes: int | None = None
) -> Iterator[Document | InputError]:
    if source.kind == "jsonl":
        return read_jsonl(source.path, source.display, mapper, pos, max_record_bytes)
    if source.kind == "parquet":
        return read_parquet(source.path, source.display, mapper, pos, max_text_bytes=max_record_bytes)
    if source.kind == "directory":
        assert source.listing is not None
        return read_directory(source.listing, mapper.default_license, pos)
    if max_record_bytes is not None and source.size > max_record_bytes:
        return _skipped(InputError(source.display, None,
                                   f"file is {source.size} bytes, over the {max_record_bytes}-byte limit; skipped"))
    return read_single_file(source.path, source.display, source.size, mapper.default_license, pos)


class CorpusStream(Iterator[Document]):
    """Documents from all inputs in order, with live counters for progress bars and reports."""

    def __init__(
        self,
        inputs: list[_Input],
        mapper: RecordMapper,
        on_error: ErrorPolicy,
        on_bad_record: Callable[[InputError], None] | None,
        max_record_bytes: int | None = None,
    ) -> None:
        self._max_record_bytes = max_record_bytes
        self.bytes_total = sum(source.size for source in inputs)
        self.bytes_read = 0
        self.documents = 0
        self.bad_records = 0
        self.errors: list[InputError] = []
        self._on_error = on_error
        self._on_bad_record = on_bad_record
        self._seen = IdRegistry()  # exact, in bounded memory: a corpus's ids may not fit in a dict
        self._items = self._run(inputs, mapper)

    def __iter__(self) -> CorpusStream:
        return self

    def __next__(self) -> Document:
        return next(self._items)

    def close(self) -> None:
        """Release the open input early, when the consumer stops before the end."""
        self._items.close()
        self._seen.close()

    def _run(self, inputs: list[_Input], mapper: RecordMapper) -> Iterator[Document]:
        done = 0
        with self._seen:
            for source in inputs:
                pos = Position(source.display)
                with closing(_read(source, mapper, pos, self._max_record_bytes)) as items:
                    for item in items:
                        self.bytes_read = done + pos.consumed
                        if isinstance(item, InputError):
                            self._bad(item)
                        elif self._is_new(item, pos):
                            self.documents += 1
                            yield item
                done += source.size
                self.bytes_read = done

    def _is_new(self, doc: Document, pos: Position) -> bool:
        """Ids must be unique across the whole read; the first record with an id wins."""
        first = self._seen.first_seen(doc.id, format_location(pos.path, pos.line, pos.unit))
        if first is None:
            return True
        reason = f"duplicate id {doc.id!r} (first seen at {first})"
        self._bad(InputError(pos.path, pos.line, reason, pos.unit))
        return False

    def _bad(self, error: InputError) -> None:
        if self._on_bad_record is not None:
            self._on_bad_record(error)
        self.bad_records += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(error)
        if self._on_error == "abort":
            raise error


def read_corpus(
    paths: Sequence[str | Path],
    fields: FieldMap = FieldMap(),
    on_error: ErrorPolicy = "skip",
    on_bad_record: Callable[[InputError], None] | None = None,
    default_license: str | None = None,
    max_record_bytes: int | None = None,
) -> CorpusStream:
    """Read every input lazily; paths are checked and sized now, so a typo fails before any work.

    ``max_record_bytes`` (default: no limit) skips, as a bad record, a JSONL line, a Parquet text or
    a lone file bigger than that, without holding it whole (a Parquet text is decoded by Arrow, but
    never made a Python string)."""
    if on_error not in get_args(ErrorPolicy):
        raise ValueError(f"on_error must be one of {get_args(ErrorPolicy)}, not {on_error!r}")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    inputs = [_plan(given) for given in paths]
    return CorpusStream(inputs, RecordMapper(fields, default_license), on_error, on_bad_record, max_record_bytes)
