"""Injecting traps into a rights holder's documents: plain text, JSONL records, EPUB books.

Every copy of a trap becomes its own paragraph (a line, or a sentence, where the text has no
paragraphs), placed at a boundary chosen at random among all the documents' boundaries, so that no
word is split and the copies are spread over the collection as Meeus et al. (2024) spread theirs
through a book. The inputs are never modified: copies go to an output directory, and the manifest
records where every copy went (character spans, so they can be found and removed again).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from clearance.audit import epub
from clearance.audit.trap_manifest import Insertion, TrapSequence
from clearance.io import InputError

_PARAGRAPH_START = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_START = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+")


@dataclass(slots=True)
class _Text:
    """One text that can take traps: a file, a JSONL record, or an EPUB spine document."""

    file: int  # index into the list of input files
    text: str
    slots: list[int]
    separator: str  # what follows an inserted trap in plain text ("" for EPUB markup)
    line: int | None = None
    entry: str | None = None
    placed: list[tuple[int, int]] = field(default_factory=list)  # (slot offset, trap index)


@dataclass(slots=True)
class _File:
    source: Path
    target: Path
    kind: str  # text, jsonl, epub
    texts: list[_Text] = field(default_factory=list)
    lines: list[bytes] = field(default_factory=list)  # JSONL: the raw lines, rewritten where changed
    records: dict[int, dict] = field(default_factory=dict)  # JSONL: parsed records by line number


def text_slots(text: str) -> tuple[list[int], str]:
    """Offsets where a new paragraph may start, and the separator that ends an inserted one.

    Paragraph starts (after a blank line) where the text has paragraphs; else line starts; else
    sentence starts; the start of the text only when there is nothing else.
    """
    if not text.strip():
        return [], ""
    for pattern, separator in ((_PARAGRAPH_START, "\n\n"), (re.compile(r"\n"), "\n"), (_SENTENCE_START, " ")):
        starts = [m.end() for m in pattern.finditer(text) if m.end() < len(text)]
        if starts:
            return starts, separator
    return [0], "\n\n"


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".epub"):
        return "epub"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    return "text"


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(os.fspath(path), None, f"cannot read ({exc.strerror or exc})") from exc
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(os.fspath(path), None, f"not a valid gzip file ({exc})") from exc
    return data


def _decode(data: bytes, path: Path, line: int | None = None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(os.fspath(path), line, f"not UTF-8 text (undecodable byte at offset {exc.start})") from exc


def _load(index: int, source: Path, target: Path, text_field: str) -> _File:
    kind = _kind(source)
    loaded = _File(source, target, kind)
    if kind == "epub":
        for item in epub.read_spine(source):
            loaded.texts.append(_Text(index, item.text, item.slots, "", entry=item.name))
    elif kind == "text":
        text = _decode(_read_bytes(source), source)
        slots, separator = text_slots(text)
        loaded.texts.append(_Text(index, text, slots, separator))
    else:
        loaded.lines = _read_bytes(source).splitlines(keepends=True)
        for number, raw in enumerate(loaded.lines, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(_decode(raw, source, number))
            except json.JSONDecodeError as exc:
                raise InputError(os.fspath(source), number, f"invalid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise InputError(os.fspath(source), number, "not a JSON object")
            if not isinstance(record.get(text_field), str):
                problem = "missing" if text_field not in record else "not a string"
                raise InputError(os.fspath(source), number, f"field {text_field!r} is {problem}")
            loaded.records[number] = record
            slots, separator = text_slots(record[text_field])
            loaded.texts.append(_Text(index, record[text_field], slots, separator, line=number))
    return loaded


def list_inputs(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, path relative to the output directory) for every file given or found under a directory."""
    found: list[tuple[Path, Path]] = []
    for given in paths:
        if given.is_dir():
            for file in sorted(p for p in given.rglob("*") if p.is_file()):
                relative = file.relative_to(given)
                if not any(part.startswith(".") for part in relative.parts):
                    found.append((file, relative))
        elif given.is_file():
            found.append((given, Path(given.name)))
        else:
            raise InputError(os.fspath(given), None, "no such file or directory")
    seen: dict[Path, Path] = {}
    for file, relative in found:
        if relative in seen:
            raise InputError(os.fspath(file), None, f"two inputs would be written to the same name {relative} "
                             f"(also {seen[relative]})")
        seen[relative] = file
    if not found:
        raise InputError(", ".join(map(os.fspath, paths)), None, "no input files")
    return found


@dataclass(slots=True)
class InsertSummary:
    files: list[str]
    copies: int
    slots: int


def insert_traps(traps: list[TrapSequence], repeats: list[int], inputs: Sequence[Path], out_dir: Path, *,
                 seed: int = 0, text_field: str = "text", force: bool = False,
                 progress: Callable[[int], None] | None = None) -> InsertSummary:
    """Insert ``repeats[i]`` copies of trap i into copies of ``inputs`` under ``out_dir``; fills each trap's
    ``repeats`` and ``insertions`` (the caller saves the manifest)."""
    if len(repeats) != len(traps):
        raise ValueError("one repeat count per trap")
    out_dir = Path(out_dir)
    files = []
    resolved_out = out_dir.resolve()
    for i, (source, relative) in enumerate(list_inputs(inputs)):
        target = out_dir / relative
        if target.resolve() == source.resolve() or resolved_out in source.resolve().parents:
            raise InputError(os.fspath(source), None, "the output directory must not hold the inputs")
        if target.exists() and not force:
            raise FileExistsError(f"{target} exists (use --force to replace it)")
        files.append(_load(i, source, target, text_field))
    texts = [t for f in files for t in f.texts]
    pool = [(ti, si) for ti, t in enumerate(texts) for si in range(len(t.slots))]
    if not pool:
        raise InputError(os.fspath(inputs[0]), None, "the documents hold no text to insert traps into")
    rng = np.random.default_rng(seed)
    wanted = [k for k, r in enumerate(repeats) for _ in range(r)]
    order: list[int] = []
    while len(order) < len(wanted):  # every boundary is used once before any is used twice
        order.extend(rng.permutation(len(pool)).tolist())
    for trap_index, spot in zip(rng.permutation(wanted).tolist(), order):
        ti, si = pool[spot]
        texts[ti].placed.append((texts[ti].slots[si], trap_index))
    for trap, r in zip(traps, repeats):
        trap.repeats = r
        trap.insertions = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for f in files:
        for t in f.texts:
            t.text = _apply(t, traps, f.target.relative_to(out_dir).as_posix(), f.kind)
        _write(f, text_field)
        if progress is not None:
            progress(1)
    return InsertSummary([f.target.relative_to(out_dir).as_posix() for f in files], len(wanted), len(pool))


def _apply(target: _Text, traps: list[TrapSequence], name: str, kind: str) -> str:
    """The text with its traps in place; records each copy's final span on its trap."""
    pieces: list[str] = []
    cursor = 0
    length = 0
    for offset, trap_index in sorted(target.placed):
        pieces.append(target.text[cursor:offset])
        length += offset - cursor
        trap = traps[trap_index]
        if kind == "epub":
            markup = epub.paragraph(trap.text)
            body = markup[markup.index(">") + 1: markup.rindex("<")]
            start = length + markup.index(">") + 1
            inserted, span = markup, (start, start + len(body))
        else:
            inserted = trap.text + target.separator
            span = (length, length + len(trap.text))
        pieces.append(inserted)
        length += len(inserted)
        cursor = offset
        trap.insertions.append(Insertion(file=name, start=span[0], end=span[1], line=target.line, entry=target.entry))
    pieces.append(target.text[cursor:])
    return "".join(pieces)


def _write(f: _File, text_field: str) -> None:
    f.target.parent.mkdir(parents=True, exist_ok=True)
    if f.kind == "epub":
        epub.write_with_changes(f.source, f.target, {t.entry: t.text for t in f.texts if t.placed and t.entry})
        return
    if f.kind == "text":
        data = f.texts[0].text.encode("utf-8")
    else:
        for t in f.texts:
            if t.placed and t.line is not None:
                record = f.records[t.line]
                record[text_field] = t.text
                ending = b"\n" if f.lines[t.line - 1].endswith(b"\n") else b""
                f.lines[t.line - 1] = json.dumps(record, ensure_ascii=False).encode("utf-8") + ending
        data = b"".join(f.lines)
    if f.target.name.lower().endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    tmp = f.target.with_name(f".{f.target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, f.target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
