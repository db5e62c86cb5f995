"""WARC archives: one document per HTML/text record, HTTP headers kept, bad records located by byte offset."""

import gzip
import zlib
from collections import Counter

import pytest

pytest.importorskip("fastwarc")
pytest.importorskip("resiliparse")

from clearance.curate.sources.warc import read_warc
from clearance.documents import Document
from clearance.io import InputError

from .warcs import gzip_members, http_response, page, record

A = page("A", "Alpha page text.", "https://a.example/", "a", headers="TDM-Reservation: 1\r\nX-Robots-Tag: noai\r\n")
B = page("B", "Beta page text.", "https://b.example/x", "b")


def read(path, **kwargs):
    return list(read_warc(path, **kwargs))


@pytest.mark.parametrize("compress", [False, True])
def test_pages_with_headers_and_ids(tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(gzip_members(A, B) if compress else A + B)
    a, b = read(path, license="CC-BY-4.0")
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.id, a.url, a.title, a.text, a.license, a.source) == (
        "urn:uuid:a", "https://a.example/", "A", "Alpha page text.", "CC-BY-4.0", str(path))
    assert a.meta["format"] == "warc"
    assert a.meta["http_headers"] == {"content-type": "text/html; charset=utf-8", "tdm-reservation": "1",
                                      "x-robots-tag": "noai"}
    assert a.meta["warc_date"] == "2024-05-01T10:00:00Z" and a.meta["warc_offset"] == 0
    assert b.meta["warc_offset"] == (len(gzip.compress(A)) if compress else len(A))
    assert b.text == "Beta page text."


def test_non_documents_are_counted_not_yielded(tmp_path):
    image = record(http_response(b"\x89PNG....", "image/png"), record_id="img")
    redirect = record(http_response(b"", status="301 Moved Permanently"), record_id="301")
    request = record(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", rtype="request", record_id="req",
                     content_type="application/http; msgtype=request")
    path = tmp_path / "mixed.warc"
    path.write_bytes(request + image + A + redirect)
    skipped: Counter = Counter()
    items = read(path, skipped=skipped)
    assert [d.id for d in items] == ["urn:uuid:a"]
    assert skipped == {"content type image/png": 1, "HTTP status 301": 1}


def test_truncated_record_is_an_error_with_its_offset(tmp_path):
    path = tmp_path / "cut.warc"
    path.write_bytes(A + B[:-40])
    a, err = read(path)
    assert isinstance(a, Document)
    assert isinstance(err, InputError) and err.path == str(path)
    assert err.reason.startswith(f"record at byte offset {len(A)}: truncated:")


def test_truncated_gzip_record(tmp_path):
    data = gzip_members(A, B)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-25])
    items = read(path)
    assert isinstance(items[0], Document)
    assert isinstance(items[1], InputError)
    assert f"byte offset {len(gzip.compress(A))}" in items[1].reason


def test_header_cut_short(tmp_path):
    path = tmp_path / "cut.warc"
    path.write_bytes(A + B[:70])
    assert [type(x) for x in read(path)] == [Document, InputError]
    assert "without a valid Content-Length" in read(path)[1].reason


def test_garbage_between_records_stops_the_file_with_an_error(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(A + b"this is not a warc header\r\n\r\n" + B)
    items = read(path)
    assert isinstance(items[0], Document) and isinstance(items[-1], InputError)
    assert "corrupt WARC data after the record at byte offset 0" in items[-1].reason


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"hello, this is not a WARC file\n", "corrupt WARC data at the start (not a WARC file?)"),
])
def test_not_a_warc(tmp_path, content, reason):
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    (err,) = read(path)
    assert isinstance(err, InputError) and reason in err.reason


def test_missing_file(tmp_path):
    (err,) = read(tmp_path / "none.warc")
    assert isinstance(err, InputError) and err.reason.startswith("cannot read")


def test_chunked_and_gzip_encoded_body(tmp_path):
    html = "<html><head><title>Ç</title></head><body><p>Encoded body, déjà vu.</p></body></html>".encode()
    gz = gzip.compress(html)
    chunked = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (gz[:10], gz[10:])) + b"0\r\n\r\n"
    body = http_response(chunked, headers="Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n")
    deflated = http_response(zlib.compress(html), headers="Content-Encoding: deflate\r\n")
    path = tmp_path / "enc.warc"
    path.write_bytes(record(body, record_id="c") + record(deflated, record_id="d"))
    first, second = read(path)
    assert first.text == second.text == "Encoded body, déjà vu."
    assert first.title == "Ç"


def test_charset_from_http_header(tmp_path):
    html = "<html><body><p>Größe und Straße, süß.</p></body></html>".encode("cp1252")
    path = tmp_path / "latin.warc"
    path.write_bytes(record(http_response(html, "text/html; charset=windows-1252")))
    (doc,) = read(path)
    assert doc.text == "Größe und Straße, süß." and doc.meta["encoding"] == "cp1252"


def test_text_resource_and_wet_conversion_records(tmp_path):
    resource = record(b"Plain text resource.", rtype="resource", record_id="res", content_type="text/plain")
    wet = record("Extracted text from a WET file, ünïcödé.".encode(), rtype="conversion", record_id="wet",
                 content_type="text/plain")
    html_resource = record(b"<html><body><p>Saved page.</p></body></html>", rtype="resource",
                           record_id="hr", content_type="text/html")
    path = tmp_path / "res.warc"
    path.write_bytes(resource + wet + html_resource)
    docs = read(path)
    assert [d.text for d in docs] == ["Plain text resource.", "Extracted text from a WET file, ünïcödé.",
                                      "Saved page."]
    assert docs[0].meta["http_headers"] == {} and docs[1].meta["warc_type"] == "conversion"


def test_record_over_the_size_limit(tmp_path):
    big = page("Big", "word " * 500, "https://big.example/", "big")
    path = tmp_path / "big.warc"
    path.write_bytes(big + B)
    err, doc = read(path, max_bytes=1000)
    assert isinstance(err, InputError) and "over the 1000-byte limit" in err.reason
    assert doc.id == "urn:uuid:b"


def test_license_evidence_from_archived_page(tmp_path):
    html = (b'<html><head><link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/"></head>'
            b"<body><p>Archived article text.</p></body></html>")
    path = tmp_path / "lic.warc"
    path.write_bytes(record(http_response(html)))
    (doc,) = read(path)
    assert doc.meta["license_findings"][0]["spdx"] == "CC-BY-SA-4.0"
    assert doc.license is None  # the input stated none; detection is evidence, not a statement
