"""``open_source``: format sniffing and dispatch to every reader, with bad records kept in the stream."""

import gzip
import importlib.util
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clearance.curate.sources import SourceSpec, open_source, sniff_format
from clearance.documents import Document
from clearance.io import FieldMap, InputError

from .warcs import page

HF = Path(__file__).parent / "data" / "hf"
web = pytest.mark.skipif(importlib.util.find_spec("resiliparse") is None or importlib.util.find_spec("fastwarc") is None,
                         reason="the web extra (resiliparse, fastwarc) is not installed")

HTML = b"<html><head><title>T</title></head><body><article><p>Saved page body.</p></article></body></html>"


def kinds(items):
    return ["doc" if isinstance(item, Document) else "error" for item in items]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.jsonl").write_text('{"id": "j1", "text": "one"}\nnot json\n{"id": "j2", "text": "two"}\n')
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "content": "zipped"}\n'))
    pq.write_table(pa.table({"id": ["p1"], "text": ["row"]}), tmp_path / "c.parquet")
    (tmp_path / "page.html").write_bytes(HTML)
    (tmp_path / "saved_page").write_bytes(b"  <!DOCTYPE html>" + HTML)
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(page("W", "Crawled.", "https://w.example/", "w")))
    (tmp_path / "anonymous").write_bytes(page("W", "Crawled.", "https://w.example/", "w"))
    (tmp_path / "notes.txt").write_text("plain notes")
    shutil.copytree(HF / "ds_plain", tmp_path / "hf")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "tree").mkdir()
    return tmp_path


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.jsonl", "jsonl"), ("b.jsonl.gz", "jsonl"), ("c.parquet", "parquet"), ("page.html", "html"),
    ("saved_page", "html"), ("crawl.warc.gz", "warc"), ("anonymous", "warc"), ("notes.txt", "directory"),
    ("hf", "hf"), ("repo", "repo"), ("tree", "directory"),
])
def test_sniffing(corpus, name, fmt):
    assert sniff_format(corpus / name) == fmt


def test_sniffing_a_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        sniff_format(tmp_path / "nope")
    (err,) = open_source(SourceSpec(tmp_path / "nope"))
    assert isinstance(err, InputError) and err.path == str(tmp_path / "nope")


def test_jsonl_keeps_bad_lines_in_order(corpus):
    items = list(open_source(SourceSpec(corpus / "a.jsonl", license="MIT")))
    assert kinds(items) == ["doc", "error", "doc"]
    assert items[1].location == f"{corpus / 'a.jsonl'}:2"
    assert [items[0].license, items[0].meta["format"]] == ["MIT", "jsonl"]


def test_field_map_from_a_dict(corpus):
    (doc,) = open_source(SourceSpec(corpus / "b.jsonl.gz", fields={"text": "content"}))
    assert doc.text == "zipped"
    assert SourceSpec("x", fields={"text": "content"}).fields == FieldMap(text="content")


def test_parquet(corpus):
    (doc,) = open_source(SourceSpec(corpus / "c.parquet"))
    assert (doc.id, doc.text, doc.meta["format"]) == ("p1", "row", "parquet")


def test_hf(corpus):
    assert [d.id for d in open_source(SourceSpec(corpus / "hf"))] == ["a1", "a2", "a3"]


@web
def test_single_html_and_warc(corpus):
    (doc,) = open_source(SourceSpec(corpus / "saved_page"))
    assert doc.text == "Saved page body." and doc.title == "T" and doc.meta["format"] == "html"
    (doc,) = open_source(SourceSpec(corpus / "crawl.warc.gz"))
    assert doc.url == "https://w.example/" and doc.meta["format"] == "warc"


@web
def test_directory_parses_html_and_warc_and_reads_the_rest_as_text(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_bytes(HTML)
    (site / "sub" / "notes.txt").write_text("plain notes")
    (site / "sub" / "crawl.warc").write_bytes(page("W", "Crawled.", "https://w.example/", "w"))
    (site / "empty.txt").write_text("")
    (site / ".hidden.html").write_bytes(HTML)
    items = list(open_source(SourceSpec(site, license="CC-BY-4.0")))
    by_id = {item.id: item for item in items if isinstance(item, Document)}
    assert set(by_id) == {"index.html", "sub/notes.txt", "urn:uuid:w"}
    assert by_id["index.html"].text == "Saved page body." and by_id["index.html"].meta["format"] == "html"
    assert by_id["sub/notes.txt"].text == "plain notes" and by_id["sub/notes.txt"].meta["format"] == "text"
    assert all(doc.license == "CC-BY-4.0" for doc in by_id.values())
    (err,) = [item for item in items if isinstance(item, InputError)]
    assert err.reason == "empty file"


@web
def test_html_format_on_a_directory_reads_only_pages(tmp_path):
    (tmp_path / "a.htm").write_bytes(HTML)
    (tmp_path / "b.txt").write_text("not a page")
    assert [d.id for d in open_source(SourceSpec(tmp_path, format="html"))] == ["a.htm"]


def test_oversize_text_file_in_a_directory(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 100)
    (err,) = open_source(SourceSpec(tmp_path, max_bytes=10))
    assert "over the 10-byte limit" in err.reason


def test_bad_spec():
    with pytest.raises(ValueError, match="unknown source format 'csv'"):
        SourceSpec("x", format="csv")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown field name"):
        SourceSpec("x", fields={"body": "text"})
    with pytest.raises(ValueError, match="max_bytes must be positive"):
        SourceSpec("x", max_bytes=0)


@pytest.mark.skipif(importlib.util.find_spec("clearance.curate.sources.repository") is None,
                    reason="clearance.curate.sources.repository (helper LIC's reader) has not landed yet")
def test_repo_dispatch(tmp_path):
    repo = tmp_path / "proj"
    (repo / ".git").mkdir(parents=True)
    (repo / "LICENSE").write_text("MIT License\n\nCopyright (c) 2024 A\n")
    (repo / "main.py").write_text("# SPDX-License-Identifier: MIT\nprint('hi')\n")
    (repo / "big.py").write_text("x = 1\n" * 100)
    items = list(open_source(SourceSpec(repo, license="MIT", max_bytes=200)))
    docs = [d for d in items if isinstance(d, Document)]
    assert any(d.text.startswith("# SPDX-License-Identifier: MIT") for d in docs)
    assert all(d.meta.get("format") == "code" and d.license == "MIT" for d in docs)
    assert any(isinstance(e, InputError) and e.path.endswith("big.py") for e in items)
