"""Curate's readers: one ``open_source`` over every input format a corpus comes in.

``open_source(SourceSpec(path))`` sniffs the format (``auto``) or takes the one given, and yields
Documents, with an ``InputError`` in the stream for each record or file that cannot be one, so a
pipeline records the skip and goes on. Formats:

- ``jsonl``, ``parquet``: ``clearance.io.read_corpus`` (field names from ``fields``).
- ``directory``: every file one document, ids relative to the root (``clearance.io``'s walk);
  HTML files are parsed (main text, license evidence), WARC files give one document per page.
- ``html``: one saved page, or a directory of them; ``warc``: a web archive (``.warc[.gz]``).
- ``hf``: a Hugging Face dataset saved with ``save_to_disk`` (Dataset or DatasetDict).
- ``repo``: a code repository (``clearance.curate.sources.repository``), license from its files.

Format sniffing, for ``auto``: a directory with ``dataset_dict.json`` or ``state.json`` +
``dataset_info.json`` is ``hf``, one with ``.git`` is ``repo``, any other directory is
``directory``; a file is named by its suffix (``.jsonl[.gz|.zst]``, ``.parquet``, ``.warc[.gz]``,
``.html``), else by its first bytes (``WARC/``, ``<!doctype html``, ``<html``).
"""

from __future__ import annotations

import gzip
import importlib
import os
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Literal, get_args

from clearance.curate.sources.suffixes import is_html_name, is_warc_name
from clearance.documents import Document
from clearance.io import FieldMap, InputError, read_corpus
from clearance.io.directory import list_directory, read_text_file
from clearance.io.jsonl import is_jsonl
from clearance.io.parquet import is_parquet

SourceFormat = Literal["auto", "jsonl", "parquet", "directory", "html", "warc", "hf", "repo"]
FORMATS: tuple[str, ...] = get_args(SourceFormat)

#: Largest single page or record read (bytes); bigger ones are skipped with the reason recorded.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024

_SNIFF_BYTES = 1024


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One input: where it is, how to read it, and what it states about every document in it."""

    path: str | Path
    format: SourceFormat = "auto"
    fields: FieldMap = field(default_factory=FieldMap)  # record field names (JSONL, Parquet, hf columns)
    license: str | None = None  # license of documents that state none, as the input's owner states it
    splits: tuple[str, ...] | None = None  # hf: read only these splits
    max_bytes: int = DEFAULT_MAX_BYTES  # bigger pages, files, JSONL lines, Parquet texts: skipped and reported

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown source format {self.format!r} (known: {', '.join(FORMATS)})")
        if isinstance(self.fields, dict):
            object.__setattr__(self, "fields", FieldMap.from_options(**self.fields))
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, not {self.max_bytes}")


def sniff_format(path: str | Path) -> SourceFormat:
    """The format ``auto`` reads ``path`` as (see the module docstring); a missing path is an InputError."""
    from clearance.curate.sources.hf_disk import is_hf_dataset

    target = Path(path)
    if target.is_dir():
        if is_hf_dataset(target):
            return "hf"
        if (target / ".git").exists():
            return "repo"
        return "directory"
    if not target.exists():
        raise InputError(os.fspath(path), None, "no such file or directory")
    name = target.name.lower()
    if is_jsonl(target):
        return "jsonl"
    if is_parquet(target):
        return "parquet"
    if is_warc_name(name):
        return "warc"
    if is_html_name(name):
        return "html"
    head = _head(target)
    if head.startswith(b"WARC/"):
        return "warc"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "directory"  # a lone file of another kind reads like a directory of one (read_corpus)


def open_source(spec: SourceSpec) -> Iterator[Document | InputError]:
    """Documents of one input, with an InputError in place of each one that could not be read."""
    try:
        fmt = spec.format if spec.format != "auto" else sniff_format(spec.path)
    except InputError as exc:
        return iter([exc])
    if fmt in ("jsonl", "parquet"):
        return _via_read_corpus(spec, fmt)
    if fmt == "hf":
        from clearance.curate.sources.hf_disk import read_hf_dataset

        return read_hf_dataset(spec.path, spec.fields, spec.license, spec.splits, spec.max_bytes)
    if fmt == "warc":
        return _web("warc").read_warc(spec.path, spec.license, spec.max_bytes)
    if fmt == "repo":
        # LIC's reader; imported here so the web readers work without the repository extras.
        from clearance.curate.sources.repository import read_repository

        return read_repository(Path(spec.path), spec.license, spec.max_bytes)
    return _read_files(spec, html_only=fmt == "html")


def _via_read_corpus(spec: SourceSpec, fmt: str) -> Iterator[Document | InputError]:
    """``read_corpus`` reports bad records through a callback; put them back in the stream, in order."""
    pending: list[InputError] = []
    try:
        stream = read_corpus([spec.path], spec.fields, "skip", pending.append, spec.license,
                             max_record_bytes=spec.max_bytes)
    except InputError as exc:
        yield exc
        return
    with closing(stream):
        for doc in stream:
            if pending:
                yield from pending
                pending.clear()
            doc.meta.setdefault("format", fmt)
            yield doc
    yield from pending


def _read_files(spec: SourceSpec, html_only: bool) -> Iterator[Document | InputError]:
    """A file, or every file under a directory (sorted walk, hidden entries skipped), by its kind."""
    read_html_file = _web("html").read_html_file
    root = Path(spec.path)
    if not root.is_dir():
        if html_only or is_html_name(root.name.lower()):
            yield read_html_file(root, root.name, spec.license, max_bytes=spec.max_bytes)
        else:
            yield from _via_read_corpus(spec, "text")
        return
    listing = list_directory(root)
    yield from listing.problems
    for rel, size in listing.files:
        path = root / rel
        name = rel.lower()
        if is_html_name(name):
            yield read_html_file(path, rel, spec.license, max_bytes=spec.max_bytes)
        elif html_only:
            continue
        elif is_warc_name(name):
            yield from _web("warc").read_warc(path, spec.license, spec.max_bytes)
        elif size > spec.max_bytes:
            yield InputError(str(path), None, f"file is {size} bytes, over the {spec.max_bytes}-byte limit; skipped")
        else:
            item = read_text_file(path, rel, str(path), spec.license)
            if isinstance(item, Document):
                item.meta["format"] = "text"
            yield item


def _web(module: str) -> ModuleType:
    """An HTML/WARC reader module; without the ``web`` extra, an error that says how to install it."""
    try:
        return importlib.import_module(f"clearance.curate.sources.{module}")
    except ImportError as exc:
        if exc.name not in ("resiliparse", "fastwarc") and not (exc.name or "").startswith(("resiliparse.", "fastwarc.")):
            raise
        raise ImportError(f"reading HTML and WARC needs the web extra ({exc.name} is missing): "
                          "pip install 'clearance[web]'") from exc


def _head(path: Path) -> bytes:
    """The first bytes of a file, through gzip when it is gzip'd (a ``.gz`` WARC without the suffix)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as stream:
                head = stream.read(_SNIFF_BYTES)
    except (OSError, EOFError):
        return b""
    return head


__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "SourceFormat", "SourceSpec", "open_source", "sniff_format"]
