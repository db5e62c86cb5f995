"""Directory reader: every file is one document, found by a deterministic walk."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clearance.documents import Document
from clearance.io.errors import InputError, Position

#: Directories that hold tooling output, never corpus text.
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})

#: How far to look for a NUL byte when deciding a file is binary (as git and grep do).
_SNIFF_BYTES = 8192


@dataclass(slots=True)
class DirectoryListing:
    """Files under a directory, listed up front so the total size is known before reading."""

    root: Path
    files: list[tuple[str, int]] = field(default_factory=list)  # (relative path with '/', size)
    problems: list[InputError] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(size for _, size in self.files)


def list_directory(root: Path) -> DirectoryListing:
    """Walk in sorted order, skipping hidden entries and tool directories; never follow directory links."""
    listing = DirectoryListing(root)
    _visit(root, "", listing)
    return listing


def _visit(directory: Path, prefix: str, listing: DirectoryListing) -> None:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        listing.problems.append(_os_problem(directory, "cannot list directory", exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_DIRS:
                    _visit(directory / entry.name, rel + "/", listing)
            elif entry.is_file():
                listing.files.append((rel, entry.stat().st_size))
        except OSError as exc:
            listing.problems.append(_os_problem(directory / entry.name, "cannot stat", exc))


def _os_problem(path: Path, what: str, exc: OSError) -> InputError:
    return InputError(str(path), None, f"{what}: {exc.strerror or exc}")


def read_text_file(
    path: Path, doc_id: str, source: str, default_license: str | None
) -> Document | InputError:
    """The whole file as one document; binary, undecodable and empty files are bad records."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputError(source, None, f"cannot read: {exc.strerror or exc}")
    if not data:
        return InputError(source, None, "empty file")
    if data.find(b"\0", 0, _SNIFF_BYTES) != -1:
        return InputError(source, None, "binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputError(source, None, f"undecodable bytes at byte offset {exc.start}")
    return Document(id=doc_id, text=text, source=source, license=default_license)


def read_directory(
    listing: DirectoryListing, default_license: str | None, pos: Position
) -> Iterator[Document | InputError]:
    """Yield one Document (or InputError) per listed file, ids relative to the root."""
    yield from listing.problems
    for rel, size in listing.files:
        source = str(listing.root / rel)
        pos.path = source
        item = read_text_file(listing.root / rel, rel, source, default_license)
        pos.consumed += size
        yield item


def read_single_file(
    path: Path, display: str, size: int, default_license: str | None, pos: Position
) -> Iterator[Document | InputError]:
    """A lone file that is not JSONL or Parquet reads like a directory of one: its id is its name."""
    item = read_text_file(path, path.name, display, default_license)
    pos.consumed = size
    yield item
