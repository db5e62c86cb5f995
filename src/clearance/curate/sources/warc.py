"""WARC archives (web crawls) to Documents: one per HTML or text response, with its HTTP headers.

FastWARC iterates the records (plain, gzip, zstd or lz4 compressed, detected from the bytes); this
module does the HTTP part itself so that a record cut short by a truncated download is noticed
(its block is shorter than its ``Content-Length``) instead of yielding half a page as if it were
whole. Every problem becomes an ``InputError`` naming the file and the record's byte offset (in
the compressed file, where a ``.warc.gz`` reader seeks), and reading goes on to the next record
when the archive's framing allows it.

Records kept: ``response`` (HTTP 2xx with an HTML or plain-text body), ``resource`` and
``conversion`` (Common Crawl's WET text) records with an HTML or text content type. Other records
(requests, metadata, images, redirects) are not documents; they are counted in ``skipped``.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from clearance.curate.sources.charset import charset_from_content_type, decode_page
from clearance.curate.sources.html import DEFAULT_MAX_HTML_BYTES, page_document, parse_html
from clearance.documents import Document
from clearance.io.errors import InputError

_KEPT_TYPES = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+html")


class RecordProblem(Exception):
    """A record that cannot become a document; the reader adds file and offset."""


def read_warc(
    path: str | Path,
    license: str | None = None,
    max_bytes: int = DEFAULT_MAX_HTML_BYTES,
    skipped: Counter[str] | None = None,
) -> Iterator[Document | InputError]:
    """Yield a Document per HTML or text record, an InputError per bad record (or for an unreadable file)."""
    display = os.fspath(path)
    skipped = Counter() if skipped is None else skipped
    try:
        if os.path.getsize(path) == 0:
            yield InputError(display, None, "empty file")
            return
        stream = open(path, "rb")  # noqa: SIM115 - closed in the finally below, after the generator ends
    except OSError as exc:
        yield InputError(display, None, f"cannot read: {exc.strerror or exc}")
        return
    last: int | None = None
    try:
        records = iter(ArchiveIterator(stream, record_types=_KEPT_TYPES, parse_http=False, fsspec_args=False))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (OSError, ValueError) as exc:
                where = "at the start (not a WARC file?)" if last is None else f"after the record at byte offset {last}"
                yield InputError(display, None, f"corrupt WARC data {where}: {exc}; the rest of the file is not read")
                return
            last = record.stream_pos
            try:
                item = _record_document(record, display, license, max_bytes, skipped)
            except RecordProblem as exc:
                yield InputError(display, None, f"record at byte offset {last}: {exc}")
                continue
            if item is not None:
                yield item
    finally:
        stream.close()


def _record_document(
    record: WarcRecord, display: str, license: str | None, max_bytes: int, skipped: Counter[str]
) -> Document | None:
    headers = record.headers
    length_field = headers.get("Content-Length")
    if length_field is None or not length_field.strip().isdigit():
        raise RecordProblem("WARC header without a valid Content-Length (truncated or corrupt header)")
    declared = int(length_field)
    if declared > max_bytes:
        raise RecordProblem(f"record is {declared} bytes, over the {max_bytes}-byte limit; skipped")
    block = record.reader.read()
    if len(block) < declared:
        raise RecordProblem(f"truncated: {len(block)} of {declared} bytes present")
    url = (headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    if record.record_type == WarcRecordType.response:
        status, http_headers, body = _split_http(block)
        if not 200 <= status < 300:
            skipped[f"HTTP status {status}"] += 1
            return None
        content_type = http_headers.get("content-type", "")
        body = _undo_encodings(body, http_headers)
    else:
        http_headers = {}
        content_type = headers.get("Content-Type") or ""
        body = block
    kind = _kind(content_type, body)
    if kind is None:
        skipped[f"content type {content_type.split(';')[0].strip() or 'unknown'}"] += 1
        return None
    doc_id = (headers.get("WARC-Record-ID") or "").strip().strip("<>") or f"{Path(display).name}@{record.stream_pos}"
    extra: dict[str, Any] = {"http_headers": http_headers, "warc_record_id": doc_id,
                             "warc_offset": record.stream_pos, "warc_type": headers.get("WARC-Type") or ""}
    date = headers.get("WARC-Date")
    if date:
        extra["warc_date"] = date
    charset = charset_from_content_type(content_type)
    if kind == "html":
        page = parse_html(body, url, charset)
        if not page.text:
            raise RecordProblem(f"{url or 'page'}: no visible text")
        return page_document(page, doc_id, display, url, license, fmt="warc", extra=extra)
    decoded = decode_page(body, charset)
    text = decoded.text.strip()
    if not text:
        raise RecordProblem(f"{url or 'record'}: empty text")
    meta: dict[str, Any] = {"format": "warc", "encoding": decoded.encoding, **extra}
    if decoded.notes:
        meta["notes"] = decoded.notes
    return Document(id=doc_id, text=text, source=display, license=license, url=url, meta=meta)


def _kind(content_type: str, body: bytes) -> str | None:
    """``html``, ``text`` or None (not a document); an undeclared type is sniffed like browsers do."""
    mime = content_type.split(";")[0].strip().lower()
    if mime in _HTML_TYPES:
        return "html"
    if mime == "text/plain":
        return "text"
    if mime in ("", "application/octet-stream", "unknown/unknown"):
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"
    return None


def _split_http(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, lower-cased headers (repeats joined with ", ") and body of an HTTP response block."""
    end = block.find(b"\r\n\r\n")
    sep = 4
    if end == -1:
        end, sep = block.find(b"\n\n"), 2
    if end == -1:
        raise RecordProblem("HTTP response without the blank line that ends its headers")
    lines = block[:end].decode("iso-8859-1").splitlines()
    parts = lines[0].split(None, 2) if lines else []
    if len(parts) < 2 or not parts[0].upper().startswith("HTTP/") or not parts[1].isdigit():
        raise RecordProblem(f"not an HTTP status line: {lines[0][:80] if lines else ''!r}")
    headers: dict[str, str] = {}
    name = ""
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and name:  # obsolete line folding
            headers[name] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        if not colon:
            continue
        name = name.strip().lower()
        headers[name] = f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
    return int(parts[1]), headers, block[end + sep:]


def _undo_encodings(body: bytes, headers: dict[str, str]) -> bytes:
    """The body as the server meant it: chunked transfer and gzip/deflate/br content encodings undone."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    for coding in reversed([c.strip().lower() for c in headers.get("content-encoding", "").split(",") if c.strip()]):
        body = _decompress(body, coding)
    return body


def _dechunk(body: bytes) -> bytes:
    """Chunked transfer coding; crawlers often store bodies already de-chunked, so a non-chunked body passes."""
    out = bytearray()
    pos = 0
    while True:
        eol = body.find(b"\r\n", pos)
        size_field = body[pos:eol].split(b";")[0].strip() if eol != -1 else b""
        try:
            size = int(size_field, 16)
        except ValueError:
            if pos == 0:
                return body  # not actually chunked
            raise RecordProblem(f"bad chunk size {size_field[:20]!r} in a chunked body") from None
        if size == 0:
            return bytes(out)
        start = eol + 2
        if start + size > len(body):
            raise RecordProblem("chunked body ends inside a chunk")
        out += body[start:start + size]
        pos = start + size + 2


def _decompress(body: bytes, coding: str) -> bytes:
    if coding in ("identity", ""):
        return body
    try:
        if coding in ("gzip", "x-gzip"):
            if not body.startswith(b"\x1f\x8b"):
                return body  # crawler stored it decoded but kept the header
            return zlib.decompressobj(wbits=47).decompress(body)
        if coding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, wbits=-15)  # raw deflate, as some servers send
        if coding == "br":
            try:
                import brotli
            except ImportError:
                raise RecordProblem("body is brotli-compressed and the brotli package is not installed") from None
            return brotli.decompress(body)
    except zlib.error as exc:
        raise RecordProblem(f"cannot undo {coding} content encoding: {exc}") from None
    except RecordProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - brotli raises its own error type
        raise RecordProblem(f"cannot undo {coding} content encoding: {exc}") from None
    raise RecordProblem(f"unsupported content encoding {coding!r}")
