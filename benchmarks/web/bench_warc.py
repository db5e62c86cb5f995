"""WARC reading speed: ``read_warc`` (FastWARC framing + ``parse_html``) on a gzip'd WARC of real pages.

The WARC is written here from the same real pages as ``bench_html.py`` (one gzip member per
record, like crawlers write), so the figure is pages/s and compressed MB/s end to end: framing,
gunzip, HTTP parsing, decoding, extraction and license evidence. The HTML-only figure on the same
pages is printed beside it, so the WARC layer's own cost is the difference.

    .venv/bin/python benchmarks/web/bench_warc.py [--pages 600]
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_html import real_pages


def warc_record(index: int, body: bytes) -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://docs.example/{index}\r\n"
            f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{index:08d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=6)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=600)
    args = parser.parse_args()

    from clearance.curate.sources.html import parse_html
    from clearance.curate.sources.warc import read_warc

    groups = real_pages(args.pages // 4 + 1, random.Random(7))
    pages = [p for group in groups.values() for p in group][: args.pages]
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.warc.gz"
        path.write_bytes(b"".join(warc_record(i, body) for i, body in enumerate(pages)))
        size = path.stat().st_size / 1e6
        parse_html(pages[0])
        start = time.perf_counter()
        docs = sum(1 for _ in read_warc(path))
        warc_s = time.perf_counter() - start
        start = time.perf_counter()
        for body in pages:
            parse_html(body)
        html_s = time.perf_counter() - start
    raw = sum(map(len, pages)) / 1e6
    print(f"{len(pages)} pages, {raw:.1f} MB of HTML, {size:.1f} MB gzip'd WARC; {docs} documents")
    print(f"read_warc:  {docs / warc_s:7.1f} pages/s  {size / warc_s:6.2f} compressed MB/s  {raw / warc_s:6.2f} HTML MB/s")
    print(f"parse_html: {len(pages) / html_s:7.1f} pages/s (same pages, no WARC layer)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
