"""WARC bytes written by hand (the format is plain text framing), so tests do not depend on a writer."""

from __future__ import annotations

import gzip


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                  headers: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{headers}\r\n".encode() + body


def record(block: bytes, url: str = "http://example.org/", rtype: str = "response", record_id: str = "r1",
           content_type: str = "application/http; msgtype=response", length: int | None = None) -> bytes:
    head = (f"WARC/1.1\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{record_id}>\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block) if length is None else length}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def page(title: str, body: str, url: str, record_id: str, headers: str = "") -> bytes:
    html = f"<html><head><title>{title}</title></head><body><p>{body}</p></body></html>".encode()
    return record(http_response(html, headers=headers), url=url, record_id=record_id)


def gzip_members(*records: bytes) -> bytes:
    """One gzip member per record, as crawlers write ``.warc.gz`` (so each record can be seeked to)."""
    return b"".join(gzip.compress(r) for r in records)
