"""Code repositories: every text file one document, with the license evidence that applies to it.

A file's findings are its own header (``SPDX-License-Identifier`` lines and license notices in its
first ``HEADER_CHARS`` characters), the license files (LICENSE, COPYING, NOTICE, UNLICENSE,
COPYRIGHT ...) of the nearest enclosing directory that has any, and the nearest package metadata
(pyproject.toml, package.json, Cargo.toml, DESCRIPTION ...). A vendored ``third_party/x/LICENSE``
thus governs the files under ``third_party/x`` and not the rest. The document's ``license`` stays
what the caller stated; ``clearance.licenses.detect.resolve`` later weighs the findings.

In a git work tree the files are those git lists (tracked, plus untracked ones ``.gitignore`` does
not exclude), so build outputs and virtual environments stay out; elsewhere, every file of the
folder. Hidden entries are skipped either way, as the directory reader does.

License files and metadata are read once per repository before the walk; files that cannot become
documents (binary, undecodable, too large) are yielded as ``InputError`` records, never raised.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from clearance.documents import Document
from clearance.io.directory import DirectoryListing, list_directory, read_text_file
from clearance.io.errors import InputError
from clearance.licenses.detect import Finding, detect_license_file, find_mentions
from clearance.licenses.detect.metadata import is_metadata_file, package_metadata_license

#: Names of files that state a license for their directory.
LICENSE_FILE = re.compile(r"^(?:LICEN[CS]E|COPYING|NOTICE|UNLICEN[CS]E|COPYRIGHT)(?:[-._ ].*)?$", re.IGNORECASE)
#: How much of a source file is searched for its own license header.
HEADER_CHARS = 8192
#: Files larger than this are reported and skipped (a repository is not a place for 1 GB blobs).
DEFAULT_MAX_BYTES = 10_000_000


def _parent(rel: str) -> str:
    parent = str(PurePosixPath(rel).parent)
    return "" if parent == "." else parent


def _nearest(directory: str, license_files: dict[str, list[Finding]], metadata: dict[str, list[Finding]]
             ) -> list[Finding]:
    """The license files and metadata of the closest directory at or above ``directory`` that has
    either: a vendored folder's own LICENSE or package.json overrides the repository's."""
    while True:
        if license_files.get(directory) or metadata.get(directory):
            return license_files.get(directory, []) + metadata.get(directory, [])
        if not directory:
            return []
        directory = _parent(directory)


def git_listing(root: Path) -> DirectoryListing | None:
    """The files git lists in the work tree at ``root`` (``.gitignore`` applied), or None when ``root``
    is not the top of a git work tree or git is not installed."""
    if not (root / ".git").exists() or shutil.which("git") is None:
        return None
    command = ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    try:
        listed = subprocess.run(command, capture_output=True, check=True, timeout=300).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    listing = DirectoryListing(root)
    for raw in sorted(set(listed.split(b"\0")) - {b""}):
        rel = raw.decode("utf-8", "surrogateescape")
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        try:
            info = (root / rel).lstat()
        except OSError:  # tracked but deleted from the work tree
            continue
        if stat.S_ISREG(info.st_mode):
            listing.files.append((rel, info.st_size))
    return listing


def _read_text(path: Path, rel: str) -> str | InputError:
    item = read_text_file(path, rel, rel, None)
    return item if isinstance(item, InputError) else item.text


def read_repository(root: Path, license: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                    use_git: bool = True) -> Iterator[Document | InputError]:
    """One document per text file of the repository at ``root``, ``meta["license_findings"]`` filled.
    ``use_git=False`` reads every file of the folder even in a git work tree."""
    root = Path(root)
    if not root.is_dir():
        yield InputError(str(root), None, "not a directory (a code repository is read from its root folder)")
        return
    listing = (git_listing(root) if use_git else None) or list_directory(root)
    yield from listing.problems
    license_files: dict[str, list[Finding]] = {}
    metadata: dict[str, list[Finding]] = {}
    own: dict[str, list[Finding]] = {}
    for rel, size in listing.files:
        name = PurePosixPath(rel).name
        if size > max_bytes or not (LICENSE_FILE.match(name) or is_metadata_file(rel)):
            continue
        text = _read_text(root / rel, rel)
        if isinstance(text, InputError):
            continue  # reported when the file itself is read below
        if LICENSE_FILE.match(name):
            found = detect_license_file(rel, text, folder=(root / rel).parent)  # pointers read their siblings
            own[rel] = found
            license_files.setdefault(_parent(rel), []).extend(found)
        else:
            try:
                declared = package_metadata_license(rel, text)
            except ValueError as exc:
                yield InputError(str(root / rel), None, f"package metadata not read: {exc}")
                continue
            if declared:
                metadata.setdefault(_parent(rel), []).append(declared)
    for rel, size in listing.files:
        source = str(root / rel)
        if size > max_bytes:
            yield InputError(source, None, f"{size} bytes, over the {max_bytes}-byte limit for one file: skipped")
            continue
        item = read_text_file(root / rel, f"{root.resolve().name}/{rel}", source, license)
        if isinstance(item, InputError):
            yield item
            continue
        directory = _parent(rel)
        header = own.get(rel)
        if header is None:
            header = find_mentions(item.text[:HEADER_CHARS], rel)
        findings = header + [f for f in _nearest(directory, license_files, metadata) if f not in header]
        item.meta.update({"format": "code", "repo": str(root), "path": rel,
                          "license_findings": [f.to_json() for f in findings]})
        yield item
