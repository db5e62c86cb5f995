"""JSONL reader (plain, gzip, zstd): binary lines, one orjson parse each, nothing per character."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import orjson
import zstandard

from clearance.documents import Document
from clearance.io.errors import InputError, Position
from clearance.io.fields import RecordError, RecordMapper, json_type

_BOM = b"\xef\xbb\xbf"
_BASES = (".jsonl", ".ndjson")
_COMPRESSIONS = ("", ".gz", ".zst")
_SUFFIXES = tuple(base + comp for base in _BASES for comp in _COMPRESSIONS)

#: What a damaged compressed (or unreadable) stream raises while being read.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, zstandard.ZstdError)


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(_SUFFIXES)


class _ZstdFrames(io.RawIOBase):
    """Decompresses concatenated zstd frames, in pieces of bounded size.

    zstandard's ``stream_reader`` silently stops at a truncated frame; this notices it, so a
    half-copied shard is reported instead of quietly losing its tail. A decompressor call returns
    everything its input expands to, and zstd input can expand 30,000-fold (a long run of one byte):
    so input is fed in pieces that start small, grow while they expand modestly, and shrink when one
    expands past ``MAX_EXPANSION`` bytes, which bounds what a single call can return.
    """

    def __init__(self, source: BinaryIO, chunk_size: int = 1 << 17) -> None:
        self._source = source
        self._chunk_size = chunk_size
        self._dctx = zstandard.ZstdDecompressor()
        self._frame = self._dctx.decompressobj()
        self._in_frame = False
        self._out = memoryview(b"")
        self._input = memoryview(b"")
        self._piece = _FIRST_PIECE

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while not self._out:
            if not self._fill():
                return 0
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _fill(self) -> bool:
        """Decompress the next piece of input; False at a clean end of input."""
        if not self._input:
            self._input = memoryview(self._source.read(self._chunk_size))
            if not self._input:
                if self._in_frame:
                    raise zstandard.ZstdError("input ends inside a zstd frame (truncated file?)")
                return False
        data = self._input[: self._piece]
        out = self._frame.decompress(data)
        used = len(data)
        self._in_frame = True
        if self._frame.eof:  # the rest of this piece starts the next frame
            used -= len(self._frame.unused_data)
            self._frame = self._dctx.decompressobj()
            self._in_frame = False
        self._input = self._input[used:]
        if len(out) > MAX_EXPANSION:
            self._piece = max(_MIN_PIECE, self._piece // 16)
        elif len(out) < _GROW_BELOW * len(data):
            self._piece = min(self._chunk_size, self._piece * 2)
        self._out = memoryview(out)
        return True


#: The most bytes one decompressor call should return; a piece that expands past it is cut smaller.
MAX_EXPANSION = 4 << 20
#: Input piece sizes: the first, the smallest (a few RLE blocks: at most a few MB out), and the
#: expansion under which pieces grow back toward ``chunk_size`` (text compresses 3-10 fold).
_FIRST_PIECE = 256
_MIN_PIECE = 32
_GROW_BELOW = 64


def _open(path: Path) -> tuple[BinaryIO, BinaryIO]:
    """The line stream and the underlying file, whose position measures progress."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw
    if name.endswith(".zst"):
        return io.BufferedReader(_ZstdFrames(raw), buffer_size=1 << 16), raw  # type: ignore[return-value]
    return raw, raw


def _bad_line_reason(line: bytes, exc: orjson.JSONDecodeError) -> str:
    """orjson folds bad UTF-8 into its parse errors; tell them apart only on this slow path."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"undecodable bytes (invalid UTF-8) at byte offset {err.start} of the line"
    return f"invalid JSON: {exc.msg} (column {exc.colno})"


def read_jsonl(
    path: Path, display: str, mapper: RecordMapper, pos: Position, max_line_bytes: int | None = None
) -> Iterator[Document | InputError]:
    """Yield a Document per record and an InputError per bad record, in file order.

    With ``max_line_bytes``, a longer line is skipped without being held whole (see ``_bounded_lines``)."""
    try:
        stream, raw = _open(path)
    except OSError as exc:
        yield InputError(display, None, f"cannot open: {exc.strerror or exc}")
        return
    with raw, stream:
        yield from _records(stream, raw, path.name, display, mapper, pos, max_line_bytes)


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """The stream's lines; in place of a line longer than ``limit`` bytes (line ending excluded),
    its length, the line itself read on in bounded chunks and dropped, so one huge record costs
    ``limit`` bytes of memory, not its size."""
    while True:
        line = stream.readline(limit + 2)  # + 2: room for a CRLF ending
        if not line:
            return
        if len(line) <= limit or len(line.rstrip(b"\r\n")) <= limit:  # the second test only near the limit
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(_SKIP_CHUNK)
            if not line:
                break
            size += len(line)
        yield size - (len(line) - len(line.rstrip(b"\r\n")))


#: Read size while skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20


def _records(
    stream: BinaryIO, raw: BinaryIO, file_name: str, display: str, mapper: RecordMapper, pos: Position,
    max_line_bytes: int | None = None,
) -> Iterator[Document | InputError]:
    lineno = 0
    failure: str | None = None
    lines: Iterable[bytes | int] = stream if max_line_bytes is None else _bounded_lines(stream, max_line_bytes)
    tell = raw.tell if raw.seekable() else lambda: 0  # a named pipe has no position
    try:
        for line in lines:
            lineno += 1
            pos.consumed = tell()
            if type(line) is int:
                reason = f"line is {line} bytes, over the {max_line_bytes}-byte limit; skipped"
                yield InputError(display, lineno, reason)
                continue
            if lineno == 1 and line.startswith(_BOM):
                line = line[len(_BOM):]
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                if line.strip():
                    yield InputError(display, lineno, _bad_line_reason(line, exc))
                continue
            if type(record) is not dict:
                yield InputError(display, lineno, f"not a JSON object (got {json_type(record)})")
                continue
            try:
                doc = mapper.document(record, file_name, lineno, display)
            except RecordError as exc:
                yield InputError(display, lineno, exc.reason)
                continue
            pos.line = lineno
            yield doc
    except _STREAM_ERRORS as exc:
        failure = f"corrupt or unreadable stream: {exc}"
    if failure is not None:
        yield InputError(display, lineno + 1, failure)
